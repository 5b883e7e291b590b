import logging

from celery import shared_task
from django.core.mail import EmailMultiAlternatives

from .models import User

logger = logging.getLogger(__name__)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_user_email(user_id, subject, body, html_body=None):
    """Send a rendered message to a user, unless they were deactivated since it was queued."""
    user = User.objects.filter(pk=user_id, is_active=True).only("email").first()
    if user is None:
        logger.info("Not sending %r: user %s is gone or inactive", subject, user_id)
        return False
    message = EmailMultiAlternatives(subject, body, to=[user.email])
    if html_body:
        message.attach_alternative(html_body, "text/html")
    message.send()
    return True
