"""Reads of employees' mentoring for pages outside the app (the home page)."""

from django.utils import timezone

from mentoring.access import ROLE_PERMISSIONS, Perm
from mentoring.models import Organization

from .figures import month_bounds
from .models import Assignment


def ending_this_month(user, today=None):
    """Assignments in force ending at their term this month in the organizations where `user` sees
    employees' pay (the curator and the head; not the district), the soonest first."""
    today = today or timezone.localdate()
    first, last = month_bounds(today.year, today.month)
    organizations = Organization.objects.for_user(user, roles=ROLE_PERMISSIONS[Perm.VIEW_PAY])
    return list(
        Assignment.objects.filter(organization__in=organizations)
        .ending_between(first, last)
        .select_related("mentor__person", "organization")
        .order_by("ends_on", "mentor__person__last_name", "pk")
    )


def mentors_under_agreement(mentors):
    """The ids of `mentors` (an iterable of Mentor) who have an open agreement under ст. 351.8: signed
    by the head or in force (Assignment.objects.open). The mentor base offers «Оформить наставничество»
    only to the others. One query."""
    ids = [m.pk for m in mentors]
    return set(Assignment.objects.filter(mentor_id__in=ids).open().values_list("mentor_id", flat=True))
