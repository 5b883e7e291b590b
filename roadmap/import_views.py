"""Importing a roadmap from a file: upload, preview with corrections, import."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mentoring.access import Perm, organization_view
from mentoring.transfer import expired_message

from .forms import ImportActivityForm, ImportUploadForm, import_mapping_choices
from .importing import drafts
from .importing.parser import COLUMN_LABELS, headers
from .models import RoadmapImport


def _draft(request, pk, *, editable=True):
    queryset = RoadmapImport.objects.filter(organization=request.organization).select_related("program")
    if editable:
        queryset = queryset.filter(status=RoadmapImport.Status.DRAFT)
    return get_object_or_404(queryset, pk=pk)


@organization_view(Perm.EDIT_ROADMAP)
def import_upload(request):
    form = ImportUploadForm(
        request.POST or None,
        request.FILES or None,
        organization=request.organization,
        initial={"program": request.GET.get("program")},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        period = (data["period_start"], data["period_end"]) if data["period_start"] else None
        try:
            draft = drafts.draft_create(
                organization=request.organization,
                user=request.user,
                upload=data["file"],
                program=data["program"],
                period=period,
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            return redirect(draft)
    return render(request, "roadmap/import_upload.html", {"form": form})


def _rows(draft):
    """The preview's rows with their positions, for the template."""
    for s_index, section in enumerate(draft.data.get("sections", [])):
        yield {
            "section": section,
            "index": s_index,
            "activities": [{"a": a, "s": s_index, "i": i} for i, a in enumerate(section["activities"])],
        }


@organization_view(Perm.EDIT_ROADMAP)
def import_preview(request, pk):
    draft = _draft(request, pk, editable=False)
    if draft.status == RoadmapImport.Status.EXPIRED:
        messages.warning(request, expired_message())
    if draft.status != RoadmapImport.Status.DRAFT:
        if draft.program:
            return redirect(draft.program)
        return redirect("roadmap:program_list", org_slug=request.organization.slug)
    found = headers(draft.tables, draft.mappings)
    columns = [
        {
            "table": number,
            "cells": [
                (position, cell, next((c for c, p in mapping.items() if p == position), ""))
                for position, cell in enumerate(cells)
            ],
        }
        for number, (_index, cells, mapping) in enumerate(found)
        if cells
    ]
    n_activities = sum(len(s["activities"]) for s in draft.data.get("sections", []))
    return render(
        request,
        "roadmap/import_preview.html",
        {
            "draft": draft,
            "sections": list(_rows(draft)),
            "columns": columns,
            "choices": import_mapping_choices(),
            "n_activities": n_activities,
        },
    )


@require_POST
@organization_view(Perm.EDIT_ROADMAP)
def import_remap(request, pk):
    draft = _draft(request, pk)
    mappings = {}
    for key, column in request.POST.items():
        parts = key.split("-")
        valid = len(parts) == 3 and parts[0] == "col" and parts[1].isdigit() and parts[2].isdigit()
        if valid and column in COLUMN_LABELS and int(parts[1]) < len(draft.tables):
            mappings.setdefault(parts[1], {})[column] = int(parts[2])
    try:
        drafts.draft_remap(draft=draft, mappings=mappings)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("roadmap:program_list", org_slug=request.organization.slug)
    messages.info(request, _("The file is read again with your columns."))
    return redirect(draft)


def _row_response(request, draft, s_index, a_index, form=None):
    draft.refresh_from_db(fields=["data"])  # the services change a freshly locked copy
    activity = drafts.draft_activity(draft, s_index, a_index)
    context = {"draft": draft, "row": {"a": activity, "s": s_index, "i": a_index}, "form": form}
    template = "roadmap/_import_row_form.html" if form is not None else "roadmap/_import_row.html"
    return render(request, template, context)


@organization_view(Perm.EDIT_ROADMAP)
def import_row(request, pk, section, activity):
    """htmx: a preview row as a form (GET), saved back to the preview (POST)."""
    draft = _draft(request, pk)
    try:
        current = drafts.draft_activity(draft, section, activity)
    except ValidationError:
        raise Http404 from None
    if request.method == "POST":
        form = ImportActivityForm(request.POST)
        if form.is_valid():
            try:
                drafts.draft_edit_activity(
                    draft=draft, section_index=section, activity_index=activity, values=form.cleaned_data
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return _row_response(request, draft, section, activity)
        return _row_response(request, draft, section, activity, form)
    if request.GET.get("view"):
        return _row_response(request, draft, section, activity)
    return _row_response(request, draft, section, activity, ImportActivityForm(initial=current))


@require_POST
@organization_view(Perm.EDIT_ROADMAP)
def import_row_toggle(request, pk, section, activity):
    draft = _draft(request, pk)
    try:
        drafts.draft_toggle_activity(draft=draft, section_index=section, activity_index=activity)
    except ValidationError:
        raise Http404 from None
    if request.htmx:
        return _row_response(request, draft, section, activity)
    return redirect(draft)


@require_POST
@organization_view(Perm.EDIT_ROADMAP)
def import_commit(request, pk):
    draft = _draft(request, pk)
    try:
        program, news = drafts.draft_import(draft=draft, user=request.user, title=request.POST.get("title", "").strip())
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(draft)
    messages.success(request, _("The roadmap is imported."))
    for message in news:
        messages.info(request, message)
    return redirect(program)


@require_POST
@organization_view(Perm.EDIT_ROADMAP)
def import_cancel(request, pk):
    draft = _draft(request, pk)
    if drafts.draft_cancel(draft=draft):
        messages.info(request, _("The import is cancelled; nothing was saved."))
    return redirect("roadmap:program_list", org_slug=request.organization.slug)
