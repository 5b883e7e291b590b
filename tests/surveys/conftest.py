from datetime import date

import pytest
import time_machine

from mentoring.services import create_pair
from tests.factories import MenteeFactory, child, standard_form, teacher_mentor

TODAY = date(2026, 10, 10)


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def pupils(world):
    """Three pupils in pairs of school A's program, each with a parent's email."""
    form = standard_form("student-student")
    world.program.forms.add(form)
    made = []
    for name in ("Абрамов", "Белова", "Воронин"):
        person = child(world.school_a, grade=7, last_name=name)
        person.parent_email = f"{name.lower()}@parents.test"
        person.save()
        mentee = MenteeFactory(person=person, category="student")
        mentor = teacher_mentor(world.school_a)
        mentor.category = "student"
        mentor.save()
        create_pair(program=world.program, mentor=mentor, mentees=[mentee], form=form, started_on=date(2026, 10, 1))
        made.append(person)
    return made
