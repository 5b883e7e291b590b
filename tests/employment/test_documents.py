"""What the accountant and the parties open: the month's statement (XLSX, opened by LibreOffice) with
sums checked by hand for a month with a start, a replacement and an early end; the agreement and the
notice as PDF (pdfinfo, pdftotext, qpdf) and as DOCX (laid out by LibreOffice)."""

import csv
import io
from datetime import date

from django.urls import reverse

from audit.models import Action, AuditEntry
from employment import services
from mentoring.services import create_pair, replace_mentor
from tests import clients
from tests.factories import MenteeFactory, teacher_mentor


def march_2026(staff, today):
    """March 2026 (31 days, 3 100 ₽ a mentee a month: 100 ₽ a day). Иванова mentors Сидорова from 2
    March and Орлов from 1 March until he passes to Петрова on 16 March; Петрова's own agreement is
    ended by the school with notice on Friday 20 March, so her last day is Wednesday 25 March."""
    w = staff.world
    orlov = MenteeFactory(person__organization=staff.school, person__last_name="Орлов", person__first_name="Пётр")
    today.move_to("2026-03-01 10:00 +03:00")
    pair_b = create_pair(
        program=staff.program, mentor=staff.mentor, mentees=[orlov], form=staff.form, started_on=date(2026, 3, 1)
    )
    first = staff.in_force(pairs=[staff.pair, pair_b], starts_on=date(2026, 3, 1))
    second = teacher_mentor(staff.school, capacity=3)
    second.person.last_name, second.person.first_name = "Петрова", "Мария"
    second.person.save()
    today.move_to("2026-03-16 10:00 +03:00")
    replace_mentor(pair_b, new_mentor=second, on=date(2026, 3, 16), reason="Перераспределение нагрузки")
    other = staff.draft(mentor=second, pairs=[pair_b], starts_on=date(2026, 3, 16))
    services.assignment_sign(other, user=w.director)
    services.assignment_acknowledge(other, on=date(2026, 3, 16))
    today.move_to("2026-03-20 10:00 +03:00")
    services.assignment_end_early(other, by="employer", notice_on=date(2026, 3, 20), reason="Отпуск")
    return first, other


def rows_of(csv_bytes):
    return list(csv.reader(io.StringIO(csv_bytes.decode("utf-8"))))


def test_the_statement_for_a_month_with_a_start_a_replacement_and_an_early_end(client, staff, today):
    first, second = march_2026(staff, today)
    client.force_login(staff.world.director)
    page = client.get(reverse("employment:statement", args=[staff.school.slug]), {"month": "2026-03"})
    body = page.content.decode()
    # Иванова: Орлов 1–15 March (15 days) 1 500 ₽, Сидорова 2–31 March (30 days) 3 000 ₽; Петрова: Орлов 16–25 March.
    assert "4\xa0500,00\xa0₽" in body and "1\xa0000,00\xa0₽" in body and "5\xa0500,00\xa0₽" in body
    assert "пропорционально календарным дням месяца" in body

    download = client.get(
        reverse("employment:statement", args=[staff.school.slug]), {"month": "2026-03", "format": "xlsx"}
    )
    assert download["Cache-Control"] == "private, no-store"
    assert "2026-03.xlsx" in download["Content-Disposition"]
    # LibreOffice writes the cells as formatted (#,##0.00, in its default English locale).
    table = rows_of(clients.libreoffice_convert(download.content, ".xlsx", "csv:Text - txt - csv (StarCalc):44,34,76"))
    assert table[0][0].startswith("Ведомость доплаты за наставничество") and "март 2026 г." in table[0][0]
    lines = [row for row in table[3:] if row and row[0].isdigit() and row[4] != "Итого по наставнику"]
    found = sorted((row[1], row[4], row[7], row[10]) for row in lines)
    assert found == [
        ("Иванова Анна Сергеевна", "Орлов Пётр Павловна", "15", "1,500.00"),
        ("Иванова Анна Сергеевна", "Сидорова Елена Павловна", "30", "3,000.00"),
        ("Петрова Мария Павловна", "Орлов Пётр Павловна", "10", "1,000.00"),
    ]
    totals = {row[1]: row[10] for row in table if len(row) > 4 and row[4] == "Итого по наставнику"}
    assert totals == {"Иванова Анна Сергеевна": "4,500.00", "Петрова Мария Павловна": "1,000.00"}
    assert [row[10] for row in table if len(row) > 1 and row[1] == "Всего"] == ["5,500.00"]
    assert AuditEntry.objects.filter(action=Action.PAY_STATEMENT_DOWNLOADED, organization=staff.school).count() == 1


def test_a_month_must_be_chosen_and_nothing_is_made_otherwise(client, staff):
    client.force_login(staff.world.curator)
    page = client.get(reverse("employment:statement", args=[staff.school.slug]), {"month": "март", "format": "xlsx"})
    assert page.status_code == 200 and "Выберите месяц." in page.content.decode()
    assert not AuditEntry.objects.filter(action=Action.PAY_STATEMENT_DOWNLOADED).exists()


def test_the_agreement_and_the_notice_open_in_pdf_readers_and_word_processors(client, staff, today):
    assignment = staff.in_force(contract="от 01.09.2020 № 45")
    client.force_login(staff.world.curator)
    slug = staff.school.slug
    pdf = client.get(reverse("employment:agreement_pdf", args=[slug, assignment.pk])).content
    info = clients.pdfinfo(pdf)
    assert info["Page size"].startswith("595.") and int(info["Pages"]) >= 1
    passed, said = clients.qpdf_check(pdf)
    assert passed, said
    text = clients.words(clients.page_text(pdf, 1))
    assert "Дополнительное соглашение № 1/2026 к трудовому договору от 01.09.2020 № 45" in text
    assert "Сидорова Елена Павловна, учитель математики" in text and "3 100,00 ₽ в месяц" in text

    docx = client.get(reverse("employment:agreement_docx", args=[slug, assignment.pk])).content
    laid_out = clients.libreoffice_convert(docx, ".docx", "pdf")
    docx_text = clients.words(" ".join(clients.page_text(laid_out, n) for n in range(1, clients.pages(laid_out) + 1)))
    assert "Дополнительное соглашение № 1/2026" in docx_text and "3 100,00 ₽ в месяц" in docx_text
    assert abs(clients.pages(laid_out) - clients.pages(pdf)) <= 1

    today.move_to("2026-04-29 10:00 +03:00")
    services.assignment_end_early(assignment, by="employer", notice_on=date(2026, 4, 29), reason="Отпуск")
    client.force_login(staff.world.curator)  # weeks later: a new session
    notice = client.get(reverse("employment:notice_pdf", args=[slug, assignment.pk])).content
    notice_text = clients.words(clients.page_text(notice, 1))
    assert "Уведомление о досрочном прекращении" in notice_text and "5 мая 2026 г." in notice_text
    notice_docx = client.get(reverse("employment:notice_docx", args=[slug, assignment.pk])).content
    laid = clients.libreoffice_convert(notice_docx, ".docx", "pdf")
    assert "5 мая 2026 г." in clients.words(clients.page_text(laid, 1))
