"""The district dashboard measurement (registered on import by reports.bench), and the district it
needs: the bench's 60 organizations given their people, pairs and questionnaire answers."""

import random
import statistics
import time
from datetime import date, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from .bench import Result, measurement, page_measurement, peak_rss_mb

MENTEES, MENTORS, PAIRS, ANSWERS = 30_000, 3_000, 10_000, 50_000


def _populate(world, scale, seed=7):
    """Per organization: mentees, mentors, pairs (a third of them groups), and the mentees' and mentors'
    satisfaction answers, so that the whole district holds the issue's sizes at scale 1."""
    from mentoring.models import Mentee, Mentor, MentoringForm, Pair, PairMember, Person
    from surveys.models import Answer, Campaign, Questionnaire, Response

    rng = random.Random(seed)
    organizations = [p.organization for p in world.programs]
    n_orgs = len(organizations)
    per_org = {
        "mentees": MENTEES // n_orgs // scale,
        "mentors": MENTORS // n_orgs // scale,
        "pairs": PAIRS // n_orgs // scale,
    }
    student_forms = list(MentoringForm.objects.filter(organization=None, audience="students"))
    teacher_forms = list(MentoringForm.objects.filter(organization=None, audience="teachers"))
    today = timezone.localdate()
    people = []
    for org in organizations:
        for i in range(per_org["mentees"]):
            teacher = i % 10 == 0
            birth = (
                None if i % 7 == 0 else today - timedelta(days=365 * (24 + i % 20 if teacher else 7 + i % 11) + i % 300)
            )
            people.append(
                Person(
                    organization=org,
                    last_name=f"Наставляемый{i:04d}",
                    first_name="А",
                    birth_date=birth,
                    grade=None if teacher else 1 + i % 11,
                    experience_years=i % 6 if teacher else None,
                )
            )
        for i in range(per_org["mentors"]):
            people.append(Person(organization=org, last_name=f"Наставник{i:03d}", first_name="Б"))
    people = Person.objects.bulk_create(people, batch_size=2000)
    mentees, mentors, cursor = [], [], 0
    for _org in organizations:
        org_people = people[cursor : cursor + per_org["mentees"] + per_org["mentors"]]
        cursor += len(org_people)
        for i, person in enumerate(org_people[: per_org["mentees"]]):
            category = "young_teacher" if i % 10 == 0 else "student"
            mentees.append(Mentee(person=person, category=category, entered_on=date(2026, 9, 1)))
        for i, person in enumerate(org_people[per_org["mentees"] :]):
            mentors.append(
                Mentor(person=person, category="student" if i % 5 == 0 else "teacher", status="active", capacity=10)
            )
    mentees = Mentee.objects.bulk_create(mentees, batch_size=2000)
    mentors = Mentor.objects.bulk_create(mentors, batch_size=2000)
    pairs, groups = [], []
    m_cursor = t_cursor = 0
    for program in world.programs:
        org_mentees = mentees[m_cursor : m_cursor + per_org["mentees"]]
        org_mentors = mentors[t_cursor : t_cursor + per_org["mentors"]]
        m_cursor += per_org["mentees"]
        t_cursor += per_org["mentors"]
        # Five in six mentees are in a pair or a group; the rest wait.
        waiting = len(org_mentees) // 6
        placed = iter(org_mentees[waiting:])
        for i in range(per_org["pairs"]):
            size = 1 if i % 3 else 4
            members = [m for m in (next(placed, None) for _ in range(size)) if m]
            if not members:
                break
            forms = teacher_forms if members[0].category == "young_teacher" else student_forms
            pairs.append(
                Pair(
                    program=program,
                    form=forms[i % len(forms)],
                    mentor=org_mentors[i % len(org_mentors)],
                    started_on=date(2026, 10, 1),
                )
            )
            groups.append(members)
    pairs = Pair.objects.bulk_create(pairs, batch_size=2000)
    PairMember.objects.bulk_create(
        [
            PairMember(pair=pair, mentee=m, joined_on=pair.started_on)
            for pair, members in zip(pairs, groups, strict=True)
            for m in members
        ],
        batch_size=2000,
    )

    questionnaires = {
        code: Questionnaire.objects.get(code=code, organization=None)
        for code in ("mentee-satisfaction", "mentor-satisfaction")
    }
    scales = {code: [x for x in q.questions.all() if x.scale_max] for code, q in questionnaires.items()}
    answers_per_org = ANSWERS // n_orgs // scale
    responses, planned = [], []
    now = timezone.now()
    for program in world.programs:
        for code, share in (("mentee-satisfaction", 0.85), ("mentor-satisfaction", 0.15)):
            campaign = Campaign.objects.create(
                organization_id=program.organization_id,
                program=program,
                questionnaire=questionnaires[code],
                title=f"Итоговое анкетирование: {code}",
                opens_on=date(2026, 11, 1),
                closes_on=date(2026, 11, 30),
            )
            n_sheets = max(1, round(answers_per_org * share / len(scales[code])))
            for i in range(n_sheets):
                responses.append(
                    Response(
                        campaign=campaign,
                        questionnaire=questionnaires[code],
                        sheet_key=f"dash-{campaign.pk}-{i}",
                        submitted_at=now,
                    )
                )
                planned.append(code)
    responses = Response.objects.bulk_create(responses, batch_size=2000)
    answers = [
        Answer(response=response, question=question, number=rng.randint(4, question.scale_max))
        for response, code in zip(responses, planned, strict=True)
        for question in scales[code]
    ]
    Answer.objects.bulk_create(answers, batch_size=5000)
    # Fresh statistics, as autovacuum (PostgreSQL) would have gathered after such inserts in real use.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {
        "mentees": len(mentees),
        "mentors": len(mentors),
        "pairs": len(pairs),
        "answers": len(answers),
    }


def dashboard_world(ctx):
    """The bench's district with its people, pairs and answers (built once per run)."""
    world = ctx.world
    if not hasattr(world, "dashboard_sizes"):
        from . import kept

        with kept.deferred():  # its campaigns' saves are counted once, not after each
            world.dashboard_sizes = _populate(world, scale=20 if ctx.quick else 1)
    return world


def keep_figures(world):
    """Today's kept figures of every organization of the bench district (reports.kept), counted anew;
    returns (rows, seconds, queries)."""
    from mentoring.models import Organization

    from . import kept

    organizations = list(Organization.objects.of_district(world.municipality).order_by("pk"))
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as captured:
        rows = kept.refresh_figures(organizations=organizations)
    return rows, time.perf_counter() - started, len(captured.captured_queries)


@measurement("district_dashboard")
def district_dashboard(ctx):
    world = dashboard_world(ctx)
    sizes = world.dashboard_sizes
    # The page reads the figures kept per organization and day, as the workers keep them in use.
    rows, seconds, _queries = keep_figures(world)
    result = page_measurement(
        "district_dashboard",
        f"/d/{world.municipality.slug}/dashboard/",
        world.coordinator,
        repeats=ctx.repeats,
        floor_ms=ctx.floor_ms,
        target_ms=300,
        notes=(
            f"{len(world.programs)} organizations, {sizes['mentees']} mentees, {sizes['mentors']} mentors, "
            f"{sizes['pairs']} pairs, {sizes['answers']} answers; reads {len(rows)} kept rows "
            f"(counted in {seconds:.2f} s beforehand)"
        ),
    )
    # The target is the time alone: a page of sixty organizations' figures is not meant to be near
    # a blank template, and its ratio is printed for comparison.
    result.ok = result.value < 300
    return result


@measurement("indicators_refresh")
def indicators_refresh(ctx):
    """A full recount of the bench district's kept figures: every organization's row of today counted
    by the one definition of each figure and upserted (the first run inserts, the others update), and
    the nightly check over the same rows."""
    from mentoring.models import Organization

    from . import kept
    from .models import OrganizationDayFigures

    world = dashboard_world(ctx)
    OrganizationDayFigures.objects.filter(
        organization__in=Organization.objects.of_district(world.municipality)
    ).delete()
    samples, queries, rows = [], 0, []
    for _ in range(3 if ctx.quick else 5):
        rows, seconds, queries = keep_figures(world)
        samples.append(seconds)
    started = time.perf_counter()
    summary = kept.check_figures()
    check_seconds = time.perf_counter() - started
    return Result(
        name="indicators_refresh",
        value=round(statistics.median(samples), 3),
        unit="s",
        queries=queries,
        peak_mb=round(peak_rss_mb(), 1),
        notes=(
            f"{len(rows)} rows (one per organization) counted and kept in {queries} queries; first run "
            f"(insert) {samples[0]:.2f} s; nightly check of {summary['checked']} organizations "
            f"{check_seconds:.2f} s, {summary['repaired']} repaired"
        ),
    )
