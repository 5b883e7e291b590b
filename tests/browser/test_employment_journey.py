"""Employees' mentoring in a real browser: the curator takes a teacher from the mentor base and drafts
her assignment, downloads the agreement; the head signs it; the curator records the mentor's signature,
downloads the month's statement (paid once both have signed) and ends the mentoring early, seeing the
last day the notice allows on the production calendar before confirming."""

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from employment.models import Assignment, Status
from tests import clients
from tests.employment.conftest import staff, today  # noqa: F401  (the fixtures)

from .test_roadmap_flow import log_in, log_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_from_the_mentor_base_to_an_early_end_with_notice(page, live_server, staff, tmp_path):  # noqa: F811
    school = f"{live_server.url}/o/{staff.school.slug}"
    log_in(page, live_server, "curator@a.test")
    page.goto(f"{school}/mentors/")
    page.get_by_role("link", name="Иванова Анна Сергеевна").click()
    page.get_by_test_id("employment-create").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Наставничество по ст. 351.8 ТК")
    expect(page.get_by_label("Сидорова Елена Павловна", exact=False)).to_be_checked()
    page.get_by_label("Содержание наставничества").fill("Адаптация молодого педагога, методика урока")
    page.get_by_label("Правило оплаты").select_option(label="Доплата за наставничество")
    page.get_by_role("button", name="Подготовить соглашение").click()
    expect(page.locator(".alert-success")).to_contain_text("Проект подготовлен")
    expect(page.get_by_test_id("status")).to_have_text("черновик")
    expect(page.get_by_test_id("pay")).to_contain_text("3 100,00 ₽")
    with page.expect_download() as download:
        page.get_by_role("link", name="Соглашение PDF").click()
    draft = download.value.path().read_bytes()
    assert "ПРОЕКТ" in clients.page_text(draft, 1)
    log_out(page)

    log_in(page, live_server, "director@a.test")
    page.goto(f"{school}/employment/")
    page.get_by_role("link", name="Иванова Анна Сергеевна").click()
    page.get_by_test_id("sign").click()
    expect(page.locator(".alert-success")).to_contain_text("Соглашение № 1/2026 подписано")
    expect(page.get_by_test_id("status")).to_have_text("соглашение подписано руководителем")
    log_out(page)

    log_in(page, live_server, "curator@a.test")
    page.goto(f"{school}/employment/")
    page.get_by_role("link", name="Иванова Анна Сергеевна").click()
    page.get_by_test_id("acknowledge").click()
    expect(page.get_by_test_id("status")).to_have_text("действует")
    # Concluded by both signatures, the agreement is paid from its start.
    page.get_by_role("link", name="Ведомость доплаты за месяц").first.click()
    page.get_by_role("textbox", name="Месяц").fill("2026-03")
    page.get_by_role("button", name="Показать").click()
    expect(page.get_by_test_id("statement")).to_contain_text("Сидорова Елена Павловна")
    # 2–31 March: 30 days of 31 at 3 100 ₽ a month.
    expect(page.get_by_test_id("grand-total")).to_have_text("3 000,00 ₽")
    with page.expect_download() as download:
        page.get_by_test_id("download").click()
    path = tmp_path / "statement.xlsx"
    download.value.save_as(path)
    cells = [c for row in load_workbook(path).active.iter_rows(values_only=True) for c in row if c is not None]
    assert "Иванова Анна Сергеевна" in cells and 3000 in cells
    page.goto(f"{school}/employment/")
    page.get_by_role("link", name="Иванова Анна Сергеевна").click()
    page.get_by_test_id("end-early").click()
    page.get_by_label("работодатель").check()
    page.get_by_label("День уведомления").fill("2026-03-02")
    page.get_by_label("Причина").fill("Длительный отпуск наставника")
    page.get_by_test_id("preview").click()
    # Notice on Monday 2 March: 3, 4 and 5 March are the three working days.
    expect(page.get_by_test_id("computed-end")).to_contain_text("5 марта 2026 г.")
    assert Assignment.objects.get().status == Status.ACTIVE  # shown, not done
    page.get_by_test_id("confirm").click()
    expect(page.get_by_test_id("ended-early")).to_contain_text("5 марта 2026 г.")
    expect(page.get_by_test_id("replace")).to_contain_text("заменить наставника")
    page.screenshot(path=str(tmp_path / "ended.png"), full_page=True)
    assignment = Assignment.objects.get()
    assert assignment.status == Status.ENDED_EARLY and str(assignment.ended_on) == "2026-03-05"
