"""Reminders check before they speak: each kind's subject is checked again when it is mailed and when it
is shown; a signed order, a done activity, a closed or cancelled campaign, a finished pair send and show
nothing, and what was told about them is withdrawn."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from mentoring.models import Meeting
from mentoring.services import complete_pair, create_pair
from notifications.models import Email, Notification
from notifications.services import emails_claim, emails_send, pending_email_ids, reminders_collect, reminders_run
from orders import services as orders
from roadmap.models import Activity, ActivityStatus, Program, ProgramStatus
from roadmap.services import activity_set_status
from surveys import services as surveys
from surveys.models import Questionnaire
from tests.factories import MenteeFactory, PersonFactory, standard_form, teacher_mentor


@pytest.fixture
def day(time_machine):
    def move(iso):
        time_machine.move_to(f"{iso} 07:00:00+03:00", tick=False)
        return date.fromisoformat(iso)

    return move


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    def run_on(today):
        with django_capture_on_commit_callbacks(execute=True):
            return reminders_run(today=today)

    return run_on


def mailed_to(user):
    return "\n".join(m.body for m in mail.outbox if m.to == [user.email])


def bell(client, user):
    """What the person's bell counts and the list shows."""
    client.force_login(user)
    response = client.get(reverse("notifications:list"))
    return response.context["unread_notifications"], response.content.decode()


def submitted_order(world):
    order = orders.order_create(program=world.program, kind="curator", user=world.curator)
    return orders.order_submit(order, user=world.curator)


# --- Orders ------------------------------------------------------------------------------------------------------


def test_signing_an_order_withdraws_its_awaits_signature_from_the_bell(client, world, day):
    day("2026-10-05")
    order = submitted_order(world)
    count, page = bell(client, world.director)
    assert count == 1 and "Ждёт вашей подписи" in page

    orders.order_sign(order, user=world.director, on=date(2026, 10, 5))

    assert Notification.objects.get(kind="order_to_sign").withdrawn_at is not None
    count, page = bell(client, world.director)
    assert count == 0 and "Ждёт вашей подписи" not in page


def test_a_digest_sent_after_the_order_is_signed_says_nothing_about_signing_it(world, day, run):
    day("2026-10-05")
    order = submitted_order(world)  # told at once; the digest goes with the morning's run
    orders.order_sign(order, user=world.director, on=date(2026, 10, 5))
    Notification.objects.update(withdrawn_at=None)  # even had the signature forgotten to withdraw it

    run(date(2026, 10, 6))

    assert "подписи" not in mailed_to(world.director)
    assert Notification.objects.filter(kind="order_to_sign", withdrawn_at__isnull=False).count() == 1


def test_a_digest_still_tells_an_order_that_waits(world, day, run):
    day("2026-10-05")
    submitted_order(world)
    run(date(2026, 10, 5))
    assert "Ждёт вашей подписи" in mailed_to(world.director)


def test_a_returned_order_withdraws_the_heads_notification_and_a_resubmitted_one_the_curators(client, world, day):
    day("2026-10-05")
    order = submitted_order(world)
    orders.order_return(order, user=world.director, comment="Уточните срок")
    assert bell(client, world.director)[0] == 0
    count, page = bell(client, world.curator)
    assert count == 1 and "Уточните срок" in page

    orders.order_submit(order, user=world.curator)

    assert bell(client, world.curator)[0] == 0
    assert bell(client, world.director)[0] == 1  # the new request to sign


def test_an_order_signed_behind_the_bells_back_is_not_shown_and_is_withdrawn_when_shown(client, world, day):
    day("2026-10-05")
    order = submitted_order(world)
    orders.order_sign(order, user=world.director, on=date(2026, 10, 5))
    Notification.objects.update(withdrawn_at=None)  # as if the signature had not withdrawn it

    count, page = bell(client, world.director)

    assert count == 0 and "Ждёт вашей подписи" not in page
    assert Notification.objects.get(kind="order_to_sign").withdrawn_at is not None


# --- Roadmap activities and stages -------------------------------------------------------------------------------


def test_an_activity_done_between_the_claim_and_the_send_is_not_mailed(client, world, day):
    # world.activity: due 30.09.2026, the curator's.
    today = day("2026-09-29")
    reminders_collect(today=today)
    emails_claim(today=today)  # «today or tomorrow» is found and put into the digest...
    Activity.objects.filter(pk=world.activity.pk).update(
        status=ActivityStatus.DONE, completed_at=timezone.now()
    )  # ...and done before it goes

    emails_send(email_ids=pending_email_ids())

    assert mailed_to(world.curator) == "" and Email.objects.get(user=world.curator).sent_at is not None
    assert "1.1" in mailed_to(world.curator_b)  # school B's activity is still open and goes
    assert bell(client, world.curator)[0] == 0


def test_marking_an_activity_done_withdraws_its_reminders(client, world, day, run):
    run(day("2026-09-23"))
    assert bell(client, world.curator)[0] == 2  # the deadline, and the end of its stage

    activity_set_status(activity=world.activity, status=ActivityStatus.DONE, user=world.curator, note="Проведено")

    assert bell(client, world.curator)[0] == 0
    assert not Notification.objects.filter(subject=f"activity:{world.activity.pk}", withdrawn_at__isnull=True)


def test_a_moved_deadline_makes_the_old_reminder_stale(client, world, day, run):
    run(day("2026-09-23"))
    Activity.objects.filter(pk=world.activity.pk).update(due_date=date(2026, 12, 1))
    _count, page = bell(client, world.curator)
    assert "Срок 30.09.2026" not in page
    assert Notification.objects.get(kind="deadline_soon", user=world.curator).withdrawn_at is not None


def test_an_archived_program_reminds_of_nothing(client, world, day, run):
    run(day("2026-09-23"))
    Program.objects.filter(pk=world.program.pk).update(status=ProgramStatus.ARCHIVED)
    assert bell(client, world.curator)[0] == 0


def test_a_stage_whose_activities_are_all_done_is_not_told_to_end(client, world, day):
    from roadmap.reminders import STAGE_ENDS

    reminders_collect(today=day("2026-09-25"))
    assert Notification.objects.filter(kind=STAGE_ENDS, user=world.curator).exists()
    Activity.objects.filter(section=world.section).update(status=ActivityStatus.DONE, completed_at=timezone.now())

    count, page = bell(client, world.curator)

    assert "Этап заканчивается" not in page
    assert Notification.objects.get(kind=STAGE_ENDS, user=world.curator).withdrawn_at is not None


# --- Questionnaires ----------------------------------------------------------------------------------------------


@pytest.fixture
def campaign(world, day):
    day("2026-10-07")
    mentor = teacher_mentor(world.school_a)
    mentor.person.user = world.mentor
    mentor.person.save()
    campaign, links = surveys.campaign_create(
        program=world.program,
        questionnaire=Questionnaire.objects.get(code="mentor-satisfaction", organization=None),
        title="Итоговое анкетирование",
        opens_on=date(2026, 10, 7),
        closes_on=date(2026, 10, 10),
        anonymous=False,
        phase="",
        people=[mentor.person],
        user=world.curator,
    )
    return campaign, links[0][1]


def test_a_questionnaire_reminder_goes_while_unanswered(client, world, campaign):

    reminders_collect(today=date(2026, 10, 7))
    count, page = bell(client, world.mentor)
    assert count == 1 and "Итоговое анкетирование" in page


def test_a_cancelled_campaign_withdraws_its_reminders(client, world, campaign):

    reminders_collect(today=date(2026, 10, 7))
    surveys.campaign_cancel(campaign[0], user=world.curator)
    assert bell(client, world.mentor)[0] == 0


def test_a_closed_campaign_is_not_shown(client, world, campaign, day):

    reminders_collect(today=date(2026, 10, 7))
    day("2026-10-11")
    assert bell(client, world.mentor)[0] == 0


def test_an_answered_questionnaire_is_not_shown(client, world, campaign):

    reminders_collect(today=date(2026, 10, 7))
    _campaign, response = surveys.sheet_open(campaign[1])
    type(response).objects.filter(pk=response.pk).update(submitted_at=timezone.now())
    assert bell(client, world.mentor)[0] == 0


# --- Pairs -------------------------------------------------------------------------------------------------------


@pytest.fixture
def quiet_pair(world):

    world.program.forms.add(standard_form("traditional"))
    mentor = teacher_mentor(world.school_a)
    mentor.person.user = world.mentor
    mentor.person.save()
    pair = create_pair(
        program=world.program,
        mentor=mentor,
        mentees=[MenteeFactory(person=PersonFactory(organization=world.school_a))],
        form=standard_form("traditional"),
        started_on=date(2026, 10, 1),
    )
    reminders_collect(today=date(2026, 10, 1) + timedelta(weeks=4))
    assert Notification.objects.filter(kind="pair_quiet", user=world.mentor).exists()
    return pair


def test_a_meeting_logged_since_makes_the_quiet_reminder_stale(client, world, quiet_pair):
    Meeting.objects.create(pair=quiet_pair, held_on=date(2026, 10, 20), topic="Встреча")
    assert bell(client, world.mentor)[0] == 0


def test_a_finished_pair_withdraws_its_reminders(client, world, quiet_pair):
    complete_pair(quiet_pair, finished_on=date(2026, 10, 29), result="Готово")
    assert Notification.objects.filter(kind="pair_quiet", withdrawn_at__isnull=True).count() == 0
    assert bell(client, world.mentor)[0] == 0


def test_a_quiet_pair_still_quiet_is_shown(client, world, quiet_pair):
    assert bell(client, world.mentor)[0] == 1
