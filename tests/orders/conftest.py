from datetime import date

import pytest

from mentoring.services import create_pair
from tests.factories import MenteeFactory, PersonFactory, standard_form, teacher_mentor


@pytest.fixture
def pairs(world):
    """Three working pairs of young teachers in school A's program, mentors named to sort В, Г, Б."""
    form = standard_form("traditional")
    world.program.forms.add(form)
    made = []
    for mentor_name, mentee_name in (("Вишнева", "Орлов"), ("Громова", "Павлова"), ("Белова", "Никитин")):
        mentor = teacher_mentor(world.school_a)
        mentor.person.last_name, mentor.person.first_name, mentor.person.patronymic = mentor_name, "Анна", "Ивановна"
        mentor.person.save()
        mentee = MenteeFactory(
            person=PersonFactory(organization=world.school_a, last_name=mentee_name, first_name="Илья")
        )
        made.append(
            create_pair(program=world.program, mentor=mentor, mentees=[mentee], form=form, started_on=date(2026, 10, 1))
        )
    return made
