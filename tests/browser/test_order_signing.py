"""The curator drafts the order assigning the pairs, the director signs it in the browser and downloads
its PDF, which lists the pairs and carries its number."""

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.orders.conftest import pairs  # noqa: F401  (the program's three pairs)

from .test_roadmap_flow import log_in, log_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_the_curator_drafts_the_pairs_order_and_the_director_signs_it(page, live_server, world, pairs, tmp_path):  # noqa: F811
    log_in(page, live_server, "curator@a.test")
    page.goto(f"{live_server.url}/o/{world.school_a.slug}/orders/")
    form = page.get_by_test_id("new-order")
    form.get_by_label("Программа").select_option(label=world.program.title)
    form.get_by_label("Вид приказа").select_option(label="о закреплении наставнических пар и групп")
    form.get_by_role("button", name="Подготовить").click()
    expect(page.locator(".alert-success")).to_contain_text("Проект заполнен по данным программы")
    page.get_by_test_id("save-and-submit").click()
    expect(page.locator(".alert-success")).to_contain_text("Приказ передан руководителю на подпись")
    log_out(page)

    log_in(page, live_server, "director@a.test")
    page.goto(f"{live_server.url}/o/{world.school_a.slug}/orders/")
    page.get_by_role("link", name="О закреплении наставнических пар (групп)").click()
    expect(page.get_by_test_id("sign-panel")).to_be_visible()
    asked = []

    def confirm(dialog):
        asked.append(dialog.message)
        dialog.accept()

    page.once("dialog", confirm)  # signing is irreversible: the page asks first
    page.get_by_test_id("sign").click()
    expect(page.locator(".alert-success")).to_contain_text("зарегистрирован под № 1-ОД")
    expect(page.get_by_role("heading", level=1)).to_contain_text("№ 1-ОД")
    assert asked and "больше не сможет быть изменён" in asked[0]
    page.screenshot(path=str(tmp_path / "order.png"), full_page=True)

    with page.expect_download() as download:
        page.get_by_test_id("pdf-download").click()
    path = tmp_path / "order.pdf"
    download.value.save_as(path)
    text = " ".join("".join(p.extract_text() for p in PdfReader(path).pages).split())
    assert "№ 1-ОД" in text and "Вишнева Анна Ивановна" in text and "Громова Анна Ивановна" in text
    expect(page.get_by_test_id("events")).to_contain_text("подписан и зарегистрирован")
