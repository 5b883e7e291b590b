"""The daily run in chunks of organizations that several workers share: each chunk's findings are
stored once, a chunk taken again after its worker died adds and sends nothing twice, a person gets one
digest whatever the chunks, and embedded mode (tasks in-process) still sends each reminder once."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from mentoring.models import Role
from notifications.models import Email, Notification, ReminderChunk, ReminderRun
from notifications.services import (
    reminder_chunk_collect,
    reminder_chunk_take,
    reminders_plan,
    reminders_run,
    reminders_sweep,
)
from notifications.tasks import run_daily_reminders
from tests.factories import ActivityFactory, OrganizationFactory, ProgramFactory, SectionFactory, member

TODAY = date(2026, 9, 23)  # a week before the 30th: «the deadline is coming»


@pytest.fixture
def district(world, settings, time_machine):
    """Three schools of one district, a chunk each; the coordinator answers for an activity in each."""
    time_machine.move_to("2026-09-23 07:00:00+03:00", tick=False)
    settings.REMINDER_CHUNK_ORGANIZATIONS = 1
    school_c = OrganizationFactory(short_name="МБОУ «СОШ №3»", municipality=world.school_a.municipality)
    member(school_c, Role.CURATOR, email="curator@c.test")
    program_c = ProgramFactory(organization=school_c)
    world.activity_c = ActivityFactory(section=SectionFactory(program=program_c, position=1), number="1.1")
    for program in (world.program, world.program_b, program_c):
        ActivityFactory(
            section=program.sections.first(), number="2.1", title="Отчёт району", responsible_role=Role.COORDINATOR
        )
    return world


def sent_to(user):
    return [message for message in mail.outbox if message.to == [user.email]]


def test_the_run_is_planned_in_chunks_that_cover_every_organization(district):
    run = reminders_plan(today=TODAY)
    chunks = list(run.chunks.order_by("first_organization_id"))
    assert len(chunks) == 4  # school A, B, C and the foreign school
    assert chunks[0].first_organization_id == 0
    assert all(a.last_organization_id + 1 == b.first_organization_id for a, b in zip(chunks, chunks[1:], strict=False))
    assert chunks[-1].last_organization_id >= 2**62  # an organization added meanwhile is in the last one
    assert all(c.deadline is not None and c.attempts == 0 for c in chunks)


def test_the_beat_task_in_embedded_mode_sends_each_reminder_once(district, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert run_daily_reminders() == 4  # chunks, each run in-process at once
    run = ReminderRun.objects.get()
    assert run.claimed_at is not None
    assert not run.chunks.filter(collected_at__isnull=True).exists()
    # One digest for the coordinator, with the activities of all three schools (three chunks).
    [digest] = sent_to(district.coordinator)
    assert digest.body.count("Отчёт району") == 3
    assert len(sent_to(district.curator)) == 1 and len(sent_to(district.curator_b)) == 1
    assert Email.objects.filter(sent_at__isnull=True).count() == 0

    with django_capture_on_commit_callbacks(execute=True):
        run_daily_reminders()  # a second run the same day
    assert len(sent_to(district.coordinator)) == 1
    assert ReminderRun.objects.filter(claimed_at__isnull=False).count() == 2


def test_a_chunk_taken_again_after_its_worker_died_adds_and_sends_nothing_twice(
    district, django_capture_on_commit_callbacks
):
    run = reminders_plan(today=TODAY)
    first, *rest = run.chunks.order_by("pk")
    # A worker takes the first chunk up and is killed: its transaction never commits.
    assert reminder_chunk_take(first.pk, worker="w1@host").attempts == 1
    with django_capture_on_commit_callbacks(execute=True):
        for chunk in rest:  # the other worker collects the rest...
            assert reminder_chunk_collect(chunk_id=chunk.pk, worker="w2@host")
    assert mail.outbox == []  # ...but nothing is claimed while a chunk is owed
    assert ReminderRun.objects.get().claimed_at is None

    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_sweep() == 0  # its deadline has not passed: it may still be running
    later = timezone.now() + timedelta(hours=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_sweep(now=later) == 1  # sent again; the task runs in-process here
    first.refresh_from_db()
    assert first.attempts == 2 and first.collected_at is not None
    [digest] = sent_to(district.coordinator)
    assert digest.body.count("Отчёт району") == 3

    # The lost worker's message delivered again after all (Redis's visibility timeout): nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        assert reminder_chunk_collect(chunk_id=first.pk) is False
        assert reminders_sweep(now=later) == 0
    assert len(sent_to(district.coordinator)) == 1
    assert Notification.objects.filter(user=district.coordinator).count() == 3


def test_two_workers_collecting_one_chunk_store_its_findings_once(district):
    run = reminders_plan(today=TODAY)
    chunk = run.chunks.order_by("pk").first()
    assert reminder_chunk_collect(chunk_id=chunk.pk, worker="w1@host")
    # Sent again by the sweep while the first still ran: the second finds it collected.
    ReminderChunk.objects.filter(pk=chunk.pk).update(collected_at=None)
    told = Notification.objects.count()
    assert reminder_chunk_collect(chunk_id=chunk.pk, worker="w2@host")
    assert Notification.objects.count() == told


def test_a_chunk_out_of_attempts_is_given_up_with_the_reason_and_the_rest_is_mailed(
    district, settings, django_capture_on_commit_callbacks
):
    run = reminders_plan(today=TODAY)
    first, *rest = run.chunks.order_by("pk")
    ReminderChunk.objects.filter(pk=first.pk).update(attempts=settings.TASK_MAX_ATTEMPTS)
    with django_capture_on_commit_callbacks(execute=True):
        for chunk in rest:
            reminder_chunk_collect(chunk_id=chunk.pk)
        assert reminders_sweep(now=timezone.now() + timedelta(hours=1)) == 0
    first.refresh_from_db()
    assert first.collected_at is None and "6" in first.error
    assert ReminderRun.objects.get().claimed_at is not None
    assert len(sent_to(district.coordinator)) == 1


def test_the_cron_command_runs_every_chunk_in_process(district):
    pending = reminders_run(today=TODAY, queue=False)
    assert Email.objects.filter(pk__in=pending, user=district.coordinator).count() == 1
    assert not ReminderChunk.objects.filter(collected_at__isnull=True).exists()
