"""Measurements for `manage.py bench` (../shared/bench.md). Each capability registers its own."""

import functools
import gc
import resource
import statistics
import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta

from django.db import close_old_connections, connection, reset_queries, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

MEASUREMENTS = {}


def measurement(name, *, writes=False):
    """Register a measurement. One that `writes` in this process runs in `scratch()`: what it
    leaves is rolled back (the shared world and the floor are built before, and kept)."""

    def register(function):
        if not writes:
            MEASUREMENTS[name] = function
            return function

        @functools.wraps(function)
        def isolated(ctx):
            ctx.world, ctx.floor_ms  # noqa: B018  (built outside the rollback: shared by every measurement)
            with scratch():
                return function(ctx)

        MEASUREMENTS[name] = isolated
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


@contextmanager
def frozen_heap():
    """Measure as a worker renders: with the objects made before (here the bench's world) moved out of
    the garbage collector's reach, as config/celery.py does with a worker's start-up heap."""
    gc.collect()
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


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


@contextmanager
def scratch():
    """What a measurement writes in this process is rolled back when it ends, so that no other
    measurement's figure depends on whether it ran before (what it would have done on commit is
    dropped with it). Requests through the test client keep the connection, as in Django's TestCase."""
    from django.core.signals import request_finished, request_started

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        with transaction.atomic():
            yield
            transaction.set_rollback(True)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


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


def build_reminder_district(n_organizations, people_per_org, activities_per_org, today, prefix="r"):
    """A district where reminders have work: open activities due all through the year, some named
    people and many role-given ones, most of the past already done. Bulk inserts of 5,000 rows."""
    import random

    from mentoring.models import Membership, Municipality, Organization, Role, User
    from roadmap.models import Activity, ActivityStatus, Program

    rng = random.Random(7)
    district = Municipality.objects.create(
        name=f"Район напоминаний {prefix}", short_name=f"Напоминания {prefix}", slug=f"bench-reminders-{prefix}"
    )
    orgs = Organization.objects.bulk_create(
        [
            Organization(
                municipality=district,
                kind="school",
                full_name=f"Школа {prefix.upper()}{i}",
                short_name=f"Школа {prefix.upper()}{i}",
                slug=f"bench-{prefix}-{i}",
            )
            for i in range(n_organizations)
        ]
    )
    users = User.objects.bulk_create(
        [
            User(email=f"{prefix}{i}-{j}@nastavnik.test", last_name="Педагог", first_name=str(j))
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
    return district, len(activities), len(users)


def _start_worker(name, env, logdir):
    """`celery worker` as deployed (prefork, CELERY_CONCURRENCY processes); returns it and its log."""
    import subprocess
    import sys
    from pathlib import Path

    from django.conf import settings

    log = Path(logdir) / f"{name}.log"
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "-n", f"{name}@%h"]
        + ["--without-gossip", "--without-mingle", "-l", "WARNING"],
        cwd=Path(settings.BASE_DIR),
        env=env,
        stdout=open(log, "w"),  # noqa: SIM115
        stderr=subprocess.STDOUT,
    )
    return process, log


def _children(pid):
    try:
        return [int(child) for child in open(f"/proc/{pid}/task/{pid}/children").read().split()]  # noqa: SIM115
    except OSError:
        return []


@measurement("reminders_two_workers")
def reminders_two_workers(ctx):
    """The daily run of a district of 300,000 activities in chunks of organizations, shared by two real
    worker processes on PostgreSQL and Redis: from queuing the run to the last email sent."""
    import os
    import subprocess
    import tempfile
    import uuid

    import redis
    from django.db.models import Count
    from django.utils import timezone

    from config.celery import app
    from notifications.models import Email, Notification, ReminderChunk
    from notifications.services import reminders_start
    from roadmap.models import Program

    name = "reminders_two_workers"
    if connection.vendor != "postgresql":
        return Result(name=name, value=0, unit="s", target=60, notes="PostgreSQL only (two writers): not measured")
    redis_url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/14"
    try:
        redis.Redis.from_url(redis_url, socket_timeout=2).ping()
    except redis.RedisError:
        return Result(name=name, value=0, unit="s", target=60, notes=f"no Redis at {redis_url}: not measured")
    today = timezone.localdate()
    # Only this district's programs run: the others (another measurement's world) wait, and are put back.
    others = list(Program.objects.filter(status="active").values_list("pk", flat=True))
    Program.objects.filter(pk__in=others).update(status="draft")
    built = time.perf_counter()
    n_activities, n_people = build_reminder_district(*((10, 20, 100) if ctx.quick else (300, 100, 1000)), today, "w")
    built = time.perf_counter() - built
    mine = list(Program.objects.filter(status="active").values_list("pk", flat=True))
    queue = f"bench-{uuid.uuid4().hex[:8]}"
    logdir = tempfile.mkdtemp(prefix="nastavnik-bench-workers-")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": _bench_database_url(),
        "REDIS_URL": redis_url,
        "SECRET_KEY": "bench-worker-secret-key-" + "x" * 40,
        "SITE_URL": "https://nastavnik.test",
        "DEBUG": "0",
        "CELERY_QUEUE": queue,
        "EMAIL_BACKEND": "reports.bench_mail.DiscardingBackend",
        "CELERY_CONCURRENCY": os.environ.get("CELERY_CONCURRENCY", "4"),  # the shipped default
    }
    env.pop("EMAIL_HOST", None)
    saved = {key: app.conf[key] for key in ("task_always_eager", "task_default_queue", "broker_url")}
    workers = [_start_worker(f"bench{n}", env, logdir) for n in (1, 2)]
    try:
        deadline = time.perf_counter() + 120
        while time.perf_counter() < deadline and not all("ready." in log.read_text() for _, log in workers):
            time.sleep(0.2)
        app.conf.update(task_always_eager=False, task_default_queue=queue, broker_url=redis_url)
        app._pool = None
        app.amqp._producer_pool = None
        started = time.perf_counter()
        run = reminders_start(today=today)
        deadline = started + (120 if ctx.quick else 900)
        claimed = None
        while time.perf_counter() < deadline:
            run.refresh_from_db()
            if run.claimed_at and claimed is None:
                claimed = time.perf_counter() - started
            if run.claimed_at and not Email.objects.filter(day=today, sent_at__isnull=True).exists():
                break
            time.sleep(0.1)
        elapsed = time.perf_counter() - started
        peaks = [_worker_peak_mb(pid) for process, _ in workers for pid in [process.pid, *_children(process.pid)]]
    finally:
        app.conf.update(saved)
        app._pool = None
        app.amqp._producer_pool = None
        for process, _ in workers:
            process.terminate()
        for process, _ in workers:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        Program.objects.filter(pk__in=mine).update(status="archived")
        Program.objects.filter(pk__in=others).update(status="active")
    chunks = ReminderChunk.objects.filter(run=run)
    by_worker = dict(chunks.values_list("taken_by").annotate(n=Count("pk")).values_list("taken_by", "n"))
    emails = Email.objects.filter(day=today, created_at__gte=run.created_at)
    sent = emails.filter(sent_at__isnull=False).count()
    told = Notification.objects.filter(created_at__gte=run.created_at).count()
    owed = chunks.filter(collected_at__isnull=True).count()
    shares = ", ".join(f"{worker.split('@')[0] or '?'}: {n}" for worker, n in sorted(by_worker.items()))
    return Result(
        name=name,
        value=round(elapsed, 2),
        unit="s",
        target=60,
        ok=elapsed < 60 and owed == 0 and sent == emails.count(),
        peak_mb=round(max(p or 0 for p in peaks), 1),
        notes=(
            f"{n_activities} activities, {n_people} people (built in {built:.0f} s): {told} reminders in {sent} "
            f"emails by 2 workers of {env['CELERY_CONCURRENCY']} processes; {chunks.count()} chunks ({shares}), "
            f"collected and claimed in {claimed or 0:.1f} s; peak MB is a worker process's"
        ),
    )


def _reminder_world(ctx):
    from django.utils import timezone

    if getattr(ctx, "_reminders", None) is None:
        today = timezone.localdate()
        sizes = (10, 20, 100) if ctx.quick else (100, 100, 1000)
        ctx._reminders = (today, *build_reminder_district(*sizes, today))
    return ctx._reminders


@contextmanager
def others_paused(district):
    """Every program outside `district` made a draft while the reminders run (and made active again
    after), so that what other measurements built never adds to the reminders' figures."""
    from roadmap.models import Program, ProgramStatus

    paused = list(
        Program.objects.filter(status=ProgramStatus.ACTIVE)
        .exclude(organization__municipality=district)
        .values_list("pk", flat=True)
    )
    Program.objects.filter(pk__in=paused).update(status=ProgramStatus.DRAFT)
    try:
        yield
    finally:
        Program.objects.filter(pk__in=paused).update(status=ProgramStatus.ACTIVE)


def _run_reminders(today, district):
    from django.core import mail

    from config.celery import app
    from notifications.models import Email
    from notifications.services import reminders_run

    mail.outbox = []
    saved, app.conf.task_always_eager = app.conf.task_always_eager, True
    try:
        with others_paused(district):
            started = time.perf_counter()
            reminders_run(today=today)
            elapsed = time.perf_counter() - started
    finally:
        app.conf.task_always_eager = saved
    return elapsed, len(mail.outbox), Email.objects.count()


def _reminders_forget(district):
    """The district's people as before any run: no notifications, no emails."""
    from notifications.models import Email, Notification

    users = set(Notification.objects.filter(organization__municipality=district).values_list("user_id", flat=True))
    emails = list(Email.objects.filter(user_id__in=users).values_list("pk", flat=True))
    Notification.objects.filter(user_id__in=users).delete()
    Email.objects.filter(pk__in=emails).delete()


@measurement("reminders_run")
def reminders_run_measurement(ctx):
    from notifications.models import Notification

    today, district, n_activities, n_people = _reminder_world(ctx)
    if getattr(ctx, "_reminders_ran", False):
        _reminders_forget(district)  # the first run of the day, whatever ran before
    elapsed, sent, _ = _run_reminders(today, district)
    ctx._reminders_ran = True
    told = Notification.objects.filter(organization__municipality=district).count()
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
    today, district, _, _ = _reminder_world(ctx)
    if not getattr(ctx, "_reminders_ran", False):
        _run_reminders(today, district)  # the first run of the day, when measured alone
    ctx._reminders_ran = True
    elapsed, sent, _ = _run_reminders(today, district)
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


@measurement("roadmap_import_docx", writes=True)
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


def roadmap_pdf(n_sections, per_section):
    """The same roadmap as `roadmap_docx`, posted as a PDF (a ruled table, its header repeated on
    every page, rows cut by page breaks), rendered from HTML by WeasyPrint."""
    import html

    from weasyprint import HTML

    terms = ["Сентябрь 2026 г.", "До 30.10.2026 г", "В течение года", "Май-июнь 2027", "По отдельному графику"]
    body = []
    for s in range(1, n_sections + 1):
        body.append(
            f"<tr><td>{s}.</td><td>Организационно-методическое обеспечение</td><td></td><td></td><td></td></tr>"
        )
        for a in range(1, per_section + 1):
            cells = [
                f"{s}.{a}",
                f"Мероприятие {s}.{a}: совещание с кураторами о ходе программы",
                terms[a % len(terms)],
                "Протокол",
                "Заместитель директора по УВР, куратор",
            ]
            body.append("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in cells) + "</tr>")
    document = f"""<html><head><style>
      @page {{ size: A4 landscape; margin: 15mm }}
      body {{ font-family: "Liberation Serif", serif; font-size: 10pt }}
      table {{ border-collapse: collapse; width: 100% }}
      th, td {{ border: 0.7pt solid black; padding: 2pt 3pt; vertical-align: top; text-align: left }}
    </style></head><body>
      <p>Приложение № 1 к приказу № 15 от 28.08.2026</p>
      <p>План мероприятий по внедрению целевой модели наставничества на 2026/2027 учебный год</p>
      <table><thead><tr><th>№ п/п</th><th>Мероприятие</th><th>Срок</th><th>Результат (вид документа)</th>
      <th>Ответственные</th></tr></thead><tbody>{"".join(body)}</tbody></table></body></html>"""
    return HTML(string=document).write_pdf()


@measurement("roadmap_import_pdf", writes=True)
def roadmap_import_pdf(ctx):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from roadmap.importing.drafts import draft_create, draft_import

    n_sections, per_section = (2, 10) if ctx.quick else (10, 50)
    data = roadmap_pdf(n_sections, per_section)
    organization = ctx.world.programs[0].organization
    curator = ctx.world.curators[0]
    started = time.perf_counter()
    draft = draft_create(organization=organization, user=curator, upload=SimpleUploadedFile("plan.pdf", data))
    read = time.perf_counter() - started
    program, _news = draft_import(draft=draft, user=curator, title="Импорт PDF: бенчмарк")
    elapsed = time.perf_counter() - started
    n = program.activities.count()
    return Result(
        name="roadmap_import_pdf",
        value=round(elapsed, 2),
        unit="s",
        target=5,
        ok=elapsed < 5,
        peak_mb=round(peak_rss_mb(), 1),
        notes=f"{n} activities from a {len(data) // 1024} KB PDF: preview {read:.2f} s, import {elapsed - read:.2f} s",
    )


def _rss_now_mb():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize() / 1024 / 1024


def _refusal(call):
    """(seconds, MB the process grew at most, message) of a call that must refuse its file: the
    resident memory is sampled every 5 ms from a thread while it runs."""
    import threading

    from django.core.exceptions import ValidationError

    start_mb, highest, done = _rss_now_mb(), [0.0], threading.Event()

    def sample():
        while not done.is_set():
            highest[0] = max(highest[0], _rss_now_mb())
            done.wait(0.005)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    started = time.perf_counter()
    try:
        call()
    except ValidationError as error:
        message = " ".join(error.messages)
    else:  # pragma: no cover - a bomb accepted is a failure the figure must show
        message = "ACCEPTED"
    elapsed = time.perf_counter() - started
    done.set()
    sampler.join()
    return elapsed, max(highest[0], _rss_now_mb()) - start_mb, message


@measurement("hostile_import", writes=True)
def hostile_import(ctx):
    """The bombs of the hostile corpus (reports/hostile.py) through the roadmap import and the base
    import; the value is the slowest refusal, the growth the largest."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import translation

    from mentoring.transfer import import_draft_create
    from roadmap.importing.drafts import draft_create

    from . import hostile

    organization = ctx.world.programs[0].organization
    curator = ctx.world.curators[0]
    bombs = ["docx_bomb", "xlsx_empty_rows", "xlsx_shared_strings", "xlsx_far_row", "xlsx_many_strings"]
    figures = []
    with translation.override("ru"):
        for key in bombs:
            name, build, _says = hostile.CORPUS[key]
            data = build()
            targets = [("roadmap", draft_create, {"program": None})]
            if name.endswith(".xlsx"):
                targets.append(("base", import_draft_create, {"kind": "mentees"}))
            for where, service, extra in targets:
                upload = SimpleUploadedFile(name, data)
                elapsed, grown, message = _refusal(
                    lambda s=service, u=upload, e=extra: s(organization=organization, user=curator, upload=u, **e)
                )
                figures.append((elapsed, grown, f"{key}→{where}", len(data), message))
    worst = max(figures)
    most = max(grown for _e, grown, *_rest in figures)
    accepted = [label for _e, _g, label, _n, message in figures if message == "ACCEPTED"]
    notes = "; ".join(f"{label} ({size // 1024} KB): {e:.2f} s, +{g:.0f} MB" for e, g, label, size, _m in figures)
    return Result(
        name="hostile_import",
        value=round(worst[0], 3),
        unit="s",
        target=2,
        ok=worst[0] < 2 and most < 100 and not accepted,
        peak_mb=round(peak_rss_mb(), 1),
        notes=f"slowest {worst[2]}: «{worst[4][:90]}»; growth at most {most:.0f} MB (target < 100); {notes}"
        + (f"; ACCEPTED: {', '.join(accepted)}" if accepted else ""),
    )


def matching_input(n_mentees, n_mentors, seed=2026):
    """Pupils and young teachers with requests, mentors of capacity 1–5 with competencies, as a large
    school district's pool: 40 tags, two forms for pupils and one for teachers."""
    import random

    from mentoring.matching import MenteeIn, MentorIn

    rng = random.Random(seed)
    tags = list(range(1, 41))
    days = ["mon", "tue", "wed", "thu", "fri"]
    forms = {1: "students", 2: "students", 3: "teachers"}
    mentees = [
        MenteeIn(
            id=i,
            audience="teachers" if rng.random() < 0.15 else "students",
            needs=frozenset(rng.sample(tags, rng.randint(1, 4))),
            preferred_form=rng.choice([None, 1, 2, 3]),
            age=rng.randint(10, 17),
            subject=rng.choice(["", "математика", "история", "физика"]),
            availability=frozenset(rng.sample(days, rng.randint(0, 3))),
        )
        for i in range(1, n_mentees + 1)
    ]
    mentors = [
        MentorIn(
            id=j,
            competencies=frozenset(rng.sample(tags, rng.randint(2, 8))),
            forms=frozenset(rng.sample([1, 2, 3], rng.randint(0, 2))),
            age_from=rng.choice([None, 10, 13]),
            age_to=rng.choice([None, 14, 17]),
            subject=rng.choice(["", "математика", "история", "физика"]),
            availability=frozenset(rng.sample(days, rng.randint(0, 4))),
            capacity=rng.randint(1, 5),
            load=0,
            audiences=frozenset({"students", "teachers"}) if rng.random() < 0.5 else frozenset({"students"}),
        )
        for j in range(1, n_mentors + 1)
    ]
    return mentees, mentors, forms


@measurement("matching")
def matching_measurement(ctx):
    from mentoring.matching import Weights, greedy, propose

    n_mentees, n_mentors = (200, 60) if ctx.quick else (1000, 300)
    mentees, mentors, forms = matching_input(n_mentees, n_mentors)
    weights = Weights()
    propose(mentees[:50], mentors[:20], forms, weights)  # warm-up: imports, numpy and scipy paths
    samples = []
    for _ in range(3 if ctx.quick else 5):
        started = time.perf_counter()
        proposal = propose(mentees, mentors, forms, weights)
        samples.append(time.perf_counter() - started)
    elapsed = statistics.median(samples)
    started = time.perf_counter()
    greedy_pairs, greedy_total = greedy(mentees, mentors, forms, weights)
    greedy_s = time.perf_counter() - started
    places = sum(m.free for m in mentors)
    gain = (proposal.total - greedy_total) / greedy_total * 100 if greedy_total else 0
    return Result(
        name="matching",
        value=round(elapsed, 3),
        unit="s",
        target=2,
        ok=elapsed < 2,
        peak_mb=round(peak_rss_mb(), 1),
        notes=(
            f"{n_mentees} mentees × {n_mentors} mentors ({places} places): {len(proposal.matches)} pairs, "
            f"total score {proposal.total}; greedy {greedy_pairs} pairs, {greedy_total} "
            f"({gain:+.1f}% for the optimum; greedy took {greedy_s:.2f} s)"
        ),
    )


def mentee_rows(n):
    """Rows of a school district's mentee base in the template's columns: pupils with a parent and a
    consent, some young teachers, and requests tagged from the standard vocabulary."""
    from mentoring.models import Competency

    tags = list(Competency.objects.filter(organization=None).values_list("name", flat=True)[:12])
    rows = []
    for i in range(n):
        pupil = i % 7 != 0
        rows.append(
            {
                "Фамилия": f"Иванов{i}",
                "Имя": ["Пётр", "Анна", "Олег", "Мария"][i % 4],
                "Отчество": "Сергеевич" if i % 2 else "Ивановна",
                "Категория": "обучающийся" if pupil else "молодой педагог",
                "Дата рождения": date(2010 + i % 6, 1 + i % 12, 1 + i % 28) if pupil else date(1998, 5, 1),
                "Класс": f"{5 + i % 6}{'АБВ'[i % 3]}" if pupil else "",
                "Предмет": "" if pupil else "математика",
                "Родитель (законный представитель)": f"Иванова Ольга {i}" if pupil else "",
                "Телефон родителя": f"+7 900 {i:07d}" if pupil else "",
                "Запрос": "Подготовка к олимпиаде" if pupil else "Методика урока",
                "Метки запроса": ", ".join(tags[j % len(tags)] for j in (i, i + 3)),
                "Свободные дни": "пн, ср",
                "Согласие на обработку ПДн, дата": date(2026, 9, 1),
            }
        )
    return rows


def mentee_xlsx(rows):
    import io

    from openpyxl import Workbook

    from mentoring.transfer import MenteeResource

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Наставляемые")
    headers = MenteeResource.headers()
    sheet.append(headers)
    for row in rows:
        sheet.append([row.get(h, "") for h in headers])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def bulk_create_floor(organization, rows):
    """The same people, consents and records saved by plain bulk_create: what an import cannot beat."""
    from django.db import transaction

    from mentoring.models import Consent, Mentee, Person

    started = time.perf_counter()
    with transaction.atomic():
        people = Person.objects.bulk_create(
            [
                Person(
                    organization=organization,
                    last_name=row["Фамилия"],
                    first_name=row["Имя"],
                    patronymic=row["Отчество"],
                    birth_date=row["Дата рождения"],
                    parent_name=row["Родитель (законный представитель)"],
                    parent_phone=row["Телефон родителя"],
                )
                for row in rows
            ],
            batch_size=1000,
        )
        Consent.objects.bulk_create(
            [Consent(person=p, kind="processing", given_on=date(2026, 9, 1)) for p in people], batch_size=1000
        )
        Mentee.objects.bulk_create(
            [Mentee(person=p, category="student", request=row["Запрос"]) for p, row in zip(people, rows, strict=True)],
            batch_size=1000,
        )
        elapsed = time.perf_counter() - started
        transaction.set_rollback(True)
    return elapsed


@measurement("mentee_import", writes=True)
def mentee_import(ctx):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from mentoring.models import Mentee
    from mentoring.transfer import import_draft_commit, import_draft_create

    n = 500 if ctx.quick else 10_000
    organization = ctx.world.programs[1].organization
    rows = mentee_rows(n)
    data = mentee_xlsx(rows)
    floor = bulk_create_floor(organization, rows)
    # Counted as what this import adds, whatever other measurements left in the organization before.
    before = Mentee.objects.filter(person__organization=organization).count()
    started = time.perf_counter()
    draft = import_draft_create(
        organization=organization,
        user=ctx.world.curators[1],
        kind="mentees",
        upload=SimpleUploadedFile("mentees.xlsx", data),
    )
    preview = time.perf_counter() - started
    with CaptureQueriesContext(connection) as captured:
        report = import_draft_commit(draft, only_valid=False)
    elapsed = time.perf_counter() - started
    imported = Mentee.objects.filter(person__organization=organization).count() - before
    assert report.valid == n == imported, (report.valid, n, imported, report.invalid[:3])
    return Result(
        name="mentee_import",
        value=round(elapsed, 2),
        unit="s",
        target=10,
        ok=elapsed < 10,
        queries=len(captured.captured_queries),
        floor=round(floor, 2),
        ratio_to_floor=round(elapsed / floor, 1) if floor else None,
        peak_mb=round(peak_rss_mb(), 1),
        notes=(
            f"{n} mentees from a {len(data) // 1024} KB XLSX: read and check {preview:.2f} s, "
            f"import {elapsed - preview:.2f} s; the floor is a plain bulk_create of the same rows"
        ),
    )


def program_with_pairs(program, n_pairs):
    """`n_pairs` working pairs of young teachers in `program`, saved in a few inserts."""
    from mentoring.models import (
        Consent,
        Mentee,
        Mentor,
        MentoringForm,
        Pair,
        PairMember,
        Person,
    )

    form = MentoringForm.objects.get(code="traditional", organization=None)
    program.forms.add(form)
    org_id = program.organization_id
    people = Person.objects.bulk_create(
        [
            Person(organization_id=org_id, last_name=f"Наставникова{i:03d}", first_name="Анна", patronymic="Ивановна")
            for i in range(n_pairs)
        ]
        + [
            Person(organization_id=org_id, last_name=f"Молодой{i:03d}", first_name="Илья", patronymic="Петрович")
            for i in range(n_pairs)
        ]
    )
    Consent.objects.bulk_create(
        [Consent(person=p, kind="processing", given_on=date(2026, 9, 1)) for p in people]
        + [Consent(person=p, kind="mentoring", given_on=date(2026, 9, 1)) for p in people[:n_pairs]]
    )
    mentors = Mentor.objects.bulk_create(
        [Mentor(person=p, category="teacher", status="active", workplace="учитель") for p in people[:n_pairs]]
    )
    mentees = Mentee.objects.bulk_create(
        [Mentee(person=p, category="young_teacher", status="paired") for p in people[n_pairs:]]
    )
    pairs = Pair.objects.bulk_create(
        [Pair(program=program, form=form, mentor=m, started_on=date(2026, 10, 1)) for m in mentors]
    )
    PairMember.objects.bulk_create(
        [PairMember(pair=p, mentee=e, joined_on=date(2026, 10, 1)) for p, e in zip(pairs, mentees, strict=True)]
    )


def blank_pdf_ms(repeats):
    from weasyprint import HTML

    HTML(string="<html><body></body></html>").write_pdf()
    samples = []
    for _ in range(repeats):
        started = time.perf_counter()
        HTML(string="<html><body></body></html>").write_pdf()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


@measurement("order_pdf", writes=True)
def order_pdf(ctx):
    from mentoring.models import Membership, Role
    from orders import documents, services

    program = ctx.world.programs[2]
    n_pairs = 30 if ctx.quick else 300
    program_with_pairs(program, n_pairs)
    director = ctx.world.curators[3]  # any account: made the head of this school for the signature
    Membership.objects.create(user=director, role=Role.DIRECTOR, organization_id=program.organization_id)
    order = services.order_create(program=program, kind="pairs", user=ctx.world.curators[2])
    services.order_submit(order, user=ctx.world.curators[2])
    order = services.order_sign(order, user=director, on=date(2026, 10, 5))
    documents.pdf_bytes(order)  # warm-up: fonts and the first layout of the process
    repeats = 3 if ctx.quick else 5
    cpu_samples = []

    def median_ms(**variant):
        samples = []
        for _ in range(repeats):
            started, cpu_started = time.perf_counter(), time.process_time()
            made = documents.pdf_bytes(order, **variant)
            samples.append((time.perf_counter() - started) * 1000)
            if not variant:
                cpu_samples.append((time.process_time() - cpu_started) * 1000)
        return statistics.median(samples), made

    # What the portal hands out (PDF/A-3b, tagged), then the plain PDF and PDF/A without tags, so that
    # the cost of each is on record.
    # As in a worker (config/celery.py), what the process built before the render is frozen out of
    # the collector's scans: the bench's world is far bigger than a worker's start-up heap.
    with frozen_heap():
        median, content = median_ms()
        plain, _ = median_ms(archival=False, tagged=False)
        untagged, _ = median_ms(archival=True, tagged=False)
    floor = blank_pdf_ms(3 if ctx.quick else 10)
    from io import BytesIO

    from pypdf import PdfReader

    pages = len(PdfReader(BytesIO(content)).pages)
    return Result(
        name="order_pdf",
        value=round(median / 1000, 3),
        unit="s",
        target=2,
        ok=median < 2000,
        floor=round(floor / 1000, 3),
        ratio_to_floor=round(median / floor, 1),
        peak_mb=round(peak_rss_mb(), 1),
        notes=(
            f"the signed pairs order with {n_pairs} pairs in its appendix, {pages} pages, as PDF/A-3b with tags; "
            f"plain PDF {plain / 1000:.2f} s, PDF/A without tags {untagged / 1000:.2f} s "
            f"(PDF/A costs {(untagged - plain) / 1000:+.2f} s, tags {(median - untagged) / 1000:+.2f} s); "
            f"process CPU time {statistics.median(cpu_samples) / 1000:.2f} s; the floor is a blank page"
        ),
    )


def _bench_database_url():
    settings_dict = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings_dict['NAME']}"
    user, password = settings_dict.get("USER") or "", settings_dict.get("PASSWORD") or ""
    credentials = f"{user}:{password}@" if password else f"{user}@" if user else ""
    host, port = settings_dict.get("HOST") or "127.0.0.1", settings_dict.get("PORT") or 5432
    return f"postgres://{credentials}{host}:{port}/{settings_dict['NAME']}"


def _worker_peak_mb(pid):
    try:
        for line in open(f"/proc/{pid}/status"):  # noqa: SIM115
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def _wait_for(batch, deadline):
    from orders.models import OrderBatchItem

    while time.perf_counter() < deadline and batch.items.filter(status=OrderBatchItem.Status.QUEUED).exists():
        time.sleep(0.1)


@measurement("order_batch")
def order_batch(ctx):
    """One type of order for every school of the district, through one real worker (solo pool)."""
    import os
    import subprocess
    import sys
    import tempfile
    import uuid
    from pathlib import Path

    import redis
    from django.conf import settings

    from config.celery import app
    from orders import services
    from orders.models import OrderBatchItem

    redis_url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/14"
    try:
        redis.Redis.from_url(redis_url, socket_timeout=2).ping()
    except redis.RedisError:
        return Result(name="order_batch", value=0, unit="count", notes=f"no Redis at {redis_url}: not measured")
    queue = f"bench-{uuid.uuid4().hex[:8]}"
    media = tempfile.mkdtemp(prefix="nastavnik-bench-media-")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": _bench_database_url(),
        "REDIS_URL": redis_url,
        "SECRET_KEY": "bench-worker-secret-key-" + "x" * 40,
        "DEBUG": "0",
        "CELERY_QUEUE": queue,
        "MEDIA_ROOT": media,
    }
    log = tempfile.NamedTemporaryFile("w", prefix="bench-worker-", suffix=".log", delete=False)  # noqa: SIM115
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool=solo",
            "-Q",
            queue,
            "-l",
            "WARNING",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        cwd=Path(settings.BASE_DIR),
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    saved = app.conf.task_always_eager
    app.conf.task_always_eager = False
    try:
        # Warm-up, not measured: the worker starts, loads WeasyPrint and renders a first order.
        warm = services.batch_for_stage(
            program=ctx.world.programs[0], stage=5, user=ctx.world.coordinator, enqueue=False
        )
        with app.connection_for_write(redis_url) as broker:
            services.batch_enqueue(list(warm.items.values_list("pk", flat=True)), queue=queue, connection=broker)
        _wait_for(warm, time.perf_counter() + 120)
        started = time.perf_counter()
        batch = services.batch_for_district(
            municipality=ctx.world.municipality, kind="implementation", user=ctx.world.coordinator, enqueue=False
        )
        with app.connection_for_write(redis_url) as broker:
            services.batch_enqueue(list(batch.items.values_list("pk", flat=True)), queue=queue, connection=broker)
        total = batch.items.count()
        _wait_for(batch, started + (120 if ctx.quick else 900))
        elapsed = time.perf_counter() - started
        done = batch.items.filter(status=OrderBatchItem.Status.DONE).count()
        failed = batch.items.filter(status=OrderBatchItem.Status.FAILED).count()
        peak = _worker_peak_mb(worker.pid)
    finally:
        app.conf.task_always_eager = saved
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
        log.close()
    throughput = done / elapsed if elapsed else 0
    return Result(
        name="order_batch",
        value=round(elapsed, 2),
        unit="s",
        ok=done == total,
        peak_mb=round(peak, 1) if peak else None,
        notes=(
            f"{done} of {total} orders drafted and rendered ({failed} failed) by one worker: "
            f"{throughput:.2f} orders/s per worker; each has the {ctx.world.programs[0].activities.count()}-activity "
            f"roadmap as its appendix; peak MB is the worker's"
        ),
    )


def campaign_with_responses(program, n_responses, seed=5):
    """A campaign of the mentee satisfaction questionnaire with `n_responses` submitted answer sheets."""
    import random

    from django.utils import timezone

    from mentoring.models import Person
    from surveys.models import Answer, Campaign, Invitation, Question, Questionnaire, Response

    questionnaire = Questionnaire.objects.get(code="mentee-satisfaction", organization=None)
    campaign = Campaign.objects.create(
        organization_id=program.organization_id,
        program=program,
        questionnaire=questionnaire,
        title="Итоговое анкетирование (бенчмарк)",
        opens_on=date(2026, 5, 1),
        closes_on=date(2026, 5, 31),
    )
    people = Person.objects.bulk_create(
        [
            Person(organization_id=program.organization_id, last_name=f"Ученик{i:05d}", first_name="А")
            for i in range(n_responses)
        ]
    )
    invitations = Invitation.objects.bulk_create(
        [Invitation(campaign=campaign, person=p, token_hash=f"bench-{campaign.pk}-{p.pk}") for p in people]
    )
    now = timezone.now()
    responses = Response.objects.bulk_create(
        [
            Response(
                campaign=campaign,
                questionnaire=questionnaire,
                invitation=inv,
                sheet_key=f"bench-{inv.pk}",
                submitted_at=now,
            )
            for inv in invitations
        ]
    )
    rng = random.Random(seed)
    questions = list(questionnaire.questions.all())
    answers = []
    for response in responses:
        for q in questions:
            if q.scale_max:
                answers.append(Answer(response=response, question=q, number=rng.randint(1, q.scale_max)))
            elif q.kind == Question.Kind.YESNO:
                answers.append(Answer(response=response, question=q, number=rng.randint(0, 1)))
            elif q.kind == Question.Kind.LONG and rng.random() < 0.3:
                answers.append(Answer(response=response, question=q, text="Было полезно и интересно"))
    Answer.objects.bulk_create(answers, batch_size=5000)
    return campaign, len(answers)


@measurement("survey_results", writes=True)
def survey_results(ctx):
    program = ctx.world.programs[4]
    n = 300 if ctx.quick else 5000
    campaign, n_answers = campaign_with_responses(program, n)
    result = page_measurement(
        "survey_results",
        f"/o/{program.organization.slug}/surveys/campaigns/{campaign.pk}/",
        ctx.world.curators[4],
        repeats=ctx.repeats,
        floor_ms=ctx.floor_ms,
        target_ms=300,
        notes=f"{n} responses, {n_answers} answers: distributions, means and medians of 25 questions",
    )
    result.ok = result.value < 300  # the target of this page is its time alone (bench.md)
    return result


def _free_port():
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def submit_load(ctx):
    """Respondents open their sheets, then all submit at the same moment, against a real gunicorn:
    run once per bench run (its figures are shared by `survey_submit_load` and `survey_submit_p95`);
    the campaign and its people are deleted after, so that no other figure counts them."""
    if getattr(ctx, "_submit_load", None) is None:
        ctx._submit_load = _submit_load(ctx)
    return ctx._submit_load


def _submit_load(ctx):
    import http.client
    import os
    import re
    import subprocess
    import sys
    import tempfile
    import threading
    import urllib.parse
    from pathlib import Path

    from django.conf import settings

    from mentoring.models import Person
    from surveys.models import Questionnaire, Response
    from surveys.services import campaign_create

    n = 50 if ctx.quick else 500
    program = ctx.world.programs[5]
    people = Person.objects.bulk_create(
        [
            Person(organization_id=program.organization_id, last_name=f"Респондент{i:04d}", first_name="Б")
            for i in range(n)
        ]
    )
    questionnaire = Questionnaire.objects.get(code="feedback", organization=None)
    today = date.today()
    campaign, links = campaign_create(
        program=program,
        questionnaire=questionnaire,
        title="Нагрузка",
        opens_on=today - timedelta(days=1),
        closes_on=today + timedelta(days=1),
        anonymous=False,
        phase="",
        people=people,
        user=None,
    )
    questions = list(questionnaire.questions.all())
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": _bench_database_url(),
        "SECRET_KEY": "bench-gunicorn-secret-key-" + "x" * 40,
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "SECURE_HSTS_SECONDS": "0",
        "MEDIA_ROOT": tempfile.mkdtemp(prefix="nastavnik-bench-media-"),
    }
    # A deployment names its public address; the bench's server is not one (links it makes go nowhere).
    env.setdefault("SITE_URL", "https://bench.nastavnik.invalid")
    env.pop("REDIS_URL", None)
    env["STATIC_ROOT"] = tempfile.mkdtemp(prefix="nastavnik-bench-static-")
    # A deployment serves hashed static files: collect them as a release would.
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=Path(settings.BASE_DIR),
        env=env,
        check=True,
    )
    log = tempfile.NamedTemporaryFile("w", prefix="bench-gunicorn-", suffix=".log", delete=False)  # noqa: SIM115
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "4",
            "--threads",
            "4",
            "--timeout",
            "60",
            "--backlog",
            "1024",
        ],
        cwd=Path(settings.BASE_DIR),
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                conn.request("GET", "/login/")
                conn.getresponse().read()
                break
            except OSError:
                time.sleep(0.2)
        cpu_at_start = []
        start = threading.Barrier(n, action=lambda: cpu_at_start.append(_server_cpu_s(server.pid)))
        latencies, failures = [], []
        lock = threading.Lock()

        def respondent(token, index):
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                conn.request("GET", f"/s/{token}/")
                page = conn.getresponse()
                body = page.read().decode()
                cookie = re.search(r"csrftoken=([^;]+)", page.getheader("Set-Cookie") or "").group(1)
                form_token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)
                fields = {"csrfmiddlewaretoken": form_token, "page": "1", "action": "submit"}
                for q in questions:
                    fields[f"q{q.pk}"] = str(1 + index % q.scale_max) if q.scale_max else "Всё хорошо"
                data = urllib.parse.urlencode(fields)
                conn.close()
                start.wait(timeout=120)
                # A new connection, as a phone whose idle connection the server has closed opens one.
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                began = time.perf_counter()
                conn.request(
                    "POST",
                    f"/s/{token}/",
                    body=data,
                    headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": f"csrftoken={cookie}"},
                )
                reply = conn.getresponse()
                reply.read()
                elapsed = (time.perf_counter() - began) * 1000
                with lock:
                    (latencies if reply.status == 302 else failures).append(
                        elapsed if reply.status == 302 else reply.status
                    )
            except Exception as error:  # noqa: BLE001  (counted below)
                with lock:
                    failures.append(repr(error))

        threads = [threading.Thread(target=respondent, args=(token, i)) for i, (_p, token) in enumerate(links)]
        began = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=300)
        wall = time.perf_counter() - began
        server_cpu = _server_cpu_s(server.pid) - cpu_at_start[0] if cpu_at_start else None
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
    submitted = Response.objects.filter(campaign=campaign, submitted_at__isnull=False).count()
    sheets = Response.objects.filter(campaign=campaign).count()
    campaign.delete()
    Person.objects.filter(pk__in=[p.pk for p in people]).delete()
    latencies.sort()
    return {
        "n": n,
        "submitted": submitted,
        "lost": n - submitted,
        "duplicated": max(sheets - n, 0),
        "failures": failures,
        "p95": latencies[int(0.95 * (len(latencies) - 1))] if latencies else 0,
        "median": statistics.median(latencies) if latencies else 0,
        "wall": wall,
        # What the server's workers spent on the submissions, whatever else the machine ran meanwhile.
        "cpu_ms": server_cpu * 1000 / n if server_cpu is not None else None,
    }


def _server_cpu_s(master_pid):
    """CPU seconds (user and system) spent so far by the worker processes of a gunicorn master."""
    import os

    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    try:
        with open(f"/proc/{master_pid}/task/{master_pid}/children") as children:
            pids = children.read().split()
        for pid in pids:
            with open(f"/proc/{pid}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)
    except OSError:
        return 0.0
    return total / ticks


def _submit_notes(load):
    failures = load["failures"]
    return (
        f"{load['n']} respondents submitting at once through gunicorn (4 workers × 4 threads): "
        f"{load['submitted']} saved, {load['lost']} lost, {load['duplicated']} duplicated, {len(failures)} failed; "
        f"p95 {load['p95']:.0f} ms, median {load['median']:.0f} ms, whole run {load['wall']:.1f} s"
        + (f"; server CPU {load['cpu_ms']:.1f} ms a submission" if load["cpu_ms"] is not None else "")
        + (f"; failures: {Counter(map(str, failures)).most_common(3)}" if failures else "")
    )


@measurement("survey_submit_load")
def survey_submit_load(ctx):
    """Nothing lost or doubled when every respondent of a campaign submits at the same moment."""
    load = submit_load(ctx)
    return Result(
        name="survey_submit_load",
        value=float(load["lost"] + load["duplicated"]),
        unit="count",
        target=0,
        ok=load["lost"] == 0 and load["duplicated"] == 0 and not load["failures"],
        notes=_submit_notes(load),
    )


@measurement("survey_submit_p95")
def survey_submit_p95(ctx):
    """The 95th percentile of the same submissions' times, from the request sent to the reply read."""
    load = submit_load(ctx)
    return Result(
        name="survey_submit_p95",
        value=round(load["p95"], 1),
        unit="ms",
        target=1000,
        ok=load["p95"] < 1000 and not load["failures"],
        notes=_submit_notes(load),
    )


# Measurements kept beside the features they measure; importing them registers them.
from . import bench_dashboard, bench_monitoring  # noqa: E402, F401
