"""The curator keeps the bases in the browser: entering people with their consents, the person's page,
the lists with filters and the archive, the vocabulary."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from mentoring.models import Competency, ConsentKind, Mentee, Mentor, Person
from mentoring.services import create_pair
from tests.factories import MenteeFactory, PersonFactory, child, standard_form, teacher_mentor


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def curator(client, world):
    client.force_login(world.curator)
    return client


def url(name, world, **kwargs):
    return reverse(f"mentoring:{name}", kwargs={"org_slug": world.school_a.slug, **kwargs})


def pupil_data(**overrides):
    data = {
        "person-last_name": "Соколова",
        "person-first_name": "Вера",
        "person-birth_date": "2014-04-02",
        "person-grade": "6",
        "person-class_letter": "А",
        "person-parent_name": "Соколов Илья Петрович",
        "person-parent_phone": "+7 900 123-45-67",
        "record-category": "student",
        "record-request": "Трудности с математикой",
        "record-request_source": "class_teacher",
        "record-entered_on": "2026-09-10",
        "record-needs": [Competency.objects.get(name="Математика").pk],
        "consent-consent_on": "2026-09-05",
        "consent-consent_parent": "Соколов Илья Петрович",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_the_curator_enters_a_child_with_a_parents_consent(curator, world):
    response = curator.post(url("mentee_create", world), pupil_data())

    person = Person.objects.get(last_name="Соколова")
    assert response.status_code == 302 and response["Location"] == person.get_absolute_url()
    mentee = person.mentee_record
    assert (mentee.category, mentee.status, person.organization) == ("student", "applied", world.school_a)
    assert [t.name for t in mentee.needs.all()] == ["Математика"]
    consent = person.valid_consent(ConsentKind.PROCESSING)
    assert (consent.given_by, consent.giver_name, consent.given_on) == (
        "parent",
        "Соколов Илья Петрович",
        date(2026, 9, 5),
    )
    page = curator.get(person.get_absolute_url()).content.decode()
    assert "Соколова Вера" in page and "Соколов Илья Петрович" in page and "Трудности с математикой" in page


def test_a_child_without_the_parents_name_on_the_consent_is_not_saved(curator, world):
    response = curator.post(url("mentee_create", world), pupil_data(**{"consent-consent_parent": ""}))

    assert response.status_code == 200
    assert "For a minor, the consent is given by a parent." in response.content.decode()
    assert not Person.objects.filter(last_name="Соколова").exists()


def test_a_child_without_a_parents_contact_is_not_saved(curator, world):
    response = curator.post(
        url("mentee_create", world), pupil_data(**{"person-parent_phone": None, "person-parent_email": None})
    )

    assert "A minor needs a parent&#x27;s phone or email." in response.content.decode()
    assert not Person.objects.filter(last_name="Соколова").exists()


def test_nobody_enters_the_base_without_a_processing_consent(curator, world):
    response = curator.post(url("mentee_create", world), pupil_data(**{"consent-consent_on": ""}))

    assert response.status_code == 200
    assert not Mentee.objects.exists() and not Person.objects.filter(last_name="Соколова").exists()


def test_the_curator_enters_a_teacher_mentor_with_the_consent_to_mentor(curator, world):
    response = curator.post(
        url("mentor_create", world),
        {
            "person-last_name": "Зимина",
            "person-first_name": "Ольга",
            "person-patronymic": "Юрьевна",
            "person-subject": "Физика",
            "record-category": "teacher",
            "record-capacity": "3",
            "record-included_on": "2026-09-01",
            "record-competencies": [Competency.objects.get(name="Подготовка к олимпиадам").pk],
            "record-availability": ["tue", "thu"],
            "consent-consent_on": "2026-09-01",
            "mentoring-mentoring_consent_on": "2026-09-02",
        },
    )

    mentor = Mentor.objects.get(person__last_name="Зимина")
    assert response.status_code == 302
    assert (mentor.capacity, mentor.status, mentor.availability) == (3, "candidate", ["tue", "thu"])
    assert mentor.person.valid_consent(ConsentKind.MENTORING).given_on == date(2026, 9, 2)


def test_the_lists_filter_and_keep_the_archive_apart(curator, world):
    MenteeFactory(person=PersonFactory(organization=world.school_a, last_name="Текущая"), request="Олимпиада")
    gone = MenteeFactory(person=PersonFactory(organization=world.school_a, last_name="Выбывшая"))
    gone.status, gone.finished_on = "left", date(2026, 10, 1)
    gone.save()
    MenteeFactory(person=PersonFactory(organization=world.school_b, last_name="Чужая"))

    current = curator.get(url("mentee_list", world)).content.decode()
    archive = curator.get(url("mentee_list", world), {"view": "archive"}).content.decode()
    searched = curator.get(url("mentee_list", world), {"q": "олимп"}).content.decode()

    assert "Текущая" in current and "Выбывшая" not in current and "Чужая" not in current
    assert "Выбывшая" in archive and "Текущая" not in archive
    assert "Текущая" in searched


def test_the_mentor_list_shows_each_mentors_load(curator, world):
    world.program.forms.add(standard_form("traditional"))
    mentor = teacher_mentor(world.school_a, capacity=3)
    create_pair(
        program=world.program,
        mentor=mentor,
        mentees=[MenteeFactory(person=PersonFactory(organization=world.school_a))],
        form=standard_form("traditional"),
        started_on=date(2026, 10, 1),
    )

    page = curator.get(url("mentor_list", world)).content.decode()

    assert mentor.person.full_name in page and "1 / 3" in page


def test_revoking_a_consent_in_the_browser_archives_the_person(curator, world):
    person = PersonFactory(organization=world.school_a)
    MenteeFactory(person=person)
    consent = person.valid_consent(ConsentKind.PROCESSING)

    response = curator.post(
        url("consent_revoke", world, pk=consent.pk), {"revoked_on": timezone.localdate().isoformat()}, follow=True
    )

    person.refresh_from_db()
    assert person.archived_on is not None
    assert "is in the archive now and is left out of pairs and exports." in response.content.decode()


def test_a_finished_mentee_becomes_a_mentor_candidate_from_their_page(curator, world):
    mentee = MenteeFactory(person=child(world.school_a, grade=10), category="student")
    mentee.status, mentee.finished_on = "completed", date(2026, 10, 1)
    mentee.save()

    response = curator.post(url("enter_mentor_base", world, pk=mentee.person_id))

    mentor = Mentor.objects.get(person=mentee.person)
    assert response["Location"] == url("mentor_edit", world, pk=mentor.pk)
    assert (mentor.category, mentor.workplace) == ("student", "10")


def test_the_persons_header_names_the_subject_once(curator, world):
    historian = PersonFactory(organization=world.school_a, position="учитель (история)", subject="История")
    chemist = PersonFactory(organization=world.school_a, position="учитель", subject="Химия")

    page = curator.get(historian.get_absolute_url()).content.decode()

    assert "учитель (история)" in page and "· История" not in page
    assert chemist.work == "учитель · Химия"


def test_the_organization_extends_the_vocabulary_without_duplicates(curator, world):
    curator.post(url("competency_list", world), {"name": "  Шахматы  "})
    response = curator.post(url("competency_list", world), {"name": "математика"})

    assert Competency.objects.get(organization=world.school_a).name == "Шахматы"
    assert "The vocabulary already has this tag." in response.content.decode()
    curator.force_login(world.curator_b)
    assert (
        "Шахматы" not in curator.get(reverse("mentoring:competency_list", args=[world.school_b.slug])).content.decode()
    )
