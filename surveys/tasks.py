from celery import shared_task
from django.core.mail import send_mail
from django.utils.translation import gettext as _


def _subject(title):
    # A line break in a subject is refused by the mail library (a header injection): one line always.
    return _("Questionnaire: %(title)s") % {"title": " ".join(str(title).split())}


def _cancelled(campaign_id):
    """A campaign cancelled since the message was queued sends nothing."""
    from .models import Campaign

    return campaign_id is not None and Campaign.objects.filter(pk=campaign_id, cancelled_at__isnull=False).exists()


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_reminder(address, title, closes_on, campaign_id=None):
    if _cancelled(campaign_id):
        return
    body = _(
        "Hello!\n\nIf you have not answered the questionnaire «%(title)s» yet, please do by %(closes)s, "
        "with the link from the first letter. If you have answered, thank you: nothing more is needed.\n"
    ) % {"title": title, "closes": closes_on}
    send_mail(_subject(title), body, None, [address])


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_link(address, title, url, closes_on, campaign_id=None):
    """A personal link by mail. The token travels in this message and the mail only; it is not stored."""
    if _cancelled(campaign_id):
        return
    body = _(
        "Hello!\n\nPlease answer the questionnaire «%(title)s» by %(closes)s:\n%(url)s\n\n"
        "The link is personal: it opens your own answers, which are saved as you go.\n"
    ) % {"title": title, "closes": closes_on, "url": url}
    send_mail(_subject(title), body, None, [address])
