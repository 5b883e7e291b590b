"""Pairs and groups, their plans and meeting logs, the mentor's own pages, and automatic matching."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Max, Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from roadmap.models import Program

from . import services
from .access import Perm, has_perm, organization_view
from .forms import (
    AddMenteeForm,
    CompletePairForm,
    MeetingForm,
    PairEditForm,
    PairForm,
    PlanItemForm,
    ReplaceMentorForm,
    TerminatePairForm,
    WeightsForm,
)
from .models import (
    ConsentKind,
    MatchRun,
    MatchRunStatus,
    Mentor,
    Pair,
    PairMember,
    PairStatus,
    PlanItem,
    PlanItemStatus,
)
from .views import flash_errors


def _visible_pairs(request):
    """The administration sees every pair of the organization; a mentor only the pairs they mentor."""
    pairs = Pair.objects.of(request.organization)
    if has_perm(request.org_roles, Perm.VIEW_BASES):
        return pairs
    return pairs.mentored_by(request.user)


def _pair(request, pk):
    return get_object_or_404(
        _visible_pairs(request).select_related("program__organization", "form", "mentor__person"),
        pk=pk,
    )


def can_log(request, pair):
    """The mentor logs their own pair; the curator does it for a mentor without an account."""
    if not pair.is_active:
        return False
    mentor_user = pair.mentor.person.user_id
    if mentor_user == request.user.pk:
        return True
    return mentor_user is None and has_perm(request.org_roles, Perm.EDIT_BASES)


def _program(request, pk):
    return get_object_or_404(Program.objects.filter(organization=request.organization), pk=pk)


def _with_people(pairs):
    return pairs.select_related("program__organization", "form", "mentor__person").prefetch_related(
        Prefetch("members", queryset=PairMember.objects.select_related("mentee__person"))
    )


@organization_view(Perm.VIEW_PAIRS)
def pair_list(request):
    pairs = _visible_pairs(request).annotate(last_meeting=Max("meetings__held_on"))
    program_id = request.GET.get("program", "")
    status = request.GET.get("status", PairStatus.ACTIVE)
    quiet = request.GET.get("quiet") == "1"
    if program_id.isdigit():
        pairs = pairs.filter(program_id=program_id)
    if status in PairStatus.values:
        pairs = pairs.filter(status=status)
    today = timezone.localdate()
    quiet_after = timedelta(weeks=request.organization.quiet_pair_weeks)
    pairs = list(_with_people(pairs).order_by("program__title", "mentor__person__last_name", "pk"))
    for pair in pairs:
        since = pair.last_meeting or pair.started_on
        pair.is_quiet = pair.is_active and today - since >= quiet_after
        pair.quiet_days = (today - since).days
    if quiet:
        pairs = [p for p in pairs if p.is_quiet]
    programs = list(Program.objects.filter(organization=request.organization))
    chosen = [p for p in programs if str(p.pk) == program_id] or [p for p in programs if p.status == "active"]
    return render(
        request,
        "mentoring/pair_list.html",
        {
            "pairs": pairs,
            "programs": programs,
            "program_id": program_id,
            "current_program": chosen[0] if chosen else None,
            "status": status,
            "statuses": PairStatus.choices,
            "quiet": quiet,
            "quiet_weeks": request.organization.quiet_pair_weeks,
            "can_edit": has_perm(request.org_roles, Perm.EDIT_BASES),
            "is_admin": has_perm(request.org_roles, Perm.VIEW_BASES),
        },
    )


@organization_view(Perm.EDIT_BASES)
def pair_create(request, pk):
    program = _program(request, pk)
    form = PairForm(request.POST or None, program=program)
    if request.method == "POST" and form.is_valid():
        try:
            pair = services.create_pair(program=program, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("The pair is formed."))
            return redirect(pair)
    return render(
        request,
        "mentoring/simple_form.html",
        {"form": form, "heading": _("New pair or group: %(program)s") % {"program": program.title}, "back": None},
    )


@organization_view(Perm.VIEW_PAIRS)
def pair_detail(request, pk):
    pair = _pair(request, pk)
    members = list(pair.members.select_related("mentee__person").prefetch_related("mentee__needs"))
    meetings = pair.meetings.prefetch_related("attendees__person")
    loggable = can_log(request, pair)
    return render(
        request,
        "mentoring/pair_detail.html",
        {
            "pair": pair,
            "members": members,
            "plan_items": pair.plan_items.all(),
            "meetings": meetings,
            "changes": pair.mentor_changes.select_related("previous_mentor__person", "new_mentor__person"),
            "can_log": loggable,
            "can_manage": has_perm(request.org_roles, Perm.EDIT_BASES) and pair.is_active,
            "is_admin": has_perm(request.org_roles, Perm.VIEW_BASES),
            "meeting_form": MeetingForm(pair=pair) if loggable else None,
            "plan_form": PlanItemForm(pair=pair) if loggable else None,
            # A pair made before forms named both sides may join the wrong kind of mentor: say so.
            "form_problems": services.form_fit_problems(
                pair.form, mentor=pair.mentor, mentees=[m.mentee for m in members if not m.left_on]
            ),
        },
    )


def _pair_form_page(request, pair, form, heading, action):
    if request.method == "POST" and form.is_valid():
        try:
            action(form.cleaned_data)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("Saved."))
            return redirect(pair)
    return render(request, "mentoring/simple_form.html", {"form": form, "heading": heading, "back": pair})


def _managed_pair(request, pk):
    pair = _pair(request, pk)
    if not pair.is_active:
        messages.error(request, _("The pair is no longer working."))
        return None
    return pair


@organization_view(Perm.EDIT_BASES)
def pair_edit(request, pk):
    pair = _pair(request, pk)
    form = PairEditForm(request.POST or None, instance=pair)
    return _pair_form_page(request, pair, form, _("Goal and period of the pair"), lambda data: form.save())


@organization_view(Perm.EDIT_BASES)
def pair_complete(request, pk):
    pair = _managed_pair(request, pk)
    if pair is None:
        return redirect(_pair(request, pk))
    form = CompletePairForm(request.POST or None)
    return _pair_form_page(
        request, pair, form, _("Complete the mentoring"), lambda data: services.complete_pair(pair, **data)
    )


@organization_view(Perm.EDIT_BASES)
def pair_terminate(request, pk):
    pair = _managed_pair(request, pk)
    if pair is None:
        return redirect(_pair(request, pk))
    form = TerminatePairForm(request.POST or None)
    return _pair_form_page(
        request, pair, form, _("Terminate the mentoring early"), lambda data: services.terminate_pair(pair, **data)
    )


@organization_view(Perm.EDIT_BASES)
def pair_replace_mentor(request, pk):
    pair = _managed_pair(request, pk)
    if pair is None:
        return redirect(_pair(request, pk))
    form = ReplaceMentorForm(request.POST or None, pair=pair)
    return _pair_form_page(
        request,
        pair,
        form,
        _("Replace the mentor"),
        lambda data: services.replace_mentor(pair, user=request.user, **data),
    )


@organization_view(Perm.EDIT_BASES)
def pair_add_mentee(request, pk):
    pair = _managed_pair(request, pk)
    if pair is None:
        return redirect(_pair(request, pk))
    form = AddMenteeForm(request.POST or None, pair=pair)
    return _pair_form_page(
        request, pair, form, _("Add a mentee to the group"), lambda data: services.add_mentee(pair, data["mentee"])
    )


def _loggable_pair(request, pk):
    pair = _pair(request, pk)
    if not can_log(request, pair):
        raise PermissionDenied
    return pair


@organization_view(Perm.VIEW_PAIRS)
def meeting_add(request, pk):
    pair = _loggable_pair(request, pk)
    form = MeetingForm(request.POST or None, pair=pair)
    if request.method == "POST" and form.is_valid():
        form.instance.logged_by = request.user
        form.save()
        messages.success(request, _("The meeting is in the log."))
        return redirect(pair)
    return render(request, "mentoring/simple_form.html", {"form": form, "heading": _("Log a meeting"), "back": pair})


@organization_view(Perm.VIEW_PAIRS)
def plan_item_add(request, pk):
    pair = _loggable_pair(request, pk)
    form = PlanItemForm(request.POST or None, pair=pair)
    if request.method == "POST" and form.is_valid():
        form.instance.position = pair.plan_items.count() + 1
        form.save()
        messages.success(request, _("The plan has a new item."))
        return redirect(pair)
    return render(request, "mentoring/simple_form.html", {"form": form, "heading": _("Plan item"), "back": pair})


@organization_view(Perm.VIEW_PAIRS)
def plan_item_edit(request, pk):
    item = get_object_or_404(PlanItem.objects.filter(pair__in=_visible_pairs(request)), pk=pk)
    pair = _loggable_pair(request, item.pair_id)
    form = PlanItemForm(request.POST or None, instance=item, pair=pair)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Saved."))
        return redirect(pair)
    return render(request, "mentoring/simple_form.html", {"form": form, "heading": _("Plan item"), "back": pair})


@login_required
def my_pairs(request):
    """A mentor's own pairs, in every organization where they mentor."""
    pairs = _with_people(Pair.objects.mentored_by(request.user).active()).prefetch_related("plan_items", "meetings")
    pairs = list(pairs.select_related("program__organization").order_by("program__organization__short_name", "pk"))
    for pair in pairs:
        pair.plan_done = sum(1 for item in pair.plan_items.all() if item.status == PlanItemStatus.DONE)
    return render(request, "mentoring/my_pairs.html", {"pairs": pairs})


# --- Matching ---------------------------------------------------------------------------------------


def _weights(data):
    from . import matching

    return matching.Weights(**{name: data[name] for name in WeightsForm.base_fields})


@organization_view(Perm.EDIT_BASES)
def matching_start(request, pk):
    program = _program(request, pk)
    form = WeightsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            run = services.run_matching(program, weights=_weights(form.cleaned_data), user=request.user)
        except ValidationError as error:
            flash_errors(request, error)
        else:
            return redirect("mentoring:matching_run", org_slug=request.organization.slug, pk=run.pk)
    mentees, mentors = services.matching_pool(program)
    excluded = [(m, services.mentor_problems(m)) for m in mentors]
    return render(
        request,
        "mentoring/matching_start.html",
        {
            "program": program,
            "form": form,
            "n_mentees": len(mentees),
            "n_mentees_without_consent": sum(
                1 for m in mentees if m.person.valid_consent(ConsentKind.PROCESSING) is None
            ),
            "n_mentors": sum(1 for _m, problems in excluded if not problems),
            "excluded": [(m, problems) for m, problems in excluded if problems],
            "program_forms": program.forms.all(),
            "runs": program.match_runs.all()[:10],
        },
    )


def _run(request, pk):
    return get_object_or_404(
        MatchRun.objects.filter(program__organization=request.organization).select_related("program"), pk=pk
    )


@organization_view(Perm.EDIT_BASES)
def matching_run(request, pk):
    from . import matching

    run = _run(request, pk)
    rows = list(
        run.rows.select_related("mentee__person", "mentor__person", "form", "pair").prefetch_related("mentee__needs")
    )
    if request.method == "POST" and run.status == MatchRunStatus.PROPOSED:
        action = request.POST.get("action")
        try:
            if action == "accept":
                chosen = [int(v) for v in request.POST.getlist("accept") if v.isdigit()]
                pairs = services.accept_matches(run, chosen, started_on=timezone.localdate(), user=request.user)
                messages.success(request, _("%(n)d pairs are formed.") % {"n": len(pairs)})
                return redirect(f"{_pairs_url(request)}?program={run.program_id}")
            if action == "recalculate":
                locked = _locks(request, rows)
                new_run = services.run_matching(
                    run.program, weights=matching.Weights(**run.weights), locked=locked, user=request.user
                )
                services.reject_matches(run)
                messages.success(request, _("The proposal is recalculated with the fixed pairs."))
                return redirect("mentoring:matching_run", org_slug=request.organization.slug, pk=new_run.pk)
            if action == "reject":
                services.reject_matches(run)
                messages.info(request, _("The proposal is rejected; no pairs were formed."))
                return redirect("mentoring:matching_start", org_slug=request.organization.slug, pk=run.program_id)
        except ValidationError as error:
            flash_errors(request, error)
    matched = [r for r in rows if r.mentor_id]
    mentor_choices = (
        Mentor.objects.of(request.organization)
        .current()
        .filter(pk__in=services.usable_mentor_ids(run.program))
        .select_related("person")
    )
    return render(
        request,
        "mentoring/matching_run.html",
        {
            "run": run,
            "matched": matched,
            "unmatched": [r for r in rows if not r.mentor_id],
            "mentor_choices": mentor_choices,
            "editable": run.status == MatchRunStatus.PROPOSED,
        },
    )


def _pairs_url(request):
    return reverse("mentoring:pair_list", kwargs={"org_slug": request.organization.slug})


def _locks(request, rows):
    """The pairs the curator fixed: ticked as fixed, or given another mentor by hand."""
    locked = {}
    for row in rows:
        chosen = request.POST.get(f"mentor-{row.mentee_id}", "")
        fixed = request.POST.get(f"lock-{row.mentee_id}") == "on"
        if chosen.isdigit() and int(chosen) != row.mentor_id:
            locked[row.mentee_id] = int(chosen)
        elif fixed and row.mentor_id:
            locked[row.mentee_id] = row.mentor_id
    return locked
