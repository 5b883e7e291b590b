"""Import and export of the mentee and mentor bases (CSV, XLSX): export, template, upload, preview, import."""

import logging

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audit.models import Action
from audit.services import audit_log
from audit.sudo import require_sudo

from . import spreadsheets, transfer, uploads
from .access import Perm, organization_view
from .forms import BaseImportForm
from .models import BaseImport

logger = logging.getLogger(__name__)
PREVIEW_ROWS = 200


def _file_response(content, file_format, name, fallback):
    return uploads.private(spreadsheets.response(content, file_format, name, fallback))


def _format(request):
    return "csv" if request.GET.get("format") == "csv" else "xlsx"


def _export(request, kind):
    response = _file_response(*transfer.export_base(request.organization, kind, _format(request)))
    audit_log(
        request,
        action=Action.BASE_EXPORTED,
        organization=request.organization,
        label=f"{BaseImport.Kind(kind).label} ({_format(request).upper()})",
    )
    return response


@organization_view(Perm.VIEW_BASES)
@require_sudo
def mentee_export(request):
    return _export(request, BaseImport.Kind.MENTEES)


@organization_view(Perm.VIEW_BASES)
@require_sudo
def mentor_export(request):
    return _export(request, BaseImport.Kind.MENTORS)


def _kind(request):
    kind = request.GET.get("kind") or request.POST.get("kind")
    return kind if kind in BaseImport.Kind.values else BaseImport.Kind.MENTEES


@organization_view(Perm.EDIT_BASES)
def import_template(request):
    return _file_response(*transfer.import_template(_kind(request), _format(request)))


def _list_url(request, kind):
    name = "mentoring:mentee_list" if kind == BaseImport.Kind.MENTEES else "mentoring:mentor_list"
    return redirect(name, org_slug=request.organization.slug)


@organization_view(Perm.EDIT_BASES)
def import_upload(request):
    form = BaseImportForm(request.POST or None, request.FILES or None, initial={"kind": _kind(request)})
    if request.method == "POST" and form.is_valid():
        try:
            draft = transfer.import_draft_create(
                organization=request.organization,
                user=request.user,
                kind=form.cleaned_data["kind"],
                upload=form.cleaned_data["file"],
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            return redirect(draft)
    kind = form["kind"].value() if form["kind"].value() in BaseImport.Kind.values else _kind(request)
    return render(
        request,
        "mentoring/import_upload.html",
        {"form": form, "kind": kind, "columns": transfer.RESOURCES[kind].headers()},
    )


def _draft(request, pk):
    return get_object_or_404(BaseImport.objects.filter(organization=request.organization), pk=pk)


@organization_view(Perm.EDIT_BASES)
def import_preview(request, pk):
    draft = _draft(request, pk)
    if draft.status == BaseImport.Status.EXPIRED:
        messages.warning(request, transfer.expired_message())
    if draft.status != BaseImport.Status.DRAFT:
        return _list_url(request, draft.kind)
    report = draft.report
    invalid_lines = {row["line"] for row in report["invalid"]}
    valid_sample = [(line, cells) for line, cells in draft.rows if line not in invalid_lines][:20]
    return render(
        request,
        "mentoring/import_preview.html",
        {
            "draft": draft,
            "report": report,
            "invalid": report["invalid"][:PREVIEW_ROWS],
            "more_invalid": max(0, len(report["invalid"]) - PREVIEW_ROWS),
            "valid_sample": valid_sample,
        },
    )


@require_POST
@organization_view(Perm.EDIT_BASES)
def import_commit(request, pk):
    draft = _draft(request, pk)
    try:
        report = transfer.import_draft_commit(draft, only_valid=request.POST.get("mode") == "valid")
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        draft.refresh_from_db()
        if draft.status != BaseImport.Status.DRAFT:
            return _list_url(request, draft.kind)
        transfer.import_draft_recheck(draft)  # the preview shows what the import found
        return redirect(draft)
    except RuntimeError:
        logger.exception("Import %s failed", draft.pk)
        messages.error(request, _("The import failed and nothing was saved. Try again, or tell the support staff."))
        return redirect(draft)
    messages.success(
        request, _("%(n)d people are added to the base from «%(file)s».") % {"n": report.valid, "file": draft.file_name}
    )
    return _list_url(request, draft.kind)


@require_POST
@organization_view(Perm.EDIT_BASES)
def import_cancel(request, pk):
    draft = _draft(request, pk)
    try:
        transfer.import_draft_cancel(draft)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.info(request, _("The import is cancelled; nothing was saved."))
    return _list_url(request, draft.kind)


urlpatterns = [
    path("o/<slug:org_slug>/mentees/export/", mentee_export, name="mentee_export"),
    path("o/<slug:org_slug>/mentors/export/", mentor_export, name="mentor_export"),
    path("o/<slug:org_slug>/bases/import/", import_upload, name="import_upload"),
    path("o/<slug:org_slug>/bases/import/template/", import_template, name="import_template"),
    path("o/<slug:org_slug>/bases/import/<int:pk>/", import_preview, name="import_preview"),
    path("o/<slug:org_slug>/bases/import/<int:pk>/commit/", import_commit, name="import_commit"),
    path("o/<slug:org_slug>/bases/import/<int:pk>/cancel/", import_cancel, name="import_cancel"),
]
