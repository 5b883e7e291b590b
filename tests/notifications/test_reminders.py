"""Which reminders fire on which days, who gets them, and that each goes out exactly once."""

from datetime import date
from smtplib import SMTPException, SMTPRecipientsRefused

import pytest
from celery.exceptions import Retry
from django.conf import settings
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.test import override_settings

from mentoring.models import Role
from notifications.models import Email, Notification, ReminderSettings
from notifications.services import email_send, reminders_run
from roadmap.models import ActivityStatus
from tests.factories import ActivityFactory, SectionFactory, member


@pytest.fixture
def day(time_machine):
    def move(iso):
        time_machine.move_to(f"{iso} 07:00:00+03:00", tick=False)
        return date.fromisoformat(iso)

    return move


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """The daily run as the beat task does it: emails are queued when the run's transaction commits."""

    def run_on(today):
        with django_capture_on_commit_callbacks(execute=True):
            return reminders_run(today=today)

    return run_on


def to(user):
    return [message for message in mail.outbox if message.to == [user.email]]


def kinds(user, prefixes=("deadline", "activity")):
    """The kinds a person was told about (activity deadlines unless asked otherwise)."""
    found = Notification.objects.filter(user=user).values_list("kind", flat=True)
    return sorted(kind for kind in found if kind.startswith(prefixes))


def test_a_deadline_reminds_a_week_before_the_day_before_and_once_overdue(world, day, run):
    # world.activity: due 30.09.2026, given to the curator role of school A.
    for iso, expected in [
        ("2026-09-22", []),
        ("2026-09-23", ["deadline_soon"]),
        ("2026-09-26", ["deadline_soon"]),
        ("2026-09-29", ["deadline_soon", "deadline_tomorrow"]),
        ("2026-09-30", ["deadline_soon", "deadline_tomorrow"]),
        ("2026-10-01", ["activity_overdue", "deadline_soon", "deadline_tomorrow"]),
        ("2026-10-05", ["activity_overdue", "deadline_soon", "deadline_tomorrow"]),
    ]:
        run(day(iso))
        assert kinds(world.curator) == expected, iso
    assert kinds(world.director) == []
    # School B's curator hears of school B's activity only.
    # (Its stage reminders are about school B's section: keys «section:<id>», another id sequence.)
    told = Notification.objects.filter(user=world.curator_b, subject__startswith="activity:")
    assert told.exists()
    everything = Notification.objects.filter(user=world.curator_b)
    assert all(n.organization_id in (None, world.school_b.pk) for n in everything)
    assert {n.key.split(":")[1] for n in told} == {str(world.activity_b.pk)}, [(n.kind, n.key) for n in told]


def test_named_responsible_people_are_told_instead_of_the_role(world, day, run):
    world.activity.responsible_users.add(world.mentor)
    run(day("2026-09-29"))
    assert kinds(world.mentor) == ["deadline_tomorrow"]
    assert kinds(world.curator) == []


def test_done_cancelled_and_draft_program_activities_are_not_reminded(world, day, run):
    ActivityFactory(section=world.section, status=ActivityStatus.DONE, completed_at="2026-09-01T10:00:00Z")
    ActivityFactory(section=world.section, status=ActivityStatus.CANCELLED, status_note="Не нужно")
    world.program_b.status = "draft"
    world.program_b.save()
    run(day("2026-09-29"))
    deadlines = Notification.objects.filter(kind__startswith="deadline")
    assert [(n.user, n.key.split(":")[1]) for n in deadlines] == [(world.curator, str(world.activity.pk))]
    assert not Notification.objects.filter(user=world.curator_b).exists()


def test_an_organization_chooses_its_own_reminder_days(world, day, run):
    world.school_a.reminder_days = [3]
    world.school_a.save()
    run(day("2026-09-23"))
    assert kinds(world.curator) == []
    run(day("2026-09-27"))
    assert kinds(world.curator) == ["deadline_soon"]  # three days ahead, as this school chose


def test_muted_kinds_are_not_told(world, day, run):
    ReminderSettings.objects.create(user=world.curator, muted_kinds=["deadline_soon"])
    run(day("2026-09-23"))
    assert kinds(world.curator) == []
    run(day("2026-10-01"))
    assert kinds(world.curator) == ["activity_overdue"]


def test_a_stage_start_and_end_are_told_to_the_programs_curator(world, day, run):
    stage = SectionFactory(program=world.program, number="2", title="Формирование базы наставляемых", stage=2)
    ActivityFactory(section=stage, start_date=date(2026, 10, 5), due_date=date(2026, 10, 20))
    run(day("2026-10-05"))
    starts = Notification.objects.get(user=world.curator, kind="stage_starts")
    assert "2. Формирование базы наставляемых" in starts.title
    assert starts.url == world.program.get_absolute_url()
    run(day("2026-10-13"))
    assert Notification.objects.filter(user=world.curator, kind="stage_ends").count() == 1


def test_one_digest_a_day_grouped_by_program_in_russian(world, day, run):
    ActivityFactory(section=world.section, number="1.2", title="Анкетирование наставников", due_date=date(2026, 9, 29))
    run(day("2026-09-23"))
    [message] = to(world.curator)
    assert message.to == ["curator@a.test"]
    # Two deadlines and the end of their stage, in one email.
    assert message.subject == "Наставник: 3 напоминания на 23 сентября 2026 г."
    assert "Этап заканчивается 30.09.2026: 1. Подготовка условий" in message.body
    assert world.program.title in message.body
    assert "Срок 30.09.2026: 1.1 Издание приказа" in message.body
    assert f"{settings.SITE_URL}{world.activity.get_absolute_url()}" in message.body
    html = message.alternatives[0][0]
    assert f'href="{settings.SITE_URL}{world.activity.get_absolute_url()}"' in html


def test_running_twice_on_the_same_day_sends_nothing_twice(world, day, run):
    run(day("2026-09-23"))
    run(day("2026-09-23"))
    assert len(to(world.curator)) == 1
    assert Notification.objects.filter(user=world.curator).count() == 2
    assert Email.objects.filter(user=world.curator).count() == 1


class FailingOnce(EmailBackend):
    failed = False

    def send_messages(self, messages):
        if not FailingOnce.failed:
            FailingOnce.failed = True
            raise SMTPException("421 the mail server is down")
        return super().send_messages(messages)


def test_a_mail_server_that_is_down_loses_nothing_and_the_retry_sends_once(world, day, settings, run):
    settings.EMAIL_BACKEND = "tests.notifications.test_reminders.FailingOnce"
    FailingOnce.failed = False
    today = day("2026-09-23")
    with pytest.raises(Retry):  # the task asks Celery to try again later
        run(today)
    email = Email.objects.get(user=world.curator)
    assert email.sent_at is None and email.notifications.count() == 2
    assert to(world.curator) == []
    # The retry (or tomorrow's run) picks the unsent email up again.
    run(today)
    run(today)
    assert len(to(world.curator)) == 1
    email.refresh_from_db()
    assert email.sent_at is not None


def test_a_sent_email_is_not_sent_again_by_a_late_retry(world, day, run):
    run(day("2026-09-23"))
    email = Email.objects.get(user=world.curator)
    assert email_send(email_id=email.pk) is False
    assert len(to(world.curator)) == 1


def test_urgent_reminders_by_a_separate_email_when_asked(world, day, run):
    ReminderSettings.objects.create(user=world.curator, urgent_immediately=True)
    ActivityFactory(section=world.section, number="1.7", title="Памятки для наставников", due_date=date(2026, 10, 20))
    run(day("2026-10-13"))  # 1.1 overdue (urgent), 1.7 due in a week
    subjects = sorted(m.subject for m in to(world.curator))
    assert len(subjects) == 2
    assert any(s.startswith("Наставник: срочно") for s in subjects)


@override_settings(SITE_URL="https://nastavnik.example.ru")
def test_links_use_the_sites_address(world, day, run):
    run(day("2026-09-23"))
    assert f"https://nastavnik.example.ru{world.activity.get_absolute_url()}" in to(world.curator)[0].body


def test_people_who_left_are_not_reminded(world, day, run):
    world.curator.is_active = False
    world.curator.save()
    other = member(world.school_a, Role.CURATOR, email="second.curator@a.test")
    run(day("2026-09-23"))
    assert to(world.curator) == []
    assert len(to(other)) == 1


class RefusesOneAddress(EmailBackend):
    def send_messages(self, messages):
        for message in messages:
            if "broken" in message.to[0]:
                raise SMTPRecipientsRefused({message.to[0]: (550, b"No such user")})
        return super().send_messages(messages)


def test_an_address_refused_for_good_does_not_hold_up_the_others(world, day, run, settings):
    settings.EMAIL_BACKEND = "tests.notifications.test_reminders.RefusesOneAddress"
    world.curator_b.email = "broken@b.test"
    world.curator_b.save()
    run(day("2026-09-23"))
    assert len(to(world.curator)) == 1
    refused = Email.objects.get(user=world.curator_b)
    assert refused.sent_at is not None and "No such user" in refused.error
    run(day("2026-09-23"))  # not tried again
    assert len(mail.outbox) == 1


def test_people_named_on_an_activity_who_left_the_school_are_not_told(world, day, run):
    from mentoring.models import Membership

    world.activity.responsible_users.add(world.mentor)
    Membership.objects.filter(user=world.mentor).delete()
    run(day("2026-09-29"))
    assert kinds(world.mentor) == []


def test_an_activity_given_to_the_coordinator_reaches_the_districts_coordinator(world, day, run):
    ActivityFactory(section=world.section, number="1.8", responsible_role="coordinator", due_date=date(2026, 9, 30))
    run(day("2026-09-29"))
    assert kinds(world.coordinator) == ["deadline_tomorrow"]
    assert kinds(world.foreign_coordinator) == []


def test_an_activity_with_nobody_responsible_goes_to_the_programs_curator(world, day, run):
    world.activity.responsible_role = ""
    world.activity.save()
    run(day("2026-09-29"))
    assert kinds(world.curator) == ["deadline_tomorrow"]


def test_send_reminders_command_reports_and_a_down_server_waits_for_the_next_run(world, day, settings):
    import io

    from django.core.management import call_command

    settings.EMAIL_BACKEND = "tests.notifications.test_reminders.FailingOnce"
    FailingOnce.failed = False
    day("2026-09-23")
    out, err = io.StringIO(), io.StringIO()
    call_command("send_reminders", "--date", "2026-09-23", stdout=out, stderr=err)
    assert "Почтовый сервер недоступен" in err.getvalue()
    assert to(world.curator) == []
    out = io.StringIO()
    call_command("send_reminders", "--date", "2026-09-23", stdout=out)
    assert len(to(world.curator)) == 1
    assert "отправлено: 2" in out.getvalue()  # school A's and school B's curators


def test_a_run_that_died_after_claiming_loses_nothing(world, day, run):
    today = day("2026-09-23")
    reminders_run(today=today, queue=False)  # the worker dies before any email is queued
    assert to(world.curator) == []
    run(today)  # the next run (or the quarter-hourly resend) sends what was claimed, once
    run(today)
    assert len(to(world.curator)) == 1


def test_the_quarter_hourly_resend_queues_only_what_is_unsent(world, day, django_capture_on_commit_callbacks):
    from notifications.tasks import send_pending_reminders

    reminders_run(today=day("2026-09-23"), queue=False)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_pending_reminders() == 2
    assert len(to(world.curator)) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert send_pending_reminders() == 0
