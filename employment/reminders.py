"""Reminders before an employee's mentoring ends at its term: 14 days and 3 days before, to the
organization's curators and head and to the mentor. Each is told once (its key holds the assignment,
its end and how long before); a run that missed a day still tells it, and a rerun tells nothing
twice. A reminder stands while the assignment is in force with the end it told."""

from collections import defaultdict
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mentoring.models import Membership, Role
from notifications.registry import Finding, finder, register_kind, subject_ids, within

from .models import Assignment

ASSIGNMENT_ENDING = "assignment_ending"
# Days before the end, the farthest first: within 14 days the first reminder, within 3 the second.
LEADS = (14, 3)


def subject(assignment_id):
    return f"assignment:{assignment_id}"


def ending_key(assignment_id, ends_on, lead):
    return f"assignment:{assignment_id}:ends:{ends_on.isoformat()}:{lead}"


def still_ending(notifications):
    ids = subject_ids(notifications, "assignment")
    ends = dict(Assignment.objects.filter(pk__in=set(ids.values())).open().values_list("pk", "ends_on"))
    return {
        n.pk
        for n in notifications
        if n.pk in ids and ids[n.pk] in ends and n.key.startswith(f"assignment:{ids[n.pk]}:ends:{ends[ids[n.pk]]}:")
    }


register_kind(ASSIGNMENT_ENDING, gettext_lazy("An employee's mentoring ends soon"), still_applies=still_ending)


def lead_for(days_left):
    """The reminder due `days_left` days before the end: the nearest lead not yet passed."""
    due = [lead for lead in LEADS if 0 <= days_left <= lead]
    return min(due) if due else None


@finder
def assignments_ending(today, organizations=None):
    """Also closes, first, the terms that ran out (`services.assignments_close_expired`): the daily run is
    the portal's only daily job. Closed by the real date, never by a pretended one (`send_reminders
    --date`), so that a look at a future day changes nothing."""
    from .services import assignments_close_expired

    assignments_close_expired(timezone.localdate(), organizations=organizations)
    assignments = list(
        within(Assignment.objects.ending_between(today, today + timedelta(days=max(LEADS))), organizations).values(
            "pk",
            "ends_on",
            "number",
            "organization_id",
            "organization__slug",
            "organization__short_name",
            "mentor__person__user_id",
            "mentor__person__last_name",
            "mentor__person__first_name",
            "mentor__person__patronymic",
        )
    )
    staff = defaultdict(set)
    for organization_id, user_id in Membership.objects.filter(
        organization_id__in={a["organization_id"] for a in assignments},
        role__in=[Role.CURATOR, Role.DIRECTOR],
        user__is_active=True,
    ).values_list("organization_id", "user_id"):
        staff[organization_id].add(user_id)
    for a in assignments:
        lead = lead_for((a["ends_on"] - today).days)
        if lead is None:
            continue
        name = " ".join(
            filter(
                None, [a["mentor__person__last_name"], a["mentor__person__first_name"], a["mentor__person__patronymic"]]
            )
        )
        title = _("The mentoring of %(name)s under ст. 351.8 ТК ends on %(date)s") % {
            "name": name,
            "date": date_format(a["ends_on"], "DATE_FORMAT"),
        }
        url = reverse("employment:detail", kwargs={"org_slug": a["organization__slug"], "pk": a["pk"]})
        users = set(staff[a["organization_id"]])
        if a["mentor__person__user_id"]:
            users.add(a["mentor__person__user_id"])
        for user_id in sorted(users):
            yield Finding(
                user_id=user_id,
                kind=ASSIGNMENT_ENDING,
                key=ending_key(a["pk"], a["ends_on"], lead),
                subject=subject(a["pk"]),
                title=title[:500],
                url=url,
                group=a["organization__short_name"],
                organization_id=a["organization_id"],
                due_date=a["ends_on"],
            )
