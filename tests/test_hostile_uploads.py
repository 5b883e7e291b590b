"""A curator, or someone who took over a curator's account, posts the files of the hostile corpus
(reports/hostile.py: zip bombs, encrypted, truncated, renamed, huge, wrongly encoded, HTML, SVG) to
every upload endpoint of the portal. Each is refused with a clear Russian message, in well under a
second, with no server error and nothing saved: no row, no file in the storage."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from employment.models import Assignment
from mentoring.models import BaseImport, Consent, MentorTraining, Person
from orders import services as order_services
from orders.models import Order
from publication import services as practice_services
from publication.models import PracticeFile
from reports import hostile
from roadmap.models import ActivityStatus, Evidence, RoadmapImport
from tests.factories import PersonFactory, teacher_mentor
from tests.publication.conftest import completed_pair

# What each kind of refusal says, in the Russian the user reads.
SAYS = {
    "unpacks": "распаковывается",
    "rows": "строк (пустые тоже считаются)",
    "strings": "различных текстов",
    "encrypted": "защищён паролем",
    "password": "защищён паролем",
    "damaged": "повреждён",
    "type": "файл неизвестного типа",
    "large": "Файл слишком большой",
    "html": "веб-страница (HTML)",
    "svg": "рисунок SVG",
}
# Endpoints that read the rows of a table, and those that keep any office document as it is.
TABLE_ENDPOINTS = {"roadmap_import", "base_import"}
KEEPS_OFFICE_FILES = {"evidence", "activity_complete"}


@pytest.fixture(scope="session")
def corpus(tmp_path_factory):
    """The hostile files, built once into a temporary folder (small code, no committed binaries)."""
    folder = tmp_path_factory.mktemp("hostile")
    files = {}
    for key, (name, build, _says) in hostile.CORPUS.items():
        path = folder / f"{key}-{name}"
        path.write_bytes(build())
        files[key] = (name, path)
    return files


def _mentee_with_scan(world, upload):
    data = {
        "person-last_name": "Соколова",
        "person-first_name": "Вера",
        "person-birth_date": "2014-04-02",
        "person-grade": "6",
        "person-class_letter": "А",
        "person-parent_name": "Соколов Илья Петрович",
        "record-category": "student",
        "record-request": "Трудности с математикой",
        "record-request_source": "class_teacher",
        "record-entered_on": "2026-09-10",
        "consent-consent_on": "2026-09-05",
        "consent-consent_parent": "Соколов Илья Петрович",
        "consent-consent_scan": upload,
    }
    return reverse("mentoring:mentee_create", args=[world.school_a.slug]), data


def _consent(world, upload):
    person = PersonFactory(organization=world.school_a)
    data = {"kind": "publication", "given_by": "person", "given_on": "2026-09-01", "scan": upload}
    return reverse("mentoring:consent_add", args=[world.school_a.slug, person.pk]), data


def _revocation(world, upload):
    person = PersonFactory(organization=world.school_a)
    consent = Consent.objects.create(person=person, kind="publication", given_on=date(2026, 9, 1))
    data = {"revoked_on": "2026-10-01", "revocation_scan": upload}
    return reverse("mentoring:consent_revoke", args=[world.school_a.slug, consent.pk]), data


def _training(world, upload):
    mentor = teacher_mentor(world.school_a)
    data = {
        "course": "Школа наставников",
        "started_on": "2026-09-01",
        "finished_on": "2026-09-30",
        "certificate_number": "123",
        "certificate": upload,
    }
    return reverse("mentoring:training_add", args=[world.school_a.slug, mentor.pk]), data


def _practice_photo(world, upload):
    practice = practice_services.practice_create(
        pair=completed_pair(world.program), user=world.curator, title="Кейс", description="Текст"
    )
    data = {"kind": "photo", "file": upload, "caption": "Урок"}
    return reverse("publication:practice_file_add", args=[world.school_a.slug, practice.pk]), data


def _order_check(world, upload):
    order = order_services.order_create(program=world.program, kind="curator", user=world.curator)
    order_services.order_submit(order, user=world.curator)
    order = order_services.order_sign(order, user=world.director, on=date(2026, 10, 5))
    return reverse("orders:verify", args=[Order.objects.get(pk=order.pk).verification_code]), {"file": upload}


def _assignment_scan(world, upload):
    from employment import services as employment
    from employment.models import PayRule
    from mentoring.services import create_pair
    from tests.factories import MenteeFactory, standard_form

    form = standard_form("traditional")
    world.program.forms.add(form)
    mentor = teacher_mentor(world.school_a)
    pair = create_pair(
        program=world.program,
        mentor=mentor,
        mentees=[MenteeFactory(person=PersonFactory(organization=world.school_a))],
        form=form,
        started_on=date(2026, 10, 1),
    )
    rule = PayRule.objects.create(organization=world.school_a, name="Доплата", amount=3000, basis="Положение")
    assignment = employment.assignment_create(
        organization=world.school_a,
        mentor=mentor,
        pairs=[pair],
        form=form,
        content="Адаптация",
        starts_on=date(2026, 10, 1),
        ends_on=date(2027, 5, 31),
        pay_rule=rule,
    )
    employment.assignment_sign(assignment, user=world.director)
    return reverse("employment:scan_upload", args=[world.school_a.slug, assignment.pk]), {"scan": upload}


ENDPOINTS = {
    "roadmap_import": lambda world, upload: (
        reverse("roadmap:import_upload", args=[world.school_a.slug]),
        {"file": upload},
    ),
    "base_import": lambda world, upload: (
        reverse("mentoring:import_upload", args=[world.school_a.slug]),
        {"kind": "mentees", "file": upload},
    ),
    "mentee_entry_scan": _mentee_with_scan,
    "consent_scan": _consent,
    "revocation_scan": _revocation,
    "training_certificate": _training,
    "evidence": lambda world, upload: (
        reverse("roadmap:evidence_add", args=[world.school_a.slug, world.activity.pk]),
        {"file": upload, "title": "Протокол"},
    ),
    "activity_complete": lambda world, upload: (
        reverse("roadmap:activity_complete", args=[world.school_a.slug, world.activity.pk]),
        {"file": upload},
    ),
    "practice_photo": _practice_photo,
    "order_check": _order_check,
    "assignment_scan": _assignment_scan,
}


def _saved():
    return {
        "roadmap imports": RoadmapImport.objects.count(),
        "base imports": BaseImport.objects.count(),
        "people": Person.objects.count(),
        "scans": Consent.objects.exclude(scan="").count(),
        "revocations": Consent.objects.filter(revoked_on__isnull=False).count(),
        "revocation scans": Consent.objects.exclude(revocation_scan="").count(),
        "trainings": MentorTraining.objects.count(),
        "evidence": Evidence.objects.count(),
        "case files": PracticeFile.objects.count(),
        "agreement scans": Assignment.objects.exclude(scan="").count(),
    }


# A well-formed workbook is a valid evidence file, kept as it is and never read: those pairs are not hostile.
HOSTILE_PAIRS = [
    (endpoint, key)
    for endpoint in ENDPOINTS
    for key in hostile.CORPUS
    if not (key in hostile.TABLE_ONLY and endpoint in KEEPS_OFFICE_FILES)
]


@pytest.mark.parametrize(("endpoint", "key"), HOSTILE_PAIRS)
def test_every_hostile_file_is_refused_at_every_upload_endpoint(
    client, world, corpus, settings, tmp_path, endpoint, key
):
    settings.MEDIA_ROOT = tmp_path / "media"
    client.force_login(world.director if endpoint == "order_check" else world.curator)
    name, path = corpus[key]
    url, data = ENDPOINTS[endpoint](world, SimpleUploadedFile(name, path.read_bytes()))
    before = _saved()

    response = client.post(url, data, follow=True)

    assert response.status_code == 200
    page = response.content.decode()
    says = SAYS[hostile.CORPUS[key][2]]
    if key in hostile.TABLE_ONLY and endpoint not in TABLE_ENDPOINTS:
        says = "Это таблица Excel (.xlsx), что бы ни говорило имя файла."  # refused for its type alone
    assert says in page
    assert _saved() == before
    assert not any(p.is_file() for p in (tmp_path / "media").rglob("*"))
    world.activity.refresh_from_db()
    assert world.activity.status == ActivityStatus.PLANNED
