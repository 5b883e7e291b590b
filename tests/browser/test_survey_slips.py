"""The curator launches a questionnaire for a class of pupils without email in a real browser and
downloads the class's slips from the links page, as the class teacher will print them."""

import pytest
from playwright.sync_api import expect

from surveys.models import Questionnaire
from tests import clients
from tests.factories import child

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
PASSWORD = "secret-password-1"


def test_the_curator_prints_a_class_s_slips_right_after_the_launch(page, live_server, world, tmp_path):
    from surveys.models import Question, Section
    from surveys.standard import install_standard_questionnaires

    install_standard_questionnaires(Questionnaire, Section, Question)
    pupils = [
        child(world.school_a, grade=5, class_letter="В", last_name=name) for name in ("Орлова", "Петров", "Рыбина")
    ]

    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Электронная почта").fill("curator@a.test")
    page.get_by_label("Пароль").fill(PASSWORD)
    page.get_by_role("button", name="Войти").click()
    page.goto(f"{live_server.url}/o/{world.school_a.slug}/surveys/campaigns/new/")
    page.locator("select[name=questionnaire]").select_option(
        str(Questionnaire.objects.get(code="mentee-needs", organization=None).pk)
    )
    page.locator("select[name=program]").select_option(str(world.program.pk))
    page.locator("input[name=title]").fill("Анкета запросов, 5В")
    page.locator("select[name=audience]").select_option("people")
    page.locator("select[name=people]").select_option([str(p.pk) for p in pupils])
    page.locator("form button[type=submit]").last.click()

    section = page.get_by_test_id("class-5В")
    expect(section).to_contain_text("Класс 5В")
    expect(section).to_contain_text("Рыбина")
    page.screenshot(path=str(tmp_path / "links.png"), full_page=True)
    with page.expect_download() as download:
        section.get_by_role("link", name="Распечатать листки (PDF)").click()
    download.value.save_as(tmp_path / "slips.pdf")
    pdf = (tmp_path / "slips.pdf").read_bytes()

    assert clients.pdfinfo(pdf)["Pages"] == "1"
    assert len(clients.qr_codes(clients.page_png(pdf, 1))) == 3
    text = clients.page_text(pdf, 1)
    assert all(p.last_name in text for p in pupils)
