"""The pages of employees' mentoring (ТК РФ ст. 351.8): the assignments of the organization, one
assignment with its lifecycle and documents, the rules of pay and the month's statement."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import ProtectedError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audit.models import Action, AuditEntry
from audit.services import audit_log
from audit.sudo import require_sudo
from mentoring import uploads
from mentoring.access import Perm, has_perm, organization_view
from mentoring.models import Mentor
from mentoring.views import flash_errors

from . import documents, figures, services, statements
from .forms import AcknowledgeForm, AssignmentForm, EndEarlyForm, MonthForm, PayRuleForm, ScanForm
from .models import Assignment, EndedBy, PayRule, Status

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _visible(request):
    return Assignment.objects.visible(request.organization, request.user, request.org_roles)


def _assignment(request, pk):
    return get_object_or_404(
        _visible(request).select_related("mentor__person", "pay_rule", "form", "signed_by", "order", "organization"),
        pk=pk,
    )


def _log(request, action, assignment):
    audit_log(request, action=action, organization=request.organization, obj=assignment, label=str(assignment))


def _with_people(assignments):
    return assignments.select_related("mentor__person", "pay_rule", "form", "organization").prefetch_related(
        "pairs__members__mentee__person"
    )


@organization_view(Perm.VIEW_EMPLOYMENT)
def assignment_list(request):
    shown = request.GET.get("status", "active")
    assignments = _visible(request)
    if shown == "active":
        assignments = assignments.filter(status__in=[Status.DRAFT, Status.SIGNED, Status.ACTIVE])
    elif shown == "ended":
        assignments = assignments.filter(status__in=[Status.ENDED, Status.ENDED_EARLY, Status.NOT_CONCLUDED])
    else:
        shown = "all"
    assignments = list(_with_people(assignments))
    for assignment in assignments:
        assignment.mentees = documents.mentees(assignment)
        assignment.month_amount = figures.full_month_amount(assignment)
    return render(
        request,
        "employment/assignment_list.html",
        {
            "assignments": assignments,
            "shown": shown,
            "can_edit": has_perm(request.org_roles, Perm.EDIT_EMPLOYMENT),
            "can_view_pay": has_perm(request.org_roles, Perm.VIEW_PAY),
        },
    )


@organization_view(Perm.EDIT_EMPLOYMENT)
def assignment_create(request, mentor_pk):
    mentor = get_object_or_404(Mentor.objects.of(request.organization).select_related("person"), pk=mentor_pk)
    form = AssignmentForm(request.POST or None, mentor=mentor)
    no_rules = not PayRule.objects.of(request.organization).exists()
    no_pairs = not form.fields["pairs"].queryset.exists()
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            assignment = services.assignment_create(
                organization=request.organization,
                mentor=mentor,
                pairs=list(data["pairs"]),
                form=data["form"],
                content=data["content"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                pay_rule=data["pay_rule"],
                salary=data["salary"],
                contract=data["contract"],
                user=request.user,
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            _log(request, Action.ASSIGNMENT_CREATED, assignment)
            messages.success(request, _("The assignment is drafted: check the agreement and send it to the head."))
            return redirect(assignment)
    return render(
        request,
        "employment/assignment_form.html",
        {
            "form": form,
            "mentor": mentor,
            "no_rules": no_rules,
            "no_pairs": no_pairs,
            "problems": services.mentor_problems(organization=request.organization, mentor=mentor),
        },
    )


@organization_view(Perm.VIEW_EMPLOYMENT)
def assignment_detail(request, pk):
    assignment = _assignment(request, pk)
    pairs = list(assignment.pairs.select_related("program", "form").prefetch_related("members__mentee__person"))
    roles = request.org_roles
    is_own = assignment.mentor.person.user_id == request.user.pk
    can_edit = has_perm(roles, Perm.EDIT_EMPLOYMENT)
    today = timezone.localdate()
    history = AuditEntry.objects.filter(
        organization=request.organization, object_type=Assignment._meta.label_lower, object_id=str(assignment.pk)
    ).order_by("created_at", "pk")
    return render(
        request,
        "employment/assignment_detail.html",
        {
            "assignment": assignment,
            "pairs": pairs,
            "mentees": documents.mentees(assignment),
            "month_amount": figures.full_month_amount(assignment),
            "this_month": figures.month_pay(assignment, today.year, today.month),
            "can_edit": can_edit,
            "can_sign": has_perm(roles, Perm.SIGN_EMPLOYMENT),
            "can_acknowledge": assignment.status == Status.SIGNED and (can_edit or is_own),
            "can_view_pay": has_perm(roles, Perm.VIEW_PAY),
            "acknowledge_form": AcknowledgeForm(),
            "scan_form": ScanForm(),
            "end_form": EndEarlyForm(initial={"by": EndedBy.EMPLOYER}),
            "history": history if has_perm(roles, Perm.VIEW_PAY) else [],
            "replace_pairs": [p for p in pairs if p.is_active and p.mentor_id == assignment.mentor_id]
            if assignment.ended_early and can_edit
            else [],
        },
    )


def _document(request, assignment, kind, fmt):
    if kind == "agreement":
        data = documents.agreement_data(assignment)
    else:
        if not assignment.ended_early:
            raise Http404
        data = documents.notice_data(assignment)
    stem = documents.file_stem(assignment, kind)
    if fmt == "pdf":
        response = HttpResponse(documents.pdf_bytes(data), content_type="application/pdf")
    else:
        response = HttpResponse(documents.docx_bytes(data), content_type=DOCX)
    response["Content-Disposition"] = content_disposition_header(True, f"{stem}.{fmt}")
    return uploads.private(response)


@organization_view(Perm.VIEW_EMPLOYMENT)
def agreement(request, pk, fmt):
    return _document(request, _assignment(request, pk), "agreement", fmt)


@organization_view(Perm.VIEW_EMPLOYMENT)
def notice(request, pk, fmt):
    return _document(request, _assignment(request, pk), "notice", fmt)


@require_POST
@organization_view(Perm.SIGN_EMPLOYMENT)
@require_sudo
def assignment_sign(request, pk):
    """The head's simple electronic signature of the agreement: it cannot be undone, so, as for an
    order, the password is asked again unless it was entered in the last minutes."""
    assignment = _assignment(request, pk)
    try:
        assignment = services.assignment_sign(assignment, user=request.user)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        _log(request, Action.ASSIGNMENT_SIGNED, assignment)
        messages.success(
            request,
            _("The agreement № %(number)s is signed. Give the mentor their copy to sign.")
            % {"number": assignment.number},
        )
    return redirect(assignment)


@require_POST
@organization_view(Perm.VIEW_EMPLOYMENT)
def assignment_acknowledge(request, pk):
    """The curator records the mentor's signature on paper, or the mentor acknowledges it here."""
    assignment = _assignment(request, pk)
    if not (has_perm(request.org_roles, Perm.EDIT_EMPLOYMENT) or assignment.mentor.person.user_id == request.user.pk):
        raise PermissionDenied
    form = AcknowledgeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter the date the mentor signed."))
        return redirect(assignment)
    try:
        services.assignment_acknowledge(assignment, on=form.cleaned_data["on"])
    except ValidationError as error:
        flash_errors(request, error)
    else:
        _log(request, Action.ASSIGNMENT_ACKNOWLEDGED, assignment)
        messages.success(request, _("The mentor's signature is recorded: the agreement is in force."))
    return redirect(assignment)


@require_POST
@organization_view(Perm.EDIT_EMPLOYMENT)
def scan_upload(request, pk):
    assignment = _assignment(request, pk)
    form = ScanForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect(assignment)
    try:
        services.assignment_attach_scan(assignment, file=form.cleaned_data["scan"])
    except ValidationError as error:
        flash_errors(request, error)
    else:
        _log(request, Action.ASSIGNMENT_SCAN, assignment)
        messages.success(request, _("The scan of the signed agreement is attached."))
    return redirect(assignment)


@organization_view(Perm.VIEW_EMPLOYMENT)
def scan(request, pk):
    assignment = _assignment(request, pk)
    if not assignment.scan:
        raise Http404
    suffix = assignment.scan.name.rsplit(".", 1)[-1]
    name = f"{documents.file_stem(assignment, 'agreement')}-scan.{suffix}"
    return uploads.private(FileResponse(assignment.scan.open("rb"), as_attachment=True, filename=name))


@organization_view(Perm.EDIT_EMPLOYMENT)
def end_early(request, pk):
    """Two steps: the curator enters who ends it, the notice and the reason; the page shows the last
    day counted on the production calendar; the curator confirms."""
    assignment = _assignment(request, pk)
    form = EndEarlyForm(request.POST or None, initial={"by": EndedBy.EMPLOYER})
    ended_on = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            ended_on = services.early_end_date(
                assignment, by=data["by"], notice_on=data["notice_on"], ended_on=data["ended_on"]
            )
            if "confirm" in request.POST:
                services.assignment_end_early(
                    assignment,
                    by=data["by"],
                    notice_on=data["notice_on"],
                    ended_on=data["ended_on"],
                    reason=data["reason"],
                )
        except ValidationError as error:
            ended_on = None
            for message in error.messages:
                form.add_error(None, message)
        else:
            if "confirm" in request.POST:
                _log(request, Action.ASSIGNMENT_ENDED_EARLY, assignment)
                if warning := services.early_end_warning(ended_on):
                    messages.warning(request, warning)
                messages.success(
                    request,
                    _(
                        "The mentoring ends on %(date)s; its pay stops after that day. "
                        "Choose a new mentor for the mentees."
                    )
                    % {"date": documents.long_date(ended_on)},
                )
                return redirect(assignment)
    return render(
        request,
        "employment/end_early.html",
        {
            "assignment": assignment,
            "form": form,
            "ended_on": ended_on,
            "long_end": documents.long_date(ended_on),
            "warning": services.early_end_warning(ended_on),
        },
    )


@require_POST
@organization_view(Perm.EDIT_EMPLOYMENT)
def draft_order(request, pk):
    assignment = _assignment(request, pk)
    try:
        order = services.assignment_order(assignment, user=request.user)
    except ValidationError as error:
        flash_errors(request, error)
        return redirect(assignment)
    messages.success(request, _("The order on payments for mentoring is drafted: check it and send it for signature."))
    return redirect(order)


# --- Rules of pay and the month's statement ---------------------------------------------------------------------


@organization_view(Perm.VIEW_PAY)
def pay_rules(request):
    form = PayRuleForm(request.POST or None, organization=request.organization)
    if request.method == "POST" and form.is_valid():
        rule = form.save()
        audit_log(request, action=Action.PAY_RULE_CHANGED, organization=request.organization, obj=rule)
        messages.success(request, _("The rule of pay «%(name)s» is added.") % {"name": rule.name})
        return redirect("employment:pay_rules", org_slug=request.organization.slug)
    rules = PayRule.objects.of(request.organization).select_related("form")
    return render(request, "employment/pay_rules.html", {"rules": rules, "form": form})


@organization_view(Perm.VIEW_PAY)
def pay_rule_edit(request, pk):
    rule = get_object_or_404(PayRule.objects.of(request.organization), pk=pk)
    used = rule.is_used_by_signed()
    form = PayRuleForm(request.POST or None, instance=rule, organization=request.organization)
    if request.method == "POST" and form.is_valid():
        rule = form.save()
        audit_log(request, action=Action.PAY_RULE_CHANGED, organization=request.organization, obj=rule)
        messages.success(request, _("The rule of pay «%(name)s» is saved.") % {"name": rule.name})
        return redirect("employment:pay_rules", org_slug=request.organization.slug)
    return render(request, "employment/pay_rule_form.html", {"form": form, "rule": rule, "used": used})


@require_POST
@organization_view(Perm.VIEW_PAY)
def pay_rule_delete(request, pk):
    rule = get_object_or_404(PayRule.objects.of(request.organization), pk=pk)
    name = rule.name
    try:
        rule.delete()
    except ProtectedError:
        messages.error(
            request, _("The rule «%(name)s» is cited by assignments and cannot be deleted.") % {"name": name}
        )
    else:
        audit_log(request, action=Action.PAY_RULE_CHANGED, organization=request.organization, label=name)
        messages.success(request, _("The rule of pay «%(name)s» is deleted.") % {"name": name})
    return redirect("employment:pay_rules", org_slug=request.organization.slug)


@organization_view(Perm.VIEW_PAY)
def statement(request):
    today = timezone.localdate()
    form = MonthForm(request.GET or {"month": f"{today:%Y-%m}"})
    rows, year, month = [], today.year, today.month
    if form.is_valid():
        year, month = form.cleaned_data["month"]
        rows = figures.statement(request.organization, year, month)
    if request.GET.get("format") == "xlsx" and form.is_valid():
        response = HttpResponse(statements.xlsx_bytes(request.organization, year, month, rows=rows), content_type=XLSX)
        response["Content-Disposition"] = content_disposition_header(
            True, f"{request.organization.slug}-nastavnichestvo-{year}-{month:02d}.xlsx"
        )
        audit_log(
            request,
            action=Action.PAY_STATEMENT_DOWNLOADED,
            organization=request.organization,
            label=statements.month_title(year, month),
        )
        return uploads.private(response)
    return render(
        request,
        "employment/statement.html",
        {
            "form": form,
            "rows": rows,
            "year": year,
            "month": month,
            "month_title": statements.month_title(year, month),
            "grand_total": sum((r.total for r in rows), 0),
            "pro_rata": figures.PRO_RATA_RULE,
        },
    )
