"""A real worker on Redis and PostgreSQL: tasks queued on commit are picked up and read the database."""

import time

import pytest
from django.urls import reverse

from mentoring.tasks import send_user_email
from tests.factories import UserFactory

pytestmark = pytest.mark.integration

# A generous bound for a worker on a loaded 2-core CI machine; it only matters when something is broken.
DEADLINE = 90


# Django's file backend creates a connection's file when it opens and ends each message written to it
# with a line of 79 dashes: a file without that ending is still being written.
MESSAGE_END = b"-" * 79 + b"\n"


def wait_for_files(directory, count=1):
    """The worker's mail files once `count` of them hold at least one complete message each."""
    deadline = time.monotonic() + DEADLINE
    while time.monotonic() < deadline:
        files = sorted(directory.glob("*.log")) if directory.exists() else []
        written = [f for f in files if f.read_bytes().endswith(MESSAGE_END)]
        if len(written) >= count:
            return written
        time.sleep(0.2)
    raise AssertionError(f"no complete mail in {directory} after {DEADLINE} s")


def test_a_task_round_trip_reads_the_user_from_postgres(celery_worker_process):
    active = UserFactory(email="active@school.test")
    gone = UserFactory(email="gone@school.test", is_active=False)
    assert send_user_email.delay(active.pk, "Тема", "Текст").get(timeout=DEADLINE) is True
    assert send_user_email.delay(gone.pk, "Тема", "Текст").get(timeout=DEADLINE) is False
    [mail] = wait_for_files(celery_worker_process["mail_dir"])
    assert "active@school.test" in mail.read_text()


def test_password_reset_mail_is_sent_by_the_worker(client, celery_worker_process):
    UserFactory(email="teacher@school.test")
    response = client.post(reverse("password_reset"), {"email": "teacher@school.test"})
    assert response.status_code == 302
    [mail] = wait_for_files(celery_worker_process["mail_dir"])
    text = mail.read_text()
    assert "teacher@school.test" in text
    assert "/password/reset/" in text


def test_the_daily_beat_task_runs_on_the_worker_and_mails_each_digest_once(celery_worker_process):
    from datetime import timedelta

    from django.utils import timezone

    from mentoring.models import Role
    from notifications.models import Email
    from notifications.tasks import run_daily_reminders
    from tests.factories import ActivityFactory, OrganizationFactory, ProgramFactory, SectionFactory, member

    school = OrganizationFactory()
    curator = member(school, Role.CURATOR, email="curator@worker.test")
    today = timezone.localdate()
    program = ProgramFactory(
        organization=school, period_start=today - timedelta(days=60), period_end=today + timedelta(days=200)
    )
    ActivityFactory(section=SectionFactory(program=program), start_date=today, due_date=today + timedelta(days=7))

    from notifications.models import ReminderRun

    def run_finished():
        deadline = time.monotonic() + DEADLINE
        while time.monotonic() < deadline:
            claimed = not ReminderRun.objects.filter(claimed_at__isnull=True).exists()
            if claimed and not Email.objects.filter(sent_at__isnull=True).exists():
                return
            time.sleep(0.2)
        raise AssertionError(f"the run did not finish within {DEADLINE} s")

    assert run_daily_reminders.delay().get(timeout=DEADLINE) == 1  # one chunk: the one school
    [mail] = wait_for_files(celery_worker_process["mail_dir"])
    assert "curator@worker.test" in mail.read_text()
    run_finished()
    assert Email.objects.filter(user=curator, sent_at__isnull=False).count() == 1
    # The same day again: nothing new to send.
    assert run_daily_reminders.delay().get(timeout=DEADLINE) == 1
    run_finished()
    assert ReminderRun.objects.count() == 2
    assert Email.objects.count() == 1
    assert len(wait_for_files(celery_worker_process["mail_dir"])) == 1
