"""Operations on employees' mentoring: draft the assignment, sign its agreement, record the mentor's
copy, draft its order, end it early with notice, and close terms that ran out."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from mentoring.models import ConsentKind, MenteeCategory, MentorCategory, MentoringForm, Organization, PairStatus

from . import calendar, documents, figures
from .models import Assignment, PayMethod, Status

# Under ст. 351.8 ТК РФ an employee mentors employees: a young teacher or a new employee, never a pupil.
EMPLOYEE_MENTEES = (MenteeCategory.YOUNG_TEACHER, MenteeCategory.NEW_EMPLOYEE)


def mentor_problems(*, organization, mentor):
    """What stops this mentor from mentoring as an employee here, in Russian; empty when nothing does."""
    problems = []
    if mentor.person.organization_id != organization.pk:
        problems.append(_("The mentor is not of this organization."))
    if mentor.category != MentorCategory.TEACHER:
        problems.append(_("Only an employee (a teacher) mentors under an additional agreement to the labour contract."))
    if mentor.person.valid_consent(ConsentKind.MENTORING) is None:
        problems.append(
            _("There is no written consent of the teacher to mentor on record (ТК РФ ст. 351.8): record it first.")
        )
    return problems


def overlapping(*, mentor, pairs, starts_on, ends_on, exclude=None):
    """The mentor's other signed assignments (not drafts, not those never concluded) that cover any of
    `pairs` on a day of [starts_on, ends_on], counted to their real last day: a mentor is paid for a pair
    under one agreement at a time. (Another mentor's agreement on the same pair is paid only for the days
    that mentor held it: `figures.tenure`.)"""
    found = (
        Assignment.objects.filter(mentor=mentor, pairs__in=pairs, starts_on__lte=ends_on)
        .exclude(status__in=[Status.DRAFT, Status.NOT_CONCLUDED])
        .filter(Q(ended_on__gte=starts_on) | Q(ended_on__isnull=True, ends_on__gte=starts_on))
        .distinct()
        .order_by("starts_on", "pk")
    )
    return found.exclude(pk=exclude.pk) if exclude is not None else found


def assignment_problems(
    *, organization, mentor, pairs, form, pay_rule, starts_on, ends_on, salary, pairs_working=True, assignment=None
):
    """What stops these from being an assignment, in Russian; empty when nothing does. At signing a
    pair that ended since the draft is still the agreement's (`pairs_working=False`), and `assignment`
    is the one being signed (not its own overlap)."""
    problems = mentor_problems(organization=organization, mentor=mentor)
    if not pairs:
        problems.append(_("Choose at least one of the mentor's pairs or groups."))
    for pair in pairs:
        if pair.mentor_id != mentor.pk or pair.program.organization_id != organization.pk:
            problems.append(_("The pair «%(pair)s» is not this mentor's.") % {"pair": pair})
        elif pairs_working and pair.status != PairStatus.ACTIVE:
            problems.append(_("The pair «%(pair)s» is no longer working.") % {"pair": pair})
        elif pair.form.audience != MentoringForm.Audience.TEACHERS or any(
            member.mentee.category not in EMPLOYEE_MENTEES for member in pair.members.all() if member.left_on is None
        ):
            problems.append(
                _(
                    "The pair «%(pair)s» is not one of employees: under ТК РФ ст. 351.8 a teacher mentors a young "
                    "teacher or a new employee in a teachers' form, not pupils."
                )
                % {"pair": pair}
            )
    if pay_rule.organization_id != organization.pk:
        problems.append(_("The rule of pay is not of this organization."))
    if pay_rule.form_id and pay_rule.form_id != form.pk:
        problems.append(_("The rule of pay «%(rule)s» is for another form of mentoring.") % {"rule": pay_rule})
    if pay_rule.method == PayMethod.SALARY_SHARE and not salary:
        problems.append(_("The pay is a share of the salary: enter the salary."))
    if starts_on and ends_on and ends_on < starts_on:
        problems.append(_("The term ends before it starts."))
    elif pairs and starts_on and ends_on:
        for other in overlapping(mentor=mentor, pairs=pairs, starts_on=starts_on, ends_on=ends_on, exclude=assignment):
            problems.append(
                _(
                    "The agreement № %(number)s (%(start)s – %(end)s) already covers these mentees over the same "
                    "days: a pair is paid under one agreement at a time. End it early or choose other dates."
                )
                % {
                    "number": other.number,
                    "start": documents.long_date(other.starts_on),
                    "end": documents.long_date(other.last_day),
                }
            )
    return problems


@transaction.atomic
def assignment_create(
    *, organization, mentor, pairs, form, content, starts_on, ends_on, pay_rule, salary=None, contract="", user=None
):
    problems = assignment_problems(
        organization=organization,
        mentor=mentor,
        pairs=pairs,
        form=form,
        pay_rule=pay_rule,
        starts_on=starts_on,
        ends_on=ends_on,
        salary=salary,
    )
    if problems:
        raise ValidationError(problems)
    assignment = Assignment.objects.create(
        organization=organization,
        mentor=mentor,
        form=form,
        content=content,
        starts_on=starts_on,
        ends_on=ends_on,
        pay_rule=pay_rule,
        salary=salary,
        contract=contract,
        created_by=user,
    )
    assignment.pairs.set(pairs)
    return assignment


def _locked(assignment):
    return Assignment.objects.select_for_update().get(pk=assignment.pk)


def _next_number(organization, year):
    """«3/2026»: the organization's agreements are numbered within the year, under a row lock on the
    organization so that two signatures at once do not take the same number."""
    Organization.objects.select_for_update().get(pk=organization.pk)
    numbers = Assignment.objects.of(organization).filter(number__endswith=f"/{year}").values_list("number", flat=True)
    used = [int(n.split("/")[0]) for n in numbers if n.split("/")[0].isdecimal()]
    return f"{max(used, default=0) + 1}/{year}"


@transaction.atomic
def assignment_sign(assignment, *, user):
    """The head signs the agreement in the portal: it gets its number and what it prints is frozen."""
    assignment = _locked(assignment)
    if assignment.status != Status.DRAFT:
        raise ValidationError(_("The agreement is signed already."))
    # The organization's row lock (as for the number): two drafts of the same pairs signed at once are
    # checked one after the other, so the second sees the first.
    Organization.objects.select_for_update().get(pk=assignment.organization_id)
    problems = assignment_problems(
        organization=assignment.organization,
        mentor=assignment.mentor,
        pairs=list(assignment.pairs.select_related("program", "form").prefetch_related("members__mentee")),
        form=assignment.form,
        pay_rule=assignment.pay_rule,
        starts_on=assignment.starts_on,
        ends_on=assignment.ends_on,
        salary=assignment.salary,
        pairs_working=False,
        assignment=assignment,
    )
    if problems:
        raise ValidationError(problems)
    now = timezone.now()
    assignment.freeze_pay(figures.monthly_rate(assignment))
    assignment.number = _next_number(assignment.organization, timezone.localdate(now).year)
    assignment.signed_at = now
    assignment.signed_by = user
    assignment.status = Status.SIGNED
    assignment.snapshot = documents.agreement_content(assignment)
    assignment.save()
    return assignment


@transaction.atomic
def assignment_acknowledge(assignment, *, on):
    """The mentor signed their copy (on paper, or shown it in the portal): the agreement is in force."""
    assignment = _locked(assignment)
    if assignment.status != Status.SIGNED:
        raise ValidationError(_("The mentor signs the agreement after the head has signed it."))
    if on > timezone.localdate():
        raise ValidationError(_("The date of the mentor's signature cannot be in the future."))
    if on < timezone.localdate(assignment.signed_at):
        raise ValidationError(_("The mentor cannot sign before the head has signed."))
    assignment.acknowledged_on = on
    assignment.status = Status.ACTIVE
    assignment.save(update_fields=["acknowledged_on", "status"])
    return assignment


def assignment_attach_scan(assignment, *, file):
    if assignment.is_draft:
        raise ValidationError(_("Attach the scan of the agreement once it is signed."))
    assignment.scan.save(file.name, file, save=False)
    assignment.save(update_fields=["scan"])
    return assignment


@transaction.atomic
def assignment_order(assignment, *, user):
    """The order that assigns the mentoring and sets its pay: the organization's order «Об установлении
    выплат за наставничество» for the program of the assignment's pairs, drafted from live data."""
    from orders.services import order_create

    assignment = _locked(assignment)
    if assignment.order_id:
        raise ValidationError(_("The order is drafted already."))
    if assignment.is_draft:
        raise ValidationError(_("Draft the order after the agreement is signed."))
    pair = assignment.pairs.select_related("program").first()
    if pair is None:
        raise ValidationError(_("The assignment has no pair, so no program for the order."))
    order = order_create(program=pair.program, kind="payments", user=user)
    assignment.order = order
    assignment.save(update_fields=["order"])
    return order


def early_end_date(assignment, *, by, notice_on, ended_on=None):
    """The last day an early end with this notice gives, or a ValidationError saying in Russian why it
    cannot be. Either side gives written notice at least three working days before the end (ч. 3
    ст. 351.8 ТК РФ applies to the employer and to the mentor alike; `calendar.earliest_early_end`):
    without a date, the end is the earliest the notice allows; a date before it is refused, saying which
    day is the earliest. The notice is dated today or in the past, never in the future; an end before the
    term starts is refused (the mentoring has not begun). Shown to the curator before they confirm, and
    checked again when they do."""
    if not assignment.is_in_force:
        raise ValidationError(_("Only an agreement in force can be ended early."))
    if notice_on > timezone.localdate():
        raise ValidationError(_("The day of the notice cannot be in the future: enter the day it was given."))
    if notice_on < timezone.localdate(assignment.signed_at):
        raise ValidationError(_("The notice cannot come before the agreement was signed."))
    try:
        earliest = calendar.earliest_early_end(notice_on)
    except calendar.CalendarMissing as error:
        raise ValidationError(str(error)) from error
    if ended_on is None:
        ended_on = earliest
    elif ended_on < earliest:
        raise ValidationError(
            _(
                "The notice of %(notice)s allows the end on %(earliest)s at the earliest: at least three working "
                "days of the production calendar must pass after the day of notice (ТК РФ ст. 351.8)."
            )
            % {"notice": documents.long_date(notice_on), "earliest": documents.long_date(earliest)}
        )
    if ended_on < assignment.starts_on:
        raise ValidationError(
            _(
                "The mentoring has not started yet: its term begins on %(start)s, and the end on %(end)s would come "
                "before it. An agreement that should not take effect is not ended early."
            )
            % {"start": documents.long_date(assignment.starts_on), "end": documents.long_date(ended_on)}
        )
    if ended_on >= assignment.ends_on:
        raise ValidationError(
            _("The term ends on %(end)s anyway: an early end must come before it.")
            % {"end": documents.long_date(assignment.ends_on)}
        )
    return ended_on


def early_end_warning(ended_on):
    """What the curator is told before confirming an end in the past, in Russian; empty otherwise."""
    if ended_on and ended_on < timezone.localdate():
        return _(
            "The last day, %(date)s, is in the past: the pay of the months after it that was already counted "
            "changes, so tell the accountant."
        ) % {"date": documents.long_date(ended_on)}
    return ""


@transaction.atomic
def assignment_end_early(assignment, *, by, notice_on, ended_on=None, reason):
    """End the mentoring before its term (the last day as `early_end_date` gives it). The pay stops
    after the end; the pairs' planned end becomes that day, and the assignment's page offers the
    mentees a new mentor (the pairs' replacement)."""
    assignment = _locked(assignment)
    if not reason.strip():
        raise ValidationError(_("Give the reason for the early end."))
    ended_on = early_end_date(assignment, by=by, notice_on=notice_on, ended_on=ended_on)
    assignment.status = Status.ENDED_EARLY
    assignment.ended_by = by
    assignment.notice_on = notice_on
    assignment.ended_on = ended_on
    assignment.end_reason = reason.strip()
    assignment.save()
    for pair in assignment.pairs.filter(status=PairStatus.ACTIVE, mentor=assignment.mentor):
        if pair.ends_on is None or pair.ends_on > ended_on:
            pair.ends_on = max(ended_on, pair.started_on)
            pair.save(update_fields=["ends_on"])
    return assignment


def assignments_close_expired(today, *, organizations=None):
    """Assignments in force whose term has passed are ended; one the mentor never signed before its term
    passed was never concluded: it becomes «не заключено» (nothing is paid, the page says so). A daily
    run, also safe to repeat; returns how many changed. `organizations`: the (first id, last id) range
    of a chunk of the daily run, or None for all."""
    from notifications.registry import within

    ended = within(Assignment.objects.in_force(), organizations).filter(ends_on__lt=today).update(status=Status.ENDED)
    lapsed = within(Assignment.objects.filter(status=Status.SIGNED, ends_on__lt=today), organizations).update(
        status=Status.NOT_CONCLUDED
    )
    return ended + lapsed
