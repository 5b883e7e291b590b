"""Work the database owes: an order's PDF or a batch item whose worker died, or whose message the broker
lost, is sent again by the sweep; made once, never twice; given up with a reason after its attempts."""

from datetime import date, timedelta
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from orders import services
from orders.models import Order, OrderBatchItem

LOST = "Работа прерывалась (останавливался обработчик задач или очередь); после {n} попыток она прекращена."


@pytest.fixture
def later(settings):
    return timezone.now() + timedelta(seconds=settings.TASK_DEADLINE_SECONDS + 1)


def signed(world):
    order = services.order_create(program=world.program, kind="curator", user=world.curator)
    services.order_submit(order, user=world.curator)
    return order


def test_a_signed_pdf_whose_worker_died_is_made_by_the_sweep_once(world, later, django_capture_on_commit_callbacks):
    order = signed(world)
    with mock.patch("orders.tasks.render_order_pdf.delay"):  # the worker took it, then was killed
        with django_capture_on_commit_callbacks(execute=True):
            services.order_sign(order, user=world.director, on=date(2026, 10, 5))
    order.refresh_from_db()
    assert (order.pdf_status, order.pdf_attempts) == ("queued", 0) and order.pdf_deadline > timezone.now()

    assert services.sweep_lost_work() == 0  # its deadline has not passed: it may still be running
    assert services.sweep_lost_work(now=later) == 1
    order.refresh_from_db()
    assert (order.pdf_status, order.pdf_attempts) == ("ready", 1)
    first_hash = order.pdf_sha256

    # A late copy of the lost message (Redis's visibility timeout) finds the PDF made and changes nothing.
    from orders.tasks import render_order_pdf

    render_order_pdf.delay(order.pk)
    order.refresh_from_db()
    assert (order.pdf_sha256, order.pdf_attempts) == (first_hash, 1)
    assert services.sweep_lost_work(now=later) == 0


def test_a_pdf_that_keeps_dying_is_failed_with_its_reason(client, world, later, settings):
    order = signed(world)
    Order.objects.filter(pk=order.pk).update(pdf_status="queued", pdf_attempts=settings.TASK_MAX_ATTEMPTS)
    assert services.sweep_lost_work(now=later) == 0
    order.refresh_from_db()
    assert order.pdf_status == "failed"
    assert order.pdf_error == LOST.format(n=settings.TASK_MAX_ATTEMPTS)
    client.force_login(world.curator)
    page = client.get(reverse("orders:pdf_status", args=[world.school_a.slug, order.pk])).content.decode()
    assert "hx-get" not in page and 'class="text-danger"' in page  # says so, and stops polling


def test_a_lost_batch_item_is_run_again_and_makes_one_order(client, world, later, django_capture_on_commit_callbacks):
    batch = services.batch_for_stage(program=world.program, stage=1, user=world.curator, enqueue=False)
    items = list(batch.items.all())
    assert all(item.status == "queued" and item.deadline for item in items)
    # The first item's worker drafted its order and was killed before rendering it.
    services.batch_item_take(items[0].pk)
    order = services.order_create(program=world.program, kind=items[0].kind, user=world.curator)
    OrderBatchItem.objects.filter(pk=items[0].pk).update(order=order)

    assert services.sweep_lost_work(now=later) == len(items)
    assert services.batch_progress(batch)["done"] == len(items)
    assert Order.objects.filter(kind=items[0].kind).count() == 1  # its order, not a second one
    assert OrderBatchItem.objects.get(pk=items[0].pk).attempts == 2

    # The sweep again, or a late copy of a message: nothing is made twice.
    from orders.tasks import run_batch_item

    run_batch_item.delay(items[1].pk)
    assert services.sweep_lost_work(now=later) == 0
    assert Order.objects.count() == len(items)


def test_a_batch_item_out_of_attempts_is_failed_and_the_page_says_why(client, world, later, settings):
    batch = services.batch_for_stage(program=world.program, stage=1, user=world.curator, enqueue=False)
    item = batch.items.first()
    OrderBatchItem.objects.filter(pk=item.pk).update(attempts=settings.TASK_MAX_ATTEMPTS)
    OrderBatchItem.objects.exclude(pk=item.pk).update(status="done")

    from orders.tasks import run_batch_item

    run_batch_item.delay(item.pk)  # a child that dies each time it renders: given back, taken again
    item.refresh_from_db()
    assert (item.status, item.error) == ("failed", LOST.format(n=settings.TASK_MAX_ATTEMPTS))
    assert services.batch_progress(batch)["finished"] is True
    client.force_login(world.curator)
    page = client.get(reverse("orders:batch", args=[world.school_a.slug, batch.pk])).content.decode()
    assert LOST.format(n=settings.TASK_MAX_ATTEMPTS) in page and "hx-trigger" not in page


@pytest.mark.django_db
def test_beat_runs_the_sweeps_every_minute():
    tasks = {task.task: task for task in PeriodicTask.objects.select_related("interval")}
    for name in ("orders.tasks.sweep_lost_work", "reports.tasks.sweep_lost_reports"):
        assert tasks[name].enabled and (tasks[name].interval.every, tasks[name].interval.period) == (1, "minutes")


def test_the_sweep_command_for_embedded_mode(world, later, capsys):
    from django.core.management import call_command

    batch = services.batch_for_stage(program=world.program, stage=1, user=world.curator, enqueue=False)
    OrderBatchItem.objects.filter(batch=batch).update(deadline=timezone.now() - timedelta(minutes=1))
    call_command("sweep_lost_work")
    assert "Отправлено заново: 4" in capsys.readouterr().out
    assert services.batch_progress(batch)["done"] == 4
