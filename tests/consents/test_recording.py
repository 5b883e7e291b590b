"""Recording the signed copies and their revocations on a person's page, and the gates that read one
definition of a consent in force (ConsentQuerySet.in_force): pairing, publication, exports."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from mentoring import services
from mentoring.models import Consent, ConsentKind, MentorStatus, Person
from publication import services as publication
from publication.models import Practice, PracticeStatus
from tests.factories import MenteeFactory, PersonFactory, child, standard_form, teacher_mentor
from tests.publication.conftest import completed_pair, photo

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def curator(client, world):
    client.force_login(world.curator)
    return client


def url(name, world, **kwargs):
    return reverse(f"mentoring:{name}", kwargs={"org_slug": world.school_a.slug, **kwargs})


def test_recording_a_parents_signed_distribution_consent_keeps_its_date_signer_and_scan(curator, world):
    pupil = child(world.school_a, grade=7, class_letter="Б")
    page = curator.get(pupil.get_absolute_url()).content.decode()
    assert f"{url('consent_add', world, pk=pupil.pk)}?kind=publication" in page
    form = curator.get(url("consent_add", world, pk=pupil.pk), {"kind": "publication"}).content.decode()
    assert 'value="publication" selected' in form and "Смирнов Павел Иванович" in form

    response = curator.post(
        url("consent_add", world, pk=pupil.pk),
        {
            "kind": "publication",
            "given_by": "parent",
            "giver_name": "Смирнов Павел Иванович",
            "given_on": "2026-11-20",
            "scan": SimpleUploadedFile("скан.pdf", PDF),
        },
        follow=True,
    )

    consent = pupil.consents.in_force().get(kind="publication")
    assert (consent.given_on, consent.given_by, consent.giver_name) == (
        date(2026, 11, 20),
        "parent",
        "Смирнов Павел Иванович",
    )
    assert consent.scan.read() == PDF and consent.created_by == world.curator
    page = response.content.decode()
    assert "Согласие записано." in page and "Действует с 20 ноября 2026 г." in page
    scan = curator.get(url("consent_scan", world, pk=consent.pk))
    assert b"".join(scan.streaming_content) == PDF


def test_a_revocation_dated_in_the_future_is_refused_and_nothing_is_saved(curator, world):
    person = PersonFactory(organization=world.school_a)
    MenteeFactory(person=person)
    consent = person.valid_consent(ConsentKind.PROCESSING)
    tomorrow = timezone.localdate() + timedelta(days=1)

    response = curator.post(
        url("consent_revoke", world, pk=consent.pk),
        {"revoked_on": tomorrow.isoformat(), "revocation_scan": SimpleUploadedFile("отзыв.pdf", PDF)},
    )

    assert response.status_code == 200
    assert "Отзыв не может быть датирован будущим днём." in response.content.decode()
    consent.refresh_from_db()
    person.refresh_from_db()
    assert consent.revoked_on is None and not consent.revocation_scan
    assert person.archived_on is None
    with pytest.raises(ValidationError):  # the service refuses it too, whoever calls it
        services.revoke_consent(consent, on=tomorrow)
    consent.refresh_from_db()
    assert consent.in_force


def test_a_revocation_with_its_scan_is_kept_as_history_beside_the_new_consent(curator, world):
    person = PersonFactory(organization=world.school_a)
    first = Consent.objects.create(person=person, kind="publication", given_on=date(2026, 9, 1))

    response = curator.post(
        url("consent_revoke", world, pk=first.pk),
        {"revoked_on": "2026-10-15", "revocation_scan": SimpleUploadedFile("отзыв.pdf", PDF)},
        follow=True,
    )

    first.refresh_from_db()
    assert first.revoked_on == date(2026, 10, 15) and first.revocation_scan.read() == PDF
    assert "Отзыв согласия записан." in response.content.decode()
    person.refresh_from_db()
    assert person.archived_on is None  # revoking publication stops publication only
    curator.post(
        url("consent_add", world, pk=person.pk), {"kind": "publication", "given_by": "person", "given_on": "2026-11-02"}
    )
    page = curator.get(person.get_absolute_url()).content.decode()
    assert "Действует с 2 ноября 2026 г." in page
    assert "отозвано 15 октября 2026 г." in page and url("consent_revocation_scan", world, pk=first.pk) in page
    assert list(person.consents.filter(kind="publication").values_list("revoked_on", flat=True).order_by("pk")) == [
        date(2026, 10, 15),
        None,
    ]


def test_revoking_twice_is_told(curator, world):
    person = PersonFactory(organization=world.school_a)
    consent = Consent.objects.create(person=person, kind="publication", given_on=date(2026, 9, 1))
    services.revoke_consent(consent, on=date(2026, 10, 1))

    response = curator.get(url("consent_revoke", world, pk=consent.pk), follow=True)

    assert "Согласие уже отозвано." in response.content.decode()


def test_a_revoked_processing_consent_closes_pairing_and_exports(curator, world):
    world.program.forms.add(standard_form("traditional"))
    mentee = MenteeFactory(person=PersonFactory(organization=world.school_a))
    consent = mentee.person.valid_consent(ConsentKind.PROCESSING)
    assert mentee.person in services.people_for_export(world.school_a)

    curator.post(url("consent_revoke", world, pk=consent.pk), {"revoked_on": timezone.localdate().isoformat()})

    mentee.refresh_from_db()
    name = mentee.person.full_name
    assert services.mentee_problems(mentee) == [
        f"{name} — в архиве.",
        f"У человека «{name}» нет согласия на обработку персональных данных.",
    ]
    assert mentee.person not in services.people_for_export(world.school_a)
    with pytest.raises(ValidationError) as refused:
        services.create_pair(
            program=world.program,
            mentor=teacher_mentor(world.school_a),
            mentees=[mentee],
            form=standard_form("traditional"),
            started_on=date(2026, 11, 1),
        )
    assert f"У человека «{name}» нет согласия на обработку персональных данных." in refused.value.messages


def test_a_revoked_consent_to_mentor_closes_the_teachers_pairing(curator, world):
    world.program.forms.add(standard_form("traditional"))
    mentor = teacher_mentor(world.school_a)
    consent = mentor.person.valid_consent(ConsentKind.MENTORING)

    curator.post(url("consent_revoke", world, pk=consent.pk), {"revoked_on": timezone.localdate().isoformat()})

    mentor.refresh_from_db()
    assert mentor.status == MentorStatus.ARCHIVED
    problems = " ".join(services.mentor_problems(mentor))
    assert "без письменного согласия на наставничество" in problems


def test_the_revocation_names_the_mentees_of_the_pairs_left_without_a_mentor_with_links(curator, world):
    world.program.forms.add(standard_form("traditional"))
    mentor = teacher_mentor(world.school_a, capacity=3)
    alice = MenteeFactory(person=PersonFactory(organization=world.school_a, last_name="Волкова", first_name="Алиса"))
    lev = MenteeFactory(person=PersonFactory(organization=world.school_a, last_name="Ефимов", first_name="Лев"))
    ivan = MenteeFactory(person=PersonFactory(organization=world.school_a, last_name="Ильин", first_name="Иван"))
    pairs = [
        services.create_pair(
            program=world.program,
            mentor=mentor,
            mentees=mentees,
            form=standard_form("traditional"),
            started_on=date(2026, 10, 1),
        )
        for mentees in ([alice], [lev, ivan])
    ]
    consent = mentor.person.valid_consent(ConsentKind.MENTORING)

    response = curator.post(
        url("consent_revoke", world, pk=consent.pk), {"revoked_on": timezone.localdate().isoformat()}, follow=True
    )

    page = response.content.decode()
    links = [url("pair_detail", world, pk=pair.pk) for pair in pairs]
    assert (
        f'Замените наставника в работающих парах с наставляемыми: <a href="{links[0]}">Волкова Алиса Павловна</a>; '
        f'<a href="{links[1]}">Ефимов Лев Павловна, Ильин Иван Павловна</a>.'
    ) in page
    assert f"парах: {pairs[0].pk}" not in page


def test_a_revoked_distribution_consent_refuses_the_case_in_russian(client, world):
    pair = completed_pair(world.program)
    practice = publication.practice_create(
        pair=pair, user=world.curator, title="Кейс", description=pair.case, results=pair.result
    )
    publication.practice_file_add(practice, user=world.curator, file=photo())
    publication.practice_propose(practice, user=world.curator)
    mentee = pair.mentees.get().person
    client.force_login(world.curator)
    client.post(
        url("consent_revoke", world, pk=mentee.valid_consent(ConsentKind.PUBLICATION).pk),
        {"revoked_on": timezone.localdate().isoformat()},
    )

    client.force_login(world.director)
    response = client.post(
        reverse("publication:practice_approve", args=[world.school_a.slug, practice.pk]), follow=True
    )

    assert "нет действующего согласия на распространение персональных данных" in response.content.decode()
    assert mentee.short_name in response.content.decode()
    practice.refresh_from_db()
    assert practice.status == PracticeStatus.PROPOSED
    assert not Practice.objects.public().filter(pk=practice.pk).exists()


def test_the_gates_read_existing_records_as_before(world):
    """Consents recorded before these pages (no revocation scan, made by the import or the entry form) are
    in force exactly as they were; a revoked one is not."""
    world.program.forms.add(standard_form("traditional"))
    mentee = MenteeFactory(person=PersonFactory(organization=world.school_a))
    mentor = teacher_mentor(world.school_a)
    old = Consent.objects.create(person=mentee.person, kind="publication", given_on=date(2025, 9, 1))
    old.revoked_on = date(2025, 12, 1)
    old.save()

    assert services.mentee_problems(mentee) == [] and services.mentor_problems(mentor) == []
    services.create_pair(
        program=world.program,
        mentor=mentor,
        mentees=[mentee],
        form=standard_form("traditional"),
        started_on=date(2026, 11, 1),
    )
    in_force = set(Consent.objects.in_force().values_list("pk", flat=True))
    assert in_force == {c.pk for c in Consent.objects.all() if c.in_force}
    assert old.pk not in in_force and mentee.person.valid_consent("publication") is None
    assert set(services.people_for_export(world.school_a)) == set(
        Person.objects.filter(organization=world.school_a, archived_on=None)
    )
