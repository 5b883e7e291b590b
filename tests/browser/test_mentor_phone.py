"""A mentor on a phone opens their pair, logs a meeting and ticks off a plan item; the curator then
reads the log on the pairs overview."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from mentoring.models import Meeting, PlanItem
from mentoring.services import create_pair
from tests.factories import MenteeFactory, PersonFactory, standard_form, teacher_mentor

from .test_roadmap_flow import log_in, log_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    yield context.new_page()
    context.close()


def test_a_mentor_logs_a_meeting_from_a_phone(phone, live_server, world, tmp_path):
    world.program.forms.add(standard_form("traditional"))
    mentor = teacher_mentor(world.school_a)
    mentor.person.user = world.mentor
    mentor.person.save()
    mentee = MenteeFactory(
        person=PersonFactory(organization=world.school_a, last_name="Кузнецов", first_name="Дмитрий")
    )
    today = timezone.localdate()
    pair = create_pair(
        program=world.program,
        mentor=mentor,
        mentees=[mentee],
        form=standard_form("traditional"),
        started_on=today - timedelta(days=40),
    )
    item = PlanItem.objects.create(pair=pair, task="Посетить 5 уроков наставника", due_on=today + timedelta(days=10))

    log_in(phone, live_server, "mentor@a.test")
    phone.get_by_role("button", name="Меню").click()
    phone.get_by_role("link", name="Мои пары").click()
    phone.get_by_role("link", name="Кузнецов Дмитрий").click()

    form = phone.get_by_test_id("meeting-form")
    form.get_by_label("Тема").fill("Разбор открытого урока")
    form.get_by_label("Заметки").fill("Обсудили структуру урока и обратную связь")
    phone.screenshot(path=str(tmp_path / "mentor-phone.png"), full_page=True)
    form.get_by_role("button", name="Сохранить").click()
    expect(phone.locator(".alert-success")).to_contain_text("Встреча записана в журнал")
    expect(phone.get_by_test_id("meetings")).to_contain_text("Разбор открытого урока")

    phone.get_by_test_id("plan").get_by_role("link", name="Изменить").click()
    phone.get_by_label("Статус").select_option(label="выполнено")
    phone.get_by_label("Результат").fill("Посетила, выводы в тетради")
    phone.get_by_role("button", name="Сохранить").click()
    expect(phone.get_by_test_id("plan")).to_contain_text("Посетила, выводы в тетради")

    meeting = Meeting.objects.get(pair=pair)
    item.refresh_from_db()
    assert (meeting.held_on, meeting.topic, meeting.logged_by) == (today, "Разбор открытого урока", world.mentor)
    assert item.status == "done"

    # The page must fit the phone: nothing wider than the viewport.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.get_by_role("button", name="Меню").click()
    log_out(phone)

    log_in(phone, live_server, "curator@a.test")
    phone.goto(f"{live_server.url}{pair.get_absolute_url()}")
    expect(phone.get_by_test_id("meetings")).to_contain_text("Разбор открытого урока")
    expect(phone.get_by_test_id("meeting-form")).to_have_count(0)
