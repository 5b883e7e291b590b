import logging
from smtplib import SMTPException

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.db import OperationalError

from config import durable
from config.celery import retry_with_backoff

from . import services

logger = logging.getLogger(__name__)


@shared_task(autoretry_for=(OperationalError,), retry_backoff=60, max_retries=5)
def run_daily_reminders():
    """Beat's daily entry point (see «Periodic tasks» in the admin): the run is recorded in chunks of
    organizations and a task per chunk is queued. Returns how many."""
    return services.reminders_start().chunks.count()


# A killed worker's chunk is delivered again (acks late, rejected on loss) or sent again by the sweep;
# that is safe because a chunk is recorded collected in the transaction that stores its findings.
@shared_task(bind=True, max_retries=3, acks_late=True, reject_on_worker_lost=True)
def collect_reminder_chunk(self, chunk_id):
    try:
        services.reminder_chunk_collect(chunk_id=chunk_id, worker=self.request.hostname or "")
    except durable.DATABASE_ERRORS as error:
        durable.retry_while_database_is_down(self, error, chunk_id)
    except Exception as error:
        if self.request.retries < self.max_retries:
            return retry_with_backoff(self, error, chunk_id)
        logger.exception("Reminder chunk %s failed", chunk_id)
        services.reminder_chunk_failed(chunk_id, error)


@shared_task(acks_late=True)
def sweep_reminder_chunks():
    """Every minute from beat: chunks of a run whose worker died, or whose message was lost, are sent again."""
    return services.reminders_sweep()


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
