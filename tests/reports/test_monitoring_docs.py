"""The program's final report and the district's analytical note: what the PDF and the XLSX say, the
task that makes them (eager Celery), the status partial, and who may download them."""

import io
import os
import re
import subprocess
import zipfile
from datetime import date, timedelta

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from reports import documents, services
from reports.models import GeneratedReport
from tests import clients
from tests.reports.test_monitoring import PUPILS, TEACHERS, TODAY, build_monitored

KEEP = os.environ.get("KEEP_PDF")  # a directory to leave the rendered documents in, to look at them


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def monitored(world):
    return build_monitored(world)


def pdf_text(content, name=None):
    if KEEP and name:
        with open(os.path.join(KEEP, name), "wb") as out:
            out.write(content)
    reader = PdfReader(io.BytesIO(content))
    return len(reader.pages), " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def cells(sheet):
    return [[c for c in row] for row in sheet.iter_rows(values_only=True)]


def test_the_final_report_pdf(monitored):
    monitored.school_a.founder = "Администрация района"
    monitored.school_a.save()
    pages, text = pdf_text(documents.program_report_pdf(monitored.program, today=date(2026, 10, 10)), "program.pdf")
    assert pages >= 4
    for heading in (
        "ОТЧЁТ",
        "по итогам программы наставничества",
        "Администрация района",
        monitored.school_a.full_name,
        "с 1 сентября 2026 г. по 31 мая 2027 г.",
        "Составлен 10 октября 2026 г.",
        "Выполнение дорожной карты по этапам",
        "Часть 1: качество реализации",
        "Удовлетворённость наставляемых",
        "Удовлетворённость по формам наставничества",
        "Анкета куратора",
        "Часть 2: динамика участников",
        "Выводы",
        "SWOT-анализ реализуемых форм наставничества",
        "Дети помогают друг другу",
        "Нехватка времени у наставников",
        f"Форма наставничества: {PUPILS}",
        f"Форма наставничества: {TEACHERS}",
        "Высокая вовлечённость наставников",
        "Рисунок 1",
    ):
        assert heading in text, heading
    # Page numbers as ГОСТ Р 7.0.97-2025 wants them: digits in the top margin, from the second page.
    content = documents.program_report_pdf(monitored.program, today=date(2026, 10, 10))
    top = (0, 0, 595, 56)
    assert clients.page_text(content, 1, region=top).strip() == ""
    assert clients.page_text(content, 2, region=top).strip() == "2"
    assert not re.search(rf"\b2 / {pages}\b", text)
    # Archived and read aloud: PDF/A-3b with tags, A4, by the school.
    info = clients.pdfinfo(content)
    assert info["Tagged"] == "yes" and info["Page size"] == "595.276 x 841.89 pts (A4)"
    assert info["Author"] == monitored.program.organization.short_name
    assert 'pdfaid:part="3"' in clients.xmp(content)
    assert clients.qpdf_check(content)[0]
    assert "Эффективность программы наставничества 3 8,0" in text  # 3 answers, mean 8
    assert "Поддержка куратора 2 9,0" in text
    assert "Итоговое анкетирование — итоговое" in text and " 4 3 75" in text  # invited, answered, %
    assert "Уверенность в себе" in text or "Насколько вы уверены в себе и своих силах?" in text
    assert "Уверенность в себе» +3" in text  # confidence 5 → 8
    # The people compared are counted; their names stay out of the document.
    assert "Абрамов" not in text


def words(content):
    """Each word of a PDF with its box, as poppler's pdftotext reads them: (page, text, x0, y0, x1, y1)."""
    xml = subprocess.run(["pdftotext", "-bbox", "-", "-"], input=content, capture_output=True, check=True).stdout
    found, page = [], 0
    for line in xml.decode().splitlines():
        if "<page " in line:
            page += 1
        match = re.search(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', line)
        if match:
            x0, y0, x1, y1 = (float(v) for v in match.group(1, 2, 3, 4))
            found.append((page, match.group(5), x0, y0, x1, y1))
    return found


def test_the_growth_tables_headers_do_not_run_into_each_other(monitored):
    """«Без изменений» used to overlap «Снижение» in the growth table's header."""
    content = documents.program_report_pdf(monitored.program, today=date(2026, 10, 10))
    found = words(content)
    page = next(w[0] for w in found if w[1] == "Снижение")
    header_top = next(w[3] for w in found if w[0] == page and w[1] == "Снижение")
    header = [w for w in found if w[0] == page and header_top - 1 <= w[3] <= header_top + 30 and w[2] > 200]
    right_edge = max(w[4] for w in found if w[0] == page and w[1] == "Снижение")
    for a in header:
        for b in header:
            if a is not b:
                overlap_x = min(a[4], b[4]) - max(a[2], b[2])
                overlap_y = min(a[5], b[5]) - max(a[3], b[3])
                assert overlap_x <= 0 or overlap_y <= 0, f"{a[1]!r} overlaps {b[1]!r}"
    width = float(PdfReader(io.BytesIO(content)).pages[page - 1].mediabox.width)
    assert right_edge < width - 40  # inside the right margin


def test_the_final_report_xlsx(monitored):
    book = load_workbook(io.BytesIO(documents.program_report_xlsx(monitored.program)))
    assert book.sheetnames == ["Показатели", "Удовлетворённость", "По формам", "Динамика", "Анкетирование", "SWOT"]
    figures = {row[0]: row[1] for row in cells(book["Показатели"]) if row and row[0]}
    in_pairs = (figures["Наставников в парах программы"], figures["Наставляемых в парах программы"])
    assert (*in_pairs, figures["Пар (групп) всего"]) == (4, 4, 4)
    assert figures["Просрочено"] == 1
    satisfaction = cells(book["Удовлетворённость"])
    assert [
        "Анкета удовлетворённости наставляемого",
        "Эффективность программы наставничества",
        "1–10",
        3,
        8.0,
    ] in [list(r) for r in satisfaction]
    by_form = {r[0]: r for r in cells(book["По формам"]) if r and r[0]}
    assert by_form[PUPILS][2] == 18 and by_form[TEACHERS][1] is not None
    growth = {r[0]: r for r in cells(book["Динамика"]) if r and r[0]}
    assert "Участник" not in growth  # the file goes upward: counts, not the children's names
    assert list(growth["Насколько вы уверены в себе и своих силах?"][1:4]) == [5.0, 8.0, 3.0]
    rates = {r[0]: r for r in cells(book["Анкетирование"])}
    assert list(rates["Итоговое анкетирование"][4:]) == [4, 3, 75]
    swot = {r[0]: r for r in cells(book["SWOT"])}
    assert swot[PUPILS][1] == "Дети помогают друг другу" and swot[PUPILS][4] == "Нехватка времени у наставников"


def test_the_analytical_note_pdf_and_xlsx(monitored):
    municipality = monitored.school_a.municipality
    content = documents.analytical_note_pdf(municipality, today=date(2026, 10, 10))
    pages, text = pdf_text(content, "note.pdf")
    assert pages >= 3
    info = clients.pdfinfo(content)
    assert info["Tagged"] == "yes" and info["Author"] == municipality.name
    assert 'pdfaid:part="3"' in clients.xmp(content) and clients.qpdf_check(content)[0]
    for heading in (
        "Аналитическая справка",
        "о реализации целевой модели наставничества",
        "в образовательных организациях района",
        municipality.name,
        "по состоянию на 10 октября 2026 г.",
        "Показатели по образовательным организациям",
        "Итого по району",
        "Выполнение дорожных карт по этапам",
        "Выполнение дорожной карты ниже среднего по организациям района",
        "Просрочено 10% мероприятий дорожной карты и более",
        "Выводы",
        monitored.school_a.short_name,
        monitored.school_b.short_name,
    ):
        assert heading in text, heading
    assert monitored.foreign_school.short_name not in text

    book = load_workbook(io.BytesIO(documents.analytical_note_xlsx(municipality, today=date(2026, 10, 10))))
    rows = {r[0]: r for r in cells(book["Организации"])}
    a = rows[monitored.school_a.short_name]
    header = cells(book["Организации"])[0]
    column = {name: i for i, name in enumerate(header)}
    assert a[column["Наставников"]] == 4 + 0 and a[column["Наставляемых"]] == 4 and a[column["Пар (групп)"]] == 4
    assert a[column["Просрочено"]] == 1
    assert a[column["Удовлетворённость наставников"]] is not None
    assert rows["Итого по району"][column["Пар (групп)"]] == 4
    assert monitored.foreign_school.short_name not in rows
    lagging = [r[0] for r in cells(book["Отстающие"])[1:]]
    assert monitored.school_a.short_name in lagging  # its only activity is overdue


def test_the_report_is_made_by_the_task_and_downloaded(client, monitored, django_capture_on_commit_callbacks):
    client.force_login(monitored.curator)
    new = reverse("reports:program_report_new", args=[monitored.school_a.slug, monitored.program.pk])
    with django_capture_on_commit_callbacks(execute=True):
        reply = client.post(new, {"format": "pdf"})
    assert reply.status_code == 302
    report = GeneratedReport.objects.get()
    assert (report.status, report.kind, report.organization, report.created_by) == (
        "ready",
        "program_report",
        monitored.school_a,
        monitored.curator,
    )
    assert report.file.name.startswith(f"reports/o{monitored.school_a.pk}/program_report-")
    status = client.get(reverse("reports:program_report_status", args=[monitored.school_a.slug, report.pk]))
    assert 'data-testid="report-download"' in status.content.decode() and "hx-get" not in status.content.decode()
    download = client.get(reverse("reports:program_report_download", args=[monitored.school_a.slug, report.pk]))
    assert download.status_code == 200
    content = b"".join(download.streaming_content)
    assert content.startswith(b"%PDF") and "Отчёт по итогам" not in download["Content-Disposition"]
    assert "attachment" in download["Content-Disposition"]
    # The page lists it.
    page = client.get(reverse("reports:program_monitoring", args=[monitored.school_a.slug, monitored.program.pk]))
    assert f'id="report-{report.pk}"' in page.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(new, {"format": "xlsx"})
    xlsx = GeneratedReport.objects.filter(format="xlsx").get()
    assert xlsx.status == "ready" and xlsx.file.name.endswith(".xlsx")


def test_a_queued_report_polls_and_a_failed_one_says_so(client, monitored, monkeypatch):
    report = GeneratedReport.objects.create(
        kind="program_report", format="pdf", organization=monitored.school_a, program=monitored.program
    )
    client.force_login(monitored.director)
    url = reverse("reports:program_report_status", args=[monitored.school_a.slug, report.pk])
    assert f'hx-get="{url}"' in client.get(url).content.decode()

    def broken(program):
        raise RuntimeError("fonts are missing")

    monkeypatch.setattr(documents, "program_report_pdf", broken)
    from reports.tasks import render_report

    render_report.delay(report.pk)  # eager: retried in-process, then recorded as failed
    report.refresh_from_db()
    assert report.status == "failed" and "fonts are missing" in report.error
    failed = client.get(url).content.decode()
    assert 'class="text-danger"' in failed and "hx-get" not in failed  # says so, and stops polling
    download = reverse("reports:program_report_download", args=[monitored.school_a.slug, report.pk])
    assert client.get(download).status_code == 404


def test_the_district_note_through_the_task(client, monitored, django_capture_on_commit_callbacks):
    district = monitored.school_a.municipality
    client.force_login(monitored.coordinator)
    page = client.get(reverse("reports:analytical_note", args=[district.slug]))
    assert page.status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        reply = client.post(
            reverse("reports:analytical_note_new", args=[district.slug]), {"format": "xlsx", "on": "2026-10-05"}
        )
    assert reply.status_code == 302
    note = GeneratedReport.objects.get()
    assert (note.status, note.municipality, note.on, note.organization) == ("ready", district, date(2026, 10, 5), None)
    download = client.get(reverse("reports:analytical_note_download", args=[district.slug, note.pk]))
    assert download.status_code == 200
    book = load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    assert "Организации" in book.sheetnames
    assert "analiticheskaya-spravka-2026-10-05.xlsx" in download["Content-Disposition"]


def ready_report(**fields):
    """A made document with a file (tests/test_permissions.py uses it too)."""
    report = GeneratedReport(status="ready", **fields)
    report.file.save("x", ContentFile(b"%PDF-1.4 test"), save=False)
    report.save()
    return report


def test_other_tenants_get_404_and_roles_without_the_right_403(client, monitored):
    school_a, district = monitored.school_a, monitored.school_a.municipality
    own = ready_report(kind="program_report", format="pdf", organization=school_a, program=monitored.program)
    other = ready_report(
        kind="program_report", format="pdf", organization=monitored.school_b, program=monitored.program_b
    )
    note = ready_report(kind="analytical_note", format="pdf", municipality=district)
    foreign_note = ready_report(
        kind="analytical_note", format="pdf", municipality=monitored.foreign_school.municipality
    )
    org_urls = [
        reverse("reports:program_monitoring", args=[school_a.slug, monitored.program.pk]),
        reverse("reports:program_report_status", args=[school_a.slug, own.pk]),
        reverse("reports:program_report_download", args=[school_a.slug, own.pk]),
    ]
    district_urls = [
        reverse("reports:analytical_note", args=[district.slug]),
        reverse("reports:analytical_note_status", args=[district.slug, note.pk]),
        reverse("reports:analytical_note_download", args=[district.slug, note.pk]),
    ]
    for role in ("curator_b", "foreign_coordinator", "outsider"):
        client.force_login(getattr(monitored, role))
        for url in org_urls + district_urls:
            assert client.get(url).status_code == 404, (role, url)
        assert (
            client.post(
                reverse("reports:program_report_new", args=[school_a.slug, monitored.program.pk]), {"format": "pdf"}
            ).status_code
            == 404
        )
    for role in ("mentor", "mentee"):
        client.force_login(getattr(monitored, role))
        for url in org_urls:
            assert client.get(url).status_code == 403, (role, url)
        for url in district_urls:
            assert client.get(url).status_code == 404, (role, url)
    client.force_login(monitored.curator)
    # Another school's report, or another district's note, through one's own address.
    assert client.get(reverse("reports:program_report_download", args=[school_a.slug, other.pk])).status_code == 404
    assert client.get(reverse("reports:program_report_download", args=[school_a.slug, note.pk])).status_code == 404
    client.force_login(monitored.coordinator)
    foreign = reverse("reports:analytical_note_download", args=[district.slug, foreign_note.pk])
    assert client.get(foreign).status_code == 404
    assert client.get(reverse("reports:analytical_note_download", args=[district.slug, note.pk])).status_code == 200


def test_an_unknown_format_is_refused(monitored):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.program_report_request(program=monitored.program, format="docx", user=monitored.curator)


def test_the_admin_lists_generated_reports(client, monitored):
    from tests.factories import UserFactory

    ready_report(kind="program_report", format="pdf", organization=monitored.school_a, program=monitored.program)
    client.force_login(UserFactory(email="support@nastavnik.test", is_staff=True, is_superuser=True))
    changelist = reverse("admin:reports_generatedreport_changelist")
    assert client.get(changelist, {"q": "СОШ"}).status_code == 200
    report = GeneratedReport.objects.get()
    assert client.get(reverse("admin:reports_generatedreport_change", args=[report.pk])).status_code == 200


def test_typed_text_goes_into_the_xlsx_as_text_not_as_a_formula():
    """A respondent's answer «=HYPERLINK(…)» must not become a live formula in the curator's file, and a
    vertical tab pasted from Word must not make the workbook impossible to write."""
    content = documents._xlsx(
        [("SWOT", [["Сильные стороны"], ['=HYPERLINK("http://evil.test/","click")'], ["a\x0bb"]])]
    )
    sheet = load_workbook(io.BytesIO(content))["SWOT"]
    assert sheet["A2"].value == '=HYPERLINK("http://evil.test/","click")' and sheet["A2"].data_type == "s"
    assert sheet["A3"].value == "ab"
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert "<f>" not in archive.read("xl/worksheets/sheet1.xml").decode()


def test_a_report_lost_on_the_way_is_made_again_then_failed_in_the_database(client, monitored, settings):
    """A worker killed mid-render leaves the report queued: the sweep sends it again; one that keeps
    dying is marked failed in the database, with its reason, and the page stops polling."""
    report = GeneratedReport.objects.create(
        kind="program_report", format="pdf", organization=monitored.school_a, program=monitored.program, attempts=1
    )
    later = timezone.now() + timedelta(seconds=settings.TASK_DEADLINE_SECONDS + 1)
    assert services.sweep_lost_reports(now=later) == 1  # eager: made at once
    report.refresh_from_db()
    assert (report.status, report.attempts) == ("ready", 2) and report.file
    assert services.sweep_lost_reports(now=later) == 0  # nothing owed any more

    lost = GeneratedReport.objects.create(
        kind="program_report",
        format="pdf",
        organization=monitored.school_a,
        program=monitored.program,
        attempts=settings.TASK_MAX_ATTEMPTS,
    )
    assert services.sweep_lost_reports(now=later) == 0
    lost.refresh_from_db()
    assert lost.status == "failed" and lost.error == (
        "Работа прерывалась (останавливался обработчик задач или очередь); "
        f"после {settings.TASK_MAX_ATTEMPTS} попыток она прекращена."
    )
    client.force_login(monitored.curator)
    page = client.get(reverse("reports:program_report_status", args=[monitored.school_a.slug, lost.pk]))
    html = page.content.decode()
    assert "hx-get" not in html and "не удалось сформировать" in html


def test_a_report_asked_for_while_the_broker_is_down_waits_in_the_database_and_is_sent_later(
    monitored, monkeypatch, django_capture_on_commit_callbacks, settings
):
    from kombu.exceptions import OperationalError

    from reports import tasks

    def down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    with monkeypatch.context() as patch:
        patch.setattr(tasks.render_report, "delay", down)
        with django_capture_on_commit_callbacks(execute=True):
            report = services.program_report_request(program=monitored.program, format="pdf", user=monitored.curator)
    report.refresh_from_db()
    assert (report.status, report.attempts) == ("queued", 0)

    assert services.sweep_lost_reports() == 0  # before its deadline: not yet
    later = timezone.now() + timedelta(seconds=settings.TASK_DEADLINE_SECONDS + 1)
    assert services.sweep_lost_reports(now=later) == 1
    report.refresh_from_db()
    assert report.status == "ready"


def test_deleting_a_report_deletes_its_file(monitored, django_capture_on_commit_callbacks):
    report = ready_report(
        kind="program_report", format="pdf", organization=monitored.school_a, program=monitored.program
    )
    storage, name = report.file.storage, report.file.name
    assert storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        report.delete()
    assert not storage.exists(name)


def test_a_date_the_note_cannot_read_is_refused_not_replaced_by_today(client, monitored):
    district = monitored.school_a.municipality
    client.force_login(monitored.coordinator)
    response = client.post(
        reverse("reports:analytical_note_new", args=[district.slug]), {"format": "pdf", "on": "0001-01-01"}, follow=True
    )
    assert "Дата не распознана" in response.content.decode()
    assert not GeneratedReport.objects.filter(municipality=district).exists()


def overlapping_words(found, tolerance=0.5):
    """Pairs of words on one page whose boxes overlap: text that ran into its neighbour."""
    clashes = []
    by_page = {}
    for w in found:
        by_page.setdefault(w[0], []).append(w)
    for page, items in by_page.items():
        items.sort(key=lambda w: w[2])
        for i, a in enumerate(items):
            for b in items[i + 1 :]:
                if b[2] >= a[4] - tolerance:
                    break
                if min(a[5], b[5]) - max(a[3], b[3]) > tolerance and min(a[4], b[4]) - max(a[2], b[2]) > tolerance:
                    clashes.append((page, a[1], b[1]))
    return clashes


def test_no_text_of_the_analytical_note_runs_into_its_neighbour(monitored):
    """«2. Наставляемые» used to run into «3. Наставники» in the stage table's header."""
    content = documents.analytical_note_pdf(monitored.program.organization.municipality, today=date(2026, 10, 10))
    found = words(content)
    assert any(w[1] == "Наставляемые" for w in found)
    assert overlapping_words(found) == []


def test_the_overlap_check_sees_words_that_run_into_each_other():
    assert overlapping_words([(1, "2.", 10, 10, 20, 20), (1, "Наставляемые", 12, 10, 80, 20)]) == [
        (1, "2.", "Наставляемые")
    ]
    assert overlapping_words([(1, "a", 10, 10, 20, 20), (1, "b", 21, 10, 30, 20)]) == []


def test_no_text_of_the_programs_final_report_runs_into_its_neighbour(monitored):
    content = documents.program_report_pdf(monitored.program, today=date(2026, 10, 10))
    assert overlapping_words(words(content)) == []
