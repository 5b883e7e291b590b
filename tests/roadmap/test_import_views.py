"""A curator uploads the Word file of their roadmap, looks at the preview, corrects it and imports."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from roadmap import demo_roadmaps
from roadmap.importing import readers
from roadmap.importing.drafts import draft_create
from roadmap.models import Activity, Program, RoadmapImport

from . import seed_files as seeds

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def upload(client, world, **data):
    payload = {
        "file": SimpleUploadedFile(
            "Дорожная карта.docx", seeds.docx_bytes(seeds.SCHOOL_4_TITLE, seeds.school_4_rows()), content_type=DOCX
        ),
        **data,
    }
    return client.post(reverse("roadmap:import_upload", args=[world.school_a.slug]), payload)


def test_upload_preview_correct_and_import_into_a_new_program(client, world):
    client.force_login(world.curator)
    response = upload(client, world)
    draft = RoadmapImport.objects.get()
    assert response["Location"] == draft.get_absolute_url()
    page = client.get(draft.get_absolute_url()).content.decode()
    assert "Приказ о внедрении целевой модели наставничества в ОО" in page
    assert "01.09.2022 — 30.09.2022" in page
    assert Program.objects.filter(organization=world.school_a).count() == 1  # nothing saved yet

    row = reverse("roadmap:import_row", args=[world.school_a.slug, draft.pk, 1, 0])
    assert 'name="title"' in client.get(row, HTTP_HX_REQUEST="true").content.decode()
    edited = client.post(
        row,
        {
            "number": "2.1",
            "title": "Перечень желающих иметь наставника",
            "term": "Сентябрь",
            "starts_on": "2022-09-05",
            "due_on": "2022-09-20",
            "responsible": "Куратор",
            "result": "Перечень",
        },
        HTTP_HX_REQUEST="true",
    )
    assert "Перечень желающих иметь наставника" in edited.content.decode()
    toggle = reverse("roadmap:import_row_toggle", args=[world.school_a.slug, draft.pk, 2, 3])
    client.post(toggle, HTTP_HX_REQUEST="true")  # leave out «Справки об отсутствии судимости…»

    response = client.post(
        reverse("roadmap:import_commit", args=[world.school_a.slug, draft.pk]),
        {"title": "Программа наставничества СОШ №4, 2022–2024"},
    )
    program = Program.objects.get(title="Программа наставничества СОШ №4, 2022–2024")
    assert response["Location"] == program.get_absolute_url()
    assert (program.period_start.isoformat(), program.period_end.isoformat()) == ("2022-09-01", "2024-05-31")
    expected = sum(len(s["activities"]) for s in demo_roadmaps.SCHOOL_4) - 1
    assert program.activities.count() == expected
    corrected = program.activities.get(number="2.1")
    assert (corrected.title, corrected.start_date.isoformat(), corrected.responsible_role) == (
        "Перечень желающих иметь наставника",
        "2022-09-05",
        "curator",
    )
    assert not program.activities.filter(title__startswith="Справки об отсутствии судимости").exists()
    assert program.sections.count() == 7
    draft.refresh_from_db()
    assert draft.status == "imported"
    # Importing twice is refused.
    again = client.post(reverse("roadmap:import_commit", args=[world.school_a.slug, draft.pk]))
    assert again.status_code == 404
    assert program.activities.count() == expected


def test_import_into_an_existing_program_uses_its_period(client, world):
    client.force_login(world.curator)
    upload(client, world, program=world.program.pk)
    draft = RoadmapImport.objects.get()
    assert (draft.period_start, draft.period_end) == (world.program.period_start, world.program.period_end)
    client.post(reverse("roadmap:import_commit", args=[world.school_a.slug, draft.pk]))
    assert world.program.activities.count() == 1 + sum(len(s["activities"]) for s in demo_roadmaps.SCHOOL_4)
    first = world.program.activities.filter(section__title="Подготовка условий для запуска программы наставничества")
    assert first.filter(start_date__year=2026).exists()


def test_correcting_the_columns_reads_the_file_again(client, world):
    client.force_login(world.curator)
    upload(client, world)
    draft = RoadmapImport.objects.get()
    # Say the responsible column is the result, and there is no responsible column.
    client.post(
        reverse("roadmap:import_remap", args=[world.school_a.slug, draft.pk]),
        {"col-0-0": "number", "col-0-1": "stage", "col-0-2": "term", "col-0-3": "result", "col-0-4": ""},
    )
    draft.refresh_from_db()
    first = draft.data["sections"][0]["activities"][0]
    assert first["responsible"] == ""
    assert draft.mappings == {"0": {"number": 0, "stage": 1, "term": 2, "result": 3}}


def test_a_file_that_cannot_be_read_is_explained_and_nothing_is_kept(client, world):
    client.force_login(world.curator)
    response = client.post(
        reverse("roadmap:import_upload", args=[world.school_a.slug]),
        {"file": SimpleUploadedFile("карта.docx", b"not a word file")},
    )
    assert response.status_code == 200
    assert "повреждён" in response.content.decode()
    assert not RoadmapImport.objects.exists()


def test_cancel_saves_nothing(client, world):
    client.force_login(world.curator)
    upload(client, world)
    draft = RoadmapImport.objects.get()
    client.post(reverse("roadmap:import_cancel", args=[world.school_a.slug, draft.pk]))
    draft.refresh_from_db()
    assert draft.status == "cancelled" and draft.data == {}
    assert Activity.objects.filter(organization=world.school_a).count() == 1


def test_the_preview_warns_of_responsible_people_nobody_knows(client, world):
    client.force_login(world.curator)
    rows = [
        ["№ п/п", "Мероприятие", "Срок", "Ответственные"],
        ["1.", "Организация", "", ""],
        ["1.1", "Совещание", "Сентябрь 2026", "Сидоров П.П., методист"],
        ["1.2", "Приказ", "Октябрь 2026", "Куратор"],
    ]
    client.post(
        reverse("roadmap:import_upload", args=[world.school_a.slug]),
        {"file": SimpleUploadedFile("plan.docx", seeds.docx_bytes("План", rows)), "program": world.program.pk},
    )
    html = client.get(RoadmapImport.objects.get().get_absolute_url()).content.decode()
    assert "1.1: «Сидоров П.П., методист» не совпадает ни с ролью, ни с сотрудником организации" in html
    assert "1.2: «Куратор»" not in html


def test_a_huge_upload_is_refused_before_it_is_read(client, world, settings):

    client.force_login(world.curator)
    big = SimpleUploadedFile("big.xlsx", b"PK" + b"0" * 1024)
    big.size = readers.MAX_BYTES + 1

    with pytest.raises(ValidationError, match="слишком большой"):
        draft_create(organization=world.school_a, user=world.curator, upload=big)
