"""The district and organization dashboards and the upward report."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mentoring import navigation, spreadsheets, uploads
from mentoring.access import Perm, municipality_view, organization_view
from mentoring.models import Membership, Municipality, Organization, OrganizationKind, Role
from mentoring.params import int_param
from roadmap import selectors
from roadmap import services as roadmap_services
from roadmap.models import Program, ProgramStatus
from roadmap.selectors import UrlMaker, district_assignments, stage_headers
from roadmap.stages import Stage

from . import indicators, kept, todo, upward
from .indicators import as_of, organization_figures

OTHER_TITLE = gettext_lazy("Sections not linked to a standard stage")

SORT_KEYS = {
    "name": lambda f: f.organization.short_name.lower(),
    "progress": lambda f: f.progress.percent,
    "overdue": lambda f: f.overdue,
    "mentors": lambda f: f.mentors,
    "mentees": lambda f: f.mentees,
    "pairs": lambda f: f.pairs,
    "mentee_coverage": lambda f: f.mentee_coverage,
    "mentor_coverage": lambda f: f.mentor_coverage,
    "young_teacher_coverage": lambda f: f.young_teacher_coverage,
    "satisfaction": lambda f: f.satisfaction,
    "signed_orders": lambda f: f.signed_orders,
    # A stage without activities has no share at all: it sorts last, not among the 0 %.
    **{
        f"stage{s.value}": (lambda f, i=i: f.stages[i].percent if f.stages[i].total else None)
        for i, s in enumerate(Stage)
    },
    "other": lambda f: f.other.percent if f.other.total else None,
}


def _shortcuts(memberships):
    """[(organization, its sections)] for the organizations the person runs (curator or head)."""
    roles = {}
    for m in memberships:
        if m.organization_id and m.role in (Role.CURATOR, Role.DIRECTOR):
            roles.setdefault(m.organization, set()).add(m.role)
    return [(organization, navigation.home_shortcuts(organization, held)) for organization, held in roles.items()]


@login_required
def home(request):
    """What each user should do next, by the roles they hold: a to-do list first (reports.todo), then
    the programs and the district's summary."""
    user = request.user
    today = timezone.localdate()
    memberships = list(
        Membership.objects.filter(user=user).select_related("organization", "municipality", "region").order_by("role")
    )
    roles = {m.role for m in memberships}
    places = {}
    for membership in memberships:
        places.setdefault(membership.place, []).append(membership.get_role_display())
    context = {
        "places": [(place, ", ".join(labels)) for place, labels in places.items()],
        "roles": roles,
        "tasks": todo.tasks_for(user, today, memberships),
        "shortcuts": _shortcuts(memberships),
    }
    if roles & {Role.CURATOR, Role.DIRECTOR} or user.is_superuser:
        context["programs"] = (
            Program.objects.filter(
                organization__in=Organization.objects.for_user(user, roles={Role.CURATOR, Role.DIRECTOR}),
                status=ProgramStatus.ACTIVE,
            )
            .select_related("organization")
            .with_progress()
        )
    if roles & {Role.MENTOR, Role.MENTEE} and not roles & {Role.CURATOR, Role.DIRECTOR}:
        # (A curator's or head's own activities are on the to-do list with the rest of the school's.)
        context["my_activities"] = selectors.my_activities(user)[:20]
    context["districts"] = []
    # A region's coordinator sees its districts on the regional part below, not one card per district.
    for district in Municipality.objects.coordinated_by(user).distinct():
        programs = list(
            Program.objects.filter(
                organization__in=Organization.objects.of_district(district), status=ProgramStatus.ACTIVE
            )
            .select_related("organization")
            .with_progress()
            .order_by("-n_overdue", "organization__short_name")
        )
        context["districts"].append(
            {
                "municipality": district,
                "programs": programs,
                "organizations": Organization.objects.of_district(district).count(),
                "lagging": [p for p in programs if p.n_overdue][:5],
                "late": todo.district_tasks(district, today),
                "nudged": roadmap_services.district_nudge_sent(district, today),
            }
        )
    # The district's late activities are the coordinator's to-do list; a region's late districts its
    # coordinator's.
    from .region_views import home_regions  # (it builds on this module's heat map)

    context["regions"] = home_regions(user, today)
    context["tasks"] = todo.ordered(
        context["tasks"]
        + [t for d in context["districts"] for t in d["late"]]
        + [t for r in context["regions"] for t in r["late"]]
    )
    return render(request, "home.html", context)


def sort_rows(rows, key, descending):
    """Sort by a column; organizations without the figure (None) go last either way."""
    value = SORT_KEYS[key]
    known = [r for r in rows if value(r) is not None]
    unknown = [r for r in rows if value(r) is None]
    known.sort(key=lambda r: (value(r), r.organization.short_name), reverse=descending)
    return known + unknown


HEAT_STEP = 25  # the heat map's shades: one per quarter of a stage done, the darkest for all of it


def heat_class(progress):
    """The heat map's colour: how much of the stage is done, and red when something is late (the
    legend under the map reads its shades from `heat_legend`)."""
    if not progress.total:
        return "heat-none"
    if progress.overdue:
        return "heat-late"
    return f"heat-{min(100 // HEAT_STEP, progress.percent // HEAT_STEP)}"


def heat_legend():
    """What each colour of the heat map means, from the same thresholds as `heat_class`."""
    top = 100 // HEAT_STEP
    shades = [(f"heat-{i}", f"{i * HEAT_STEP}–{(i + 1) * HEAT_STEP - 1}%") for i in range(top)]
    return [
        *shades,
        (f"heat-{top}", "100%"),
        ("heat-late", _("something overdue (the figure after the mark: how many)")),
        ("heat-none", _("— the stage has no activities")),
    ]


def heat_cell_html(url, stage, progress):
    """One cell of the district heat map, a link to that school's stage. Built here rather than in the
    template: sixty organizations of seven stages through the template cost more than their figures."""
    overdue = progress.overdue
    title = f"{progress.done} / {progress.total}" + (f" · {_('overdue')}: {overdue}" if overdue else "")
    if progress.total:
        label = format_html(
            "{}%{}",
            progress.percent,
            format_html(' <i class="bi bi-exclamation-circle-fill"></i>{}', overdue) if overdue else "",
        )
    else:
        label = "—"
    return format_html(
        '<td class="heat {}" data-stage="{}"><a href="{}?stage={}" title="{}">{}</a></td>',
        heat_class(progress),
        stage,
        url,
        stage,
        title,
        label,
    )


@municipality_view
def district_dashboard(request):
    municipality = request.municipality
    kind = request.GET.get("kind", "")
    kind = kind if kind in OrganizationKind.values else ""
    sort = request.GET.get("sort", "name")
    sort = sort if sort in SORT_KEYS else "name"
    descending = request.GET.get("dir") == "desc"
    # Today's figures as kept per organization (reports.kept); one without a row yet is counted now.
    rows, total, recounted = kept.district_figures(municipality, kind=kind or None)
    rows = sort_rows(rows, sort, descending)
    # Sections outside the standard stages get a column of their own when some roadmap has them, so
    # that a row's cells add up to its total.
    show_other = bool(total.other.total)
    dashboard_url = UrlMaker("reports:organization_dashboard")
    for row in rows:
        row.url = dashboard_url(row.organization.slug)
        row.shares = [
            {
                "testid": "mentee-coverage",
                "value": row.mentee_coverage,
                "part": row.student_mentees,
                "whole": row.student_count,
            },
            {
                "testid": "mentor-coverage",
                "value": row.mentor_coverage,
                "part": row.student_mentors,
                "whole": row.student_count,
            },
            {
                "testid": "young-coverage",
                "value": row.young_teacher_coverage,
                "part": row.young_teachers,
                "whole": row.teacher_count,
            },
        ]
        cells = [heat_cell_html(row.url, stage.value, p) for stage, p in zip(Stage, row.stages, strict=True)]
        if show_other:
            cells.append(heat_cell_html(row.url, indicators.OTHER_SECTIONS, row.other))
        row.cells_html = mark_safe("".join(cells))
    chart = {
        "labels": [r.organization.short_name for r in rows],
        "progress": [r.progress.percent for r in rows],
        "overdue": [r.overdue for r in rows],
        "satisfaction": [r.satisfaction for r in rows],
    }
    return render(
        request,
        "reports/district_dashboard.html",
        {
            "municipality": municipality,
            "rows": rows,
            "total": total,
            "stage_sort_headers": [
                (f"stage{number}", f"{number}. {short}", full) for number, short, full in stage_headers()
            ]
            + ([("other", _("Other"), OTHER_TITLE)] if show_other else []),
            "heat_legend": heat_legend(),
            "forms": [(form, n, total.mentees_by_form.get(form, 0)) for form, n in total.pairs_by_form.items()],
            "kinds": [(k, label) for k, label in OrganizationKind.choices if k != OrganizationKind.OFFICE],
            "kind": kind,
            "sort": sort,
            "descending": descending,
            "chart": chart,
            "assignments": district_assignments(municipality),
            "today": timezone.localdate(),
            "recounted": recounted,
            "trend": kept.trend(municipality),
            "drifts": kept.recent_drifts(municipality),
        },
    )


@organization_view(Perm.VIEW_PROGRAMS)
def organization_dashboard(request):
    organization = request.organization
    today = timezone.localdate()
    figures = organization_figures(organization)
    raw = request.GET.get("stage")
    stage = indicators.OTHER_SECTIONS if raw == indicators.OTHER_SECTIONS else int_param(raw)
    stage = stage if stage in Stage.values or stage == indicators.OTHER_SECTIONS else None
    stage_activities = indicators.stage_activities(organization, stage) if stage is not None else None
    cells = [
        {"stage": s.value, "label": s.label, "progress": p, "css": heat_class(p)}
        for s, p in zip(Stage, figures.stages, strict=True)
    ]
    if figures.other.total:
        cells.append(
            {
                "stage": indicators.OTHER_SECTIONS,
                "label": OTHER_TITLE,
                "progress": figures.other,
                "css": heat_class(figures.other),
            }
        )
    return render(
        request,
        "reports/organization_dashboard.html",
        {
            "organization": organization,
            "figures": figures,
            "cells": cells,
            "stage_headers": stage_headers(),
            "stage": stage,
            "stage_label": OTHER_TITLE if stage == indicators.OTHER_SECTIONS else (Stage(stage).label if stage else ""),
            "stage_number": stage if stage in Stage.values else None,
            "stage_activities": stage_activities,
            "attention": indicators.attention(organization, today, figures.overdue),
            "today": today,
            "forms": [(form, n, figures.mentees_by_form.get(form, 0)) for form, n in figures.pairs_by_form.items()],
            "is_coordinator": Role.COORDINATOR in request.org_roles,
            "other_title": OTHER_TITLE,
        },
    )


@municipality_view
def district_upward(request):
    """The upward report for a date: the table on the page, and its XLSX and CSV, read from the figures
    kept for that day (reports.kept); an organization without them is counted afresh, and on a past
    date the page says so."""
    on = as_of(request.GET.get("on")) or timezone.localdate()
    file_format = request.GET.get("format", "")
    if file_format in ("xlsx", "csv"):
        make = upward.upward_xlsx if file_format == "xlsx" else upward.upward_csv
        rows, total, _missing = kept.upward_rows(request.municipality, on)
        response = spreadsheets.response(
            make(request.municipality, on, rows, total),
            file_format,
            spreadsheets.file_name("Участники наставничества", request.municipality.name, f"{on:%d.%m.%Y}"),
            f"uchastniki-{request.municipality.slug}-{on:%Y-%m-%d}",
        )
        return uploads.private(response)
    rows, total, missing = kept.upward_rows(request.municipality, on)
    return render(
        request,
        "reports/district_upward.html",
        {
            "municipality": request.municipality,
            "on": on,
            # The page leaves out the long full names (the files keep them): the table stays readable.
            "columns": [c for c in upward.COLUMNS if c.code != "organization_full_name"],
            "table": [[row[c] for c in upward.CODES if c != "organization_full_name"] for row in [*rows, total]],
            "bad_date": bool(request.GET.get("on")) and as_of(request.GET.get("on")) is None,
            "title": _("Participants for upward reporting"),
            "missing": missing,
        },
    )
