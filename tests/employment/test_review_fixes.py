"""The review's findings on employees' mentoring, each as the user meets it: what the portal refuses or
says in Russian, and what the database and the documents hold afterwards."""

import io
from datetime import date
from decimal import Decimal

from django.urls import reverse
from openpyxl import load_workbook

from employment import figures, services
from employment.figures import order_amounts
from employment.models import Assignment, PayRule, Status
from mentoring.services import create_pair
from notifications.services import reminders_run
from tests import clients
from tests.factories import MenteeFactory, PersonFactory, standard_form


def url(name, staff, *args):
    return reverse(f"employment:{name}", args=[staff.school.slug, *args])


def text(response):
    return response.content.decode()


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


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
    other = staff.another_pair()
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
    assert "позволяет прекратить наставничество не ранее 15 апреля 2026 г." in text(refused)
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


# 1. One pair, one agreement at a time -----------------------------------------------------------------------------


def draft_data(staff, **fields):
    data = {
        "pairs": [staff.pair.pk],
        "form": staff.form.pk,
        "content": "Адаптация молодого педагога",
        "starts_on": "2026-04-01",
        "ends_on": "2026-06-30",
        "pay_rule": staff.rule.pk,
    }
    return data | fields


def test_a_second_agreement_for_the_same_pair_over_the_same_days_is_refused_naming_the_first(client, staff):
    staff.in_force()  # № 1/2026, 2 March – 31 May
    client.force_login(staff.world.curator)
    refused = client.post(url("create", staff, staff.mentor.pk), draft_data(staff))
    assert "Соглашение № 1/2026 (2 марта 2026 г. – 31 мая 2026 г.) уже охватывает этих наставляемых" in text(refused)
    assert Assignment.objects.count() == 1
    after = client.post(url("create", staff, staff.mentor.pk), draft_data(staff, starts_on="2026-06-01"))
    assert after.status_code == 302 and Assignment.objects.count() == 2  # the days after the first one: fine


def test_of_two_drafts_for_the_same_pair_only_the_first_signed_is_signed(client, staff):
    first, second = staff.draft(), staff.draft(starts_on=date(2026, 4, 1))
    client.force_login(staff.world.director)
    client.post(url("sign", staff, first.pk))
    response = client.post(url("sign", staff, second.pk), follow=True)
    assert any("Соглашение № 1/2026" in m and "уже охватывает" in m for m in messages_of(response))
    second.refresh_from_db()
    assert second.status == Status.DRAFT and second.number == "" and second.signed_at is None


# 6. Pupils are not mentored under ст. 351.8 -------------------------------------------------------------------------


def test_a_pair_of_pupils_cannot_go_into_an_employees_agreement(client, staff):
    pupils_form = standard_form("teacher-pupil")
    staff.program.forms.add(pupils_form)
    pupil = MenteeFactory(person=PersonFactory(organization=staff.school, last_name="Ковалёв"), category="student")
    pair = create_pair(
        program=staff.program, mentor=staff.mentor, mentees=[pupil], form=pupils_form, started_on=date(2026, 3, 2)
    )
    client.force_login(staff.world.curator)
    refused = client.post(
        url("create", staff, staff.mentor.pk), draft_data(staff, pairs=[pair.pk], form=pupils_form.pk)
    )
    assert "не пара работников: по ст. 351.8 ТК РФ педагог наставляет молодого педагога" in text(refused)
    assert not Assignment.objects.exists()


# 2. The pay as signed --------------------------------------------------------------------------------------------


def test_a_signed_agreement_keeps_its_pay_whatever_happens_to_the_rule(client, staff, today):
    signed = staff.in_force()
    client.force_login(staff.world.curator)
    rule_data = {"name": staff.rule.name, "method": "fixed", "base": "per_mentee", "basis": staff.rule.basis}
    refused = client.post(url("pay_rule_edit", staff, staff.rule.pk), rule_data | {"amount": "5000"})
    assert "сумму, способ, основу и форму изменить нельзя" in text(refused)
    assert "создайте новое правило" in text(refused).lower()
    staff.rule.refresh_from_db()
    assert staff.rule.amount == 3100
    renamed = client.post(url("pay_rule_edit", staff, staff.rule.pk), rule_data | {"amount": "3100", "name": "Доплата"})
    assert renamed.status_code == 302

    # Changed behind the form's back (the admin, the shell): the signed agreement still pays as signed.
    PayRule.objects.filter(pk=staff.rule.pk).update(amount=6200, base="per_month")
    draft = staff.draft(pairs=[staff.another_pair()], starts_on=date(2026, 6, 1), ends_on=date(2026, 8, 31))
    assert "3\xa0100,00\xa0₽" in text(client.get(signed.get_absolute_url()))
    assert "6\xa0200,00\xa0₽" in text(client.get(draft.get_absolute_url()))  # a draft follows the rule
    march = client.get(url("statement", staff), {"month": "2026-03"})
    assert [row.total for row in march.context["rows"]] == [Decimal("3000.00")]  # 30 of 31 days of 3 100 ₽
    xlsx = client.get(url("statement", staff), {"month": "2026-04", "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert [row[9] for row in sheet.iter_rows(min_row=4, values_only=True) if str(row[4]).startswith("Сидорова")] == [
        3100
    ]
    assert order_amounts(staff.program)[staff.mentor.pk] == "3\xa0100,00\xa0₽ в месяц (соглашение № 1/2026)"
    pdf = client.get(url("agreement_pdf", staff, signed.pk)).content
    assert "3 100,00 ₽ в месяц" in clients.words(" ".join(clients.page_text(pdf, n) for n in (1, clients.pages(pdf))))


# 3. Paid once concluded; a term that passed unsigned ----------------------------------------------------------------


def test_nothing_is_paid_before_the_mentor_signs_then_the_whole_term_is(client, staff, today):
    assignment = staff.draft()
    services.assignment_sign(assignment, user=staff.world.director)
    assignment.refresh_from_db()
    assert figures.month_pay(assignment, 2026, 3).total == 0
    assert not figures.statement(staff.school, 2026, 3)
    today.move_to("2026-03-10 10:00 +03:00")
    client.force_login(staff.world.mentor)
    client.post(url("acknowledge", staff, assignment.pk), {"on": "2026-03-10"})
    assignment.refresh_from_db()
    assert assignment.status == Status.ACTIVE and assignment.is_in_force
    assert figures.month_pay(assignment, 2026, 3).total == Decimal("3000.00")  # from 2 March, as the clause says
    pdf = client.get(url("agreement_pdf", staff, assignment.pk)).content
    printed = clients.words(" ".join(clients.page_text(pdf, n) for n in range(1, clients.pages(pdf) + 1)))
    assert (
        "вступает в силу со дня его подписания Сторонами и распространяет своё действие на отношения, "
        "возникшие с 2 марта 2026 г." in printed
    )


def test_a_term_that_passed_without_the_mentors_signature_is_not_concluded_and_says_so(client, staff, today):
    assignment = staff.draft(ends_on=date(2026, 3, 31))
    services.assignment_sign(assignment, user=staff.world.director)
    today.move_to("2026-04-01 07:00 +03:00")
    reminders_run(today=date(2026, 4, 1), queue=False)
    assignment.refresh_from_db()
    assert assignment.status == Status.NOT_CONCLUDED
    assert not Assignment.objects.in_force().exists() and figures.month_pay(assignment, 2026, 3).total == 0
    client.force_login(staff.world.curator)
    page = text(client.get(assignment.get_absolute_url()))
    assert "не заключено" in page and 'data-testid="not-concluded"' in page
    assert "Срок прошёл без подписи наставника" in page and "Наставничество завершено." not in page
