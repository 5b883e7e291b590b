from smtplib import SMTPException

from celery import shared_task

from . import services


@shared_task
def run_daily_reminders():
    """Beat's daily entry point (see the periodic task in the admin)."""
    return len(services.reminders_run())


@shared_task(autoretry_for=(SMTPException, OSError), retry_backoff=30, retry_backoff_max=3600, max_retries=12)
def send_reminder_emails(email_ids):
    return services.emails_send(email_ids=email_ids)
