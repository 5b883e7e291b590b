from datetime import date

from django.core.management.base import BaseCommand

from notifications.services import SEND_BATCH, batches, emails_send, is_transient, reminders_run


class Command(BaseCommand):
    help = "Run the daily reminders where no Celery beat runs (from cron). Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("--date", type=date.fromisoformat, help="Pretend today is YYYY-MM-DD.")

    def handle(self, *args, date=None, **options):
        # Sends here, in this process, rather than through (eager) tasks: a mail server that is down
        # leaves the rest unsent for the next run instead of stopping the command with a traceback.
        pending = reminders_run(today=date, queue=False)
        sent = 0
        for batch in batches(pending, SEND_BATCH):
            try:
                sent += emails_send(email_ids=batch)
            except Exception as error:
                if not is_transient(error):
                    raise
                self.stderr.write(f"Почтовый сервер недоступен ({error}); неотправленное уйдёт при следующем запуске.")
                break
        self.stdout.write(f"Писем к отправке: {len(pending)}, отправлено: {sent}")
