"""`manage.py check_kept_figures`: the nightly check of the kept figures, by hand (or from cron in
embedded mode, where there is no beat)."""

from django.core.management.base import BaseCommand

from reports import kept


class Command(BaseCommand):
    help = "Recount every organization's figures for today, repair the kept rows that drifted and report them."

    def handle(self, *args, **options):
        summary = kept.check_figures()
        self.stdout.write(
            f"Проверено организаций: {summary['checked']}; сохранено впервые: {summary['created']}; "
            f"исправлено расхождений: {summary['repaired']}."
        )
        for line in summary["lines"]:
            self.stdout.write(f"Исправлено: {line}")
