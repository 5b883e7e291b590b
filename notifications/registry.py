"""What can remind people of something, and what can appear in their calendar.

Apps that own deadlines (the roadmap today; questionnaires, orders and pairs later) register here,
so this app never imports them: dependencies keep pointing from the features to notifications.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from django.utils.functional import Promise


@dataclass(frozen=True)
class Kind:
    code: str
    label: str | Promise
    urgent: bool = False
    # `still_applies(notifications) -> set of their pks whose subject still applies`: asked when a
    # notification is mailed and when it is shown; the others are withdrawn.
    still_applies: Callable | None = None


@dataclass(frozen=True)
class Finding:
    """One thing one person should be told about. `key` identifies it for good: the same finding on
    another day (or in a second run) has the same key and is not told twice."""

    user_id: int
    kind: str
    key: str
    title: str
    url: str
    group: str = ""  # digests group by it (a program's title)
    organization_id: int | None = None
    due_date: date | None = None
    subject: str = ""  # what it is about («order:12»); by default the first two parts of the key


@dataclass(frozen=True)
class CalendarEvent:
    """An all-day event. `uid` is the object's own part of the UID («activity-5»): the feed adds the
    site's domain. `modified` is when the object last changed (its LAST-MODIFIED and SEQUENCE)."""

    uid: str
    title: str
    day: date
    modified: datetime | None = None
    url: str = ""
    description: str = ""


KINDS: dict[str, Kind] = {}
FINDERS = []
CALENDAR_SOURCES = []


def register_kind(code, label, *, urgent=False, still_applies=None):
    KINDS[code] = Kind(code, label, urgent, still_applies)


def subject_ids(notifications, prefix):
    """`{notification pk: the id in its subject}` for subjects like «order:12» (prefix «order»)."""
    ids = {}
    for notification in notifications:
        kind, _sep, pk = notification.subject.partition(":")
        if kind == prefix and pk.isdecimal():
            ids[notification.pk] = int(pk)
    return ids


def finder(function):
    """Register `function(today, organizations=None) -> iterable of Finding`. `organizations` is the
    (first id, last id) range of the organizations a chunk of the daily run covers, or None for all:
    a finder yields only the findings of those organizations (`within` filters a queryset by it)."""
    FINDERS.append(function)
    return function


def within(queryset, organizations, field="organization_id"):
    """The rows of `queryset` whose organization (`field`) is in the (first id, last id) range, or all."""
    if organizations is None:
        return queryset
    first, last = organizations
    return queryset.filter(**{f"{field}__gte": first, f"{field}__lte": last})


def calendar_source(function):
    """Register `function(user) -> iterable of CalendarEvent`."""
    CALENDAR_SOURCES.append(function)
    return function


def kind_choices():
    return [(kind.code, kind.label) for kind in KINDS.values()]
