from django.core.management.base import BaseCommand

from orders.services import sweep_lost_work
from reports.services import sweep_lost_reports


class Command(BaseCommand):
    help = (
        "Send again the order PDFs, batch items and reports still queued past their deadline (beat does "
        "this every minute; in embedded mode run it from cron). Safe to run again."
    )

    def handle(self, *args, **options):
        resent = sweep_lost_work() + sweep_lost_reports()
        self.stdout.write(f"Отправлено заново: {resent}")
