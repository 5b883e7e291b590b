"""The employer's notice of an early end counts working days on the real production calendars of 2025
(Постановление № 1335) and 2026 (№ 1466): holidays, days off moved onto weekdays, a worked Saturday."""

from datetime import date

import pytest

from employment import calendar


@pytest.mark.parametrize("year", [2025, 2026])
def test_a_year_has_the_official_247_working_days(year):
    assert calendar.working_days_in(date(year, 1, 1), date(year, 12, 31)) == 247


def test_a_notice_before_the_new_year_holidays_runs_past_them():
    # 30 Dec 2025 is worked; 31 Dec (moved from 5 Jan) and 1–11 Jan 2026 are not.
    assert calendar.earliest_early_end(date(2025, 12, 29)) == date(2026, 1, 13)


def test_a_notice_before_the_first_of_may_2026():
    assert calendar.earliest_early_end(date(2026, 4, 29)) == date(2026, 5, 5)


def test_a_notice_before_the_first_of_may_2025_skips_the_day_moved_to_the_second():
    assert calendar.earliest_early_end(date(2025, 4, 29)) == date(2025, 5, 6)


def test_a_notice_across_the_worked_saturday_of_november_2025():
    # Sat 1 Nov 2025 is a working day, Mon 3 Nov a day off, Tue 4 Nov a holiday.
    assert calendar.is_working_day(date(2025, 11, 1))
    assert not calendar.is_working_day(date(2025, 11, 3))
    assert calendar.earliest_early_end(date(2025, 10, 30)) == date(2025, 11, 5)


def test_a_year_without_its_calendar_is_refused_not_guessed():
    with pytest.raises(calendar.CalendarMissing, match="2031"):
        calendar.earliest_early_end(date(2031, 3, 2))
