"""What people type never runs as a formula in a file the portal hands out, and the files open in
Russian Excel and LibreOffice as tables of dates, numbers and text (mentoring.spreadsheets).

Someone types «=HYPERLINK("http://x")» as a surname, a request or an order's title; the district
opens the export: Excel must show that text, not follow the link."""

import io
from datetime import date, datetime
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from audit.models import AuditEntry
from mentoring import spreadsheets, transfer
from mentoring.models import Person
from orders import services as orders
from orders.models import Order
from reports import upward
from reports.documents import analytical_note_xlsx, program_report_xlsx
from tests.factories import MenteeFactory, PersonFactory, teacher_mentor

from .sheets import (
    PAYLOADS,
    assert_csv_keeps_as_text,
    assert_xlsx_keeps_as_text,
    csv_rows,
    libreoffice_russian_import,
    xlsx_cells,
)


@pytest.fixture
def curator(client, world):
    client.force_login(world.curator)
    return client


def people_named_like_formulae(world):
    """A mentee and a mentor for each formula-like start, the mentee's request one too."""
    for payload in PAYLOADS:
        MenteeFactory(
            person=PersonFactory(organization=world.school_a, last_name=payload, experience_years=2),
            request=payload + " запрос",
        )
        mentor = teacher_mentor(world.school_a, achievements=payload + " достижение")
        Person.objects.filter(pk=mentor.person_id).update(last_name=payload, experience_years=5)


def export(client, world, kind, file_format):
    url = reverse(f"mentoring:{kind}_export", args=[world.school_a.slug])
    return client.get(url, {"format": file_format})


# --- the one rule ------------------------------------------------------------------------------------


def test_only_text_is_escaped_a_negative_number_stays_a_number():
    assert [spreadsheets.csv_cell(v) for v in ("-1", -1, -1.5, "+7 900", "@x", "Иванов", "\t=1")] == [
        "'-1",
        "-1",
        "-1,5",
        "'+7 900",
        "'@x",
        "Иванов",
        "'\t=1",
    ]
    assert spreadsheets.csv_cell(date(2026, 9, 1)) == "01.09.2026"
    book = Workbook()
    spreadsheets.append(book.active, [-1, "-1", date(2026, 9, 1)])
    number, text, day = book.active[1]
    assert (number.data_type, number.value) == ("n", -1)
    assert (text.data_type, text.value, text.quotePrefix) == ("s", "-1", True)
    assert day.number_format == "DD.MM.YYYY"


# --- the bases ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["mentee", "mentor"])
def test_formula_like_names_and_requests_stay_text_in_the_bases_xlsx(curator, world, kind):
    people_named_like_formulae(world)

    response = export(curator, world, kind, "xlsx")

    assert_xlsx_keeps_as_text(response.content)
    assert response["Content-Type"] == spreadsheets.XLSX_TYPE


@pytest.mark.parametrize("kind", ["mentee", "mentor"])
def test_formula_like_names_and_requests_are_marked_as_text_in_the_bases_csv(curator, world, kind):
    people_named_like_formulae(world)

    response = export(curator, world, kind, "csv")

    assert_csv_keeps_as_text(response.content)
    assert response["Content-Type"] == "text/csv; charset=utf-8"


def test_the_mentee_base_xlsx_has_dates_and_numbers_a_russian_sheet_and_a_frozen_header(curator, world):
    MenteeFactory(person=PersonFactory(organization=world.school_a, last_name="Орлова", experience_years=2))

    response = export(curator, world, "mentee", "xlsx")

    book = load_workbook(io.BytesIO(response.content))
    sheet = book.active
    assert sheet.title == "База наставляемых" and sheet.freeze_panes == "A2"
    header = [c.value for c in sheet[1]]
    row = dict(zip(header, sheet[2], strict=True))
    assert row["Фамилия"].value == "Орлова"
    assert row["Дата рождения"].value == datetime(1990, 3, 1)
    assert row["Дата рождения"].number_format == "DD.MM.YYYY"
    assert row["Согласие на обработку ПДн, дата"].value == datetime(2026, 9, 1)
    assert row["Педагогический стаж, лет"].value == 2
    assert sheet.column_dimensions["A"].width >= 8
    today = timezone.localdate()
    assert response["Content-Disposition"] == (
        f'attachment; filename="school-a-mentees-{today:%Y-%m-%d}.xlsx"; '
        f"filename*=UTF-8''{quote(f'База наставляемых МБОУ «СОШ №1» {today:%d.%m.%Y}.xlsx')}"
    )


def test_the_mentor_base_csv_opens_in_russian_libreoffice_one_value_a_column(curator, world):
    mentor = teacher_mentor(world.school_a, achievements="Победитель конкурса; «Учитель года», 2025")
    Person.objects.filter(pk=mentor.person_id).update(last_name='=HYPERLINK("http://x")', experience_years=12)

    response = export(curator, world, "mentor", "csv")

    assert "filename*=UTF-8''" + quote("База наставников") in response["Content-Disposition"]
    header, line = csv_rows(response.content)
    rows = libreoffice_russian_import(response.content)
    assert [c.value for c in rows[0]] == header  # every header in its own column
    cells = dict(zip(header, rows[1], strict=False))
    assert cells["Фамилия"].data_type == "s" and cells["Фамилия"].value.startswith("'=HYPERLINK")
    assert cells["Дата рождения"].value == datetime(1990, 3, 1)  # a date, not text
    assert cells["Педагогический стаж, лет"].value == 12  # a number
    assert cells["Максимум наставляемых"].value == 2
    assert cells["Достижения"].value == "Победитель конкурса; «Учитель года», 2025"
    assert not [c for row in rows for c in row if c.data_type == "f"]


@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
def test_an_exported_base_reads_back_as_typed(curator, world, file_format):
    """A base exported and imported again keeps what people typed (without the CSV's «'» mark), its
    dates and its numbers."""
    MenteeFactory(
        person=PersonFactory(organization=world.school_a, last_name='=HYPERLINK("http://x")', experience_years=3),
        request="-1+2 запрос",
    )
    content = export(curator, world, "mentee", file_format).content

    upload = SimpleUploadedFile(f"база.{file_format}", content)
    headers, [(_line, cells)] = transfer.read_table(upload, transfer.MenteeResource.headers())

    row = dict(zip(headers, cells, strict=True))
    assert row["Фамилия"] == '=HYPERLINK("http://x")'
    assert row["Запрос"] == "-1+2 запрос"
    assert row["Дата рождения"] in ("1990-03-01", "01.03.1990")
    assert transfer.DateWidget().clean(row["Дата рождения"]) == date(1990, 3, 1)
    assert row["Педагогический стаж, лет"] == "3"


# --- reports, the journal, the audit log -----------------------------------------------------------------


def test_a_formula_like_school_name_stays_text_in_the_upward_report_and_the_analytical_note(world):
    municipality = world.school_a.municipality
    for payload in PAYLOADS:
        world.school_a.short_name = payload
        world.school_a.save()
        assert_xlsx_keeps_as_text(upward.upward_xlsx(municipality, date(2026, 10, 1)), [payload])
        assert_csv_keeps_as_text(upward.upward_csv(municipality, date(2026, 10, 1)), [payload])
        assert_xlsx_keeps_as_text(analytical_note_xlsx(municipality), [payload])


def test_a_formula_like_program_title_stays_text_in_the_final_report(world):
    for payload in PAYLOADS:
        world.program.title = payload
        world.program.save()
        assert_xlsx_keeps_as_text(program_report_xlsx(world.program), [payload])


def test_a_formula_like_order_title_stays_text_in_the_journal(client, world):
    order = orders.order_create(program=world.program, kind="curator", user=world.curator)
    client.force_login(world.director)
    for payload in PAYLOADS:
        Order.objects.filter(pk=order.pk).update(title=payload)
        response = client.get(reverse("orders:journal", args=[world.school_a.slug]), {"format": "xlsx"})
        assert_xlsx_keeps_as_text(response.content, [payload])


def test_a_formula_like_name_stays_text_in_the_audit_log_and_its_times_are_moscow_times(client, world):
    for payload in PAYLOADS:
        AuditEntry.objects.create(
            organization=world.school_a, user=world.curator, user_label=payload, action="person_viewed"
        )
    client.force_login(world.director)

    response = client.get(reverse("audit:export", args=[world.school_a.slug]))

    assert_xlsx_keeps_as_text(response.content)
    cells = xlsx_cells(response.content)
    assert cells[0].value == "Когда (Europe/Moscow, UTC+03:00)"
    when = [c for c in cells if c.column == 1 and c.row > 1]
    assert all(isinstance(c.value, datetime) and c.value.microsecond == 0 for c in when)
