"""The main story in a real browser: the curator marks an activity done with a scan of the order,
and the district coordinator sees the school's progress move."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import ActivityFactory

# The live server needs committed data; serialized rollback puts the migrated rows back afterwards.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
PASSWORD = "secret-password-1"


def log_in(page, live_server, email):
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Электронная почта").fill(email)
    page.get_by_label("Пароль").fill(PASSWORD)
    page.get_by_role("button", name="Войти").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Добрый день")


def log_out(page):
    if page.locator(".navbar-toggler").is_visible():
        # On a phone the menu slides open first: a click on its user menu while it is still sliding
        # may be lost, so wait until the menu has finished opening.
        expect(page.locator(".navbar-collapse.show")).to_be_visible()
        expect(page.locator(".navbar-collapse.collapsing")).to_have_count(0)
    page.locator("nav .dropdown-toggle").last.click()
    page.get_by_role("button", name="Выйти").click()


def test_curator_marks_an_activity_done_and_the_coordinator_sees_the_progress(page, live_server, world, tmp_path):
    for number in ("1.2", "1.3", "1.4"):
        ActivityFactory(section=world.section, number=number, title=f"Мероприятие {number}")
    scan = tmp_path / "Приказ о внедрении.pdf"
    scan.write_bytes(b"%PDF-1.4\n% scan of the signed order\n")

    log_in(page, live_server, "curator@a.test")
    page.get_by_role("link", name=re.compile(world.program.title)).first.click()
    timeline = page.get_by_test_id("timeline")
    expect(timeline).to_contain_text("1.1 Издание приказа о внедрении")
    page.screenshot(path=str(tmp_path / "timeline.png"), full_page=True)

    timeline.get_by_role("link", name=re.compile("1.1 Издание приказа")).click()
    form = page.get_by_test_id("complete-form")
    form.locator("input[type=file]").set_input_files(str(scan))
    form.get_by_role("button", name="Отметить выполненным").click()
    expect(page.locator(".alert-success")).to_contain_text("Мероприятие отмечено как выполненное")
    expect(page.get_by_test_id("activity-status")).to_contain_text("выполнено")
    expect(page.get_by_test_id("evidence")).to_contain_text("Приказ о внедрении.pdf")
    log_out(page)

    log_in(page, live_server, "coordinator@district.test")
    page.get_by_role("link", name="Все программы района").click()
    row = page.locator("tr[data-org='school-a']")
    expect(row.get_by_test_id("total-progress")).to_contain_text("25%")
    expect(page.locator("tr[data-org='school-b']")).to_be_visible()
    expect(page.locator("tr[data-org='foreign-school']")).to_have_count(0)
