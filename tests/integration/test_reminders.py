"""The daily digest on a real worker: an order signed after the digest was put together is not in it."""

import email
import time
from datetime import timedelta

import pytest
from django.utils import timezone

from mentoring.models import Role
from notifications.models import Email, Notification
from notifications.services import emails_queue, reminders_run
from orders import services
from tests.factories import ActivityFactory, OrganizationFactory, ProgramFactory, SectionFactory, member

from .test_celery_worker import DEADLINE, wait_for_files

pytestmark = pytest.mark.integration


def mails_in(paths):
    """{recipient: plain text} of the messages in the file backend's files (one file a connection,
    its messages separated by a line of dashes)."""
    found = {}
    for path in paths:
        for raw in path.read_bytes().split(b"-" * 79):
            if raw.strip():
                message = email.message_from_bytes(raw.strip())
                [plain] = [part for part in message.walk() if part.get_content_type() == "text/plain"]
                found[message["To"]] = plain.get_payload(decode=True).decode(plain.get_content_charset() or "utf-8")
    return found


def test_a_digest_sent_after_the_order_is_signed_says_nothing_about_signing_it(celery_worker_process):
    today = timezone.localdate()
    school = OrganizationFactory()
    curator = member(school, Role.CURATOR)
    director = member(school, Role.DIRECTOR, email="head@school.test")
    program = ProgramFactory(organization=school, curator=curator)
    # Something else the head must hear about tomorrow, so that the digest goes.
    ActivityFactory(
        section=SectionFactory(program=program),
        title="Утвердить базу наставников",
        responsible_role=Role.DIRECTOR,
        start_date=today,
        due_date=today + timedelta(days=1),
    )
    order = services.order_submit(services.order_create(program=program, kind="curator", user=curator), user=curator)
    pending = reminders_run(today=today, queue=False)  # the morning's digest is put together...
    assert Notification.objects.filter(user=director, kind="order_to_sign", email__isnull=False).exists()

    services.order_sign(order, user=director, on=today)  # ...the head signs before the worker sends it...
    Notification.objects.update(withdrawn_at=None)  # (and even had nothing withdrawn it at the signature)
    emails_queue(pending)  # ...and the worker sends it now

    deadline = time.monotonic() + DEADLINE
    while Email.objects.filter(pk__in=pending, sent_at__isnull=True).exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    mails = mails_in(wait_for_files(celery_worker_process["mail_dir"]))
    body = mails["head@school.test"]
    assert "Утвердить базу наставников" in body
    assert "подпис" not in body and order.title not in body
    assert Notification.objects.get(user=director, kind="order_to_sign").withdrawn_at is not None
