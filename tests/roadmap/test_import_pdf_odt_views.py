"""A curator uploads the roadmap the school posted as a PDF, or wrote in LibreOffice (ODT): the same
preview, every column kept (content, a second result, the others as a note), imported with them. A
PDF that cannot be read is explained in Russian and nothing is saved."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from roadmap.models import Activity, Program, RoadmapImport

from .corpus_files import WRITERS
from .test_import_corpus import COLLEGE, LEGAL_DATABASE


def upload(client, world, name, data):
    return client.post(
        reverse("roadmap:import_upload", args=[world.school_a.slug]), {"file": SimpleUploadedFile(name, data)}
    )


@pytest.mark.parametrize("kind", ["pdf", "odt"])
def test_a_pdf_or_odt_roadmap_is_previewed_and_imported_with_every_column(client, world, kind):
    client.force_login(world.curator)
    response = upload(client, world, f"Дорожная карта колледжа.{kind}", WRITERS[kind](*COLLEGE))
    draft = RoadmapImport.objects.get()
    assert response["Location"] == draft.get_absolute_url()
    page = client.get(draft.get_absolute_url()).content.decode()
    assert "реализации программы наставничества «студент – студент»" in page  # the title, not «УТВЕРЖДАЮ»
    assert "Содержание:</span> Классные часы;" in page
    assert "У мероприятия 2.2 нет срока" in page
    # Every column can be mapped again, the content and the second result among them.
    assert '<option value="description" selected>Содержание</option>' in page
    assert '<option value="result2" selected>Результат (второй столбец)</option>' in page

    client.post(reverse("roadmap:import_commit", args=[world.school_a.slug, draft.pk]), {"title": "Колледж"})
    program = Program.objects.get(title="Колледж")
    first = Activity.objects.get(program=program, number="1.1")
    assert first.description.startswith("Классные часы;")
    assert first.result_text == "Участники проинформированы; Вид документа: Публикация на сайте"
    assert program.period_start.isoformat() == "2024-09-01"


def test_other_columns_are_listed_in_the_preview_and_kept_as_the_note(client, world):
    client.force_login(world.curator)
    upload(client, world, "Гимназия.pdf", WRITERS["pdf"](*LEGAL_DATABASE))
    draft = RoadmapImport.objects.get()
    page = client.get(draft.get_absolute_url()).content.decode()
    assert "Столбец «Участники» импорт не сопоставляет ни с одним полем (например, «Педагогический коллектив»)" in page
    assert "Примечание:</span> Участники: Педагогический коллектив<br>Форма проведения: Совещание" in page
    client.post(reverse("roadmap:import_commit", args=[world.school_a.slug, draft.pk]), {"title": "Гимназия"})
    activity = Activity.objects.get(program__title="Гимназия", number="1")
    assert activity.note == "Участники: Педагогический коллектив\nФорма проведения: Совещание"
    detail = client.get(reverse("roadmap:activity_detail", args=[world.school_a.slug, activity.pk])).content.decode()
    assert "Форма проведения: Совещание" in detail


def _encrypted_pdf():
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(WRITERS["pdf"](*LEGAL_DATABASE))))
    writer.encrypt("секрет")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _many_pages():
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _page in range(301):
        writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _scan():
    from weasyprint import HTML

    return HTML(string='<div style="width: 150mm; height: 200mm; background: #888"></div>').write_pdf()


@pytest.mark.parametrize(
    "name, build, says",
    [
        ("scan.pdf", _scan, "В PDF нет текстового слоя: это скан или изображение страниц"),
        ("plan.pdf", lambda: WRITERS["pdf"](*LEGAL_DATABASE)[:3000], "PDF-файл повреждён"),
        ("plan.pdf", _encrypted_pdf, "PDF защищён паролем"),
        ("plan.pdf", _many_pages, "В PDF больше 300 страниц (301): разделите его на файлы поменьше."),
        ("plan.odt", lambda: WRITERS["odt"](*COLLEGE)[:2000], "повреждён"),
        ("plan.odt", lambda: b"just text named .odt", "но это простой текст"),
    ],
)
def test_a_pdf_or_odt_that_cannot_be_read_is_explained(client, world, name, build, says):
    client.force_login(world.curator)
    programs = Program.objects.count()
    response = upload(client, world, name, build())
    assert response.status_code == 200
    assert says in response.content.decode()
    assert not RoadmapImport.objects.exists() and Program.objects.count() == programs


def test_a_column_kept_as_a_note_can_be_mapped_in_the_preview(client, world):
    client.force_login(world.curator)
    upload(client, world, "Гимназия.xlsx", WRITERS["xlsx"](*LEGAL_DATABASE))
    draft = RoadmapImport.objects.get()
    # NN п/п, Мероприятие, Сроки, Ответственные, Участники (now the result), Форма проведения (left as a note).
    columns = {"col-0-0": "number", "col-0-1": "activity", "col-0-2": "term", "col-0-3": "responsible"}
    client.post(reverse("roadmap:import_remap", args=[world.school_a.slug, draft.pk]), {**columns, "col-0-4": "result"})
    draft.refresh_from_db()
    [first, *_] = draft.data["sections"][0]["activities"]
    assert (first["result"], first["note"]) == ("Педагогический коллектив", "Форма проведения: Совещание")
    assert not any("«Участники»" in message for _row, message in draft.warnings)
    assert any("«Форма проведения»" in message for _row, message in draft.warnings)
