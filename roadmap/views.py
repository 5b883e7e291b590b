from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mentoring.access import Perm, municipality_view, organization_view

from . import selectors, services
from .forms import (
    ActivityFilterForm,
    ActivityForm,
    CommentForm,
    CompleteForm,
    EvidenceForm,
    ProgramForm,
    SectionForm,
    StatusForm,
)
from .models import Activity, ActivityStatus, Evidence, ProgramStatus, Section


def _program(request, pk):
    return get_object_or_404(request.organization.programs.select_related("curator"), pk=pk)


def _activity(request, pk):
    return get_object_or_404(
        Activity.objects.filter(organization=request.organization).select_related("program", "section", "completed_by"),
        pk=pk,
    )


def _safe_next(request):
    """The page to return to after a form without JavaScript, if it is one of ours."""
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return None


def _errors(error):
    return error.messages if isinstance(error, ValidationError) else [str(error)]


@organization_view(Perm.VIEW_PROGRAMS)
def program_list(request):
    programs = request.organization.programs.select_related("curator").with_progress()
    return render(request, "roadmap/program_list.html", {"programs": programs})


@organization_view(Perm.EDIT_ROADMAP)
def program_create(request):
    form = ProgramForm(request.POST or None, organization=request.organization, creating=True)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            program = services.program_create(
                organization=request.organization,
                title=data["title"],
                period_start=data["period_start"],
                period_end=data["period_end"],
                curator=data["curator"],
                forms=data["forms"],
                status=data["status"],
                description=data["description"],
                use_template=data["roadmap_source"] == "template",
                copy_from=data["copy_from"] if data["roadmap_source"] == "copy" else None,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The program is created."))
            return redirect(program)
    return render(request, "roadmap/program_form.html", {"form": form})


@organization_view(Perm.EDIT_ROADMAP)
def program_edit(request, pk):
    program = _program(request, pk)
    form = ProgramForm(request.POST or None, instance=program, organization=request.organization)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The program is saved."))
        return redirect(program)
    return render(request, "roadmap/program_form.html", {"form": form, "program": program})


def _roadmap_context(request, program, activities):
    activities = list(activities)
    return {
        "program": program,
        "summary": selectors.program_summary(program, activities),
        "forms_of_mentoring": list(program.forms.all()),
    }


@organization_view(Perm.VIEW_PROGRAMS)
def program_timeline(request, pk):
    program = _program(request, pk)
    activities = list(selectors.activities_for_timeline(program))
    months, today_left = selectors.timeline(program, activities)
    context = _roadmap_context(request, program, activities)
    context.update(
        sections=selectors.group_by_section(program, activities), months=months, today_left=today_left, view="timeline"
    )
    return render(request, "roadmap/program_timeline.html", context)


@organization_view(Perm.VIEW_PROGRAMS)
def program_table(request, pk):
    program = _program(request, pk)
    all_activities = list(selectors.activities_for_table(program))
    filters = ActivityFilterForm(request.GET or None)
    filtered = all_activities
    if filters.is_valid() and any(filters.cleaned_data.values()):
        queryset = selectors.filter_activities(
            selectors.activities_for_table(program),
            user=request.user,
            roles=request.org_roles,
            **filters.cleaned_data,
        )
        filtered = list(queryset)
    selectors.timeline(program, filtered)
    context = _roadmap_context(request, program, all_activities)
    context.update(
        activities=filtered,
        filters=filters,
        view="table",
        status_choices=ActivityStatus.choices,
    )
    return render(request, "roadmap/program_table.html", context)


@organization_view(Perm.EDIT_ROADMAP)
def section_create(request, pk):
    program = _program(request, pk)
    form = SectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        section = form.save(commit=False)
        section.program = program
        section.organization = request.organization
        section.position = services.section_next_position(program)
        section.save()
        messages.success(request, _("The section is added."))
        return redirect(program)
    return render(request, "roadmap/section_form.html", {"form": form, "program": program})


@organization_view(Perm.EDIT_ROADMAP)
def section_edit(request, pk):
    section = get_object_or_404(
        Section.objects.filter(organization=request.organization).select_related("program"), pk=pk
    )
    form = SectionForm(request.POST or None, instance=section)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The section is saved."))
        return redirect(section.program)
    return render(request, "roadmap/section_form.html", {"form": form, "program": section.program, "section": section})


def _save_activity_form(form):
    activity = form.save(commit=False)
    try:
        services.activity_save(activity=activity, responsible_users=list(form.cleaned_data["responsible_users"]))
    except ValidationError as error:
        form.add_error(None, error)
        return None
    return activity


@organization_view(Perm.EDIT_ROADMAP)
def activity_create(request, pk):
    program = _program(request, pk)
    initial = {"section": request.GET.get("section")}
    form = ActivityForm(request.POST or None, program=program, initial=initial)
    if request.method == "POST" and form.is_valid():
        activity = _save_activity_form(form)
        if activity:
            messages.success(request, _("The activity is added."))
            return redirect(activity)
    return render(request, "roadmap/activity_form.html", {"form": form, "program": program})


@organization_view(Perm.EDIT_ROADMAP)
def activity_edit(request, pk):
    activity = _activity(request, pk)
    form = ActivityForm(request.POST or None, instance=activity, program=activity.program)
    if request.method == "POST" and form.is_valid():
        if _save_activity_form(form):
            messages.success(request, _("The activity is saved."))
            return redirect(activity)
    return render(
        request, "roadmap/activity_form.html", {"form": form, "program": activity.program, "activity": activity}
    )


@organization_view(Perm.VIEW_PROGRAMS)
def activity_detail(request, pk):
    activity = _activity(request, pk)
    return render(
        request,
        "roadmap/activity_detail.html",
        {
            "activity": activity,
            "program": activity.program,
            "evidence": activity.evidence.select_related("uploaded_by"),
            "comments": activity.comments.select_related("author"),
            "complete_form": CompleteForm(),
            "evidence_form": EvidenceForm(),
            "comment_form": CommentForm(),
            "status_form": StatusForm(initial={"status": activity.status}),
        },
    )


@require_POST
@organization_view(Perm.EDIT_ROADMAP)
def activity_status(request, pk):
    """Inline status change from the table (htmx: returns the row) or the activity page."""
    activity = _activity(request, pk)
    form = StatusForm(request.POST)
    errors = []
    if form.is_valid():
        try:
            activity = services.activity_set_status(
                activity=activity, status=form.cleaned_data["status"], user=request.user, note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            errors = _errors(error)
    else:
        errors = [_("Choose a status.")]
    if request.htmx:
        activity = get_object_or_404(selectors.activities_for_table(activity.program), pk=activity.pk)
        selectors.timeline(activity.program, [activity])
        return render(
            request,
            "roadmap/_activity_row.html",
            {
                "activity": activity,
                "program": activity.program,
                "row_errors": errors,
                "status_choices": ActivityStatus.choices,
            },
        )
    for error in errors:
        messages.error(request, error)
    if not errors:
        messages.success(request, _("Status: %(status)s.") % {"status": activity.get_status_display()})
    return redirect(_safe_next(request) or activity.get_absolute_url())


@require_POST
@organization_view(Perm.EDIT_ROADMAP)
def activity_complete(request, pk):
    activity = _activity(request, pk)
    form = CompleteForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.activity_complete(activity=activity, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            for message in _errors(error):
                messages.error(request, message)
        else:
            messages.success(request, _("The activity is marked done."))
    else:
        for field_errors in form.errors.values():
            for message in field_errors:
                messages.error(request, message)
    return redirect(activity)


@require_POST
@organization_view(Perm.EDIT_ROADMAP)
def evidence_add(request, pk):
    activity = _activity(request, pk)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.evidence_add(activity=activity, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            for message in _errors(error):
                messages.error(request, message)
        else:
            messages.success(request, _("The evidence is added."))
    else:
        for message in form.non_field_errors() + [e for f in form.errors.values() for e in f]:
            messages.error(request, message)
    return redirect(activity)


def _evidence(request, pk):
    return get_object_or_404(
        Evidence.objects.filter(organization=request.organization).select_related("activity"), pk=pk
    )


@organization_view(Perm.VIEW_PROGRAMS)
def evidence_download(request, pk):
    evidence = _evidence(request, pk)
    if not evidence.file:
        raise Http404
    response = FileResponse(evidence.file.open("rb"), as_attachment=True, filename=evidence.original_name or None)
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@organization_view(Perm.EDIT_ROADMAP)
def evidence_delete(request, pk):
    evidence = _evidence(request, pk)
    try:
        services.evidence_delete(evidence=evidence)
    except ValidationError as error:
        for message in _errors(error):
            messages.error(request, message)
    else:
        messages.success(request, _("The evidence is removed."))
    return redirect(evidence.activity)


@require_POST
@organization_view(Perm.EDIT_ROADMAP)
def comment_add(request, pk):
    activity = _activity(request, pk)
    try:
        services.comment_add(activity=activity, user=request.user, text=request.POST.get("text", ""))
    except ValidationError as error:
        for message in _errors(error):
            messages.error(request, message)
    return redirect(activity)


@municipality_view
def district_programs(request):
    status = request.GET.get("status", ProgramStatus.ACTIVE)
    if status not in ProgramStatus.values:
        status = None
    programs = selectors.district_programs(request.municipality, status=status)
    return render(
        request,
        "roadmap/district_programs.html",
        {
            "municipality": request.municipality,
            "programs": programs,
            "stage_headers": selectors.stage_headers(),
            "status": status,
            "status_choices": ProgramStatus.choices,
        },
    )
