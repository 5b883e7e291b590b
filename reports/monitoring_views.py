"""The program's monitoring page and the documents made from it; the district's analytical note.

Documents are made by a task: asking for one records it and returns to the page, whose list polls each
document's status (htmx) until it can be downloaded."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mentoring import uploads
from mentoring.access import Perm, municipality_view, organization_view
from roadmap.models import Program

from . import services
from .indicators import as_of
from .models import GeneratedReport
from .monitoring import monitoring, program_figures

RECENT = 10


def _program(request, pk):
    return get_object_or_404(
        Program.objects.filter(organization=request.organization).select_related("organization", "curator"), pk=pk
    )


def _charts(data, figures):
    """What the page's Chart.js bar charts draw."""
    sat = data["satisfaction"]

    def means(part):
        return {"labels": [r["text"] for r in part["questions"]], "values": [r["mean"] for r in part["questions"]]}

    return {
        "stages": {
            "labels": [s["title"] for s in figures["stages"]],
            "values": [s["progress"].percent for s in figures["stages"]],
            "max": 100,
        },
        "mentees": {**means(sat["mentees"]), "max": 10},
        "mentors": {**means(sat["mentors"]), "max": 10},
        "curator": {**means(data["curator"]), "max": 5},
        "by_form": {
            "labels": [f["form"] for f in data["by_form"]],
            "series": [
                {"label": _("mentees"), "values": [f["mentees"] for f in data["by_form"]], "color": "#0d6efd"},
                {"label": _("mentors"), "values": [f["mentors"] for f in data["by_form"]], "color": "#fd7e14"},
            ],
            "max": 10,
        },
        "growth": {
            "labels": [g["label"] for g in data["growth"]["indicators"]],
            "series": [
                {"label": _("entry"), "values": [g["entry"] for g in data["growth"]["indicators"]], "color": "#6c757d"},
                {"label": _("exit"), "values": [g["exit"] for g in data["growth"]["indicators"]], "color": "#198754"},
            ],
            "max": 10,
        },
        "rates": {
            "labels": [c.title for c in data["campaigns"]],
            "values": [c.rate for c in data["campaigns"]],
            "max": 100,
        },
    }


@organization_view(Perm.VIEW_SURVEYS)
def program_monitoring(request, pk):
    program = _program(request, pk)
    data, figures = monitoring(program), program_figures(program)
    reports = GeneratedReport.objects.filter(organization=request.organization, program=program)[:RECENT]
    return render(
        request,
        "reports/monitoring/program.html",
        {"program": program, "m": data, "f": figures, "charts": _charts(data, figures), "reports": reports},
    )


@require_POST
@organization_view(Perm.VIEW_SURVEYS)
def program_report_new(request, pk):
    program = _program(request, pk)
    try:
        services.program_report_request(program=program, format=request.POST.get("format", "pdf"), user=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.info(request, _("The report is being made; it will be offered for download below when ready."))
    return redirect("reports:program_monitoring", org_slug=request.organization.slug, pk=program.pk)


def _own_report(request, pk):
    return get_object_or_404(
        GeneratedReport.objects.filter(organization=request.organization, kind=GeneratedReport.Kind.PROGRAM_REPORT),
        pk=pk,
    )


def _district_report(request, pk):
    return get_object_or_404(
        GeneratedReport.objects.filter(municipality=request.municipality, kind=GeneratedReport.Kind.ANALYTICAL_NOTE),
        pk=pk,
    )


def _download(report):
    if not report.is_ready:
        raise Http404
    try:
        content = report.file.open("rb")
    except FileNotFoundError:  # removed from the storage by hand: nothing to give
        raise Http404
    return uploads.private(FileResponse(content, as_attachment=True, filename=report.file_name))


@organization_view(Perm.VIEW_SURVEYS)
def program_report_status(request, pk):
    """htmx: one report's status, polled until it is ready or failed."""
    return render(request, "reports/monitoring/_report_status.html", {"report": _own_report(request, pk)})


@organization_view(Perm.VIEW_SURVEYS)
def program_report_download(request, pk):
    return _download(_own_report(request, pk))


@municipality_view
def analytical_note(request):
    reports = GeneratedReport.objects.filter(
        municipality=request.municipality, kind=GeneratedReport.Kind.ANALYTICAL_NOTE
    )[:RECENT]
    return render(request, "reports/monitoring/district.html", {"reports": reports})


@require_POST
@municipality_view
def analytical_note_new(request):
    typed = request.POST.get("on", "").strip()
    if typed and as_of(typed) is None:
        messages.error(request, _("The date was not understood; give it as day, month and year."))
        return redirect("reports:analytical_note", district_slug=request.municipality.slug)
    try:
        services.analytical_note_request(
            municipality=request.municipality,
            format=request.POST.get("format", "pdf"),
            user=request.user,
            on=as_of(typed),
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.info(
            request, _("The analytical note is being made; it will be offered for download below when ready.")
        )
    return redirect("reports:analytical_note", district_slug=request.municipality.slug)


@municipality_view
def analytical_note_status(request, pk):
    return render(request, "reports/monitoring/_report_status.html", {"report": _district_report(request, pk)})


@municipality_view
def analytical_note_download(request, pk):
    return _download(_district_report(request, pk))
