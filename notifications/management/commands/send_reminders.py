from datetime import date

from django.core.management.base import BaseCommand

from notifications.models import Email
from notifications.services import reminders_run


class Command(BaseCommand):
    help = "Run the daily reminders (for a cron job where no Celery beat runs). Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("--date", type=date.fromisoformat, help="Pretend today is YYYY-MM-DD.")

    def handle(self, *args, date=None, **options):
        queued = reminders_run(today=date)
        sent = Email.objects.filter(pk__in=queued, sent_at__isnull=False).count()
        self.stdout.write(f"Писем в очереди: {len(queued)}, отправлено сейчас: {sent}")
