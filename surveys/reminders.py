"""Questionnaires not yet answered: people with an account are told in the days before the close date."""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from notifications.registry import (
    CalendarEvent,
    Finding,
    calendar_source,
    finder,
    register_kind,
    subject_ids,
    within,
)

from .models import Campaign, Invitation

SURVEY_UNANSWERED = "survey_unanswered"


def still_unanswered(notifications):
    """Stands while the campaign is open (not closed, not cancelled) and the person has not answered."""
    ids = subject_ids(notifications, "campaign")
    waiting = set(
        Invitation.objects.filter(
            campaign_id__in=set(ids.values()),
            person__user_id__in={n.user_id for n in notifications},
            campaign__cancelled_at__isnull=True,
            campaign__closes_on__gte=timezone.localdate(),
        )
        .exclude(response__submitted_at__isnull=False)
        .values_list("campaign_id", "person__user_id")
    )
    return {n.pk for n in notifications if n.pk in ids and (ids[n.pk], n.user_id) in waiting}


register_kind(SURVEY_UNANSWERED, gettext_lazy("A questionnaire waits for your answers"), still_applies=still_unanswered)


@finder
def unanswered(today, organizations=None):
    """Three days and one day before the close date. The account's person gets a notification with the
    campaign's page; the personal link itself comes by mail (it is not stored)."""
    soon = [today + timedelta(days=3), today + timedelta(days=1)]
    invitations = (
        within(
            Invitation.objects.filter(
                campaign__closes_on__in=soon,
                campaign__opens_on__lte=today,
                campaign__cancelled_at__isnull=True,
                person__user__isnull=False,
            ),
            organizations,
            "campaign__organization_id",
        )
        .exclude(campaign__anonymous=False, response__submitted_at__isnull=False)
        .values(
            "campaign_id",
            "campaign__title",
            "campaign__closes_on",
            "campaign__anonymous",
            "person__user_id",
            "campaign__organization_id",
            "campaign__organization__short_name",
        )
    )
    for row in invitations:
        if row["campaign__anonymous"]:
            continue  # who has answered is not known, so nobody is singled out
        yield Finding(
            user_id=row["person__user_id"],
            kind=SURVEY_UNANSWERED,
            key=f"campaign:{row['campaign_id']}:unanswered:{today.isoformat()}",
            title=(
                _("Answer «%(title)s» by %(date)s: the link is in your mail")
                % {"title": row["campaign__title"], "date": row["campaign__closes_on"].strftime("%d.%m.%Y")}
            )[:500],
            url="",
            group=row["campaign__organization__short_name"],
            organization_id=row["campaign__organization_id"],
            due_date=row["campaign__closes_on"],
        )


@calendar_source
def questionnaires(user):
    campaigns = Campaign.objects.filter(invitations__person__user=user, cancelled_at__isnull=True).distinct()
    for campaign in campaigns.only("pk", "title", "closes_on", "updated_at"):
        yield CalendarEvent(
            uid=f"campaign-{campaign.pk}",
            title=campaign.title,
            day=campaign.closes_on,
            modified=campaign.updated_at,
            description=_("The last day to answer the questionnaire; your personal link is in your mail."),
        )
