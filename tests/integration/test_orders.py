"""Orders on PostgreSQL with a real worker: numbers under concurrent signatures, and the PDF a worker
renders after the signature."""

import threading
import time
from datetime import date

import pytest
from django.db import connection
from pypdf import PdfReader

from mentoring.models import Role
from orders import services
from orders.models import Order
from tests.factories import OrganizationFactory, ProgramFactory, member

from .conftest import require_services

pytestmark = pytest.mark.integration
DEADLINE = 90


def school_with_orders(n):
    school = OrganizationFactory()
    curator = member(school, Role.CURATOR)
    director = member(school, Role.DIRECTOR)
    program = ProgramFactory(organization=school, curator=curator)
    orders = []
    for _ in range(n):
        order = services.order_create(program=program, kind="curator", user=curator)
        orders.append(services.order_submit(order, user=curator))
    return director, orders


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_orders_signed_at_the_same_moment_get_consecutive_numbers():
    require_services()
    director, orders = school_with_orders(8)
    start = threading.Barrier(len(orders))
    errors = []

    def sign(order):
        try:
            start.wait()
            services.order_sign(order, user=director, on=date(2026, 10, 5))
        except Exception as error:  # noqa: BLE001  (reported below)
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=sign, args=(order,)) for order in orders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=DEADLINE)

    assert errors == []
    numbers = sorted(Order.objects.filter(pk__in=[o.pk for o in orders]).values_list("number", flat=True))
    assert numbers == list(range(1, 9))


def test_a_real_worker_renders_the_signed_pdf(celery_worker_process):
    director, [order] = school_with_orders(1)

    services.order_sign(order, user=director, on=date(2026, 10, 5))  # autocommit: the PDF is queued at once

    deadline = time.monotonic() + DEADLINE
    while time.monotonic() < deadline:
        order.refresh_from_db()
        if order.pdf_status in ("ready", "failed"):
            break
        time.sleep(0.2)
    assert order.pdf_status == "ready", (order.pdf_status, order.pdf_error, celery_worker_process["log"].read_text())
    with order.pdf.open("rb") as f:
        text = " ".join("".join(page.extract_text() for page in PdfReader(f).pages).split())
    assert "№ 1-ОД" in text and "О назначении куратора" in text
    assert len(order.pdf_sha256) == 64
