from smtplib import SMTPException

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.db import OperationalError

from . import services


@shared_task(autoretry_for=(OperationalError,), retry_backoff=60, max_retries=5)
def run_daily_reminders():
    """Beat's daily entry point (see «Periodic tasks» in the admin)."""
    return len(services.reminders_run())


@shared_task
def send_pending_reminders():
    """Beat, every quarter of an hour: queue again whatever is still unsent (a lost worker, a
    mail server that was down). Queuing twice is harmless: a sent email is never taken again."""
    pending = services.pending_email_ids()
    services.emails_queue(pending)
    return len(pending)


# A killed worker's batch is delivered again (acks late, rejected on loss); that is safe because
# each email is taken by a conditional update.
@shared_task(
    autoretry_for=(SMTPException, OSError, SoftTimeLimitExceeded),
    retry_backoff=30,
    retry_backoff_max=3600,
    max_retries=12,
    acks_late=True,
    reject_on_worker_lost=True,
)
def send_reminder_emails(email_ids):
    return services.emails_send(email_ids=email_ids)
