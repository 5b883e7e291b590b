"""In a real browser: a saved change is a toast read out politely (and an alert without JavaScript);
the section menu takes the curator from a program to the bases and back with the keyboard; a wide
table is a region the keyboard reaches; the roadmap table is dense."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.test_roadmap_flow import PASSWORD, log_in
from tests.factories import ActivityFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_saved_change_is_a_polite_toast(page, live_server, world):
    log_in(page, live_server, "curator@a.test")
    page.goto(f"{live_server.url}{world.activity.get_absolute_url()}")
    form = page.get_by_test_id("complete-form")
    form.locator("input[name=url]").fill("https://school-a.example/order-1")
    form.get_by_role("button", name="Отметить выполненным").click()

    toast = page.locator("[data-toast-region] .toast")
    expect(toast).to_be_visible()
    expect(toast).to_contain_text("Мероприятие отмечено как выполненное")
    expect(page.locator("[data-toast-region]")).to_have_attribute("aria-live", "polite")
    expect(page.locator("[data-toasts]")).to_have_count(0)  # not shown twice
    toast.get_by_role("button", name="Закрыть").click()
    expect(toast).to_have_count(0)


def test_without_javascript_the_message_stays_an_alert(browser, live_server, world):
    context = browser.new_context(java_script_enabled=False, locale="ru-RU")
    page = context.new_page()
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Электронная почта").fill("curator@a.test")
    page.get_by_label("Пароль").fill(PASSWORD)
    page.get_by_role("button", name="Войти").click()
    page.goto(f"{live_server.url}{world.activity.get_absolute_url()}")
    form = page.get_by_test_id("complete-form")
    form.locator("input[name=url]").fill("https://school-a.example/order-1")
    form.get_by_role("button", name="Отметить выполненным").click()

    alert = page.locator("[data-toasts] .alert-success")
    expect(alert).to_be_visible()
    expect(alert).to_contain_text("Мероприятие отмечено как выполненное")
    context.close()


def test_the_section_menu_is_there_on_a_program_and_the_keyboard_reaches_the_table(page, live_server, world):
    for number in ("1.2", "1.3"):
        ActivityFactory(section=world.section, number=number, title=f"Мероприятие {number}")
    log_in(page, live_server, "curator@a.test")
    page.goto(f"{live_server.url}/o/school-a/programs/{world.program.pk}/table/")

    menu = page.get_by_test_id("section-nav")
    expect(menu.get_by_role("link", name="Дорожная карта")).to_have_attribute("aria-current", "page")
    table = page.locator(".table-responsive").first
    expect(table).to_have_attribute("tabindex", "0")
    expect(table).to_have_attribute("role", "region")
    expect(table).to_have_attribute("aria-label", re.compile(r"\S"))
    # Dense: an activity's row with its status select stays well under the old 145 px.
    heights = page.locator("[data-testid=activities] tbody tr").evaluate_all("rows => rows.map(r => r.offsetHeight)")
    assert heights and max(heights) < 90, heights

    menu.get_by_role("link", name="Базы").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile("/o/school-a/mentees/$"))
    expect(page.get_by_test_id("section-nav").get_by_role("link", name="Базы")).to_have_attribute(
        "aria-current", "page"
    )
