import io
from dataclasses import dataclass
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from mentoring.models import Consent, ConsentGiver, ConsentKind
from mentoring.services import complete_pair, create_pair
from tests.factories import MenteeFactory, PersonFactory, ProgramFactory, standard_form, teacher_mentor


def image_bytes(fmt="PNG", exif=None):
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 6), (200, 120, 40)).save(buffer, format=fmt, **({"exif": exif} if exif else {}))
    return buffer.getvalue()


PNG = image_bytes()


def photo(name="vstrecha.png"):
    return SimpleUploadedFile(name, PNG, content_type="image/png")


def publication_consent(person):
    minor = person.is_minor
    return Consent.objects.create(
        person=person,
        kind=ConsentKind.PUBLICATION,
        given_by=ConsentGiver.PARENT if minor else ConsentGiver.PERSON,
        giver_name=person.parent_name if minor else "",
        given_on=date(2026, 9, 1),
    )


def completed_pair(program, *, mentor_name="Кузнецова", mentee=None, consents=True, form="traditional"):
    """A pair of the program that finished with a result and a case text; everyone consented to
    publication unless told otherwise."""
    school = program.organization
    form = standard_form(form)
    program.forms.add(form)
    mentor = teacher_mentor(school)
    mentor.person.last_name, mentor.person.first_name, mentor.person.patronymic = mentor_name, "Елена", "Викторовна"
    mentor.person.save()
    mentee = mentee or MenteeFactory(
        person=PersonFactory(organization=school, last_name="Орлов", first_name="Илья", patronymic="Петрович")
    )
    pair = create_pair(program=program, mentor=mentor, mentees=[mentee], form=form, started_on=date(2026, 10, 1))
    complete_pair(
        pair,
        finished_on=date(2027, 5, 20),
        result="Молодой педагог провёл открытый урок и вошёл в методическое объединение.",
        case="Еженедельные встречи, взаимопосещение уроков и совместная подготовка к открытому уроку.",
        case_for_bank=True,
    )
    if consents:
        publication_consent(mentor.person)
        publication_consent(mentee.person)
    pair.refresh_from_db()
    return pair


@dataclass
class Bank:
    pair: object
    foreign_pair: object
    pair_b: object


@pytest.fixture
def bank(world):
    """A completed pair in school A, one in school B (same district) and one in the foreign school."""
    foreign_program = ProgramFactory(organization=world.foreign_school)
    return Bank(
        pair=completed_pair(world.program),
        pair_b=completed_pair(world.program_b, mentor_name="Белова", form="group"),
        foreign_pair=completed_pair(foreign_program, mentor_name="Чужая"),
    )
