from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from consents.demo import seed_consents
from employment.demo import seed_employment
from mentoring.models import Role
from orders.demo import seed_orders
from publication.demo import seed_practices
from reports import kept
from reports.demo import seed_participation
from roadmap.demo import DEMO_PASSWORD, seed_demo
from surveys.demo import seed_surveys


class Command(BaseCommand):
    help = "Build (or leave as it is) the demo district with its organizations, people and roadmaps."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Also on a deployed database (demo users have a published password)."
        )

    def handle(self, *args, force=False, **options):
        if not (settings.EMBEDDED or settings.DEBUG or force):
            raise CommandError(
                "This database looks like a deployment (DATABASE_URL is set, DEBUG is off). The demo creates "
                "users with a published password, including an administrator; add --force if you really mean it."
            )
        # The top app composes the demo: each layer seeds its own part. The kept figures are counted
        # once, at the end, rather than after each of its many saves.
        with kept.deferred():
            result = seed_demo()
            seed_orders(organizations=result["organizations"])
            seed_employment(organizations=result["organizations"])
            seed_surveys(organizations=result["organizations"])
            seed_participation(organizations=result["organizations"])
            seed_practices(organizations=result["organizations"])
            seed_consents(organizations=result["organizations"])
        self.stdout.write(self.style.SUCCESS(f"Демо-регион: {result['region'].name}"))
        self.stdout.write(self.style.SUCCESS(f"Демо-район: {result['district'].name}"))
        self.stdout.write(f"Пароль всех демо-пользователей: {DEMO_PASSWORD}")
        width = max(len(u.email) for u in result["users"])
        for user in result["users"]:
            roles = "; ".join(f"{role.label} — {self.place(role, slug, result)}" for role, slug, _ in user.roles)
            self.stdout.write(f"  {user.email.ljust(width)}  {roles or 'администратор (служба поддержки, /admin/)'}")

    @staticmethod
    def place(role, slug, result):
        if slug:
            return result["organizations"][slug].short_name
        if role == Role.REGIONAL_COORDINATOR:
            return result["region"].short_name
        return result["district"].short_name
