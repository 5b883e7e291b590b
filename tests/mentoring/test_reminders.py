"""A pair with no meeting for the organization's number of weeks is told to its mentor and curator, once;
a new meeting resets it. Plan items go to the mentor's calendar."""

from datetime import date

import pytest

from mentoring.models import Meeting, PlanItem
from mentoring.reminders import PAIR_QUIET, plan_items, quiet_pairs
from mentoring.services import create_pair
from notifications.models import Notification
from notifications.services import reminders_run
from tests.factories import MenteeFactory, PersonFactory, standard_form, teacher_mentor


@pytest.fixture
def pair(world):
    world.program.forms.add(standard_form("traditional"))
    mentor = teacher_mentor(world.school_a)
    mentor.person.user = world.mentor
    mentor.person.save()
    return create_pair(
        program=world.program,
        mentor=mentor,
        mentees=[MenteeFactory(person=PersonFactory(organization=world.school_a))],
        form=standard_form("traditional"),
        started_on=date(2026, 10, 1),
    )


def told(today):
    return {(f.user_id, f.key) for f in quiet_pairs(today)}


def test_a_quiet_pair_is_told_to_its_mentor_and_the_programs_curator(world, pair):
    Meeting.objects.create(pair=pair, held_on=date(2026, 10, 5), topic="Знакомство")

    assert told(date(2026, 10, 25)) == set()  # 20 days: not yet three weeks
    key = f"pair:{pair.pk}:quiet:2026-10-05"
    assert told(date(2026, 10, 26)) == {(world.mentor.pk, key), (world.curator.pk, key)}


def test_a_new_meeting_resets_the_reminder(world, pair):
    Meeting.objects.create(pair=pair, held_on=date(2026, 11, 1), topic="Встреча")

    assert told(date(2026, 11, 21)) == set()
    assert {key for _user, key in told(date(2026, 11, 22))} == {f"pair:{pair.pk}:quiet:2026-11-01"}


def test_the_organization_chooses_the_number_of_weeks(world, pair):
    world.school_a.quiet_pair_weeks = 6
    world.school_a.save()

    assert told(date(2026, 11, 11)) == set()
    assert told(date(2026, 11, 12)) != set()


def test_finished_pairs_are_not_reminded_of(world, pair):
    pair.status, pair.finished_on, pair.termination_reason = "terminated", date(2026, 10, 10), "Переезд"
    pair.save()

    assert told(date(2026, 12, 1)) == set()


def test_the_daily_run_tells_each_person_once(world, pair, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        reminders_run(today=date(2026, 10, 23))
        reminders_run(today=date(2026, 10, 24))

    assert Notification.objects.filter(kind=PAIR_QUIET, user=world.mentor).count() == 1


def test_plan_items_with_a_due_date_are_in_the_mentors_calendar(world, pair):
    PlanItem.objects.create(pair=pair, task="Открытый урок", due_on=date(2026, 12, 10))
    PlanItem.objects.create(pair=pair, task="Сделано", due_on=date(2026, 11, 10), status="done")
    PlanItem.objects.create(pair=pair, task="Без срока")

    events = list(plan_items(world.mentor))

    assert [(e.title, e.day) for e in events] == [("Открытый урок", date(2026, 12, 10))]
    assert list(plan_items(world.curator)) == []
