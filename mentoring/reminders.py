"""Reminders about pairs: a pair with no meeting logged for the organization's number of weeks is told
to its mentor and to the curator. Plan items with a due date go to the mentor's calendar."""

from collections import defaultdict
from datetime import timedelta

from django.urls import reverse
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

from .models import Membership, Organization, Pair, PairStatus, PlanItem, PlanItemStatus, Role

PAIR_QUIET = "pair_quiet"


def quiet_key(pair_id, since):
    return f"pair:{pair_id}:quiet:{since}"


def still_quiet(notifications):
    """A quiet pair's reminder stands while the pair works and no meeting was logged since it was told
    (its key holds the day it was quiet since)."""
    ids = subject_ids(notifications, "pair")
    since = {
        pk: str(day)
        for pk, day in Pair.objects.filter(pk__in=set(ids.values()), status=PairStatus.ACTIVE, program__status="active")
        .with_last_meeting()
        .values_list("pk", "since")
    }
    return {n.pk for n in notifications if n.pk in ids and n.key == quiet_key(ids[n.pk], since.get(ids[n.pk]))}


register_kind(PAIR_QUIET, gettext_lazy("A pair has had no meeting for weeks"), still_applies=still_quiet)


def quiet_since(pair_last_meeting, started_on):
    return pair_last_meeting or started_on


@finder
def quiet_pairs(today, organizations=None):
    weeks_by_org = dict(Organization.objects.values_list("pk", "quiet_pair_weeks"))
    if not weeks_by_org:
        return
    shortest = min(weeks_by_org.values())
    pairs = (
        within(
            Pair.objects.filter(status=PairStatus.ACTIVE, program__status="active"),
            organizations,
            "program__organization_id",
        )
        .with_last_meeting()
        .filter(since__lte=today - timedelta(weeks=shortest))
        .values(
            "pk",
            "since",
            "program__organization_id",
            "program__organization__slug",
            "program__organization__short_name",
            "program__title",
            "program__curator_id",
            "mentor__person__user_id",
            "mentor__person__last_name",
            "mentor__person__first_name",
        )
    )
    pairs = list(pairs)
    curators = defaultdict(list)
    for organization_id, user_id in Membership.objects.filter(
        role=Role.CURATOR, organization_id__in={p["program__organization_id"] for p in pairs}, user__is_active=True
    ).values_list("organization_id", "user_id"):
        curators[organization_id].append(user_id)
    for pair in pairs:
        organization_id = pair["program__organization_id"]
        weeks = weeks_by_org[organization_id]
        if pair["since"] > today - timedelta(weeks=weeks):
            continue
        mentor = f"{pair['mentor__person__last_name']} {pair['mentor__person__first_name']}"
        title = _("No meeting logged since %(date)s: the pair of %(mentor)s") % {
            "date": pair["since"].strftime("%d.%m.%Y"),
            "mentor": mentor,
        }
        url = reverse(
            "mentoring:pair_detail", kwargs={"org_slug": pair["program__organization__slug"], "pk": pair["pk"]}
        )
        curator = pair["program__curator_id"]
        recipients = {pair["mentor__person__user_id"]} | (
            {curator} if curator in curators[organization_id] else set(curators[organization_id])
        )
        for user_id in sorted(r for r in recipients if r):
            yield Finding(
                user_id=user_id,
                kind=PAIR_QUIET,
                # A new meeting moves `since`, so the pair is told about again only if it falls quiet again.
                key=quiet_key(pair["pk"], pair["since"]),
                title=title[:500],
                url=url,
                group=f"{pair['program__organization__short_name']} — {pair['program__title']}"[:300],
                organization_id=organization_id,
            )


@calendar_source
def plan_items(user):
    """The due dates of the plan items of a mentor's working pairs."""
    items = (
        PlanItem.objects.filter(
            pair__mentor__person__user=user,
            pair__status=PairStatus.ACTIVE,
            due_on__isnull=False,
            status__in=[PlanItemStatus.PLANNED, PlanItemStatus.IN_PROGRESS],
        )
        .values(
            "pk", "task", "due_on", "updated_at", "pair_id", "pair__program__title", "pair__program__organization__slug"
        )
        .order_by("due_on")
    )
    for item in items:
        yield CalendarEvent(
            uid=f"plan-item-{item['pk']}",
            title=item["task"],
            day=item["due_on"],
            modified=item["updated_at"],
            url=reverse(
                "mentoring:pair_detail",
                kwargs={"org_slug": item["pair__program__organization__slug"], "pk": item["pair_id"]},
            ),
            description=_("The plan of a pair's work, program «%(program)s».")
            % {"program": item["pair__program__title"]},
        )
