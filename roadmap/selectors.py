"""Reads behind the roadmap pages: a constant number of queries whatever the roadmap's or the
district's size."""

import calendar
from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache
from types import SimpleNamespace

from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from mentoring.models import User

from .models import Activity, ActivityStatus, Program, ProgramStatus, is_late, percent, progress_counts
from .stages import STAGE_SHORT_NAMES, Stage


def timeline_rows(program):
    """The timeline's activities as plain dicts: a roadmap of 200 activities renders about twice as
    fast from dicts as from model instances (templates look keys up in a dict first)."""
    return list(
        program.activities.values(
            "pk", "section_id", "number", "title", "status", "start_date", "due_date", "term_text"
        )
    )


def activities_for_table(program):
    """The table's activities with their section's number and title (not the section itself: two
    hundred Section instances would cost more than the rest of the query); `with_responsible_names`
    adds their named people."""
    return program.activities.annotate(
        section_number=F("section__number"),
        section_title=F("section__title"),
        n_evidence=Count("evidence", distinct=True),
    )


TABLE_FIELDS = (
    "pk",
    "number",
    "title",
    "track",
    "status",
    "start_date",
    "due_date",
    "term_text",
    "responsible_text",
    "responsible_role",
    "result_kind",
    "result_text",
    "section_number",
    "section_title",
    "n_evidence",
)


def table_rows(activities):
    """The table's activities (`activities_for_table`, filtered or not) as plain objects with the
    fields the table prints: two hundred model instances cost more than the rows' HTML."""
    return [SimpleNamespace(**row) for row in activities.values(*TABLE_FIELDS)]


def with_responsible_names(program, activities):
    """Each activity's named responsible people as «Иванова А.А.», in `responsible_names`, in one
    query for the whole program (a prefetch of the users cost ten times more on a 200-activity table)."""
    through = Activity.responsible_users.through.objects.filter(activity__program=program)
    rows = through.order_by("user__last_name", "user__first_name", "user__patronymic").values_list(
        "activity_id", "user__last_name", "user__first_name", "user__patronymic"
    )
    names = defaultdict(list)
    for activity_id, last_name, first_name, patronymic in rows:
        names[activity_id].append(User(last_name=last_name, first_name=first_name, patronymic=patronymic).short_name)
    for activity in activities:
        activity.responsible_names = names.get(activity.pk, [])
    return activities


def filter_activities(activities, *, user, roles, mine=False, overdue=False, this_month=False, stage=None, status=""):
    today = timezone.localdate()
    if mine:
        activities = activities.responsible(user, roles)
    if overdue:
        activities = activities.overdue(today)
    if this_month:
        first = today.replace(day=1)
        last = today.replace(day=calendar.monthrange(today.year, today.month)[1])
        # Due this month, or running through it.
        activities = activities.filter(due_date__gte=first).filter(Q(start_date__lte=last) | Q(due_date__lte=last))
    if stage:
        activities = activities.filter(section__stage=stage)
    if status:
        activities = activities.filter(status=status)
    return activities


@dataclass(frozen=True)
class Progress:
    done: int
    total: int
    overdue: int

    @property
    def percent(self):
        return percent(self.done, self.total)

    @property
    def overdue_percent(self):
        return percent(self.overdue, self.total)


def count_progress(states, today):
    """Progress from (status, due date) pairs: done out of those not cancelled, and how many are late."""
    done = total = overdue = 0
    for status, due_date in states:
        if status == ActivityStatus.CANCELLED:
            continue
        total += 1
        done += status == ActivityStatus.DONE
        overdue += is_late(status, due_date, today)
    return Progress(done=done, total=total, overdue=overdue)


class UrlMaker:
    """Builds one kind of URL for many rows: `reverse()` once, then only the final id changes.
    With 200 rows a page, reversing each one costs more than the rest of the row."""

    SENTINEL = "999999999"

    def __init__(self, name, *args):
        self.head, self.tail = reverse(name, args=[*args, self.SENTINEL]).split(self.SENTINEL)

    def __call__(self, last_arg):
        return f"{self.head}{last_arg}{self.tail}"


@dataclass
class TimelineMonth:
    label: str
    left: float
    width: float


def _position(day, start, days):
    return max(0.0, min(100.0, 100 * (day - start).days / days))


def timeline(program, rows, today=None):
    """Months across the program's period and, per activity row (a dict), its bar as percentages."""
    today = today or timezone.localdate()
    start, end = program.period_start, program.period_end
    days = max(1, (end - start).days + 1)
    months = []
    cursor = start.replace(day=1)
    while cursor <= end:
        last = cursor.replace(day=calendar.monthrange(cursor.year, cursor.month)[1])
        left = _position(max(cursor, start), start, days)
        right = _position(min(last, end) + timedelta(days=1), start, days)
        months.append(TimelineMonth(date_format(cursor, "F")[:3], left, right - left))
        cursor = last + timedelta(days=1)
    detail_url, language = UrlMaker("roadmap:activity_detail", program.organization.slug), get_language()
    for row in rows:
        row.update(display_values(row, today, detail_url, language))
        start_date, due_date = row["start_date"], row["due_date"]
        row["bar_style"] = None
        if due_date and due_date >= start and (start_date or due_date) <= end:
            left = _position(max(start_date or due_date, start), start, days)
            width = max(0.8, _position(min(due_date, end) + timedelta(days=1), start, days) - left)
            row["bar_style"] = f"left: {left:.3f}%; width: {width:.3f}%"
    today_left = _position(today, start, days) if start <= today <= end else None
    return months, today_left


BADGE_CLASSES = {
    ActivityStatus.DONE: "nv-status nv-status-done",
    ActivityStatus.CANCELLED: "nv-status nv-status-cancelled",
    ActivityStatus.IN_PROGRESS: "nv-status nv-status-in_progress",
    ActivityStatus.PLANNED: "nv-status nv-status-planned",
}


@lru_cache(maxsize=4096)
def long_date(day, language):
    # Many activities share a due date; formatting each distinct one once keeps big roadmaps fast.
    return date_format(day)


@lru_cache(maxsize=64)
def status_options(selected, language):
    """The <option>s of the inline status select, built once per status instead of once per row."""
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        (
            (value, mark_safe(" selected") if value == selected else "", label)
            for value, label in ActivityStatus.choices
        ),
    )


def display_values(row, today, detail_url, language):
    """What the roadmap templates print for an activity (`row`: a dict of its fields), computed once
    here: with 200 rows, template filters and {% url %} per row would cost more than the rest."""
    status, title, start_date, due_date = row["status"], row["title"], row["start_date"], row["due_date"]
    if start_date and due_date and start_date != due_date:
        dates_text = f"{start_date:%d.%m.%Y} — {due_date:%d.%m.%Y}"
    else:
        dates_text = f"{due_date:%d.%m.%Y}" if due_date else ""
    return {
        "is_late": is_late(status, due_date, today),
        "url": detail_url(row["pk"]),
        "short_title": title if len(title) <= 90 else title[:89].rstrip() + "…",
        "badge_class": BADGE_CLASSES[status],
        "status_label": str(ActivityStatus(status).label),
        "due_text": long_date(due_date, language) if due_date else "",
        "dates_text": dates_text,
    }


def decorate(program, activities, today=None):
    """Display values on model instances, for the table and the activity page."""
    today = today or timezone.localdate()
    slug = program.organization.slug
    detail_url, status_url = UrlMaker("roadmap:activity_detail", slug), UrlMaker("roadmap:activity_status", slug)
    language = get_language()
    for activity in activities:
        fields = {name: getattr(activity, name) for name in ("pk", "status", "title", "start_date", "due_date")}
        vars(activity).update(display_values(fields, today, detail_url, language))
        activity.status_url = status_url(activity.pk)
        activity.status_options = status_options(activity.status, language)


def group_by_section(program, rows, today=None):
    today = today or timezone.localdate()
    sections = list(program.sections.all())
    by_section = {section.pk: [] for section in sections}
    for row in rows:
        by_section[row["section_id"]].append(row)
    for section in sections:
        section.items = by_section[section.pk]
        section.progress = count_progress(((r["status"], r["due_date"]) for r in section.items), today)
    return sections


def stage_progress(program_ids):
    """{program_id: {stage: Progress}} for many programs in one grouped query; the stage None holds
    the sections not linked to a standard stage."""
    rows = (
        Activity.objects.filter(program__in=program_ids)
        .values("program_id", "section__stage")
        .annotate(**progress_counts(distinct=False))
    )
    result = {}
    for row in rows:
        result.setdefault(row["program_id"], {})[row["section__stage"]] = Progress(
            done=row["n_done"], total=row["n_total"], overdue=row["n_overdue"]
        )
    return result


NO_PROGRESS = Progress(0, 0, 0)


@lru_cache(maxsize=4096)
def stage_cell_html(progress, language, label=""):
    """A district table's cell for one stage of one program. Sixty programs of seven stages rendered
    through the template cost several times the rest of the page; the cells repeat, so each distinct
    one is built once. `label`: the stage's header, which the cell shows above itself on a phone."""
    if not progress.total:
        return format_html('<td class="stage-cell small text-body-secondary" data-label="{}">—</td>', label)
    badge = (
        format_html(
            ' <span class="badge rounded-pill text-bg-danger" title="{}">{}</span>', _("overdue"), progress.overdue
        )
        if progress.overdue
        else ""
    )
    return format_html(
        '<td class="stage-cell small" data-label="{}" title="{} / {}">{}%{}'
        '<div class="progress" style="height: .25rem">'
        '<div class="progress-bar bg-success" style="width: {}%"></div></div></td>',
        label,
        progress.done,
        progress.total,
        progress.percent,
        badge,
        progress.percent,
    )


def district_programs(municipality, *, status=None):
    """Every program of the district's organizations with overall and per-stage progress.

    Two queries whatever the district's size: the programs, and one grouped count of their
    activities by program, stage and state, from which both the stage cells and the totals come."""
    programs = Program.objects.filter(organization__municipality=municipality)
    if status:
        programs = programs.filter(status=status)
    programs = list(programs.select_related("organization").order_by("organization__short_name", "-period_start"))
    per_stage = stage_progress([p.pk for p in programs]) if programs else {}
    list_url, language = UrlMaker("roadmap:program_list"), get_language()
    labels = [f"{number}. {short}" for number, short, _full in stage_headers()] + [_("Other")]
    # Sections outside the standard stages get a column of their own when some roadmap has them, so
    # that a row's cells add up to its total.
    show_other = any(
        stage not in Stage.values and p.total for stages in per_stage.values() for stage, p in stages.items()
    )
    for program in programs:
        stages = per_stage.get(program.pk, {})
        program.stage_cells = [stages.get(s.value, NO_PROGRESS) for s in Stage]
        if show_other:
            outside = [p for stage, p in stages.items() if stage not in Stage.values]
            program.stage_cells.append(
                Progress(*(sum(getattr(p, name) for p in outside) for name in ("done", "total", "overdue")))
            )
        program.stage_cells_html = mark_safe(
            "".join(
                stage_cell_html(cell, language, str(label))
                for cell, label in zip(program.stage_cells, labels, strict=False)
            )
        )
        # The same figures `Program.objects.with_progress()` annotates, summed from the stages.
        program.n_done = sum(p.done for p in stages.values())
        program.n_total = sum(p.total for p in stages.values())
        program.n_overdue = sum(p.overdue for p in stages.values())
        program.org_url = list_url(program.organization.slug)
        program.url = program.get_absolute_url()
        program.period_text = f"{program.period_start:%d.%m.%Y} — {program.period_end:%d.%m.%Y}"
    return programs


def stage_headers():
    return [(s.value, STAGE_SHORT_NAMES[s], s.label) for s in Stage]


OTHER_SECTIONS_TITLE = gettext_lazy("Sections not linked to a standard stage")


def has_other_sections(programs):
    """Whether the rows of `district_programs` carry the column of sections outside the stages."""
    return bool(programs) and len(programs[0].stage_cells) > len(Stage)


def my_activities(user):
    """Open activities of the programs under way that are the person's (see `for_person`)."""
    return (
        Activity.objects.for_person(user)
        .filter(program__status=ProgramStatus.ACTIVE)
        .open()
        .select_related("program", "organization")
        .order_by("due_date")
    )


def district_assignments(municipality):
    """The district roadmap's activities given to the organizations, each with who has done it and
    who is late: three queries whatever the number of organizations."""
    today = timezone.localdate()
    sources = list(
        Activity.objects.filter(
            program__organization__municipality=municipality,
            program__organization__kind="office",
            school_copies__isnull=False,
        )
        .distinct()
        .select_related("program")
        .order_by("program__period_start", "section__position", "position")
    )
    copies = defaultdict(list)
    rows = Activity.objects.filter(district_activity__in=sources).values(
        "district_activity_id",
        "status",
        "due_date",
        "organization_id",
        "organization__short_name",
        "organization__slug",
        "pk",
    )
    for row in rows.order_by("organization__short_name"):
        copies[row["district_activity_id"]].append(row)
    for source in sources:
        mine = copies[source.pk]
        counted = [c for c in mine if c["status"] != ActivityStatus.CANCELLED]
        source.progress = Progress(
            done=sum(1 for c in counted if c["status"] == ActivityStatus.DONE),
            total=len(counted),
            overdue=sum(1 for c in counted if is_late(c["status"], c["due_date"], today)),
        )
        source.pending = [
            {**c, "late": is_late(c["status"], c["due_date"], today)}
            for c in counted
            if c["status"] != ActivityStatus.DONE
        ]
    return sources
