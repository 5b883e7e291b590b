"""The Russian production calendar («производственный календарь»): which days are working days.

Why data in the repository rather than a package: the PyPI `holidays` package lists Russia's public
holidays and the days off moved onto weekdays, but the portal needs the other half of a transfer as
well, the Saturday made a working day (1 November 2025), and we could not find it documented there;
a wrong working day here makes a notice period wrong in a legal document. The official calendar is
set each year by a Постановление Правительства РФ «О переносе выходных дней» on top of ст. 112 ТК РФ:

- 2025: Постановление от 04.10.2024 № 1335 (4 Jan → 2 May, 5 Jan → 31 Dec, 23 Feb → 8 May,
  8 Mar → 13 Jun, Saturday 1 Nov a working day → 3 Nov a day off);
- 2026: Постановление от 24.09.2025 № 1466 (3 Jan → 9 Jan, 4 Jan → 31 Dec; 8 Mar and 9 May fall on
  weekends and move to 9 Mar and 11 May under ст. 112).

Each year is one file in `employment/calendars/<year>.json`: the weekdays that are days off and the
weekend days that are working days; every other Saturday and Sunday is a day off. Add a year with
`manage.py add_calendar_year` once its Постановление is published. A date in a year without a file is
refused (`CalendarMissing`), never guessed.
"""

import json
from datetime import date, timedelta
from functools import cache
from pathlib import Path

from django.utils.translation import gettext as _

DIRECTORY = Path(__file__).resolve().parent / "calendars"

# The written notice of an early end, by the employer or by the mentor: at least this many working
# days (ч. 3 ст. 351.8 ТК РФ).
NOTICE_WORKING_DAYS = 3


class CalendarMissing(ValueError):
    def __init__(self, year):
        self.year = year
        super().__init__(
            _(
                "The production calendar for %(year)s is not in the portal yet: working days cannot be "
                "counted. The administrator adds it with «manage.py add_calendar_year %(year)s»."
            )
            % {"year": year}
        )


def path_for(year):
    return DIRECTORY / f"{year}.json"


@cache
def _year(year):
    path = path_for(year)
    if not path.exists():
        raise CalendarMissing(year)
    data = json.loads(path.read_text(encoding="utf-8"))
    return (
        frozenset(date.fromisoformat(d) for d in data["days_off"]),
        frozenset(date.fromisoformat(d) for d in data["working_days"]),
        data.get("basis", ""),
    )


def years():
    return sorted(int(p.stem) for p in DIRECTORY.glob("*.json") if p.stem.isdigit())


def basis(year):
    return _year(year)[2]


def is_working_day(day):
    days_off, working_days, _basis = _year(day.year)
    if day in working_days:
        return True
    return day.weekday() < 5 and day not in days_off


def working_days_after(day, count):
    """The `count`-th working day after `day` (`day` itself not counted)."""
    found = 0
    while found < count:
        day += timedelta(days=1)
        if is_working_day(day):
            found += 1
    return day


def earliest_early_end(notice_on):
    """The first day either side may end an employee's mentoring after a written notice given on
    `notice_on`: the notice must come at least three working days before the end (ст. 351.8). A term
    counted in days runs from the day after the event (ст. 14 ТК РФ), so the notice day does not
    count; the mentoring ends at the close of the third working day after it. A notice given on
    Wednesday 29 April 2026 runs on 30 April, 4 and 5 May (1–3 May are days off): the end is 5 May."""
    return working_days_after(notice_on, NOTICE_WORKING_DAYS)


def working_days_in(start, end):
    """The working days from `start` to `end`, both included."""
    count, day = 0, start
    while day <= end:
        count += is_working_day(day)
        day += timedelta(days=1)
    return count
