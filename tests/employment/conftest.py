"""A school where a teacher mentors a young teacher: the pay rule, the mentor's pair and the day the
stories happen (Monday 2 March 2026, inside the production calendar of 2026)."""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from employment import services
from employment.models import PayRule
from mentoring.services import create_pair
from tests.factories import MenteeFactory, PersonFactory, standard_form, teacher_mentor

MOSCOW = ZoneInfo("Europe/Moscow")


def moment(day, hour=10):
    return datetime(day.year, day.month, day.day, hour, tzinfo=MOSCOW)


@dataclass
class Staff:
    world: object
    school: object
    program: object
    form: object
    rule: object
    mentor: object
    mentee: object
    pair: object

    def draft(self, **fields):
        values = {
            "organization": self.school,
            "mentor": self.mentor,
            "pairs": [self.pair],
            "form": self.form,
            "content": "Адаптация молодого педагога, методика урока",
            "starts_on": date(2026, 3, 2),
            "ends_on": date(2026, 5, 31),
            "pay_rule": self.rule,
        }
        return services.assignment_create(**(values | fields))

    def another_pair(self, last_name="Петрова", **mentee_fields):
        """One more young teacher of the mentor, in a pair of their own from 2 March 2026."""
        mentee = MenteeFactory(
            person=PersonFactory(organization=self.school, last_name=last_name, first_name="Ольга"), **mentee_fields
        )
        return create_pair(
            program=self.program, mentor=self.mentor, mentees=[mentee], form=self.form, started_on=date(2026, 3, 2)
        )

    def in_force(self, **fields):
        assignment = self.draft(**fields)
        services.assignment_sign(assignment, user=self.world.director)
        services.assignment_acknowledge(assignment, on=timezone.localdate())
        assignment.refresh_from_db()
        return assignment


@pytest.fixture
def today():
    with time_machine.travel(moment(date(2026, 3, 2)), tick=True) as traveller:
        yield traveller


@pytest.fixture
def staff(world, today):
    school, program = world.school_a, world.program
    program.period_start, program.period_end = date(2025, 9, 1), date(2026, 8, 31)
    program.save()
    form = standard_form("traditional")
    program.forms.add(form)
    rule = PayRule.objects.create(
        organization=school,
        name="Доплата за наставничество",
        amount=Decimal("3100.00"),
        basis="Положение об оплате труда, п. 5.3",
    )
    mentor = teacher_mentor(school, capacity=3)
    person = mentor.person
    person.last_name, person.first_name, person.patronymic = "Иванова", "Анна", "Сергеевна"
    person.position, person.user = "учитель математики", world.mentor
    person.save()
    mentee = MenteeFactory(
        person=PersonFactory(
            organization=school, last_name="Сидорова", first_name="Елена", position="учитель математики"
        )
    )
    pair = create_pair(program=program, mentor=mentor, mentees=[mentee], form=form, started_on=date(2026, 3, 2))
    return Staff(world, school, program, form, rule, mentor, mentee, pair)
