"""Reads behind the roadmap pages: a constant number of queries whatever the roadmap's size."""

import calendar
from dataclasses import dataclass
from functools import lru_cache

from django.db.models import Count, Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language

from mentoring.models import User

from .models import Activity, ActivityStatus, Program, percent
from .services import stage_progress
from .stages import STAGE_SHORT_NAMES, Stage


def activities_for_timeline(program):
    return program.activities.only(
        "pk", "program_id", "section_id", "number", "title", "status", "start_date", "due_date", "term_text"
    )


def activities_for_table(program):
    return (
        program.activities.select_related("section")
        .prefetch_related(
            Prefetch("responsible_users", queryset=User.objects.only("last_name", "first_name", "patronymic"))
        )
        .annotate(n_evidence=Count("evidence", distinct=True))
    )


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
        activities = activities.filter(due_date__gte=first, start_date__lte=last) | activities.filter(
            due_date__gte=first, due_date__lte=last
        )
    if stage:
        activities = activities.filter(section__stage=stage)
    if status:
        activities = activities.filter(status=status)
    return activities


@dataclass
class TimelineMonth:
    label: str
    left: float
    width: float


def _position(day, start, days):
    return max(0.0, min(100.0, 100 * (day - start).days / days))


def timeline(program, activities, today=None):
    """Months across the program's period and, per activity, its bar as percentages."""
    today = today or timezone.localdate()
    start, end = program.period_start, program.period_end
    days = max(1, (end - start).days + 1)
    months = []
    cursor = start.replace(day=1)
    while cursor <= end:
        last = cursor.replace(day=calendar.monthrange(cursor.year, cursor.month)[1])
        left = _position(max(cursor, start), start, days)
        right = _position(min(last, end) + timezone.timedelta(days=1), start, days)
        months.append(TimelineMonth(date_format(cursor, "F")[:3], left, right - left))
        cursor = last + timezone.timedelta(days=1)
    detail_url = reverse("roadmap:activity_detail", args=[program.organization.slug, 0])[:-2]
    for activity in activities:
        decorate(activity, today, detail_url)
        if activity.due_date and activity.due_date >= start and (activity.start_date or activity.due_date) <= end:
            bar_start = max(activity.start_date or activity.due_date, start)
            bar_end = min(activity.due_date, end) + timezone.timedelta(days=1)
            left = _position(bar_start, start, days)
            width = max(0.8, _position(bar_end, start, days) - left)
            activity.bar_style = f"left: {left:.3f}%; width: {width:.3f}%"
        else:
            activity.bar_style = None
    today_left = _position(today, start, days) if start <= today <= end else None
    return months, today_left


BADGE_CLASSES = {
    ActivityStatus.DONE: "text-bg-success",
    ActivityStatus.CANCELLED: "text-bg-secondary",
    ActivityStatus.IN_PROGRESS: "text-bg-info",
    ActivityStatus.PLANNED: "text-bg-light border",
}


@lru_cache(maxsize=4096)
def long_date(day, language):
    # Many activities share a due date; formatting each distinct one once keeps big roadmaps fast.
    return date_format(day)


def decorate(activity, today, detail_url):
    """Values the roadmap templates print for each row, computed once here: with 200 rows, template
    filters and {% url %} per row would cost more than the rest of the page."""
    activity.is_late = activity.is_overdue(today)
    activity.url = f"{detail_url}{activity.pk}/"
    activity.short_title = activity.title if len(activity.title) <= 90 else activity.title[:89].rstrip() + "…"
    activity.badge_class = "text-bg-danger" if activity.is_late else BADGE_CLASSES[activity.status]
    activity.status_label = ActivityStatus(activity.status).label
    activity.due_text = long_date(activity.due_date, get_language()) if activity.due_date else ""
    activity.dates_text = (
        f"{activity.start_date:%d.%m.%Y} — {activity.due_date:%d.%m.%Y}"
        if activity.start_date and activity.due_date and activity.start_date != activity.due_date
        else (f"{activity.due_date:%d.%m.%Y}" if activity.due_date else "")
    )


def group_by_section(program, activities):
    sections = list(program.sections.all())
    by_section = {section.pk: [] for section in sections}
    for activity in activities:
        by_section[activity.section_id].append(activity)
    for section in sections:
        section.items = by_section[section.pk]
        counted = [a for a in section.items if a.status != ActivityStatus.CANCELLED]
        section.n_done = sum(1 for a in counted if a.status == ActivityStatus.DONE)
        section.n_total = len(counted)
        section.percent = percent(section.n_done, section.n_total)
    return sections


def program_summary(program, activities):
    today = timezone.localdate()
    counted = [a for a in activities if a.status != ActivityStatus.CANCELLED]
    done = sum(1 for a in counted if a.status == ActivityStatus.DONE)
    return {
        "done": done,
        "total": len(counted),
        "percent": percent(done, len(counted)),
        "overdue": sum(1 for a in counted if a.is_overdue(today)),
    }


@dataclass
class StageCell:
    done: int
    total: int
    overdue: int

    def __post_init__(self):
        self.percent = percent(self.done, self.total)


def district_programs(municipality, *, status=None):
    """Every program of the district's organizations with overall and per-stage progress.

    Two queries whatever the district's size: the programs, and one grouped count of their
    activities by program, stage and state, from which both the stage cells and the totals come."""
    programs = Program.objects.filter(organization__municipality=municipality)
    if status:
        programs = programs.filter(status=status)
    programs = list(programs.select_related("organization").order_by("organization__short_name", "-period_start"))
    per_stage = stage_progress([p.pk for p in programs]) if programs else {}
    org_url = reverse("roadmap:program_list", args=["-slug-"])
    for program in programs:
        stages = per_stage.get(program.pk, {})
        program.stage_cells = [StageCell(*stages.get(s.value, (0, 0, 0))) for s in Stage]
        program.n_done = sum(done for done, _, _ in stages.values())
        program.n_total = sum(total for _, total, _ in stages.values())
        program.n_overdue = sum(overdue for _, _, overdue in stages.values())
        program.percent = percent(program.n_done, program.n_total)
        program.org_url = org_url.replace("-slug-", program.organization.slug)
        program.period_text = f"{program.period_start:%d.%m.%Y} — {program.period_end:%d.%m.%Y}"
    return programs


def stage_headers():
    return [(s.value, STAGE_SHORT_NAMES[s], s.label) for s in Stage]


def activities_for_home(organizations):
    """Overdue and upcoming activities a curator or responsible person should see first."""
    today = timezone.localdate()
    base = Activity.objects.filter(organization__in=organizations, program__status="active").open()
    base = base.select_related("program", "organization", "section")
    overdue = list(base.filter(due_date__lt=today).order_by("due_date")[:20])
    upcoming = list(
        base.filter(due_date__gte=today, due_date__lte=today + timezone.timedelta(days=30)).order_by("due_date")[:20]
    )
    return overdue, upcoming
