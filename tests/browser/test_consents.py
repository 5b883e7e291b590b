"""A class's consents in a real browser: the curator opens the class, prints its consents in one PDF,
records one signed copy with its scan and the revocation of another."""

import re
from datetime import date

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from mentoring.models import Consent
from tests import clients
from tests.factories import child

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
PASSWORD = "secret-password-1"


def test_curator_prints_a_class_records_a_signed_copy_and_a_revocation(page, live_server, world, tmp_path):
    first = child(world.school_a, grade=7, class_letter="Б", last_name="Волкова", first_name="Алиса")
    second = child(world.school_a, grade=7, class_letter="Б", last_name="Ефимов", first_name="Лев")
    Consent.objects.create(
        person=second, kind="publication", given_by="parent", giver_name=second.parent_name, given_on=date(2026, 9, 5)
    )
    scan = tmp_path / "Согласие Волковой.pdf"
    scan.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    today = timezone.localdate()

    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Электронная почта").fill("curator@a.test")
    page.get_by_label("Пароль").fill(PASSWORD)
    page.get_by_role("button", name="Войти").click()
    page.goto(f"{live_server.url}/o/{world.school_a.slug}/consents/")
    page.get_by_label("Класс", exact=True).select_option("7Б")
    page.get_by_role("button", name="Показать").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("7Б класс")
    table = page.get_by_test_id("class-consents")
    expect(table).to_contain_text("Волкова Алиса")
    expect(table.get_by_test_id(f"row-{second.pk}")).to_contain_text("действует с 5 сентября 2026 г.")
    page.screenshot(path=str(tmp_path / "class.png"), full_page=True)

    with page.expect_download() as download:
        page.get_by_test_id("batch-processing-pdf").click()
    pdf = open(download.value.path(), "rb").read()
    assert download.value.suggested_filename.endswith(".pdf")
    text = clients.words(clients.run("pdftotext", "-", "-", data=pdf).stdout.decode())
    assert text.count("Согласие родителя (законного представителя) на обработку") == 2
    assert "Волкова Алиса" in text and "Ефимов Лев" in text

    table.get_by_role("link", name="Волкова Алиса").click()
    publication = page.get_by_test_id("consent-publication")
    expect(publication.get_by_test_id("none")).to_be_visible()
    publication.get_by_test_id("record-publication").click()
    expect(page.locator("select[name=kind]")).to_have_value("publication")
    page.get_by_label("Дата").fill(today.isoformat())
    page.get_by_label("Скан").set_input_files(str(scan))
    page.get_by_role("button", name="Сохранить").click()
    expect(page.locator(".alert-success")).to_contain_text("Согласие записано.")
    expect(page.get_by_test_id("consent-publication").get_by_test_id("current")).to_contain_text(
        re.compile(r"Действует с .* подписал\(а\) родитель Смирнов Павел Иванович · скан")
    )

    page.goto(f"{live_server.url}/o/{world.school_a.slug}/consents/?class=7Б")
    page.get_by_role("link", name="Ефимов Лев").click()
    page.get_by_test_id("revoke-publication").click()
    page.get_by_label("Дата отзыва").fill(today.isoformat())
    page.get_by_role("button", name="Записать отзыв").click()
    expect(page.locator(".alert-success")).to_contain_text("Отзыв согласия записан.")
    history = page.get_by_test_id("consent-publication").get_by_test_id("history")
    expect(history).to_contain_text("отозвано")
    page.screenshot(path=str(tmp_path / "person.png"), full_page=True)

    assert Consent.objects.get(person=first, kind="publication").scan
    assert Consent.objects.get(person=second, kind="publication").revoked_on == today
