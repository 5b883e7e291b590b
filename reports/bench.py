"""Measurements for `manage.py bench` (../shared/bench.md). Each capability registers its own."""

import resource
import statistics
import time
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta

from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import CaptureQueriesContext

MEASUREMENTS = {}


def measurement(name):
    def register(function):
        MEASUREMENTS[name] = function
        return function

    return register


@dataclass
class Result:
    name: str
    value: float
    unit: str
    target: float | None = None
    ok: bool | None = None
    queries: int | None = None
    floor: float | None = None
    ratio_to_floor: float | None = None
    peak_mb: float | None = None
    notes: str = ""

    def as_dict(self):
        return asdict(self)


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def time_get(client, url, repeats, warmup=3):
    """Median milliseconds of `repeats` GETs after a warm-up, and the queries of one request."""
    for _ in range(warmup):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    reset_queries()
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    n_queries = len(captured.captured_queries)
    samples = []
    for _ in range(repeats):
        started = time.perf_counter()
        client.get(url)
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples), n_queries


@dataclass
class World:
    """The district at scale, built once and shared by the page measurements."""

    municipality: object = None
    coordinator: object = None
    curators: list = field(default_factory=list)
    programs: list = field(default_factory=list)


def seven_stages(programs):
    """A section per standard stage for each program, in one insert; returned program by program."""
    from roadmap.models import Section
    from roadmap.stages import Stage

    return Section.objects.bulk_create(
        [
            Section(
                program=p,
                organization_id=p.organization_id,
                number=str(s.value),
                title=s.label,
                stage=s.value,
                position=s.value,
            )
            for p in programs
            for s in Stage
        ]
    )


def build_district(n_organizations, n_activities):
    from mentoring.models import Membership, Municipality, Organization, Role, User
    from roadmap.models import Activity, ActivityStatus, Program

    world = World()
    world.municipality = Municipality.objects.create(name="Бенчмарк-район", short_name="Бенчмарк", slug="bench")
    world.coordinator = User.objects.create_user(
        "bench-coordinator@nastavnik.test", None, last_name="К", first_name="К"
    )
    Membership.objects.create(user=world.coordinator, role=Role.COORDINATOR, municipality=world.municipality)
    orgs = Organization.objects.bulk_create(
        [
            Organization(
                municipality=world.municipality,
                kind="school",
                full_name=f"Школа №{i}",
                short_name=f"Школа №{i}",
                slug=f"bench-{i}",
                student_count=500,
                teacher_count=40,
            )
            for i in range(n_organizations)
        ]
    )
    curators = User.objects.bulk_create(
        [
            User(email=f"bench-curator-{i}@nastavnik.test", last_name="Куратор", first_name=str(i))
            for i in range(n_organizations)
        ]
    )
    Membership.objects.bulk_create(
        [Membership(user=user, role=Role.CURATOR, organization=org) for user, org in zip(curators, orgs, strict=True)]
    )
    start = date(2026, 9, 1)
    programs = Program.objects.bulk_create(
        [
            Program(
                organization=org,
                title=f"Программа {org.short_name}",
                period_start=start,
                period_end=date(2027, 5, 31),
                curator=user,
                status="active",
            )
            for org, user in zip(orgs, curators, strict=True)
        ]
    )
    sections = seven_stages(programs)
    statuses = [ActivityStatus.DONE, ActivityStatus.DONE, ActivityStatus.IN_PROGRESS, ActivityStatus.PLANNED]
    activities = []
    for p_index, program in enumerate(programs):
        program_sections = sections[p_index * 7 : (p_index + 1) * 7]
        for i in range(n_activities):
            section = program_sections[i * 7 // n_activities]
            due = start + timedelta(days=(i * 270) // n_activities)
            status = statuses[(i + p_index) % len(statuses)]
            activities.append(
                Activity(
                    program=program,
                    section=section,
                    organization_id=program.organization_id,
                    number=f"{section.number}.{i}",
                    position=i,
                    title=f"Мероприятие {i} программы наставничества",
                    start_date=due - timedelta(days=14),
                    due_date=due,
                    term_text="В течение месяца",
                    responsible_role="curator",
                    responsible_text="Заместитель директора по УВР",
                    result_text="Приказ",
                    status=status,
                    completed_at=None if status != ActivityStatus.DONE else "2026-10-01T10:00:00Z",
                )
            )
    Activity.objects.bulk_create(activities, batch_size=2000)
    world.curators, world.programs = curators, programs
    return world


def page_measurement(name, url, user, *, repeats, floor_ms, target_ms, notes=""):
    client = Client()
    client.force_login(user)
    median, queries = time_get(client, url, repeats)
    ratio = median / floor_ms if floor_ms else None
    ok = median < target_ms and (ratio is None or ratio < 3)
    return Result(
        name=name,
        value=round(median, 2),
        unit="ms",
        target=target_ms,
        ok=ok,
        queries=queries,
        floor=round(floor_ms, 2),
        ratio_to_floor=round(ratio, 2) if ratio else None,
        peak_mb=round(peak_rss_mb(), 1),
        notes=notes,
    )


class Context:
    def __init__(self, quick):
        self.quick = quick
        self.repeats = 20
        self._world = None
        self._floor = None

    @property
    def world(self):
        if self._world is None:
            self._world = build_district(6 if self.quick else 60, 40 if self.quick else 200)
        return self._world

    @property
    def floor_ms(self):
        if self._floor is None:
            client = Client()
            client.force_login(self.world.coordinator)
            self._floor, _ = time_get(client, "/__bench__/floor/", self.repeats)
        return self._floor


@measurement("roadmap_page")
def roadmap_page(ctx):
    program = ctx.world.programs[0]
    url = f"/o/{program.organization.slug}/programs/{program.pk}/"
    n = program.activities.count()
    return page_measurement(
        "roadmap_page",
        url,
        ctx.world.curators[0],
        repeats=ctx.repeats,
        floor_ms=ctx.floor_ms,
        target_ms=150,
        notes=f"timeline of {n} activities",
    )


@measurement("roadmap_table")
def roadmap_table(ctx):
    program = ctx.world.programs[0]
    url = f"/o/{program.organization.slug}/programs/{program.pk}/table/"
    return page_measurement(
        "roadmap_table",
        url,
        ctx.world.curators[0],
        repeats=ctx.repeats,
        floor_ms=ctx.floor_ms,
        target_ms=150,
        notes="table of the same roadmap with inline status controls",
    )


@measurement("district_programs")
def district_programs(ctx):
    url = f"/d/{ctx.world.municipality.slug}/programs/"
    n = len(ctx.world.programs)
    return page_measurement(
        "district_programs",
        url,
        ctx.world.coordinator,
        repeats=ctx.repeats,
        floor_ms=ctx.floor_ms,
        target_ms=150,
        notes=f"{n} organizations, per-stage progress",
    )


def build_reminder_district(n_organizations, people_per_org, activities_per_org, today):
    """A district where reminders have work: open activities due all through the year, some named
    people and many role-given ones, most of the past already done."""
    import random

    from mentoring.models import Membership, Municipality, Organization, Role, User
    from roadmap.models import Activity, ActivityStatus, Program

    rng = random.Random(7)
    district = Municipality.objects.create(name="Район напоминаний", short_name="Напоминания", slug="bench-reminders")
    orgs = Organization.objects.bulk_create(
        [
            Organization(
                municipality=district,
                kind="school",
                full_name=f"Школа R{i}",
                short_name=f"Школа R{i}",
                slug=f"bench-r-{i}",
            )
            for i in range(n_organizations)
        ]
    )
    users = User.objects.bulk_create(
        [
            User(email=f"r{i}-{j}@nastavnik.test", last_name="Педагог", first_name=str(j))
            for i in range(n_organizations)
            for j in range(people_per_org)
        ],
        batch_size=5000,
    )
    memberships, people = [], {}
    for i, org in enumerate(orgs):
        staff = users[i * people_per_org : (i + 1) * people_per_org]
        people[org.pk] = staff
        roles = [Role.CURATOR, Role.DIRECTOR] + [Role.MENTOR] * (people_per_org - 2)
        memberships += [Membership(user=u, role=r, organization=org) for u, r in zip(staff, roles, strict=True)]
    Membership.objects.bulk_create(memberships, batch_size=5000)
    start = today - timedelta(days=120)
    programs = Program.objects.bulk_create(
        [
            Program(
                organization=o,
                title=f"Программа {o.short_name}",
                period_start=start,
                period_end=start + timedelta(days=365),
                curator=people[o.pk][0],
                status="active",
            )
            for o in orgs
        ]
    )
    sections = seven_stages(programs)
    activities, named = [], []
    for p_index, program in enumerate(programs):
        for i in range(activities_per_org):
            due = start + timedelta(days=rng.randrange(365))
            past = due < today
            status = ActivityStatus.DONE if past and rng.random() < 0.9 else ActivityStatus.PLANNED
            activities.append(
                Activity(
                    program=program,
                    section=sections[p_index * 7 + i * 7 // activities_per_org],
                    organization_id=program.organization_id,
                    number=str(i),
                    position=i,
                    title=f"Мероприятие {i}",
                    start_date=due - timedelta(days=10),
                    due_date=due,
                    responsible_role="curator" if rng.random() < 0.7 else "mentor",
                    status=status,
                    completed_at="2026-01-01T10:00:00Z" if status == ActivityStatus.DONE else None,
                )
            )
    Activity.objects.bulk_create(activities, batch_size=5000)
    through = Activity.responsible_users.through
    for activity in activities:
        if rng.random() < 0.3:
            named.append(through(activity_id=activity.pk, user_id=rng.choice(people[activity.organization_id]).pk))
    through.objects.bulk_create(named, batch_size=5000)
    return len(activities), len(users)


def _reminder_world(ctx):
    from django.utils import timezone

    if getattr(ctx, "_reminders", None) is None:
        today = timezone.localdate()
        sizes = (10, 20, 100) if ctx.quick else (100, 100, 1000)
        ctx._reminders = (today, *build_reminder_district(*sizes, today))
    return ctx._reminders


def _run_reminders(today):
    from django.core import mail

    from config.celery import app
    from notifications.models import Email
    from notifications.services import reminders_run

    mail.outbox = []
    saved, app.conf.task_always_eager = app.conf.task_always_eager, True
    try:
        started = time.perf_counter()
        reminders_run(today=today)
        elapsed = time.perf_counter() - started
    finally:
        app.conf.task_always_eager = saved
    return elapsed, len(mail.outbox), Email.objects.count()


@measurement("reminders_run")
def reminders_run_measurement(ctx):
    from notifications.models import Notification

    today, n_activities, n_people = _reminder_world(ctx)
    elapsed, sent, _ = _run_reminders(today)
    ctx._reminders_ran = True
    told = Notification.objects.count()
    return Result(
        name="reminders_run",
        value=round(elapsed, 2),
        unit="s",
        target=30,
        ok=elapsed < 30,
        peak_mb=round(peak_rss_mb(), 1),
        notes=f"{n_activities} activities, {n_people} people: {told} reminders in {sent} emails",
    )


@measurement("reminders_rerun")
def reminders_rerun_measurement(ctx):
    today, _, _ = _reminder_world(ctx)
    if not getattr(ctx, "_reminders_ran", False):
        _run_reminders(today)  # the first run of the day, when measured alone
    ctx._reminders_ran = True
    elapsed, sent, _ = _run_reminders(today)
    return Result(
        name="reminders_rerun",
        value=sent,
        unit="count",
        target=0,
        ok=sent == 0,
        peak_mb=round(peak_rss_mb(), 1),
        notes=f"second run the same day took {elapsed:.2f} s and sent {sent} emails",
    )


def roadmap_docx(n_sections, per_section):
    """A Word roadmap of thematic sections with numbered activity rows, as districts write them."""
    import io

    import docx

    document = docx.Document()
    document.add_paragraph("План мероприятий по внедрению целевой модели наставничества на 2026/2027 учебный год")
    rows = [["№ п/п", "Мероприятие", "Срок", "Результат (вид документа)", "Ответственные"]]
    terms = ["Сентябрь 2026 г.", "До 30.10.2026 г", "В течение года", "Май-июнь 2027", "По отдельному графику"]
    for s in range(1, n_sections + 1):
        rows.append([f"{s}.", f"Раздел {s}. Организационно-методическое обеспечение", "", "", ""])
        for a in range(1, per_section + 1):
            rows.append(
                [
                    f"{s}.{a}",
                    f"Мероприятие {s}.{a}: совещание с кураторами о ходе программы",
                    terms[a % len(terms)],
                    "Протокол",
                    "Заместитель директора по УВР, куратор",
                ]
            )
    table = document.add_table(rows=len(rows), cols=5)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@measurement("roadmap_import_docx")
def roadmap_import_docx(ctx):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from roadmap.importing.drafts import draft_create, draft_import

    n_sections, per_section = (2, 10) if ctx.quick else (10, 50)
    data = roadmap_docx(n_sections, per_section)
    organization = ctx.world.programs[0].organization
    curator = ctx.world.curators[0]
    started = time.perf_counter()
    draft = draft_create(organization=organization, user=curator, upload=SimpleUploadedFile("plan.docx", data))
    read = time.perf_counter() - started
    program, _news = draft_import(draft=draft, user=curator, title="Импорт: бенчмарк")
    elapsed = time.perf_counter() - started
    n = program.activities.count()
    return Result(
        name="roadmap_import_docx",
        value=round(elapsed, 2),
        unit="s",
        target=3,
        ok=elapsed < 3,
        peak_mb=round(peak_rss_mb(), 1),
        notes=f"{n} activities from a {len(data) // 1024} KB DOCX: preview {read:.2f} s, import {elapsed - read:.2f} s",
    )
