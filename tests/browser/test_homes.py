"""Each role's home in a real browser: its pending work listed, and one click to where it is done."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from mentoring.models import OrganizationKind
from mentoring.models.pairs import PlanItem
from mentoring.services import create_pair
from orders import services as orders
from surveys.models import Questionnaire
from surveys.services import campaign_create, questionnaire_copy
from tests.browser.test_roadmap_flow import log_in
from tests.factories import (
    ActivityFactory,
    MenteeFactory,
    OrganizationFactory,
    PersonFactory,
    ProgramFactory,
    SectionFactory,
    standard_form,
    teacher_mentor,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
TODAY = timezone.localdate()


def todo(page):
    return page.get_by_test_id("todo")


def test_the_head_signs_from_the_home_page(page, live_server, world):
    order = orders.order_create(program=world.program, kind="implementation", user=world.curator)
    orders.order_submit(order, user=world.curator)

    log_in(page, live_server, "director@a.test")
    expect(todo(page)).to_contain_text(f"Подписать приказ «{order.title}»")
    todo(page).get_by_role("link", name="Рассмотреть и подписать").click()
    expect(page).to_have_url(f"{live_server.url}{order.get_absolute_url()}")


def test_the_curator_goes_from_an_overdue_activity_on_the_home_page_to_it(page, live_server, world):
    log_in(page, live_server, "curator@a.test")
    item = todo(page).get_by_test_id("task").first
    expect(item).to_contain_text("Срочно")
    expect(item).to_contain_text("1.1 Издание приказа")
    item.get_by_role("link", name="Открыть").click()
    expect(page).to_have_url(f"{live_server.url}{world.activity.get_absolute_url()}")


def test_a_mentor_on_a_phone_logs_a_meeting_and_answers_a_questionnaire_from_home(browser, live_server, world):
    form = standard_form("traditional")
    world.program.forms.add(form)
    mentor = teacher_mentor(world.school_a)
    mentor.person.user = world.mentor
    mentor.person.save()
    mentee = MenteeFactory(person=PersonFactory(organization=world.school_a, last_name="Зайцев", first_name="Иван"))
    pair = create_pair(program=world.program, mentor=mentor, mentees=[mentee], form=form, started_on=TODAY)
    PlanItem.objects.create(pair=pair, task="Посетить урок наставника", due_on=TODAY + timedelta(days=3))
    from surveys.models import Question, Section
    from surveys.standard import install_standard_questionnaires

    install_standard_questionnaires(Questionnaire, Section, Question)  # emptied by an earlier transactional test
    questionnaire = questionnaire_copy(
        Questionnaire.objects.get(code="feedback", organization=None), organization=world.school_a
    )
    campaign_create(
        program=world.program,
        questionnaire=questionnaire,
        title="Обратная связь наставников",
        opens_on=TODAY,
        closes_on=TODAY + timedelta(days=7),
        anonymous=False,
        phase="",
        people=[mentor.person],
        user=None,
    )
    phone = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)

    log_in(phone, live_server, "mentor@a.test")
    expect(todo(phone)).to_contain_text("Записать встречу: Зайцев И.")
    expect(todo(phone)).to_contain_text("План: Посетить урок наставника")
    todo(phone).get_by_role("button", name="Ответить").click()
    expect(phone.locator("body")).to_contain_text("Ссылка из письма больше не действует")
    expect(phone.get_by_test_id("sheet")).to_be_visible()

    phone.go_back()
    phone.goto(f"{live_server.url}/")
    todo(phone).get_by_role("link", name="Записать встречу", exact=True).click()
    expect(phone).to_have_url(f"{live_server.url}/o/{world.school_a.slug}/pairs/{pair.pk}/meetings/new/")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.close()


def test_the_coordinator_reminds_the_late_schools_from_home(page, live_server, world):
    office = OrganizationFactory(
        municipality=world.school_a.municipality, kind=OrganizationKind.OFFICE, slug="uo", short_name="УО"
    )
    source = ActivityFactory(
        section=SectionFactory(program=ProgramFactory(organization=office), number="3", position=1),
        number="3.2",
        title="Представление реестров наставников",
        due_date=TODAY - timedelta(days=3),
    )
    ActivityFactory(
        section=world.section, number="М3.2", title=source.title, due_date=source.due_date, district_activity=source
    )

    log_in(page, live_server, "coordinator@district.test")
    expect(todo(page)).to_contain_text("«Представление реестров наставников»: не выполнили в срок 1 из 1")
    page.get_by_test_id("nudge").click()
    expect(page.locator("body")).to_contain_text("Напоминание отправлено кураторам (1)")
    expect(page.get_by_test_id("nudged")).to_be_visible()
    expect(page.get_by_test_id("nudge")).to_have_count(0)
