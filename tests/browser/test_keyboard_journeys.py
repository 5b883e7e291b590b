"""The four main journeys with the keyboard alone (WCAG 2.1.1, 2.4.7): a pupil answers a questionnaire,
a mentor records a meeting, the curator changes an activity's status in the roadmap table, the director
signs an order. Every step moves focus with Tab, types, and presses Enter, Space or an arrow key; no
click. Each element reached shows where the focus is."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from mentoring.models import Meeting
from mentoring.services import create_pair
from orders import services as orders
from orders.models import Order
from surveys.models import Answer, Question, Questionnaire, Response, Section
from surveys.services import campaign_create
from surveys.standard import install_standard_questionnaires
from tests.factories import (
    ActivityFactory,
    MenteeFactory,
    PersonFactory,
    SectionFactory,
    child,
    standard_form,
    teacher_mentor,
)

from .test_roadmap_flow import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TAB_LIMIT = 200  # a page of the portal has far fewer stops; more means the element is not reachable

# Whether the focused element (or, for a visually hidden radio of a button group, its label) shows a
# focus ring: an outline or Bootstrap's box-shadow.
FOCUS_SHOWN = """() => {
  let el = document.activeElement;
  if (el.matches('input.btn-check')) el = document.querySelector('label[for="' + el.id + '"]');
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
  return outline || (style.boxShadow && style.boxShadow !== 'none');
}"""


def tab_to(page, locator, key="Tab"):
    """Press Tab until `locator` has the focus, and check that the focus can be seen there."""
    target = locator.element_handle()
    for _ in range(TAB_LIMIT):
        page.keyboard.press(key)
        if page.evaluate("(el) => document.activeElement === el", target):
            assert page.evaluate(FOCUS_SHOWN), f"the focus on {locator} cannot be seen"
            return
    raise AssertionError(f"{locator} cannot be reached with the keyboard")


def log_in_by_keyboard(page, live_server, email):
    page.goto(f"{live_server.url}/login/")
    tab_to(page, page.get_by_label("Электронная почта"))
    page.keyboard.type(email)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Добрый день")


def test_a_pupil_answers_a_questionnaire_with_the_keyboard(page, live_server, world, settings):
    settings.SURVEY_ANONYMITY_MIN_GROUP = 1
    install_standard_questionnaires(Questionnaire, Section, Question)
    pupil = child(world.school_a, grade=7, last_name="Орлова", first_name="Ника")
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
    page.goto(f"{live_server.url}/s/{token}/")

    scales = page.get_by_test_id("sheet").locator("fieldset")
    # Tab reaches a scale's group; the arrow keys choose within it, as in any radio group.
    tab_to(page, scales.nth(0).locator("input[type=radio]").first)
    for _ in range(7):
        page.keyboard.press("ArrowRight")
    expect(scales.nth(0).locator("input[value='8']")).to_be_checked()
    expect(scales.nth(0).get_by_role("status")).to_contain_text("сохранено")
    tab_to(page, scales.nth(1).locator("input[type=radio]").first)
    page.keyboard.press("Space")  # Space chooses the value that has the focus: 1
    for _ in range(8):
        page.keyboard.press("ArrowRight")
    expect(scales.nth(1).locator("input[value='9']")).to_be_checked()
    expect(scales.nth(1).get_by_role("status")).to_contain_text("сохранено")
    tab_to(page, page.get_by_role("textbox"))
    page.keyboard.type("Встречаться чаще")
    tab_to(page, page.get_by_test_id("submit"))
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("done")).to_contain_text("Спасибо! Ваши ответы отправлены.")

    response = Response.objects.get(campaign=campaign)
    assert response.submitted_at is not None
    numbers = sorted(Answer.objects.filter(response=response).exclude(number=None).values_list("number", flat=True))
    assert numbers == [8, 9]
    assert Answer.objects.filter(response=response, text="Встречаться чаще").exists()


def test_a_mentor_records_a_meeting_with_the_keyboard(page, live_server, world):
    world.program.forms.add(standard_form("traditional"))
    mentor = teacher_mentor(world.school_a)
    mentor.person.user = world.mentor
    mentor.person.save()
    mentee = MenteeFactory(
        person=PersonFactory(organization=world.school_a, last_name="Кузнецов", first_name="Дмитрий")
    )
    pair = create_pair(
        program=world.program,
        mentor=mentor,
        mentees=[mentee],
        form=standard_form("traditional"),
        started_on=timezone.localdate() - timedelta(days=40),
    )

    log_in_by_keyboard(page, live_server, "mentor@a.test")
    # The home lists the pair with «Записать встречу»: one stop away.
    tab_to(page, page.get_by_role("link", name="Записать встречу").first)
    page.keyboard.press("Enter")
    form = page.get_by_role("main")
    tab_to(page, form.get_by_label("Тема"))
    page.keyboard.type("Разбор открытого урока")
    tab_to(page, form.get_by_role("button", name="Сохранить"))
    page.keyboard.press("Enter")
    expect(page.locator(".alert-success, .toast")).to_contain_text("Встреча записана в журнал")

    meeting = Meeting.objects.get(pair=pair)
    assert (meeting.topic, meeting.logged_by) == ("Разбор открытого урока", world.mentor)


def test_the_curator_changes_a_status_in_the_roadmap_table_with_the_keyboard(page, live_server, world):
    activity = ActivityFactory(section=SectionFactory(program=world.program), title="Сформировать базу наставников")
    assert activity.status == "planned"

    log_in_by_keyboard(page, live_server, "curator@a.test")
    page.goto(f"{live_server.url}/o/{world.school_a.slug}/programs/{world.program.pk}/table/")
    status = page.locator(f"#activity-{activity.pk}").get_by_label("Статус")
    tab_to(page, status)
    page.keyboard.press("ArrowDown")  # a closed select changes its value with the arrow keys: «в работе»
    # The row is saved in place, and a toast says so.
    expect(page.locator(".nv-toasts .toast")).to_contain_text(
        "Статус сохранён: «Сформировать базу наставников» — в работе"
    )
    expect(page.locator(f"#activity-{activity.pk}").get_by_label("Статус")).to_have_value("in_progress")
    activity.refresh_from_db()
    assert activity.status == "in_progress"


def test_the_director_signs_an_order_with_the_keyboard(page, live_server, world):
    order = orders.order_submit(
        orders.order_create(program=world.program, kind="curator", user=world.curator), user=world.curator
    )

    log_in_by_keyboard(page, live_server, "director@a.test")
    # The home's to-do names the order to sign.
    tab_to(page, page.get_by_role("link", name="Рассмотреть и подписать").first)
    page.keyboard.press("Enter")
    asked = []

    def confirm(dialog):
        asked.append(dialog.message)
        dialog.accept()

    page.once("dialog", confirm)
    tab_to(page, page.get_by_test_id("sign"))
    page.keyboard.press("Enter")
    expect(page.locator(".alert-success, .toast")).to_contain_text("зарегистрирован под № 1-ОД", timeout=20_000)
    assert asked, "signing asks for a confirmation first"
    order.refresh_from_db()
    assert order.status == Order.Status.SIGNED and order.number == 1
