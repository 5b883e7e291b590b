"""The review's findings on employees' mentoring, each as the user meets it: what the portal refuses or
says in Russian, and what the database and the documents hold afterwards."""

from datetime import date

from django.urls import reverse

from employment.models import PayRule
from mentoring.services import create_pair
from tests import clients
from tests.factories import MenteeFactory, PersonFactory


def url(name, staff, *args):
    return reverse(f"employment:{name}", args=[staff.school.slug, *args])


def text(response):
    return response.content.decode()


def second_pair(staff, last_name="Петрова", **mentee_fields):
    mentee = MenteeFactory(
        person=PersonFactory(organization=staff.school, last_name=last_name, first_name="Ольга"), **mentee_fields
    )
    return create_pair(
        program=staff.program, mentor=staff.mentor, mentees=[mentee], form=staff.form, started_on=date(2026, 3, 2)
    )


# 7. A duplicate name of a pay rule ---------------------------------------------------------------------------------


def test_a_second_rule_of_pay_with_the_same_name_is_refused_in_russian_not_a_server_error(client, staff):
    client.force_login(staff.world.curator)
    response = client.post(
        url("pay_rules", staff),
        {
            "name": "Доплата за наставничество",
            "method": "fixed",
            "base": "per_month",
            "amount": "2000",
            "basis": "П. 5",
        },
    )
    assert response.status_code == 200
    assert "Правило оплаты с названием «Доплата за наставничество» уже есть" in text(response)
    assert PayRule.objects.of(staff.school).count() == 1


# 8. One list of the agreement's mentees ------------------------------------------------------------------------------


def test_a_mentee_who_left_is_neither_on_the_page_nor_in_the_agreement(client, staff):
    other = second_pair(staff)
    assignment = staff.draft(pairs=[staff.pair, other])
    other.members.update(left_on=date(2026, 3, 2))
    client.force_login(staff.world.curator)
    page = text(client.get(assignment.get_absolute_url()))
    assert "Сидорова Елена" in page and "Петрова Ольга" not in page
    pdf = client.get(url("agreement_pdf", staff, assignment.pk)).content
    printed = clients.words(clients.page_text(pdf, 1))
    assert "Сидорова Елена" in printed and "Петрова Ольга" not in printed


# 4. The mentor's own early end needs the same notice ---------------------------------------------------------------


def test_the_mentor_refusing_also_gives_three_working_days_notice(client, staff, today):
    assignment = staff.in_force()
    today.move_to("2026-04-10 10:00 +03:00")  # Friday: 13, 14, 15 April are the three working days
    client.force_login(staff.world.curator)
    data = {"by": "mentor", "notice_on": "2026-04-10", "ended_on": "2026-04-13", "reason": "Нагрузка"}
    refused = client.post(url("end_early", staff, assignment.pk), data | {"confirm": "1"})
    assert "позволяет окончание не ранее 15 апреля 2026 г." in text(refused)
    assignment.refresh_from_db()
    assert assignment.status == "active"
    shown = client.post(url("end_early", staff, assignment.pk), data | {"ended_on": ""})
    assert "15 апреля 2026 г." in text(shown)
    assert "Любая из сторон письменно предупреждает не менее чем за три рабочих дня" in text(shown)
    pdf = client.get(url("agreement_pdf", staff, assignment.pk)).content
    clause = clients.words(" ".join(clients.page_text(pdf, n) for n in range(1, clients.pages(pdf) + 1)))
    assert "а Работник — досрочно отказаться от её выполнения, предупредив другую Сторону" in clause


# 5. An early end before the start, a notice in the future, an end in the past ------------------------------------


def test_an_early_end_before_the_term_starts_is_refused_not_moved(client, staff, today):
    assignment = staff.in_force(starts_on=date(2026, 4, 1))
    client.force_login(staff.world.curator)
    data = {"by": "employer", "notice_on": "2026-03-02", "ended_on": "", "reason": "Отпуск", "confirm": "1"}
    refused = client.post(url("end_early", staff, assignment.pk), data)
    assert "Наставничество ещё не началось" in text(refused) and "1 апреля 2026 г." in text(refused)
    assignment.refresh_from_db()
    assert assignment.status == "active" and assignment.ended_on is None


def test_a_notice_dated_in_the_future_is_refused(client, staff, today):
    assignment = staff.in_force()
    client.force_login(staff.world.curator)
    data = {"by": "employer", "notice_on": "2026-03-10", "ended_on": "", "reason": "Отпуск", "confirm": "1"}
    refused = client.post(url("end_early", staff, assignment.pk), data)
    assert "День уведомления не может быть в будущем" in text(refused)
    assignment.refresh_from_db()
    assert assignment.status == "active"


def test_an_end_in_the_past_is_warned_about_before_and_after_confirming(client, staff, today):
    assignment = staff.in_force()
    today.move_to("2026-04-20 10:00 +03:00")
    client.force_login(staff.world.curator)
    data = {"by": "employer", "notice_on": "2026-04-01", "ended_on": "", "reason": "Отпуск"}
    shown = client.post(url("end_early", staff, assignment.pk), data)
    assert 'data-testid="end-in-past"' in text(shown) and "6 апреля 2026 г., уже прошёл" in text(shown)
    done = client.post(url("end_early", staff, assignment.pk), data | {"confirm": "1"}, follow=True)
    assert "6 апреля 2026 г., уже прошёл" in text(done)
    assignment.refresh_from_db()
    assert assignment.ended_on == date(2026, 4, 6)
