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
        {"name": "Доплата за наставничество", "method": "fixed", "base": "per_month", "amount": "2000", "basis": "П. 5"},
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
