"""The daily reminders on two real workers, one killed with kill -9 in the middle of a chunk: the other
finishes the run, and every reminder is stored once and mailed once.

The kill is made certain, not timed: the test holds an uncommitted notification with a key that one
chunk is about to store, so that chunk's insert waits (PostgreSQL makes an INSERT … ON CONFLICT wait
for the other transaction) while the other worker collects every other chunk. The worker holding it
is then killed with all its processes, the held row is rolled back, and the sweep (run here between
polls, with a short deadline, as beat runs it every minute) sends the lost chunk again. No timing is
asserted: every wait is a poll with a generous bound."""

import email
import uuid
from collections import Counter
from datetime import timedelta
from types import SimpleNamespace

import psycopg
import pytest
from django.utils import timezone

from mentoring.models import Role
from notifications.models import Email, Notification, ReminderChunk, ReminderRun
from notifications.registry import FINDERS
from notifications.services import reminders_start, reminders_sweep
from tests.factories import (
    ActivityFactory,
    MunicipalityFactory,
    OrganizationFactory,
    ProgramFactory,
    SectionFactory,
    member,
)

from .conftest import require_services
from .processes import OwnRedis, Worker, portal_env, wait_for
from .test_faults import database_url_of_the_tests, use_broker

pytestmark = pytest.mark.integration
TASK_DEADLINE = 15  # a chunk taken this long ago counts as lost: short, so that the sweep acts within the test
SCHOOLS = 8


@pytest.fixture
def two_workers(transactional_db, django_db_serialized_rollback, tmp_path, settings):
    require_services()
    from config.celery import app

    redis = OwnRedis(tmp_path)
    redis.start()
    queue = f"reminders-{uuid.uuid4().hex[:8]}"
    mail_dir = tmp_path / "mail"
    env = portal_env(
        database_url=database_url_of_the_tests(),
        redis_url=redis.url,
        media_root=settings.MEDIA_ROOT,
        queue=queue,
        TASK_DEADLINE_SECONDS=TASK_DEADLINE,
        CELERY_VISIBILITY_TIMEOUT=3600,  # never within the test: what is taken again, the sweep takes
        REMINDER_CHUNK_ORGANIZATIONS=1,
        EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        EMAIL_FILE_PATH=mail_dir,
    )
    settings.TASK_DEADLINE_SECONDS = TASK_DEADLINE
    settings.REMINDER_CHUNK_ORGANIZATIONS = 1
    saved = {key: app.conf[key] for key in ("task_always_eager", "task_default_queue", "broker_url")}
    use_broker(app, redis.url, queue)
    workers = [Worker(name, env, tmp_path) for name in ("w1", "w2")]
    try:
        wait_for(lambda: all(w.ready() for w in workers), "workers ready", deadline=90)
        yield SimpleNamespace(workers=workers, mail_dir=mail_dir)
    finally:
        for worker in workers:
            worker.stop()
        app.conf.update(saved)
        app._pool = None
        app.amqp._producer_pool = None
        redis.stop()


def district_with_deadlines(today):
    """Schools of one district, each with its curator's activities due this week and one the district
    coordinator answers for: one chunk a school, and the coordinator's digest gathers every chunk."""
    district = MunicipalityFactory()
    coordinator = None
    schools = []
    for n in range(SCHOOLS):
        school = OrganizationFactory(municipality=district, short_name=f"МБОУ «СОШ №{n + 1}»")
        coordinator = coordinator or member(school, Role.COORDINATOR, email="coordinator@district.test")
        member(school, Role.CURATOR, email=f"curator{n + 1}@district.test")
        program = ProgramFactory(
            organization=school, period_start=today - timedelta(days=60), period_end=today + timedelta(days=200)
        )
        section = SectionFactory(program=program, position=1)
        for i in range(3):
            ActivityFactory(
                section=section,
                number=f"1.{i + 1}",
                title=f"Мероприятие {i + 1}",
                start_date=today - timedelta(days=10),
                due_date=today + timedelta(days=2 + i),
            )
        ActivityFactory(
            section=section,
            number="2.1",
            title="Отчёт району",
            responsible_role=Role.COORDINATOR,
            start_date=today - timedelta(days=10),
            due_date=today + timedelta(days=5),
        )
        schools.append(school)
    return schools, coordinator


def expected_findings(today, organization=None):
    span = None if organization is None else (organization.pk, organization.pk)
    return {(f.user_id, f.kind, f.key) for find in FINDERS for f in find(today, span)}


class HeldNotification:
    """An uncommitted notification in a transaction of the test's own: a chunk storing the same
    (person, kind, key) waits for it, in the middle of its own transaction."""

    def __init__(self, user_id, kind, key):
        self.connection = psycopg.connect(database_url_of_the_tests())
        self.connection.execute(
            'INSERT INTO notifications_notification (user_id, kind, key, subject, title, url, "group", created_at)'
            " VALUES (%s, %s, %s, '', 'held', '', '', now())",
            (user_id, kind, key),
        )

    def release(self):
        self.connection.rollback()
        self.connection.close()


def mails_in(directory):
    """The messages of the file backend's files (one file a connection, messages ended by 79 dashes)."""
    found = []
    for path in sorted(directory.glob("*.log")):
        for raw in path.read_bytes().split(b"-" * 79):
            if raw.strip():
                found.append(email.message_from_bytes(raw.strip()))
    return found


def plain_text(message):
    [plain] = [part for part in message.walk() if part.get_content_type() == "text/plain"]
    return plain.get_payload(decode=True).decode(plain.get_content_charset() or "utf-8")


def test_a_worker_killed_mid_chunk_leaves_every_reminder_sent_exactly_once(two_workers):
    today = timezone.localdate()
    schools, coordinator = district_with_deadlines(today)
    expected = expected_findings(today)
    recipients = {user_id for user_id, _kind, _key in expected}
    assert len(recipients) == SCHOOLS + 1 and len(expected) == SCHOOLS * 4 + SCHOOLS
    blocked_school = schools[SCHOOLS // 2]
    held = HeldNotification(*sorted(expected_findings(today, blocked_school))[0])
    try:
        run = reminders_start(today=today)
        blocked = run.chunks.get(
            first_organization_id__lte=blocked_school.pk, last_organization_id__gte=blocked_school.pk
        )
        others = run.chunks.exclude(pk=blocked.pk)

        # Mid-way: every other chunk collected, and the blocked one in the hands of a worker.
        wait_for(
            lambda: (
                not others.filter(collected_at__isnull=True).exists()
                and ReminderChunk.objects.filter(pk=blocked.pk, attempts=1).exclude(taken_by="").exists()
            ),
            "every chunk but the held one collected, the held one taken up",
        )
        blocked.refresh_from_db()
        assert blocked.collected_at is None
        assert ReminderRun.objects.get(pk=run.pk).claimed_at is None  # nothing put into emails yet
        [victim] = [w for w in two_workers.workers if blocked.taken_by.startswith(f"{w.name}@")]
        [survivor] = [w for w in two_workers.workers if w is not victim]
        victim.kill_all()  # kill -9, mid-transaction
    finally:
        held.release()

    wait_for(lambda: ReminderRun.objects.get(pk=run.pk).claimed_at, "the run claimed", tick=reminders_sweep, every=1)
    wait_for(lambda: not Email.objects.filter(sent_at__isnull=True).exists(), "every email sent")
    assert survivor.alive(), survivor.log.read_text()[-3000:]

    blocked.refresh_from_db()
    assert blocked.attempts == 2 and blocked.taken_by.startswith(f"{survivor.name}@")
    assert not run.chunks.filter(collected_at__isnull=True).exists()
    # In the database: every expected reminder once, each in one sent email, one email a person.
    told = list(Notification.objects.values_list("user_id", "kind", "key", "email__sent_at"))
    assert {(u, k, key) for u, k, key, _sent in told} == expected and len(told) == len(expected)
    assert all(sent is not None for *_rest, sent in told)
    emails = list(Email.objects.values_list("user_id", flat=True))
    assert sorted(emails) == sorted(recipients)
    # In the mail: one message a person, none twice; the coordinator's has every school's activity.
    messages = mails_in(two_workers.mail_dir)
    assert Counter(m["To"] for m in messages) == Counter(Email.objects.values_list("user__email", flat=True).distinct())
    assert len({m["Message-ID"] for m in messages}) == len(messages) == len(recipients)
    [digest] = [m for m in messages if m["To"] == coordinator.email]
    assert plain_text(digest).count("Отчёт району") == SCHOOLS
