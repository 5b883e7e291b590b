"""Figures kept per organization and day: what district pages read instead of counting millions of rows.

- `refresh_figures(ids, day)` counts organizations' figures with the one definition of each
  (`reports.indicators.figures_for`, `reports.upward.organization_rows`) and keeps them in
  `OrganizationDayFigures`, one row per organization and day (an upsert).
- What they count changes (activities, programs, pairs and their members, mentees, mentors, people,
  questionnaire sheets, orders, the organization's own counts): `touch()` notes the organization, and
  after the commit its row of the day is marked changed (`queue_refresh`); a reader counts a changed
  row again before it shows it (`rows_of`). With workers one refresh per organization is also queued
  (`reports.tasks.refresh_kept_figures`, debounced: one task per organization per DEBOUNCE seconds).
- Every night `check_figures()` recounts every organization, repairs the rows that drifted from the
  recount and records what it repaired (`FiguresDrift`, shown on the district dashboard).
- The district dashboard and the upward report read the rows of their day; an organization without a
  row is counted afresh and the page says so.

A row's figures are those of its day as counted on that day: lateness and the satisfaction window
are measured from the day of counting, so a past day is read from its rows, never recounted.
"""

import logging
from calendar import monthrange
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from functools import partial

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, F, Q, Sum
from django.utils import timezone

from mentoring.models import Organization, OrganizationKind
from roadmap.selectors import Progress

from . import upward
from .indicators import Figures, district_organizations, figures_for, share
from .models import FiguresDrift, OrganizationDayFigures

logger = logging.getLogger(__name__)

VERSION = 1
DEBOUNCE = 10  # seconds: the changes of one burst are counted by one task
BATCH = 500  # organizations counted together by the nightly check

# The columns kept beside the JSON, with what the nightly report calls them.
COLUMN_LABELS = {
    "activities_total": "мероприятий дорожных карт",
    "activities_done": "выполненных мероприятий",
    "activities_overdue": "просроченных мероприятий",
    "mentors": "наставников в базе",
    "mentees": "наставляемых в базе",
    "pairs": "работающих пар и групп",
    "participating_mentees": "наставляемых в парах и группах",
    "student_mentees": "обучающихся 10–18 лет — наставляемых",
    "student_mentors": "обучающихся 10–18 лет — наставников",
    "young_teachers": "молодых педагогов с наставником",
    "student_count": "обучающихся всего",
    "teacher_count": "педагогов всего",
    "satisfaction_sum": "сумма оценок удовлетворённости",
    "satisfaction_answers": "ответов об удовлетворённости",
    "signed_orders": "подписанных приказов",
}
UPWARD_LABELS = {c.code: c.label for c in upward.COLUMNS}
FIGURE_FIELDS = (
    "mentors",
    "mentees",
    "pairs",
    "mentees_without_pair",
    "participating_mentees",
    "participating_mentors",
    "pairs_by_form",
    "mentees_by_form",
    "student_mentees",
    "student_mentors",
    "young_teachers",
    "student_count",
    "teacher_count",
    "satisfaction_sums",
    "signed_orders",
    "unsigned_orders",
)


@dataclass(frozen=True)
class KeptProgram:
    """An active program as the kept figures remember it (the pages only count and name them)."""

    pk: int
    title: str


def figures_json(figures):
    """A Figures as JSON (what `figures_from_json` reads back)."""
    data = {name: getattr(figures, name) for name in FIGURE_FIELDS}
    data["satisfaction_sums"] = {k: list(v) for k, v in figures.satisfaction_sums.items()}
    # Lists of [form, n]: the forms' order is theirs (PostgreSQL's jsonb does not keep the keys' order).
    data["pairs_by_form"] = [[k, n] for k, n in figures.pairs_by_form.items()]
    data["mentees_by_form"] = [[k, n] for k, n in figures.mentees_by_form.items()]
    data["stages"] = [[s.done, s.total, s.overdue] for s in figures.stages]
    data["other"] = [figures.other.done, figures.other.total, figures.other.overdue]
    data["programs"] = [[p.pk, p.title] for p in figures.programs]
    return data


def figures_from_json(organization, data):
    figures = Figures(organization=organization)
    for name in FIGURE_FIELDS:
        setattr(figures, name, data[name])
    figures.satisfaction_sums = {k: list(v) for k, v in data["satisfaction_sums"].items()}
    figures.pairs_by_form = {k: n for k, n in data["pairs_by_form"]}
    figures.mentees_by_form = {k: n for k, n in data["mentees_by_form"]}
    figures.stages = [Progress(*s) for s in data["stages"]]
    figures.other = Progress(*data["other"])
    figures.programs = [KeptProgram(pk, title) for pk, title in data["programs"]]
    return figures


def _columns(figures):
    progress = figures.progress
    return {
        "activities_total": progress.total,
        "activities_done": progress.done,
        "activities_overdue": progress.overdue,
        "mentors": figures.mentors,
        "mentees": figures.mentees,
        "pairs": figures.pairs,
        "participating_mentees": figures.participating_mentees,
        "student_mentees": figures.student_mentees,
        "student_mentors": figures.student_mentors,
        "young_teachers": figures.young_teachers,
        "student_count": figures.student_count,
        "teacher_count": figures.teacher_count,
        "satisfaction_sum": sum(s for s, _n in figures.satisfaction_sums.values()),
        "satisfaction_answers": figures.satisfaction_answers,
        "signed_orders": figures.signed_orders,
    }


def count_rows(organizations, day):
    """Unsaved rows of the organizations' figures on `day` (today: see the module's docstring), counted
    by the one definition of each figure. A fixed number of queries whatever the number of organizations."""
    organizations = list(organizations)
    # The time the count began: a change committed after it may be missing from the count.
    now = timezone.now()
    by_org = figures_for(organizations, on=day)
    upward_rows = upward.organization_rows(organizations, day)
    return [
        OrganizationDayFigures(
            organization=o,
            day=day,
            version=VERSION,
            counted_at=now,
            figures=figures_json(by_org[o.pk]),
            upward=upward_rows[o.pk],
            **_columns(by_org[o.pk]),
        )
        for o in organizations
    ]


def store(rows):
    """Upsert the rows (one per organization and day)."""
    OrganizationDayFigures.objects.bulk_create(
        rows,
        batch_size=BATCH,
        update_conflicts=True,
        unique_fields=["organization", "day"],
        update_fields=["version", "counted_at", "figures", "upward", *COLUMN_LABELS],
    )
    return rows


def refresh_figures(organization_ids=None, day=None, *, organizations=None):
    """Count and keep the figures of these organizations for `day` (today). Returns the rows."""
    day = day or timezone.localdate()
    if organizations is None:
        organizations = Organization.objects.filter(pk__in=list(organization_ids)).order_by("pk")
    return store(count_rows(organizations, day))


# What changed, noted during a transaction and turned into organizations after its commit.
KINDS = ("organization", "program", "pair", "person", "campaign", "response")


def _pending(connection):
    if not hasattr(connection, "kept_figures_pending"):
        connection.kept_figures_pending = {kind: set() for kind in KINDS}
        # One hook object per connection: `touch` finds it among the commit hooks to add it once.
        connection.kept_figures_flush = partial(_flush, connection)
    return connection.kept_figures_pending


def touch(**ids):
    """Note that something an organization's figures count changed: `touch(organization=id)`, or the
    id of what it belongs to (`program=`, `pair=`, `person=`, `campaign=`, `response=`), resolved
    after the commit, so that a save costs no query. One refresh per organization per transaction."""
    if not getattr(settings, "KEPT_FIGURES_UPDATES", True):
        return
    connection = transaction.get_connection()
    pending = _pending(connection)
    for kind, value in ids.items():
        if value is not None:
            pending[kind].add(value)
    if not connection.in_atomic_block:
        _flush(connection)
    else:
        # Once per savepoint level: a hook of an outer level stays behind if this level is rolled back
        # (the flush that runs first takes all that is noted; the others find nothing).
        level = set(connection.savepoint_ids)
        hooks = connection.run_on_commit
        if not any(hook is connection.kept_figures_flush and sids == level for sids, hook, _robust in hooks):
            transaction.on_commit(connection.kept_figures_flush)


def _organizations_of(pending):
    from mentoring.models import Pair, Person
    from roadmap.models import Program
    from surveys.models import Campaign, Response

    found = set(pending["organization"])
    lookups = (
        ("program", Program, "organization_id"),
        ("pair", Pair, "program__organization_id"),
        ("person", Person, "organization_id"),
        ("campaign", Campaign, "organization_id"),
        ("response", Response, "campaign__organization_id"),
    )
    for kind, model, path in lookups:
        if pending[kind]:
            found.update(model.objects.filter(pk__in=pending[kind]).values_list(path, flat=True))
    found.discard(None)
    return found


@contextmanager
def deferred():
    """Within a long job of many saves (the demo's seeding), note what changes and refresh once, at
    its end, rather than after each commit."""
    connection = transaction.get_connection()
    connection.kept_figures_deferred = True
    try:
        yield
    finally:
        connection.kept_figures_deferred = False
        _flush(connection)


def _flush(connection):
    pending = _pending(connection)
    if getattr(connection, "kept_figures_deferred", False) or not any(pending.values()):
        return
    noted = {kind: set(values) for kind, values in pending.items()}
    for values in pending.values():
        values.clear()
    try:
        queue_refresh(_organizations_of(noted))
    except Exception:  # the change itself is done; the nightly check repairs what a refresh missed
        logger.exception("Kept figures: a refresh could not be queued")


def queue_refresh(organization_ids):
    """Mark these organizations' rows of today changed (one UPDATE), so that the next page that reads
    them counts them again; with workers, also one refresh task per organization per DEBOUNCE
    seconds, which runs after the burst and counts all of it, so that pages seldom have to. In
    embedded mode the reader's count is the refresh: a write (a pupil's answer sheet) does not pay for
    recounting its whole school."""
    from .tasks import refresh_kept_figures

    organization_ids = sorted(organization_ids)
    if not organization_ids:
        return
    OrganizationDayFigures.objects.filter(organization_id__in=organization_ids, day=timezone.localdate()).update(
        changed_at=timezone.now()
    )
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return
    for organization_id in organization_ids:
        if cache.add(f"kept-figures:{organization_id}", 1, DEBOUNCE):
            refresh_kept_figures.apply_async(args=[[organization_id]], countdown=DEBOUNCE)


# Reading.


def _kept(organizations, day):
    return OrganizationDayFigures.objects.filter(day=day, version=VERSION, organization__in=organizations)


def _up_to_date(rows):
    return rows.filter(Q(changed_at__isnull=True) | Q(changed_at__lt=F("counted_at")))


def rows_of(organizations, field):
    """({organization_id: the kept `field` ("figures" or "upward")}, absent): today's kept values of
    `organizations` (a queryset), up to date: a row changed since its count is counted again now (in
    one refresh for all of them) and kept; `absent` lists the organizations that had no row at all."""
    today = timezone.localdate()
    listed = list(organizations)
    kept = dict(_up_to_date(_kept(organizations, today)).values_list("organization_id", field))
    absent_ids = set(_kept(organizations, today).values_list("organization_id", flat=True))
    stale = [o for o in listed if o.pk not in kept]
    if stale:
        kept.update({r.organization_id: getattr(r, field) for r in refresh_figures(organizations=stale, day=today)})
    return kept, [o for o in stale if o.pk not in absent_ids]


def figures_of(organizations):
    """(rows, recounted): today's Figures of `organizations` (a queryset, in the order to show) read
    from their kept rows (`rows_of`: up to date); those without a row yet are listed in `recounted`."""
    listed = list(organizations)
    kept, recounted = rows_of(organizations, "figures")
    return [figures_from_json(o, kept[o.pk]) for o in listed], recounted


def district_figures(municipality, *, kind=None):
    """(rows, total, recounted): today's Figures of the district's organizations read from their kept
    rows, their sum, and the organizations that had no row yet (counted now and kept)."""
    rows, recounted = figures_of(district_organizations(municipality, kind))
    total = Figures(organization=None)
    for row in rows:
        total.add(row)
    return rows, total, recounted


def upward_of(organizations, on):
    """(pairs, missing): (organization, upward row) for each of `organizations` on `on`, read from the
    rows kept for that day. An organization without one is counted afresh: today's is also kept; a
    past day's is listed in `missing` (its figures are those of today's data for that date, not what
    was kept then)."""
    listed = list(organizations)
    missing = []
    if on == timezone.localdate():
        kept, _absent = rows_of(organizations, "upward")
    else:
        kept = dict(_kept(organizations, on).values_list("organization_id", "upward"))
        missing = [o for o in listed if o.pk not in kept]
        if missing:
            kept.update(upward.organization_rows(missing, on))
    pairs = []
    for o in listed:
        # The names as they are now; the figures as kept.
        row = {**kept[o.pk], "organization": o.short_name, "organization_full_name": o.full_name}
        row["organization_type"] = str(o.get_kind_display())
        pairs.append((o, row))
    return pairs, missing


def upward_rows(municipality, on):
    """(rows, total, missing) of the district's upward report on `on` from the kept rows (`upward_of`)."""
    pairs, missing = upward_of(district_organizations(municipality), on)
    rows = [row for _organization, row in pairs]
    return rows, upward.total_row(rows), missing


def month_ends(today, months=12):
    """The last day of each of the last `months` months, this month's being today."""
    days = []
    year, month = today.year, today.month
    for _ in range(months):
        days.append(min(today, date(year, month, monthrange(year, month)[1])))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return days[::-1]


def trend(municipality, today=None):
    """The district's main indicators at the end of each of the last twelve months, from the kept rows
    (one grouped query): [{day, organizations, progress, overdue, mentees, mentors, pairs, participating,
    mentee_coverage, young_teacher_coverage, satisfaction}]; a month without rows is left out."""
    today = today or timezone.localdate()
    sums = {name: Sum(name) for name in COLUMN_LABELS}
    found = {
        r["day"]: r
        for r in OrganizationDayFigures.objects.filter(
            day__in=month_ends(today), version=VERSION, organization__in=district_organizations(municipality)
        )
        .order_by()
        .values("day")
        .annotate(organizations=Count("pk"), **sums)
    }
    months = []
    for day in month_ends(today):
        r = found.get(day)
        if r is None:
            continue
        months.append(
            {
                "day": day,
                "organizations": r["organizations"],
                "progress": Progress(r["activities_done"], r["activities_total"], r["activities_overdue"]).percent,
                "overdue": r["activities_overdue"],
                "mentees": r["mentees"],
                "mentors": r["mentors"],
                "pairs": r["pairs"],
                "participating": r["participating_mentees"],
                "mentee_coverage": share(r["student_mentees"], r["student_count"] or 0),
                "young_teacher_coverage": share(r["young_teachers"], r["teacher_count"] or 0),
                "satisfaction": round(r["satisfaction_sum"] / r["satisfaction_answers"], 1)
                if r["satisfaction_answers"]
                else None,
            }
        )
    return months


def recent_drifts(municipality, days=7):
    """What the nightly check repaired in the district's organizations over the last `days` days."""
    since = timezone.now() - timedelta(days=days)
    return list(
        FiguresDrift.objects.filter(organization__in=district_organizations(municipality), found_at__gte=since)
        .select_related("organization")
        .order_by("-found_at", "organization__short_name")
    )


# The nightly check.


def _differences(kept, counted):
    """[{figure, kept, counted}] in Russian: what the kept row says and what the recount found."""
    pairs = [(label, getattr(kept, name), getattr(counted, name)) for name, label in COLUMN_LABELS.items()]
    pairs += [
        (f"отчёт: {label}", kept.upward.get(code), counted.upward.get(code)) for code, label in UPWARD_LABELS.items()
    ]
    pairs += [
        (f"показатель {name}", kept.figures.get(name), counted.figures.get(name))
        for name in sorted(set(kept.figures) | set(counted.figures))
        if name not in COLUMN_LABELS
    ]
    return [{"figure": label, "kept": old, "counted": new} for label, old, new in pairs if old != new]


def describe(organization, changes):
    """One line in Russian: which organization's figures were repaired, from what to what."""
    parts = "; ".join(f"{c['figure']}: было {c['kept']}, стало {c['counted']}" for c in changes)
    return f"«{organization.short_name}»: {parts}"


def check_figures(day=None):
    """Recount every organization (but the education offices) for today, keep the recount, and report
    the rows that differed from it (repaired, recorded as FiguresDrift) and those that were missing
    (created). Returns {checked, created, repaired, lines}."""
    import json

    from django.core.serializers.json import DjangoJSONEncoder

    day = day or timezone.localdate()
    organizations = list(Organization.objects.exclude(kind=OrganizationKind.OFFICE).order_by("pk"))
    summary = {"checked": 0, "created": 0, "repaired": 0, "lines": []}
    for start in range(0, len(organizations), BATCH):
        batch = organizations[start : start + BATCH]
        kept = {r.organization_id: r for r in OrganizationDayFigures.objects.filter(day=day, organization__in=batch)}
        counted = count_rows(batch, day)
        drifts = []
        for row in counted:
            # Compared as stored: the JSON round trip makes tuples lists and keys strings.
            row.figures = json.loads(json.dumps(row.figures, cls=DjangoJSONEncoder))
            row.upward = json.loads(json.dumps(row.upward, cls=DjangoJSONEncoder))
            old = kept.get(row.organization_id)
            if old is None or old.version != VERSION:
                summary["created"] += 1
                continue
            changes = _differences(old, row)
            if changes:
                drifts.append(FiguresDrift(organization=row.organization, day=day, changes=changes))
                line = describe(row.organization, changes)
                summary["lines"].append(line)
                logger.warning("Kept figures repaired: %s", line)
        with transaction.atomic():
            store(counted)
            FiguresDrift.objects.bulk_create(drifts)
        summary["checked"] += len(batch)
        summary["repaired"] += len(drifts)
    logger.info(
        "Kept figures checked for %s: %s organizations, %s created, %s repaired",
        day,
        summary["checked"],
        summary["created"],
        summary["repaired"],
    )
    return summary
