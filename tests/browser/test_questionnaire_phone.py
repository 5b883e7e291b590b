"""A pupil opens their personal link on a phone, answers part of the questionnaire, the page reloads
(a dropped connection), the answers are still there, and the pupil sends them."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from surveys.models import Answer, Questionnaire, Response
from surveys.services import campaign_create
from tests.factories import child

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    yield context.new_page()
    context.close()


def test_a_pupil_answers_on_a_phone_reloads_and_sends(phone, live_server, world, tmp_path, settings):
    settings.SURVEY_ANONYMITY_MIN_GROUP = 1  # one pupil is enough to walk the sheet
    from mentoring.standard_forms import install_standard_competencies  # noqa: F401  (world restored them)
    from surveys.models import Question, Section
    from surveys.standard import install_standard_questionnaires

    install_standard_questionnaires(Questionnaire, Section, Question)
    pupil = child(world.school_a, grade=6, last_name="Соколова", first_name="Вера")
    today = timezone.localdate()
    campaign, [(_person, token)] = campaign_create(
        program=world.program,
        questionnaire=Questionnaire.objects.get(code="feedback", organization=None),
        title="Промежуточная обратная связь",
        opens_on=today,
        closes_on=today + timedelta(days=7),
        anonymous=True,
        phase="",
        people=[pupil],
        user=world.curator,
    )

    phone.goto(f"{live_server.url}/s/{token}/")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Промежуточная обратная связь")
    intro = phone.get_by_test_id("sheet-intro")
    expect(intro).to_contain_text("Это займёт около")
    expect(intro).to_contain_text("Анкета анонимная")
    expect(intro).to_contain_text("можно прерваться и вернуться по той же ссылке")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390  # nothing runs off a phone's screen
    phone.get_by_text("8", exact=True).first.click()  # «Насколько эффективны ваши встречи?»
    first = phone.get_by_test_id("sheet").locator("fieldset").first
    expect(first.get_by_role("status")).to_contain_text("сохранено")
    phone.get_by_role("textbox").fill("Хотелось бы встречаться чаще")
    expect(phone.get_by_test_id("sheet").locator("fieldset").last.get_by_role("status")).to_contain_text("сохранено")
    phone.screenshot(path=str(tmp_path / "sheet.png"), full_page=True)

    phone.reload()
    expect(phone.locator("input[value='8']").first).to_be_checked()
    expect(phone.get_by_role("textbox")).to_have_value("Хотелось бы встречаться чаще")

    phone.get_by_test_id("submit").click()
    expect(phone.get_by_test_id("sheet-errors")).to_be_visible()  # the second required scale is not answered
    phone.get_by_test_id("sheet").locator("fieldset").nth(1).get_by_text("9", exact=True).click()
    phone.get_by_test_id("submit").click()
    expect(phone.get_by_test_id("done")).to_contain_text("Спасибо! Ваши ответы отправлены.")

    response = Response.objects.get(campaign=campaign)
    assert response.submitted_at is not None and response.invitation_id is None
    assert sorted(Answer.objects.filter(response=response).exclude(number=None).values_list("number", flat=True)) == [
        8,
        9,
    ]
