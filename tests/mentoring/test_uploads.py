"""The one upload policy (mentoring/uploads.py): what a file is comes from its content, archives are
measured before they are opened, images are re-encoded, and downloads of personal data are kept by no
cache. The hostile corpus against every endpoint is in tests/test_hostile_uploads.py."""

import io
import zipfile
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from mentoring import uploads
from mentoring.models import Consent, MentorTraining
from orders import services as order_services
from roadmap import services as roadmap_services
from surveys import services as survey_services
from surveys.models import Questionnaire
from tests.factories import PersonFactory, teacher_mentor

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def jpeg_with_gps():
    image = Image.new("RGB", (16, 12), (10, 120, 200))
    exif = Image.Exif()
    exif[0x0110] = "PhoneMaker X"  # the camera model
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


def archive(entries):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries:
            zf.writestr(name, data)
    return SimpleUploadedFile("file.docx", buffer.getvalue())


def test_a_consent_scan_photographed_with_a_phone_is_kept_without_its_exif(client, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    person = PersonFactory(organization=world.school_a)
    client.force_login(world.curator)
    response = client.post(
        reverse("mentoring:consent_add", args=[world.school_a.slug, person.pk]),
        {
            "kind": "publication",
            "given_by": "person",
            "given_on": "2026-09-01",
            "scan": SimpleUploadedFile("скан.jpeg", jpeg_with_gps()),
        },
    )
    assert response.status_code == 302
    consent = Consent.objects.get(person=person, kind="publication")
    assert consent.scan.name.endswith(".jpg")
    stored = consent.scan.read()
    assert b"PhoneMaker" not in stored and not Image.open(io.BytesIO(stored)).getexif()


def test_a_pdf_certificate_is_kept_and_a_word_file_named_pdf_is_not(client, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    mentor = teacher_mentor(world.school_a)
    client.force_login(world.curator)
    url = reverse("mentoring:training_add", args=[world.school_a.slug, mentor.pk])
    data = {"course": "Школа наставников", "started_on": "2026-09-01", "finished_on": "2026-09-30"}
    docx = archive([("[Content_Types].xml", "<Types/>"), ("word/document.xml", "<w:document/>")])
    docx.name = "удостоверение.pdf"
    refused = client.post(url, {**data, "certificate": docx})
    assert "Это документ Word (.docx), что бы ни говорило имя файла." in refused.content.decode()
    assert not MentorTraining.objects.exists()
    client.post(url, {**data, "certificate": SimpleUploadedFile("удостоверение.pdf", PDF)})
    assert MentorTraining.objects.get().certificate.read() == PDF


def test_evidence_is_stored_under_the_suffix_of_what_it_is(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    docx = archive([("[Content_Types].xml", "<Types/>"), ("word/document.xml", "<w:document/>")])
    docx.name = "протокол.pdf"
    evidence = roadmap_services.evidence_add(activity=world.activity, user=world.curator, file=docx)
    assert evidence.file.name.endswith(".docx") and evidence.original_name == "протокол.pdf"


def test_an_archive_is_measured_before_it_is_opened():
    with pytest.raises(ValidationError, match=r"сжата в \d{4} раз \(допускается не больше 100\)"):
        uploads.check(archive([("word/document.xml", b"\x00" * (2 * 1024 * 1024))]), uploads.EVIDENCE)
    with pytest.raises(ValidationError, match="архив из 1001 частей"):
        uploads.check(archive([(f"part{n}.xml", b"x") for n in range(1001)]), uploads.EVIDENCE)
    # What a school's Word file looks like passes.
    word = archive([("[Content_Types].xml", "<Types/>"), ("word/document.xml", "<w:p>план</w:p>" * 50_000)])
    assert uploads.check(word, uploads.EVIDENCE) == uploads.DOCX


def test_a_file_over_the_size_limit_is_refused_with_its_size(settings):
    settings.UPLOAD_MAX_BYTES = 1024 * 1024
    with pytest.raises(ValidationError, match=r"Файл слишком большой: 2\.0 МБ, допускается не более 1 МБ"):
        uploads.check(SimpleUploadedFile("скан.pdf", PDF + b"0" * (2 * 1024 * 1024)), uploads.SCAN)


def _private(response):
    assert response.status_code == 200, response.status_code
    return response["Cache-Control"]


def test_downloads_of_personal_data_are_kept_by_no_cache(
    client, world, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(world.director)
    slug = world.school_a.slug
    person = PersonFactory(organization=world.school_a)
    consent = Consent.objects.create(
        person=person, kind="publication", given_on=date(2026, 9, 1), scan=SimpleUploadedFile("s.pdf", PDF)
    )
    mentor = teacher_mentor(world.school_a)
    training = MentorTraining.objects.create(
        mentor=mentor,
        course="Школа наставников",
        started_on=date(2026, 9, 1),
        certificate=SimpleUploadedFile("c.pdf", PDF),
    )
    evidence = roadmap_services.evidence_add(
        activity=world.activity, user=world.curator, file=SimpleUploadedFile("p.pdf", PDF)
    )
    campaign, _links = survey_services.campaign_create(
        program=world.program,
        questionnaire=Questionnaire.objects.filter(organization__isnull=True).first(),
        title="Анкета",
        opens_on=date(2026, 10, 1),
        closes_on=date(2026, 10, 9),
        anonymous=False,
        phase="",
        people=[person],
        user=world.curator,
    )
    with django_capture_on_commit_callbacks(execute=True):
        order = order_services.order_create(program=world.program, kind="curator", user=world.curator)
        order_services.order_submit(order, user=world.curator)
        order = order_services.order_sign(order, user=world.director, on=date(2026, 10, 5))
    urls = [
        reverse("mentoring:consent_scan", args=[slug, consent.pk]),
        reverse("mentoring:training_certificate", args=[slug, training.pk]),
        reverse("mentoring:mentee_export", args=[slug]),
        reverse("mentoring:mentor_export", args=[slug]) + "?format=csv",
        reverse("roadmap:evidence_download", args=[slug, evidence.pk]),
        reverse("surveys:campaign_export", args=[slug, campaign.pk]),
        reverse("orders:pdf", args=[slug, order.pk]),
        reverse("orders:docx", args=[slug, order.pk]),
        reverse("orders:preview", args=[slug, order.pk]),
    ]
    assert {url: _private(client.get(url)) for url in urls} == {url: "private, no-store" for url in urls}
