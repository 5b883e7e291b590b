"""The regional coordinator's pages (issue 19): the region's districts × stages, drilling down to a
district's dashboard and from there to a school's; the regional upward report. Aggregates only: no
names of children, as on the district pages."""

from django.db.models import Count, Q
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from mentoring import spreadsheets, uploads
from mentoring.access import region_view, regions_for
from roadmap.models import OPEN_STATUSES, Activity, ProgramStatus, progress_counts
from roadmap.selectors import stage_headers
from roadmap.stages import Stage

from . import todo, upward
from .indicators import as_of
from .region_upward import (
    region_figures,
    region_organizations,
    region_upward_csv,
    region_upward_rows,
    region_upward_xlsx,
)
from .views import heat_class, heat_legend


@region_view
def region_dashboard(request):
    region = request.region
    rows, total = region_figures(region)
    for row in rows:
        row.url = reverse("reports:district_dashboard", args=[row.municipality.slug])
        row.cells = [
            {"stage": stage.value, "progress": p, "css": heat_class(p)}
            for stage, p in zip(Stage, row.figures.stages, strict=True)
        ]
    return render(
        request,
        "reports/region_dashboard.html",
        {
            "region": region,
            "rows": rows,
            "total": total,
            "organizations": sum(r.organizations for r in rows),
            "stage_headers": stage_headers(),
            "heat_legend": heat_legend(),
            "today": timezone.localdate(),
        },
    )


@region_view
def region_upward(request):
    """The regional upward report for a date: a row per district (its upward report's total) and the
    region's total; the table on the page, and its XLSX and CSV."""
    region = request.region
    on = as_of(request.GET.get("on")) or timezone.localdate()
    file_format = request.GET.get("format", "")
    if file_format in ("xlsx", "csv"):
        make = region_upward_xlsx if file_format == "xlsx" else region_upward_csv
        response = spreadsheets.response(
            make(region, on),
            file_format,
            spreadsheets.file_name("Участники наставничества", region.name, f"{on:%d.%m.%Y}"),
            f"uchastniki-{region.slug}-{on:%Y-%m-%d}",
        )
        return uploads.private(response)
    rows, total = region_upward_rows(region, on)
    return render(
        request,
        "reports/region_upward.html",
        {
            "region": region,
            "on": on,
            "columns": [c for c in upward.COLUMNS if c.code != "organization_full_name"],
            "table": [[row[c] for c in upward.CODES if c != "organization_full_name"] for row in [*rows, total]],
            "bad_date": bool(request.GET.get("on")) and as_of(request.GET.get("on")) is None,
            "title": _("Participants for upward reporting"),
        },
    )


LATE_DISTRICTS = 10


def home_regions(user, today):
    """For the home page of a region's coordinator: per region, its districts with overdue activities
    (most first), each a task on the to-do list. One query per region, whatever its size."""
    result = []
    for region in regions_for(user):
        counted = (
            Activity.objects.filter(organization__in=region_organizations(region), program__status=ProgramStatus.ACTIVE)
            .order_by()
            .values_list(
                "organization__municipality_id",
                "organization__municipality__short_name",
                "organization__municipality__slug",
            )
            .annotate(
                **progress_counts(distinct=False),
                n_late_orgs=Count(
                    "organization_id", filter=Q(status__in=OPEN_STATUSES, due_date__lt=today), distinct=True
                ),
            )
        )
        late = sorted(
            (
                {"pk": pk, "short_name": name, "slug": slug, "overdue": n_overdue, "organizations": n_orgs}
                for pk, name, slug, _total, _done, n_overdue, n_orgs in counted
                if n_overdue
            ),
            key=lambda d: (-d["overdue"], d["short_name"]),
        )
        tasks = [
            todo.Task(
                todo.URGENT if i < 3 else todo.SOON,
                _("%(district)s: %(n)s overdue activities in %(orgs)s organizations")
                % {"district": d["short_name"], "n": d["overdue"], "orgs": d["organizations"]},
                reverse("reports:district_dashboard", args=[d["slug"]]),
                _("Open"),
                region.short_name,
            )
            for i, d in enumerate(late[:LATE_DISTRICTS])
        ]
        result.append({"region": region, "late_districts": late, "late": tasks})
    return result
