"""Figures kept per organization and day: after every kind of change a school's kept row equals a fresh
recount; the nightly check repairs a drift and says what it repaired; the district pages read the rows
(today's, a past day's, the year's month ends)."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import F
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from mentoring import services as mentoring_services
from mentoring.models import Organization, Pair
from orders import services as order_services
from reports import kept
from reports.models import FiguresDrift, OrganizationDayFigures
from roadmap import services as roadmap_services
from roadmap.models import ActivityStatus
from surveys import services as survey_services
from surveys.models import Question, Response
from tests.factories import ActivityFactory, standard_form, teacher_mentor
from tests.reports.test_dashboard import answer_sheets, build_district, mentee, years_old

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_process(settings):
    """The refresh after a commit runs in-process, as in embedded mode, also when the tests run with
    Redis (the queued task is checked on its own below)."""
    settings.CELERY_TASK_ALWAYS_EAGER = True


@pytest.fixture
def district(world):
    build_district(world)
    kept.refresh_figures([world.school_a.pk, world.school_b.pk])
    # What the setting up noted never commits (the test's transaction is rolled back): forget it.
    for noted in kept._pending(connection).values():
        noted.clear()
    return world


def kept_row(organization, day=None):
    """The kept row as a page reads it: today's brought up to date first (`kept.rows_of` counts again a
    row changed since its count), a past day's as it was kept."""
    day = day or timezone.localdate()
    if day == timezone.localdate():
        kept.rows_of(Organization.objects.filter(pk=organization.pk), "figures")
    return OrganizationDayFigures.objects.get(organization=organization, day=day)


def changed_since_counted(*organizations):
    return set(
        OrganizationDayFigures.objects.filter(
            organization__in=organizations, day=timezone.localdate(), changed_at__gte=F("counted_at")
        ).values_list("organization", flat=True)
    )


def assert_kept_equals_a_recount(organization):
    """The kept row of today, as stored, is what the one definition of each figure counts now."""
    row = kept_row(organization)
    fresh = kept.count_rows([organization], timezone.localdate())[0]
    fresh.figures, fresh.upward = _stored(fresh.figures), _stored(fresh.upward)
    assert kept._differences(row, fresh) == []
    return row


def _stored(value):
    import json

    from django.core.serializers.json import DjangoJSONEncoder

    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a change as a request would: its transaction commits, and the refresh after it runs."""

    def run(change, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            with transaction.atomic():
                return change(*args, **kwargs)

    return run


def test_a_new_mentee_is_counted_in_the_kept_base(district, committed):
    before = kept_row(district.school_a).mentees
    committed(mentee, district.school_a, birth_date=years_old(12))
    assert assert_kept_equals_a_recount(district.school_a).mentees == before + 1


def test_a_pair_formed_and_finished_is_kept_as_counted(district, committed):
    school = district.school_a
    waiting = committed(mentee, school, birth_date=years_old(14))
    mentor = committed(teacher_mentor, school)
    district.program.forms.add(standard_form("teacher-pupil"))
    before = kept_row(school)
    pair = committed(
        mentoring_services.create_pair,
        program=district.program,
        mentor=mentor,
        mentees=[waiting],
        form=standard_form("teacher-pupil"),
        started_on=timezone.localdate(),
    )
    row = assert_kept_equals_a_recount(school)
    assert (row.pairs, row.participating_mentees) == (before.pairs + 1, before.participating_mentees + 1)

    pair = Pair.objects.get(pk=pair.pk)
    committed(mentoring_services.terminate_pair, pair, on=timezone.localdate(), reason="Переезд")
    row = assert_kept_equals_a_recount(school)
    assert (row.pairs, row.participating_mentees) == (before.pairs, before.participating_mentees)


def test_an_activity_done_is_kept_as_counted(district, committed):
    before = kept_row(district.school_a)
    committed(
        roadmap_services.activity_set_status,
        activity=district.activity,
        status=ActivityStatus.DONE,
        user=district.curator,
        note="Приказ издан, номер в журнале",
    )
    row = assert_kept_equals_a_recount(district.school_a)
    assert row.activities_done == before.activities_done + 1
    assert row.activities_overdue == before.activities_overdue - 1  # it was the overdue one


def test_an_activity_overdue_by_date_is_kept_by_the_next_day(district, time_machine):
    tomorrow = timezone.localdate() + timedelta(days=1)
    ActivityFactory(section=district.section, due_date=timezone.localdate())  # due today: not late yet
    kept.refresh_figures([district.school_a.pk])
    today_overdue = kept_row(district.school_a).activities_overdue
    time_machine.move_to(timezone.localtime() + timedelta(days=1))
    assert timezone.localdate() == tomorrow
    summary = kept.check_figures()  # the run after midnight keeps the new day's rows
    assert summary["created"] >= 2 and summary["repaired"] == 0
    assert assert_kept_equals_a_recount(district.school_a).activities_overdue == today_overdue + 1


def test_an_answer_sheet_submitted_is_kept_as_counted(district, committed):
    campaign = answer_sheets(district.program, "mentee-satisfaction", "mentees", [[4]], submitted=False)
    before = kept_row(district.school_a)
    response = Response.objects.get(campaign=campaign)
    questions = list(Question.objects.filter(questionnaire=campaign.questionnaire))
    data = QueryDict(mutable=True)
    data[f"q{questions[0].pk}"] = "4"
    assert committed(survey_services.sheet_save, response, questions, data, submit=True) == {}
    row = assert_kept_equals_a_recount(district.school_a)
    assert row.satisfaction_answers == before.satisfaction_answers + 1


def test_an_order_signed_is_kept_as_counted(district, committed):
    order = order_services.order_create(program=district.program, kind="curator", user=district.curator)
    order_services.order_submit(order, user=district.curator)
    before = kept_row(district.school_a).signed_orders
    committed(order_services.order_sign, order, user=district.director)
    assert assert_kept_equals_a_recount(district.school_a).signed_orders == before + 1


def test_a_burst_of_changes_marks_each_organization_and_the_next_page_counts_them_once(
    district, committed, monkeypatch
):
    """A write pays one UPDATE, not a recount of its school; the next reader counts the changed
    organizations, all in one refresh."""
    calls = []
    refresh = kept.refresh_figures

    def counted(*args, **kwargs):
        calls.append(sorted(o.pk for o in kwargs["organizations"]))
        return refresh(*args, **kwargs)

    monkeypatch.setattr(kept, "refresh_figures", counted)

    def burst():
        for i in range(5):
            mentee(district.school_a, birth_date=years_old(10 + i))
        mentee(district.school_b)

    committed(burst)
    assert calls == []
    assert changed_since_counted(district.school_a, district.school_b) == {district.school_a.pk, district.school_b.pk}
    rows, _total, recounted = kept.district_figures(district.school_a.municipality)
    assert calls == [sorted([district.school_a.pk, district.school_b.pk])] and recounted == []
    assert changed_since_counted(district.school_a, district.school_b) == set()
    assert_kept_equals_a_recount(district.school_a)
    kept.district_figures(district.school_a.municipality)
    assert len(calls) == 1  # up to date now: read, not counted


def test_with_workers_a_burst_queues_one_task_per_organization(district, committed, monkeypatch, settings):
    from reports import tasks

    settings.CELERY_TASK_ALWAYS_EAGER = False
    queued = []
    monkeypatch.setattr(tasks.refresh_kept_figures, "apply_async", lambda **kw: queued.append(kw))
    committed(mentee, district.school_a)
    committed(mentee, district.school_a)  # within the debounce: the queued task counts it too
    assert queued == [{"args": [[district.school_a.pk]], "countdown": kept.DEBOUNCE}]


def test_the_queued_task_keeps_the_organizations_figures(district):
    from reports import tasks

    OrganizationDayFigures.objects.all().delete()
    tasks.refresh_kept_figures.run([district.school_a.pk])
    assert_kept_equals_a_recount(district.school_a)
    assert not OrganizationDayFigures.objects.filter(organization=district.school_b).exists()


def test_the_nightly_check_repairs_a_drift_and_says_so(client, district):
    OrganizationDayFigures.objects.filter(organization=district.school_a).update(mentees=99, signed_orders=7)
    out = io.StringIO()
    call_command("check_kept_figures", stdout=out)
    assert "исправлено расхождений: 1" in out.getvalue()
    assert "«МБОУ «СОШ №1»»: наставляемых в базе: было 99, стало 8; подписанных приказов: было 7, стало 1" in (
        out.getvalue()
    )
    assert_kept_equals_a_recount(district.school_a)
    drift = FiguresDrift.objects.get()
    assert drift.organization == district.school_a
    assert {"figure": "наставляемых в базе", "kept": 99, "counted": 8} in drift.changes

    client.force_login(district.coordinator)
    page = client.get(reverse("reports:district_dashboard", args=[district.school_a.municipality.slug]))
    assert 'data-testid="drifts"' in page.content.decode() and "наставляемых в базе" in page.content.decode()
    # A second night finds nothing more to repair.
    assert kept.check_figures()["repaired"] == 0


def test_the_nightly_check_is_on_the_beat_schedule():
    tasks = PeriodicTask.objects.filter(task="reports.tasks.check_kept_figures").select_related("crontab")
    assert sorted((t.crontab.hour, t.crontab.minute) for t in tasks) == [("0", "5"), ("23", "50")]


def test_the_dashboard_reads_the_kept_rows(client, district):
    client.force_login(district.coordinator)
    url = reverse("reports:district_dashboard", args=[district.school_a.municipality.slug])
    row = kept_row(district.school_a)
    row.figures["mentors"] = 42
    row.save()
    html = client.get(url).content.decode()
    assert '<td data-testid="mentors">42</td>' in html
    assert 'data-testid="recounted"' not in html


def test_an_organization_without_a_row_is_counted_and_the_page_says_so(client, district):
    OrganizationDayFigures.objects.filter(organization=district.school_b).delete()
    client.force_login(district.coordinator)
    url = reverse("reports:district_dashboard", args=[district.school_a.municipality.slug])
    html = client.get(url).content.decode()
    assert 'data-testid="recounted"' in html and "МБОУ «СОШ №2»" in html
    assert kept_row(district.school_b)  # kept now
    assert 'data-testid="recounted"' not in client.get(url).content.decode()


def test_the_upward_report_of_a_past_day_reads_that_days_rows(client, district, time_machine):
    client.force_login(district.coordinator)
    url = reverse("reports:district_upward", args=[district.school_a.municipality.slug])
    yesterday = timezone.localdate()
    kept_total = kept_row(district.school_a).upward["mentees_total"]
    time_machine.move_to(timezone.localtime() + timedelta(days=1))
    # A new mentee joins a pair today: yesterday's report keeps yesterday's figures.
    OrganizationDayFigures.objects.filter(organization=district.school_a, day=yesterday).update(
        upward={**kept_row(district.school_a, yesterday).upward, "mentees_total": kept_total + 100}
    )
    page = client.get(url, {"on": yesterday.isoformat()}).content.decode()
    assert f"<td>{kept_total + 100}</td>" in page
    assert 'data-testid="upward-missing"' not in page
    csv_text = client.get(url, {"on": yesterday.isoformat(), "format": "csv"}).content.decode("utf-8-sig")
    assert f";{kept_total + 100};" in csv_text

    # A day with no kept rows for school B: counted afresh, and said so.
    OrganizationDayFigures.objects.filter(organization=district.school_b, day=yesterday).delete()
    page = client.get(url, {"on": yesterday.isoformat()}).content.decode()
    assert 'data-testid="upward-missing"' in page and "МБОУ «СОШ №2»" in page


def test_the_trend_shows_the_month_ends_kept(client, district):
    today = timezone.localdate()
    month_end = kept.month_ends(today)[-2]
    row = kept_row(district.school_a)
    OrganizationDayFigures.objects.create(
        organization=district.school_a,
        day=month_end,
        version=kept.VERSION,
        counted_at=timezone.now(),
        mentees=5,
        figures=row.figures,
        upward=row.upward,
    )
    trend = kept.trend(district.school_a.municipality)
    assert [(m["day"], m["mentees"]) for m in trend] == [(month_end, 5), (today, 8)]
    client.force_login(district.coordinator)
    html = client.get(reverse("reports:district_dashboard", args=[district.school_a.municipality.slug])).content
    assert f'data-day="{month_end:%Y-%m-%d}"'.encode() in html
