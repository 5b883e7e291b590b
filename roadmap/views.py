import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mentoring.access import Perm, has_perm, municipality_view, organization_view

from . import selectors, services, table
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
from .models import Activity, Evidence, ProgramStatus, Section


def _program(request, pk):
    return get_object_or_404(request.organization.programs.select_related("curator"), pk=pk)


def _activity(request, pk):
    return get_object_or_404(
        Activity.objects.filter(organization=request.organization).select_related(
            "program", "section", "completed_by", "organization"
        ),
        pk=pk,
    )


def _evidence(request, pk):
    return get_object_or_404(
        Evidence.objects.filter(organization=request.organization).visible_to(request.org_roles), pk=pk
    )


def _safe_next(request):
    """The page to return to after a form without JavaScript, if it is one of ours."""
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return None


def _flash_errors(request, error):
    for message in error.messages if isinstance(error, ValidationError) else [str(error)]:
        messages.error(request, message)


def _flash_form_errors(request, form):
    for field_errors in form.errors.values():
        for message in field_errors:
            messages.error(request, message)


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


def _roadmap_context(program, states, view):
    return {
        "program": program,
        "summary": selectors.count_progress(states, timezone.localdate()),
        "forms_of_mentoring": list(program.forms.all()),
        "view": view,
    }


@organization_view(Perm.VIEW_PROGRAMS)
def program_timeline(request, pk):
    program = _program(request, pk)
    rows = selectors.timeline_rows(program)
    months, today_left = selectors.timeline(program, rows)
    context = _roadmap_context(program, [(r["status"], r["due_date"]) for r in rows], "timeline")
    context.update(sections=selectors.group_by_section(program, rows), months=months, today_left=today_left)
    return render(request, "roadmap/program_timeline.html", context)


@organization_view(Perm.VIEW_PROGRAMS)
def program_table(request, pk):
    program = _program(request, pk)
    all_activities = selectors.table_rows(selectors.activities_for_table(program))
    filters = ActivityFilterForm(request.GET or None)
    shown = all_activities
    if filters.is_valid() and any(filters.cleaned_data.values()):
        shown = selectors.table_rows(
            selectors.filter_activities(
                selectors.activities_for_table(program),
                user=request.user,
                roles=request.org_roles,
                **filters.cleaned_data,
            )
        )
    selectors.decorate(program, shown)
    selectors.with_responsible_names(program, shown)
    context = _roadmap_context(program, [(a.status, a.due_date) for a in all_activities], "table")
    context.update(
        activities=shown,
        rows=table.rows_html(
            shown,
            can_edit=request.can_edit_roadmap,
            csrf_token=get_token(request),
            return_url=request.get_full_path(),
        ),
        filters=filters,
    )
    return render(request, "roadmap/program_table.html", context)


@organization_view(Perm.EDIT_ROADMAP)
def section_create(request, pk):
    program = _program(request, pk)
    form = SectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.section_create(program=program, section=form.save(commit=False))
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
        return services.activity_save(activity=activity, responsible_users=list(form.cleaned_data["responsible_users"]))
    except ValidationError as error:
        form.add_error(None, error)
        return None


@organization_view(Perm.EDIT_ROADMAP)
def activity_create(request, pk):
    program = _program(request, pk)
    form = ActivityForm(request.POST or None, program=program, initial={"section": request.GET.get("section")})
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
    if request.method == "POST" and form.is_valid() and _save_activity_form(form):
        messages.success(request, _("The activity is saved."))
        return redirect(activity)
    context = {"form": form, "program": activity.program, "activity": activity}
    return render(request, "roadmap/activity_form.html", context)


@organization_view(Perm.VIEW_OWN_ACTIVITIES)
def activity_detail(request, pk):
    """The whole roadmap's viewers see any activity; mentors and mentees only those that are theirs."""
    activity = _activity(request, pk)
    can_view_program = has_perm(request.org_roles, Perm.VIEW_PROGRAMS)
    if (
        not can_view_program
        and not Activity.objects.responsible(request.user, request.org_roles).filter(pk=activity.pk).exists()
    ):
        raise PermissionDenied
    selectors.decorate(activity.program, [activity])
    return render(
        request,
        "roadmap/activity_detail.html",
        {
            "activity": activity,
            "program": activity.program,
            "can_view_program": can_view_program,
            "evidence": activity.evidence.visible_to(request.org_roles).select_related("uploaded_by"),
            "n_unshared_evidence": activity.evidence.count() - activity.evidence.visible_to(request.org_roles).count(),
            "comments": activity.comments.select_related("author"),
            "complete_form": CompleteForm(),
            "evidence_form": EvidenceForm(),
            "comment_form": CommentForm(),
            "status_form": StatusForm(initial={"status": activity.status}),
        },
    )


@require_POST
@municipality_view
def district_nudge(request):
    """«Напомнить отстающим»: one press, an email and a notification to each late school's curator."""
    # municipality_view lets in the district's coordinators only. The emails and notifications
    # themselves are the record of what was sent.
    try:
        organizations, people, without_curator = services.district_nudge(
            request.municipality, today=timezone.localdate()
        )
    except ValidationError as error:
        _flash_errors(request, error)
    else:
        messages.success(
            request,
            _("Reminded %(people)s curators of %(organizations)s late organizations by email and in the portal.")
            % {"people": people, "organizations": organizations},
        )
        if without_curator:
            messages.warning(
                request,
                _("Nobody was reminded in %(names)s: these organizations have no curator on the portal.")
                % {"names": ", ".join(without_curator)},
            )
    return redirect(_safe_next(request) or "home")


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
            errors = error.messages
    else:
        errors = [_("Choose a status.")]
    if request.htmx:
        program = activity.program
        [row] = selectors.table_rows(selectors.activities_for_table(program).filter(pk=activity.pk))
        selectors.decorate(program, [row])
        selectors.with_responsible_names(program, [row])
        response = HttpResponse(
            table.row_html(
                row,
                can_edit=request.can_edit_roadmap,
                csrf_token=get_token(request),
                return_url=_safe_next(request) or "",
                errors=errors,
            )
        )
        if not errors:
            # The row changes in place: a toast says that the change was saved (static/js/toasts.js).
            # ASCII JSON, since a header holds Latin-1 only.
            text = _("Status saved: «%(activity)s» is %(status)s.") % {
                "activity": Truncator(activity.title).chars(60),
                "status": activity.get_status_display(),
            }
            response["HX-Trigger"] = json.dumps({"nv-toast": {"level": "success", "text": text}})
        return response
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
            _flash_errors(request, error)
        else:
            messages.success(request, _("The activity is marked done."))
    else:
        _flash_form_errors(request, form)
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
            _flash_errors(request, error)
        else:
            messages.success(request, _("The evidence is added."))
    else:
        _flash_form_errors(request, form)
    return redirect(activity)


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
def evidence_share(request, pk):
    """The school's curator shares one evidence with the district's staff, or takes it back."""
    evidence = _evidence(request, pk)
    shared = request.POST.get("shared") == "1"
    services.evidence_share(evidence=evidence, shared=shared)
    if shared:
        messages.success(request, _("The district's staff may now open «%(name)s».") % {"name": evidence.label})
    else:
        messages.success(request, _("«%(name)s» is no longer shared with the district.") % {"name": evidence.label})
    return redirect("roadmap:activity_detail", org_slug=request.organization.slug, pk=evidence.activity_id)


@require_POST
@organization_view(Perm.EDIT_ROADMAP)
def evidence_delete(request, pk):
    evidence = _evidence(request, pk)
    try:
        services.evidence_delete(evidence=evidence)
    except ValidationError as error:
        _flash_errors(request, error)
    else:
        messages.success(request, _("The evidence is removed."))
    return redirect("roadmap:activity_detail", org_slug=request.organization.slug, pk=evidence.activity_id)


@require_POST
@organization_view(Perm.EDIT_ROADMAP)
def comment_add(request, pk):
    activity = _activity(request, pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        services.comment_add(activity=activity, user=request.user, text=form.cleaned_data["text"])
    else:
        _flash_form_errors(request, form)
    return redirect(activity)


@municipality_view
def district_assignments(request):
    return render(
        request,
        "roadmap/district_assignments.html",
        {
            "municipality": request.municipality,
            "activities": selectors.district_assignments(request.municipality),
        },
    )


@require_POST
@organization_view(Perm.EDIT_ROADMAP)
def program_cascade(request, pk):
    program = _program(request, pk)
    try:
        made = services.district_cascade(program=program)
    except ValidationError as error:
        _flash_errors(request, error)
    else:
        messages.success(request, _("Sent to the organizations: %(n)s new activities.") % {"n": made})
    return redirect(program)


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
            "other_sections": selectors.OTHER_SECTIONS_TITLE if selectors.has_other_sections(programs) else "",
            "status": status,
            "status_choices": ProgramStatus.choices,
        },
    )
