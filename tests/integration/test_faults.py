"""Faults injected into a running deployment: a worker's main process and a busy child killed with
kill -9 mid-batch, Redis restarted while work waits, PostgreSQL stopped and started during a batch.
Every item ends done (or failed with its reason), none is made twice, no signed PDF changes.

Real prefork workers on a Redis of the test's own (it is restarted); the sweep that beat runs every
minute is run here between polls, with a short deadline. No timing is asserted: every wait is a poll
with a generous bound."""

import json
import subprocess
import sys
import time
import uuid
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import psycopg
import pytest
from django.conf import settings as django_settings

from mentoring.models import Role
from orders import services
from orders.models import Order, OrderBatchItem
from tests.factories import MunicipalityFactory, OrganizationFactory, ProgramFactory, member

from .conftest import require_services
from .processes import ROOT, OwnPostgres, OwnRedis, Worker, portal_env, sha256_of, wait_for
from .test_orders import school_with_orders

pytestmark = pytest.mark.integration
# Work taken up or queued this long ago counts as lost: short here, so that the sweep acts within the test.
TASK_DEADLINE = 15


def database_url_of_the_tests():
    db = django_settings.DATABASES["default"]
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def use_broker(app, url, queue):
    """Point this process's Celery app (what the sweep and the services publish with) at a broker."""
    app.conf.update(task_always_eager=False, task_default_queue=queue, broker_url=url)
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def faults(transactional_db, django_db_serialized_rollback, tmp_path, settings):
    require_services()
    from config.celery import app

    redis = OwnRedis(tmp_path)
    redis.start()
    queue = f"faults-{uuid.uuid4().hex[:8]}"
    env = portal_env(
        database_url=database_url_of_the_tests(),
        redis_url=redis.url,
        media_root=settings.MEDIA_ROOT,
        queue=queue,
        TASK_DEADLINE_SECONDS=TASK_DEADLINE,
        CELERY_VISIBILITY_TIMEOUT=3600,  # never within the test: what is taken again, the sweep takes
    )
    settings.TASK_DEADLINE_SECONDS = TASK_DEADLINE
    saved = {key: app.conf[key] for key in ("task_always_eager", "task_default_queue", "broker_url")}
    use_broker(app, redis.url, queue)
    workers = []

    def start_workers(*names):
        started = [Worker(name, env, tmp_path) for name in names]
        workers.extend(started)
        wait_for(lambda: all(w.ready() for w in started), "workers ready", deadline=90)
        return started

    try:
        yield SimpleNamespace(redis=redis, start_workers=start_workers, workers=workers, tmp_path=tmp_path)
    finally:
        for worker in workers:
            worker.stop()
        app.conf.update(saved)
        app._pool = None
        app.amqp._producer_pool = None
        redis.stop()


def district_batch(schools):
    district = MunicipalityFactory()
    for n in range(schools):
        ProgramFactory(
            organization=OrganizationFactory(municipality=district, short_name=f"МБОУ «Школа {n + 1} под нагрузкой»")
        )
    coordinator = member(OrganizationFactory(municipality=district, kind="office"), Role.COORDINATOR)
    return services.batch_for_district(municipality=district, kind="implementation", user=coordinator, enqueue=False)


def signed_pdfs(count):
    """Orders signed before the fault, their PDFs made: they must come out of it byte for byte the same."""
    director, orders = school_with_orders(count)
    for order in orders:
        services.order_sign(order, user=director, on=date(2026, 10, 5))  # autocommit: queued at once
    return orders


def pdfs_ready(orders):
    return all(
        status == "ready"
        for status in Order.objects.filter(pk__in=[o.pk for o in orders]).values_list("pdf_status", flat=True)
    )


def in_progress(batch):
    return OrderBatchItem.objects.filter(batch=batch, status="queued", attempts__gte=1).exists()


def finished(batch):
    return not OrderBatchItem.objects.filter(batch=batch, status="queued").exists()


def sweep():
    services.sweep_lost_work()


def assert_nothing_lost_or_doubled(batch, hashes=None):
    items = list(OrderBatchItem.objects.filter(batch=batch).select_related("order"))
    assert [(i.organization.short_name, i.status, i.error) for i in items if i.status != "done"] == []
    # One order per item, none made twice.
    assert Order.objects.filter(kind="implementation", organization__in=[i.organization for i in items]).count() == len(
        items
    )
    for item in items:
        assert item.order.pdf_status == "ready"
        assert sha256_of(item.order.pdf.path) == item.order.pdf_sha256
    for pk, digest in (hashes or {}).items():
        order = Order.objects.get(pk=pk)
        assert (order.pdf_sha256, sha256_of(order.pdf.path)) == (digest, digest)


def test_a_worker_killed_outright_mid_batch_loses_nothing(faults):
    first, second = faults.start_workers("w1", "w2")
    orders = signed_pdfs(2)
    wait_for(lambda: pdfs_ready(orders), "the signed PDFs")
    hashes = dict(Order.objects.filter(pk__in=[o.pk for o in orders]).values_list("pk", "pdf_sha256"))
    batch = district_batch(6)

    services.batch_enqueue(list(batch.items.values_list("pk", flat=True)))
    wait_for(lambda: in_progress(batch), "an item taken up")
    first.kill_main()  # kill -9: its running and prefetched messages stay unacknowledged in Redis
    from orders.tasks import render_order_pdf

    for order in orders:  # and the signed PDFs' messages delivered again, as Redis does with unacked ones
        render_order_pdf.delay(order.pk)

    wait_for(lambda: finished(batch) and pdfs_ready(orders), "every item finished", tick=sweep, every=1)
    assert second.alive()
    assert_nothing_lost_or_doubled(batch, hashes)


def test_a_busy_child_killed_gives_its_item_back_at_once(faults):
    [worker] = faults.start_workers("w1")
    batch = district_batch(4)

    services.batch_enqueue(list(batch.items.values_list("pk", flat=True)))
    wait_for(lambda: in_progress(batch), "an item taken up")
    assert worker.kill_children()
    # No sweep here: the message of the lost child is rejected back to the queue (late ack + reject
    # on worker lost) and the worker's new child takes it up again.
    wait_for(lambda: finished(batch), "every item finished")
    assert worker.alive()
    assert_nothing_lost_or_doubled(batch)


def test_a_redis_restarted_while_work_waits_loses_nothing_and_the_workers_live_on(faults):
    workers = faults.start_workers("w1", "w2")
    batch = district_batch(6)

    services.batch_enqueue(list(batch.items.values_list("pk", flat=True)))
    wait_for(lambda: in_progress(batch), "an item taken up")
    faults.redis.restart()  # keeps nothing on disk: the queued messages are gone

    wait_for(lambda: finished(batch), "every item finished", tick=sweep, every=1)
    assert all(worker.alive() for worker in workers), [w.log.read_text()[-3000:] for w in workers]
    assert_nothing_lost_or_doubled(batch)


SETUP = """
import json
from orders import services
from mentoring.models import Role
from tests.factories import MunicipalityFactory, OrganizationFactory, ProgramFactory, member
district = MunicipalityFactory()
for n in range(5):
    school = OrganizationFactory(municipality=district, short_name=f"МБОУ «Школа {n + 1} под нагрузкой»")
    ProgramFactory(organization=school)
coordinator = member(OrganizationFactory(municipality=district, kind="office"), Role.COORDINATOR)
batch = services.batch_for_district(municipality=district, kind="implementation", user=coordinator, enqueue=False)
ids = list(batch.items.values_list("pk", flat=True))
services.batch_enqueue(ids)
print(json.dumps(ids))
"""


WEB_WHILE_DOWN = """
from django.test import Client
response = Client(raise_request_exception=False).get("/p/any-school/", secure=True, HTTP_HOST="127.0.0.1")
print(response.status_code, "Сервис временно недоступен" in response.content.decode())
"""


def manage(env, *args):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_postgresql_stopped_and_started_during_a_batch(tmp_path):
    """A PostgreSQL of the test's own, stopped while the workers render and started again: the tasks
    wait for it instead of failing, and every item ends done, made once."""
    require_services()
    postgres, redis = OwnPostgres(), OwnRedis(tmp_path)
    workers = []
    try:
        postgres.start()
        redis.start()
        with psycopg.connect(postgres.url("postgres"), autocommit=True) as conn:
            conn.execute("CREATE DATABASE nastavnik")
        media = tmp_path / "media"
        env = portal_env(
            database_url=postgres.url(),
            redis_url=redis.url,
            media_root=media,
            queue="pg-faults",
            TASK_DEADLINE_SECONDS=TASK_DEADLINE,
            STATIC_MANIFEST=0,  # no collectstatic here
            DB_CONN_MAX_AGE=60,
        )
        migrated = manage(env, "migrate", "--noinput", "-v0")
        assert migrated.returncode == 0, migrated.stderr
        workers = [Worker(name, env, tmp_path) for name in ("w1", "w2")]
        wait_for(lambda: all(w.ready() for w in workers), "workers ready", deadline=90)

        made = manage(env, "shell", "-c", SETUP)
        assert made.returncode == 0, made.stderr
        ids = json.loads(made.stdout.strip().splitlines()[-1])

        def count(sql):
            try:
                with psycopg.connect(postgres.url(), connect_timeout=3) as conn:
                    return conn.execute(sql).fetchone()[0]
            except psycopg.OperationalError:
                return None

        wait_for(lambda: count("SELECT count(*) FROM orders_orderbatchitem WHERE attempts > 0"), "an item taken up")
        postgres.stop()
        # While it is down (the workers' tasks meet it meanwhile), the web answers in Russian with a 503.
        page = manage(env, "shell", "-c", WEB_WHILE_DOWN)
        assert page.returncode == 0, page.stderr
        assert page.stdout.strip().splitlines()[-1] == "503 True"
        time.sleep(3)
        postgres.start()

        last_sweep = [0.0]

        def sweep_now_and_then():
            if time.monotonic() - last_sweep[0] > 5:
                manage(env, "sweep_lost_work")
                last_sweep[0] = time.monotonic()

        wait_for(
            lambda: count("SELECT count(*) FROM orders_orderbatchitem WHERE status = 'queued'") == 0,
            "every item finished",
            tick=sweep_now_and_then,
        )
        with psycopg.connect(postgres.url()) as conn:
            items = conn.execute("SELECT id, status, error, order_id FROM orders_orderbatchitem ORDER BY id").fetchall()
            orders = conn.execute("SELECT id, pdf, pdf_sha256, pdf_status FROM orders_order").fetchall()
        assert [(pk, status, error) for pk, status, error, _ in items if status != "done"] == []
        assert sorted(pk for pk, *_ in items) == sorted(ids)
        assert len(orders) == len(ids) == len({order_id for *_, order_id in items})  # none made twice
        for _, pdf, digest, status in orders:
            assert status == "ready" and sha256_of(Path(media) / pdf) == digest
        assert all(w.alive() for w in workers)
    finally:
        for worker in workers:
            worker.stop()
        redis.stop()
        postgres.destroy()
