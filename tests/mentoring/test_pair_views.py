"""Pairs in the browser: the mentor's own pages, the curator's read-only view and overview of quiet
pairs, and automatic matching from proposal to pairs."""

from datetime import date, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from mentoring.models import Competency, MatchRun, Meeting, MenteeStatus, Pair, PlanItem
from mentoring.services import create_pair
from tests.factories import MenteeFactory, MentorFactory, PersonFactory, child, standard_form, teacher_mentor

TODAY = date(2026, 11, 20)


@pytest.fixture(autouse=True)
def english_and_today():
    with translation.override("en"), time_machine.travel(TODAY, tick=False):
        yield


def url(name, world, **kwargs):
    return reverse(f"mentoring:{name}", kwargs={"org_slug": world.school_a.slug, **kwargs})


@pytest.fixture
def pair(world):
    world.program.forms.add(standard_form("traditional"), standard_form("student-student"))
    mentor = teacher_mentor(world.school_a)
    mentor.person.user = world.mentor
    mentor.person.save()
    mentee = MenteeFactory(person=PersonFactory(organization=world.school_a, last_name="Кузнецов"))
    mentee.needs.set([Competency.objects.get(name="Методика преподавания")])
    return create_pair(
        program=world.program,
        mentor=mentor,
        mentees=[mentee],
        form=standard_form("traditional"),
        started_on=date(2026, 10, 1),
    )


def test_the_mentor_sees_their_pairs_and_logs_a_meeting(client, world, pair):
    client.force_login(world.mentor)

    mine = client.get(reverse("mentoring:my_pairs")).content.decode()
    assert "Кузнецов" in mine
    page = client.get(pair.get_absolute_url()).content.decode()
    assert "Методика преподавания" in page and "Log a meeting" in page

    mentee = pair.mentees.get()
    response = client.post(
        url("meeting_add", world, pk=pair.pk),
        {"held_on": "2026-11-18", "format": "online", "topic": "Разбор урока", "attendees": [mentee.pk]},
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert (meeting.topic, meeting.logged_by, list(meeting.attendees.all())) == ("Разбор урока", world.mentor, [mentee])


def test_a_meeting_in_the_future_or_before_the_pair_is_refused(client, world, pair):
    client.force_login(world.mentor)

    future = client.post(
        url("meeting_add", world, pk=pair.pk), {"held_on": "2026-12-01", "format": "online", "topic": "X"}
    )
    early = client.post(
        url("meeting_add", world, pk=pair.pk), {"held_on": "2026-09-01", "format": "online", "topic": "X"}
    )

    assert "A meeting is logged after it took place." in future.content.decode()
    assert "The pair started later, on 01.10.2026." in early.content.decode()
    assert not Meeting.objects.exists()


def test_the_mentor_keeps_the_plan(client, world, pair):
    client.force_login(world.mentor)
    client.post(url("plan_item_add", world, pk=pair.pk), {"task": "Открытый урок", "status": "planned"})
    item = PlanItem.objects.get()

    client.post(
        url("plan_item_edit", world, pk=item.pk), {"task": "Открытый урок", "status": "done", "result": "Провела"}
    )

    item.refresh_from_db()
    assert (item.status, item.result) == ("done", "Провела")


def test_an_open_plan_item_past_its_due_date_is_marked_overdue_on_the_pair_page(client, world, pair):
    late = PlanItem.objects.create(
        pair=pair, task="Техкарта урока", status="in_progress", due_on=TODAY - timedelta(days=1)
    )
    dropped = PlanItem.objects.create(pair=pair, task="Отменённое", status="dropped", due_on=TODAY - timedelta(days=9))
    done = PlanItem.objects.create(pair=pair, task="Сделанное", status="done", due_on=TODAY - timedelta(days=9))
    PlanItem.objects.create(pair=pair, task="Сегодня", status="planned", due_on=TODAY)
    PlanItem.objects.create(pair=pair, task="Без срока", status="planned")
    client.force_login(world.mentor)

    page = client.get(pair.get_absolute_url()).content.decode()

    assert [late.is_overdue, dropped.is_overdue, done.is_overdue] == [True, False, False]
    assert list(PlanItem.objects.overdue(TODAY)) == [late]
    assert page.count('data-testid="plan-overdue"') == 1
    assert 'in progress · <span class="text-late" data-testid="plan-overdue">overdue</span>' in page
    assert '· <span class="badge' not in page  # no stray separator before the status badge


def test_the_curator_reads_the_pair_but_does_not_log_for_a_mentor_with_an_account(client, world, pair):
    client.force_login(world.curator)

    page = client.get(pair.get_absolute_url()).content.decode()

    assert "Кузнецов" in page and "Log a meeting" not in page
    assert client.get(url("meeting_add", world, pk=pair.pk)).status_code == 403


def test_the_curator_logs_for_a_mentor_without_an_account(client, world, pair):
    pair.mentor.person.user = None
    pair.mentor.person.save()
    client.force_login(world.curator)

    assert client.get(url("meeting_add", world, pk=pair.pk)).status_code == 200


def test_another_mentor_of_the_school_does_not_see_the_pair(client, world, pair):
    pair.mentor.person.user = None
    pair.mentor.person.save()
    other = teacher_mentor(world.school_a)
    other.person.user = world.mentor
    other.person.save()
    client.force_login(world.mentor)

    assert client.get(pair.get_absolute_url()).status_code == 404
    assert "Кузнецов" not in client.get(url("pair_list", world)).content.decode()


def test_the_overview_flags_pairs_without_recent_meetings(client, world, pair):
    lively = create_pair(
        program=world.program,
        mentor=teacher_mentor(world.school_a),
        mentees=[MenteeFactory(person=PersonFactory(organization=world.school_a, last_name="Живой"))],
        form=standard_form("traditional"),
        started_on=date(2026, 10, 1),
    )
    Meeting.objects.create(pair=lively, held_on=TODAY - timedelta(days=3), topic="Встреча")
    Meeting.objects.create(pair=pair, held_on=TODAY - timedelta(days=30), topic="Давно")
    client.force_login(world.curator)

    quiet = client.get(url("pair_list", world), {"quiet": "1"}).content.decode()

    assert "Кузнецов" in quiet and "Живой" not in quiet
    assert "30 days ago" in quiet


def test_a_quiet_pair_without_meetings_says_there_were_none_and_counts_from_the_start(client, world, pair):
    client.force_login(world.curator)

    with translation.override("ru"):
        page = client.get(url("pair_list", world)).content.decode()

    assert "<th>Начало</th>" in page
    assert "встреч не было" in page and "50 дней с начала" in page  # 1 October to 20 November
    assert "— (" not in page


def test_the_pair_list_runs_a_fixed_number_of_queries(client, world, pair):
    client.force_login(world.curator)

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url("pair_list", world)).status_code == 200
        return len(captured)

    small = count()
    for _ in range(5):
        create_pair(
            program=world.program,
            mentor=teacher_mentor(world.school_a),
            mentees=[MenteeFactory(person=PersonFactory(organization=world.school_a))],
            form=standard_form("traditional"),
            started_on=date(2026, 10, 1),
        )
    assert count() == small


@pytest.fixture
def waiting(world):
    """Two student mentors and three pupils waiting; one pupil has needs nobody covers."""
    world.program.forms.add(standard_form("student-student"))
    math, sport = Competency.objects.get(name="Математика"), Competency.objects.get(name="Спорт и здоровый образ жизни")
    mentors = []
    for name, tag in (("Андреева", math), ("Зайцев", sport)):
        mentor = MentorFactory(person=child(world.school_a, grade=10, last_name=name), category="student", capacity=1)
        mentor.competencies.set([tag])
        mentors.append(mentor)
    pupils = []
    for name, tag in (("Абрамов", math), ("Захаров", sport), ("Ильина", math)):
        pupil = MenteeFactory(person=child(world.school_a, grade=6, last_name=name), category="student")
        pupil.needs.set([tag])
        pupils.append(pupil)
    return mentors, pupils


WEIGHTS = {"needs": 5, "form": 2, "age": 2, "subject": 2, "availability": 1, "workload": 1}


def test_the_curator_runs_matching_and_accepts_the_proposal(client, world, waiting):
    mentors, pupils = waiting
    client.force_login(world.curator)

    response = client.post(url("matching_start", world, pk=world.program.pk), WEIGHTS)
    run = MatchRun.objects.get()
    assert response["Location"] == url("matching_run", world, pk=run.pk)
    page = client.get(response["Location"]).content.decode()
    assert "Ильина" in page  # left without a mentor, with the reason
    matched = {row.mentee_id: row.mentor_id for row in run.rows.exclude(mentor=None)}
    assert len(matched) == 2 and set(matched.values()) == {m.pk for m in mentors}

    client.post(response["Location"], {"action": "accept", "accept": list(matched)})

    pairs = Pair.objects.filter(program=world.program)
    assert {(p.mentor_id, p.mentees.get().pk) for p in pairs} == {(m, e) for e, m in matched.items()}
    pupils[2].refresh_from_db()
    assert pupils[2].status == MenteeStatus.APPLIED
    run.refresh_from_db()
    assert run.status == "accepted"


def test_a_mentor_chosen_by_hand_is_kept_when_recalculating(client, world, waiting):
    mentors, pupils = waiting
    client.force_login(world.curator)
    client.post(url("matching_start", world, pk=world.program.pk), WEIGHTS)
    run = MatchRun.objects.get()
    ilina = pupils[2]

    # Ильина gets the sport mentor by hand; the solver works around the fix.
    response = client.post(
        url("matching_run", world, pk=run.pk), {"action": "recalculate", f"mentor-{ilina.pk}": mentors[1].pk}
    )

    new_run = MatchRun.objects.exclude(pk=run.pk).get()
    assert response["Location"] == url("matching_run", world, pk=new_run.pk)
    row = new_run.rows.get(mentee=ilina)
    assert (row.mentor_id, row.locked) == (mentors[1].pk, True)
    run.refresh_from_db()
    assert run.status == "rejected"


def test_a_rejected_proposal_forms_nothing(client, world, waiting):
    client.force_login(world.curator)
    client.post(url("matching_start", world, pk=world.program.pk), WEIGHTS)
    run = MatchRun.objects.get()

    client.post(url("matching_run", world, pk=run.pk), {"action": "reject"})
    client.post(url("matching_run", world, pk=run.pk), {"action": "accept", "accept": [1, 2, 3]})

    assert not Pair.objects.exists()
