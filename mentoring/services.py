from django.db import transaction

from .tasks import send_user_email


def email_user(*, user, subject, body, html_body=None):
    """Queue a message to a user once the current transaction commits."""
    transaction.on_commit(lambda: send_user_email.delay(user.pk, subject, body, html_body))
