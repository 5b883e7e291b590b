from django.core.management.base import BaseCommand

from roadmap.demo import DEMO_PASSWORD, seed_demo


class Command(BaseCommand):
    help = "Build (or leave as it is) the demo district with its organizations, people and roadmaps."

    def handle(self, *args, **options):
        result = seed_demo()
        self.stdout.write(self.style.SUCCESS(f"Демо-район: {result['district'].name}"))
        self.stdout.write(f"Пароль всех демо-пользователей: {DEMO_PASSWORD}")
        width = max(len(u.email) for u in result["users"])
        for user in result["users"]:
            roles = (
                "; ".join(
                    f"{role.label}" + (f" — {result['organizations'][slug].short_name}" if slug else " — район")
                    for role, slug, _ in user.roles
                )
                or "администратор (служба поддержки, /admin/)"
            )
            self.stdout.write(f"  {user.email.ljust(width)}  {roles}")
