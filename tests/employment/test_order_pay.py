"""«Размер выплаты» in the order on payments for mentoring comes from the assignments (employment.figures),
and the order's page names the teacher-mentors whose pay it cannot give."""

from datetime import date

from django.urls import reverse

from employment.figures import full_month_amount
from mentoring.services import create_pair
from orders.documents import render_context
from orders.models import Order
from tests.factories import MenteeFactory, teacher_mentor


def payments_table(order):
    (appendix,) = [a for a in render_context(order)["appendices"] if a["kind"] == "payments"]
    return appendix


def test_the_payments_order_prints_each_assignments_pay_and_names_who_has_none(client, staff):
    assignment = staff.in_force()
    other = teacher_mentor(staff.school, capacity=2)
    other.person.last_name, other.person.first_name = "Петров", "Илья"
    other.person.save()
    create_pair(
        program=staff.program,
        mentor=other,
        mentees=[MenteeFactory(person__organization=staff.school)],
        form=staff.form,
        started_on=date(2026, 3, 2),
    )
    client.force_login(staff.world.curator)
    response = client.post(reverse("employment:order", args=[staff.school.slug, assignment.pk]), follow=True)
    order = Order.objects.get(kind="payments")
    assignment.refresh_from_db()
    assert assignment.order == order

    table = payments_table(order)
    assert table["columns"] == ["№", "ФИО наставника", "Наставляемых", "Размер выплаты"]
    rows = {row[1]: row[2:] for row in table["rows"]}
    assert rows["Иванова Анна Сергеевна"] == ["1", "3\xa0100,00\xa0₽ в месяц (соглашение № 1/2026)"]
    assert full_month_amount(assignment) == 3100  # the same definition as the agreement's
    assert rows[other.person.full_name] == ["1", ""]

    page = response.content.decode()
    assert response.redirect_chain[-1][0] == order.get_absolute_url()
    assert 'data-testid="order-warning"' in page and other.person.full_name in page
    assert "нет действующего соглашения о наставничестве (ТК РФ ст. 351.8)" in page


def test_no_warning_when_every_teacher_mentor_has_an_assignment(staff):
    staff.in_force()
    from orders.services import order_create, unpaid_mentors_message

    order = order_create(program=staff.program, kind="payments", user=None)
    assert unpaid_mentors_message(order) == ""
    assert payments_table(order)["rows"][0][3].startswith("3\xa0100,00\xa0₽")
