"""What can remind people of something, and what can appear in their calendar.

Apps that own deadlines (the roadmap today; questionnaires, orders and pairs later) register here,
so this app never imports them: dependencies keep pointing from the features to notifications.
"""

from dataclasses import dataclass
from datetime import date

from django.utils.functional import Promise


@dataclass(frozen=True)
class Kind:
    code: str
    label: str | Promise
    urgent: bool = False


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


@dataclass(frozen=True)
class CalendarEvent:
    uid: str
    title: str
    day: date
    url: str = ""
    description: str = ""


KINDS: dict[str, Kind] = {}
FINDERS = []
CALENDAR_SOURCES = []


def register_kind(code, label, *, urgent=False):
    KINDS[code] = Kind(code, label, urgent)


def finder(function):
    """Register `function(today) -> iterable of Finding`."""
    FINDERS.append(function)
    return function


def calendar_source(function):
    """Register `function(user) -> iterable of CalendarEvent`."""
    CALENDAR_SOURCES.append(function)
    return function


def kind_choices():
    return [(kind.code, kind.label) for kind in KINDS.values()]
