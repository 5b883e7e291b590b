"""Orders with deadlines that make sense: a draft never proposes a day already past, and submitting or
signing an order whose points are due before that day warns the curator and the director."""

from datetime import date

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from orders import services
from orders.kinds import deadline_date, draft_content
from orders.models import Order


@pytest.fixture
def december(time_machine):
    # The world's program runs from 1 September 2026; on 1 December its autumn deadlines are past.
    time_machine.move_to("2026-12-01 10:00:00+03:00", tick=False)


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_a_draft_moves_a_past_deadline_two_weeks_ahead_and_says_so(client, world, december):
    client.force_login(world.curator)
    response = client.post(
        reverse("orders:new", args=[world.school_a.slug]), {"program": world.program.pk, "kind": "pairs"}, follow=True
    )
    order = Order.objects.get()
    # «Наставникам … разработать индивидуальные планы» was planned 75 days after 1 September: 15 November.
    assert order.points[1]["deadline"] == "15 декабря 2026 г."
    assert order.points[2]["deadline"] == "31 мая 2027 г."  # the end of the program is still ahead: kept
    assert (
        "Пункт 2: плановый срок (15 ноября 2026 г.) уже прошёл, в проекте — 15 декабря 2026 г., проверьте его."
        in messages_of(response)
    )
    assert all(deadline_date(p["deadline"], world.program) > date(2026, 12, 1) for p in order.points if p["deadline"])


def test_no_typical_order_drafts_a_deadline_before_the_day_it_is_drafted(world, december):
    from orders.kinds import KINDS
    from orders.services import settings_for

    for kind in KINDS:
        content = draft_content(kind, world.program, settings_for(world.school_a))
        for point in content["points"]:
            due = deadline_date(point["deadline"], world.program)
            assert due is None or due > date(2026, 12, 1), (kind, point)


def test_submitting_and_signing_a_point_due_before_today_warns_and_the_director_sees_it(client, world, december):
    order = services.order_create(program=world.program, kind="curator", user=world.curator)
    order.points[1]["deadline"] = "20.11.2026"
    order.save()
    client.force_login(world.curator)

    response = client.post(reverse("orders:submit", args=[world.school_a.slug, order.pk]), follow=True)
    warning = "Сроки уже прошли: пункт 2 — 20.11.2026. Исправьте их, иначе приказ установит невыполнимые сроки."
    assert warning in messages_of(response)

    client.force_login(world.director)
    page = client.get(order.get_absolute_url()).content.decode()
    assert 'data-testid="order-warning"' in page and "пункт 2 — 20.11.2026" in page
    response = client.post(reverse("orders:sign", args=[world.school_a.slug, order.pk]), follow=True)
    assert warning in messages_of(response)
    order.refresh_from_db()
    assert order.status == "signed"  # a warning, not a refusal: the head decides
    assert 'data-testid="order-warning"' not in client.get(order.get_absolute_url()).content.decode()


def test_deadlines_are_read_as_written():
    assert deadline_date("15 ноября 2026 г.", None) == date(2026, 11, 15)
    assert deadline_date("до 30.09.2026", None) == date(2026, 9, 30)
    assert deadline_date("31 февраля 2026 г.", None) is None
    assert deadline_date("по отдельному графику", None) is None
    # A range is due at its end, however it is written.
    assert deadline_date("с 01.09.2026 по 31.05.2027", None) == date(2027, 5, 31)
    assert deadline_date("1 сентября 2026 г. – 31 мая 2027 г.", None) == date(2027, 5, 31)


def test_a_pairs_order_warns_of_a_pair_whose_form_does_not_fit(client, world):
    from tests.mentoring.test_forms_two_sides import legacy_pair

    legacy_pair(world)
    order = services.order_create(program=world.program, kind="pairs", user=world.curator)
    client.force_login(world.curator)
    page = client.get(order.get_absolute_url()).content.decode()
    assert "В приложении есть пары, форма которых им не подходит" in page
    assert "«Ученик – ученик» — форма для наставников: обучающийся" in page
