"""Operations on the bases and pairs that span several models, with the personal-data rules.

Every refusal is a `ValidationError` whose messages say, in the user's language, what is missing.
"""

from copy import copy

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from .changes import figures_changed
from .models import (
    ASSIGNABLE_MENTOR_STATUSES,
    Competency,
    Consent,
    ConsentKind,
    MatchRow,
    MatchRun,
    MatchRunStatus,
    Mentee,
    MenteeCategory,
    MenteeStatus,
    Mentor,
    MentorCategory,
    MentorChange,
    MentoringForm,
    MentorStatus,
    OrganizationKind,
    Pair,
    PairMember,
    PairStatus,
    Person,
)
from .tasks import send_user_email


def email_user(*, user, subject, body, html_body=None):
    """Queue a message to a user once the current transaction commits."""
    transaction.on_commit(lambda: send_user_email.delay(user.pk, subject, body, html_body))


# --- The rules: who may be placed in a pair ---------------------------------------------------------


def mentee_problems(mentee):
    """Why `mentee` may not be placed in a pair now; empty when they may. Uses prefetched consents."""
    person = mentee.person
    problems = []
    if person.is_archived:
        problems.append(_("%(name)s is in the archive.") % {"name": person.full_name})
    if person.valid_consent(ConsentKind.PROCESSING) is None:
        problems.append(
            _("%(name)s has no consent to the processing of personal data on record%(by_parent)s.")
            % {"name": person.full_name, "by_parent": _(" (from a parent)") if person.is_minor else ""}
        )
    return problems


def mentor_problems(mentor):
    """Why `mentor` may not be given mentees now; empty when they may."""
    person = mentor.person
    problems = []
    if person.is_archived or mentor.status == MentorStatus.ARCHIVED:
        problems.append(_("%(name)s is in the archive.") % {"name": person.full_name})
    elif mentor.status not in ASSIGNABLE_MENTOR_STATUSES:
        problems.append(_("%(name)s is a candidate: select them as a mentor first.") % {"name": person.full_name})
    if person.valid_consent(ConsentKind.PROCESSING) is None:
        problems.append(
            _("%(name)s has no consent to the processing of personal data on record.") % {"name": person.full_name}
        )
    if mentor.category == MentorCategory.TEACHER and person.valid_consent(ConsentKind.MENTORING) is None:
        problems.append(
            _("%(name)s is a teacher without a written consent to mentor on record.") % {"name": person.full_name}
        )
    return problems


def mentor_loads(mentor_ids):
    """Mentees each mentor has in working pairs now."""
    rows = (
        PairMember.objects.current()
        .filter(pair__mentor_id__in=mentor_ids)
        .values("pair__mentor_id")
        .annotate(n=Count("pk"))
    )
    return {row["pair__mentor_id"]: row["n"] for row in rows}


def form_fit_problems(form, *, mentor=None, mentees=()):
    """Why `form` cannot join `mentor` with `mentees`: a form names both sides (domain.md, «Forms of
    mentoring»). The one rule behind pairs made by hand, replacements, matching's proposals and orders."""
    problems = []
    if mentor is not None and not form.takes_mentor(mentor.category):
        problems.append(
            _("«%(form)s» is a form for mentors who are %(side)s, and %(name)s is %(category)s.")
            % {
                "form": form.name,
                "side": form.mentor_side_display,
                "name": mentor.person.full_name,
                "category": mentor.get_category_display(),
            }
        )
    for mentee in mentees:
        if not form.takes_mentee(mentee.audience):
            problems.append(
                _("«%(form)s» is a form for %(audience)s, and %(name)s is not.")
                % {"form": form.name, "audience": form.get_audience_display(), "name": mentee.person.full_name}
            )
    return problems


def preferred_forms_problem(forms, *, mentor_category=None, mentee_audience=None):
    """A mentor's or mentee's preferred forms that cannot join them: the same two-sided rule, for the
    base's forms and its import. None when they all fit."""
    wrong = [
        f.name
        for f in forms
        if f is not None
        and (
            (mentor_category is not None and not f.takes_mentor(mentor_category))
            or (mentee_audience is not None and not f.takes_mentee(mentee_audience))
        )
    ]
    if not wrong:
        return None
    return _("These forms are for another kind of participant: %(forms)s.") % {
        "forms": ", ".join(f"«{name}»" for name in wrong)
    }


def category_change_problems(record, category):
    """Why a mentor's or mentee's category cannot become `category`: a working pair's form would no
    longer fit them. Empty when nothing they take part in depends on it."""
    if not record.pk or record.category == category:
        return []
    probe = copy(record)
    probe.category = category
    if isinstance(record, Mentor):
        pairs = Pair.objects.filter(mentor=record, status=PairStatus.ACTIVE).select_related("form")
        return [p for pair in pairs for p in form_fit_problems(pair.form, mentor=probe)]
    memberships = PairMember.objects.current().filter(mentee=record).select_related("pair__form")
    return [p for m in memberships for p in form_fit_problems(m.pair.form, mentees=[probe])]


def _form_problems(program, form, mentees, mentor=None):
    problems = []
    if not program.forms.filter(pk=form.pk).exists():
        problems.append(_("«%(form)s» is not one of the program's forms.") % {"form": form.name})
    return problems + form_fit_problems(form, mentor=mentor, mentees=mentees)


def _lock_mentor(mentor):
    # Serializes placements with the same mentor, so two curators cannot both take their last place.
    return (
        Mentor.objects.select_for_update()
        .select_related("person")
        .prefetch_related("person__consents")
        .get(pk=mentor.pk)
    )


def _capacity_problem(mentor, adding):
    load = mentor_loads([mentor.pk]).get(mentor.pk, 0)
    if load + adding > mentor.capacity:
        return _("%(name)s already has %(load)d of %(capacity)d mentees: there is no place for %(adding)d more.") % {
            "name": mentor.person.full_name,
            "load": load,
            "capacity": mentor.capacity,
            "adding": adding,
        }
    return None


def _fresh_mentees(mentees):
    return list(
        Mentee.objects.filter(pk__in=[m.pk for m in mentees])
        .select_related("person")
        .prefetch_related("person__consents")
    )


def _placement_problems(mentees):
    problems = []
    for mentee in mentees:
        problems += mentee_problems(mentee)
        if mentee.status != MenteeStatus.APPLIED:
            problems.append(
                _("%(name)s is not waiting for a mentor (status: %(status)s).")
                % {"name": mentee.person.full_name, "status": mentee.get_status_display()}
            )
    return problems


def _place(pair, mentees, on):
    try:
        with transaction.atomic():
            PairMember.objects.bulk_create([PairMember(pair=pair, mentee=m, joined_on=on) for m in mentees])
    except IntegrityError:
        # The unique constraint caught a mentee placed by someone else a moment ago.
        raise ValidationError(_("One of the mentees has just been placed in another pair.")) from None
    Mentee.objects.filter(pk__in=[m.pk for m in mentees]).update(status=MenteeStatus.PAIRED)
    figures_changed.send(sender=PairMember, pair=pair.pk)


@transaction.atomic
def create_pair(*, program, mentor, mentees, form, started_on, ends_on=None, goal="", user=None):
    """Form a pair (one mentee) or a group (several). All rules are checked before anything is saved."""
    if not mentees:
        raise ValidationError(_("Choose at least one mentee."))
    mentor = _lock_mentor(mentor)
    mentees = _fresh_mentees(mentees)
    organization_id = program.organization_id
    if mentor.person.organization_id != organization_id or any(
        m.person.organization_id != organization_id for m in mentees
    ):
        raise ValidationError(_("The mentor and the mentees must belong to the program's organization."))
    problems = mentor_problems(mentor) + _placement_problems(mentees) + _form_problems(program, form, mentees, mentor)
    capacity = _capacity_problem(mentor, len(mentees))
    if capacity:
        problems.append(capacity)
    if ends_on and ends_on < started_on:
        problems.append(_("The planned end is before the start."))
    if problems:
        raise ValidationError(problems)
    pair = Pair.objects.create(
        program=program,
        form=form,
        mentor=mentor,
        started_on=started_on,
        ends_on=ends_on,
        goal=goal,
        created_by=user,
    )
    _place(pair, mentees, started_on)
    if mentor.status != MentorStatus.ACTIVE:
        Mentor.objects.filter(pk=mentor.pk).update(status=MentorStatus.ACTIVE)
    return pair


@transaction.atomic
def add_mentee(pair, mentee, *, on=None):
    """Join another mentee to a working pair, which makes it a group."""
    on = on or timezone.localdate()
    if not pair.is_active:
        raise ValidationError(_("The pair is no longer working."))
    mentor = _lock_mentor(pair.mentor)
    mentees = _fresh_mentees([mentee])
    problems = _placement_problems(mentees) + _form_problems(pair.program, pair.form, mentees)
    capacity = _capacity_problem(mentor, 1)
    if capacity:
        problems.append(capacity)
    if problems:
        raise ValidationError(problems)
    _place(pair, mentees, on)


def _release(pair, on, mentee_status):
    members = list(pair.members.filter(left_on__isnull=True).select_related("mentee"))
    PairMember.objects.filter(pk__in=[m.pk for m in members]).update(left_on=on)
    finished = {"finished_on": on} if mentee_status != MenteeStatus.APPLIED else {"finished_on": None}
    Mentee.objects.filter(pk__in=[m.mentee_id for m in members], status=MenteeStatus.PAIRED).update(
        status=mentee_status, **finished
    )


@transaction.atomic
def complete_pair(pair, *, finished_on, result, rating=None, case="", case_for_bank=False):
    if not pair.is_active:
        raise ValidationError(_("The pair is no longer working."))
    if finished_on < pair.started_on:
        raise ValidationError(_("The pair cannot finish before it started."))
    pair.status = PairStatus.COMPLETED
    pair.finished_on = finished_on
    pair.result = result
    pair.rating = rating
    pair.case = case
    pair.case_for_bank = case_for_bank
    pair.save()
    _release(pair, finished_on, MenteeStatus.COMPLETED)
    _withdraw_reminders(pair)
    Mentee.objects.filter(pk__in=pair.members.values("mentee_id"), results="").update(results=result)


@transaction.atomic
def terminate_pair(pair, *, on, reason):
    """Early termination («досрочное прекращение»): the mentees go back to waiting for a mentor."""
    if not pair.is_active:
        raise ValidationError(_("The pair is no longer working."))
    if not reason.strip():
        raise ValidationError(_("Give the reason for the early termination."))
    if on < pair.started_on:
        raise ValidationError(_("The pair cannot finish before it started."))
    pair.status = PairStatus.TERMINATED
    pair.finished_on = on
    pair.termination_reason = reason
    pair.save()
    _release(pair, on, MenteeStatus.APPLIED)
    _withdraw_reminders(pair)


def _withdraw_reminders(pair):
    """A finished pair is reminded of nothing more («no meeting for weeks» and the like)."""
    from notifications.services import notifications_withdraw

    notifications_withdraw(subject=f"pair:{pair.pk}")


@transaction.atomic
def replace_mentor(pair, *, new_mentor, on, reason, user=None):
    if not pair.is_active:
        raise ValidationError(_("The pair is no longer working."))
    if new_mentor.pk == pair.mentor_id:
        raise ValidationError(_("This is the pair's mentor already."))
    if not reason.strip():
        raise ValidationError(_("Give the reason for the replacement."))
    new_mentor = _lock_mentor(new_mentor)
    if new_mentor.person.organization_id != pair.program.organization_id:
        raise ValidationError(_("The mentor and the mentees must belong to the program's organization."))
    problems = mentor_problems(new_mentor) + form_fit_problems(pair.form, mentor=new_mentor)
    capacity = _capacity_problem(new_mentor, pair.members.filter(left_on__isnull=True).count())
    if capacity:
        problems.append(capacity)
    if problems:
        raise ValidationError(problems)
    MentorChange.objects.create(
        pair=pair,
        previous_mentor_id=pair.mentor_id,
        new_mentor=new_mentor,
        changed_on=on,
        reason=reason,
        recorded_by=user,
    )
    pair.mentor = new_mentor
    pair.save(update_fields=["mentor"])
    if new_mentor.status != MentorStatus.ACTIVE:
        Mentor.objects.filter(pk=new_mentor.pk).update(status=MentorStatus.ACTIVE)


def change_mentor_status(mentor, status):
    if not mentor.can_move_to(status):
        raise ValidationError(
            _("A mentor cannot go from «%(old)s» to «%(new)s».")
            % {"old": mentor.get_status_display(), "new": MentorStatus(status).label}
        )
    if status == MentorStatus.ARCHIVED and mentor_loads([mentor.pk]):
        raise ValidationError(_("The mentor still has working pairs: complete them or replace the mentor first."))
    mentor.status = status
    mentor.save(update_fields=["status"])


# --- Consents -----------------------------------------------------------------------------------------


@transaction.atomic
def record_consent(consent, user=None):
    """Save a new consent; one of a kind stays in force at a time."""
    if consent.person.consents.in_force().filter(kind=consent.kind).exists():
        raise ValidationError(
            _("A consent of this kind is already in force. Revoke it first if a new one replaces it.")
        )
    consent.full_clean()
    consent.created_by = user
    consent.save()
    return consent


@transaction.atomic
def revoke_consent(consent, *, on=None, scan=None):
    """Revocation stops processing: without a processing consent the person is archived, leaves their
    pairs and disappears from exports; without the consent to mentor, a teacher leaves the mentor base.
    `on` is the date of the revocation (today by default, never in the future), `scan` the signed
    revocation if there is one. The consent stays on record as history. Returns the working pairs that
    now need a new mentor."""
    on = on or timezone.localdate()
    # The row is locked so that two revocations at once record one.
    if not Consent.objects.select_for_update().get(pk=consent.pk).in_force:
        raise ValidationError(_("The consent is already revoked."))
    if on > timezone.localdate():
        raise ValidationError(_("The revocation cannot be dated in the future."))
    if on < consent.given_on:
        raise ValidationError(_("A consent cannot be revoked before it was given."))
    consent.revoked_on = on
    fields = ["revoked_on"]
    if scan:
        consent.revocation_scan = scan
        fields.append("revocation_scan")
    consent.save(update_fields=fields)
    person = consent.person
    orphaned = []
    if consent.kind == ConsentKind.PROCESSING:
        person.archived_on = on
        person.archive_reason = _("The consent to the processing of personal data was revoked.")
        person.save(update_fields=["archived_on", "archive_reason"])
        mentee = Mentee.objects.filter(person=person).first()
        if mentee:
            for member in PairMember.objects.current().filter(mentee=mentee).select_related("pair"):
                member.left_on = on
                member.save(update_fields=["left_on"])
                if not member.pair.members.filter(left_on__isnull=True).exists():
                    terminate_pair(member.pair, on=on, reason=person.archive_reason)
            if mentee.status in (MenteeStatus.APPLIED, MenteeStatus.PAIRED):
                Mentee.objects.filter(pk=mentee.pk).update(status=MenteeStatus.LEFT, finished_on=on)
    if consent.kind in (ConsentKind.PROCESSING, ConsentKind.MENTORING):
        mentor = Mentor.objects.filter(person=person).first()
        if mentor and (consent.kind == ConsentKind.PROCESSING or mentor.category == MentorCategory.TEACHER):
            orphaned = list(Pair.objects.active().filter(mentor=mentor))
            Mentor.objects.filter(pk=mentor.pk).update(status=MentorStatus.ARCHIVED)
    return orphaned


@transaction.atomic
def enter_base(person, record, consent, *, m2m_form=None, mentoring_consent_on=None, user=None):
    """Enter a new person into a base: the person, their mentee or mentor record and the processing
    consent they enter with, saved together or not at all."""
    person.save()
    consent.person = person
    consent.full_clean()
    consent.created_by = user
    consent.save()
    if mentoring_consent_on:
        Consent.objects.create(
            person=person, kind=ConsentKind.MENTORING, given_on=mentoring_consent_on, created_by=user
        )
    record.person = person
    record.save()
    if m2m_form is not None:
        m2m_form.save_m2m()
    return record


# --- One person, many roles -----------------------------------------------------------------------------


COLLEGE = OrganizationKind.COLLEGE


@transaction.atomic
def enter_mentor_base(person):
    """A person already in the bases (say, a finished mentee) becomes a mentor candidate."""
    if Mentor.objects.filter(person=person).exists():
        raise ValidationError(_("%(name)s is already in the mentor base.") % {"name": person.full_name})
    if person.is_archived:
        raise ValidationError(_("%(name)s is in the archive.") % {"name": person.full_name})
    mentee = Mentee.objects.filter(person=person).first()
    if mentee and mentee.status in (MenteeStatus.APPLIED, MenteeStatus.PAIRED):
        raise ValidationError(
            _("%(name)s is still a mentee: complete their mentoring first.") % {"name": person.full_name}
        )
    if person.grade:
        category = MentorCategory.STUDENT
    elif mentee and mentee.category == MenteeCategory.STUDENT and person.organization.kind == COLLEGE:
        category = MentorCategory.COLLEGE_STUDENT  # a college's own student mentors in «студент – студент»
    elif mentee and mentee.category in (MenteeCategory.YOUNG_TEACHER, MenteeCategory.NEW_EMPLOYEE):
        category = MentorCategory.TEACHER
    else:
        category = MentorCategory.GRADUATE if mentee else MentorCategory.TEACHER
    return Mentor.objects.create(
        person=person,
        category=category,
        capacity=person.organization.default_mentor_capacity,
        workplace=person.class_name or person.position,
    )


def person_history(person):
    """What a person's page shows: their pairs as mentor and as mentee, newest first."""
    as_mentor = (
        Pair.objects.filter(mentor__person=person)
        .select_related("program", "form")
        .prefetch_related("members__mentee__person")
        .order_by("-started_on")
    )
    as_mentee = (
        PairMember.objects.filter(mentee__person=person)
        .select_related("pair__program", "pair__form", "pair__mentor__person")
        .order_by("-joined_on")
    )
    return list(as_mentor), list(as_mentee)


# --- Matching -----------------------------------------------------------------------------------------


def _weekdays(values):
    return frozenset(values or ())


def _mentor_pool(organization):
    return list(
        Mentor.objects.of(organization)
        .current()
        .filter(status__in=ASSIGNABLE_MENTOR_STATUSES)
        .select_related("person")
        .prefetch_related("competencies", "preferred_forms", "person__consents")
    )


def matching_pool(program):
    """The mentees waiting for a mentor and the mentors who may take them, with everything scoring needs."""
    mentees = list(
        Mentee.objects.of(program.organization)
        .waiting()
        .select_related("person")
        .prefetch_related("needs", "person__consents")
    )
    return mentees, _mentor_pool(program.organization)


def usable_mentor_ids(program):
    """Mentors who may be given mentees now: the choices for a hand-made fix of a proposal."""
    return [m.pk for m in _mentor_pool(program.organization) if not mentor_problems(m)]


def _mentee_input(mentee):
    from . import matching

    problems = mentee_problems(mentee)
    person = mentee.person
    return matching.MenteeIn(
        id=mentee.pk,
        audience=mentee.audience,
        needs=frozenset(c.pk for c in mentee.needs.all()),
        preferred_form=mentee.preferred_form_id,
        age=person.age(),
        subject=person.subject,
        availability=_weekdays(mentee.availability),
        eligible=not problems,
        ineligible_reason=" ".join(problems),
    )


def _mentor_input(mentor, load):
    from . import matching

    person = mentor.person
    return matching.MentorIn(
        id=mentor.pk,
        category=mentor.category,
        competencies=frozenset(c.pk for c in mentor.competencies.all()),
        forms=frozenset(f.pk for f in mentor.preferred_forms.all()),
        age_from=mentor.desired_age_from,
        age_to=mentor.desired_age_to,
        subject=person.subject,
        availability=_weekdays(mentor.availability),
        capacity=mentor.capacity,
        load=load,
        audiences=_mentor_audiences(mentor),
        name=person.full_name,
    )


def _mentor_audiences(mentor):
    """Whom a mentor may take: teachers mentor students and colleagues; pupils, students, employers'
    specialists, graduates and parents mentor students."""
    if mentor.category == MentorCategory.TEACHER:
        return frozenset(MentoringForm.Audience.values)
    return frozenset({MentoringForm.Audience.STUDENTS})


@transaction.atomic
def run_matching(program, *, weights, locked=None, user=None):
    """Propose the optimal pairing of the program's waiting mentees and save it for the curator."""
    from . import matching

    mentees, mentors = matching_pool(program)
    usable = [m for m in mentors if not mentor_problems(m)]
    loads = mentor_loads([m.pk for m in usable])
    program_forms = {
        f.pk: matching.FormIn(audience=f.audience, mentors=frozenset(f.mentor_categories), name=f.name)
        for f in program.forms.all()
    }
    names = dict(Competency.available_to(program.organization).values_list("pk", "name"))
    try:
        proposal = matching.propose(
            [_mentee_input(m) for m in mentees],
            [_mentor_input(m, loads.get(m.pk, 0)) for m in usable],
            program_forms,
            weights,
            locked=locked or {},
            competency_names=names,
        )
    except matching.LockError as error:
        raise ValidationError(str(error)) from None
    run = MatchRun.objects.create(program=program, weights=weights.as_dict(), total=proposal.total, created_by=user)
    rows = [
        MatchRow(
            run=run,
            mentee_id=match.mentee_id,
            mentor_id=match.mentor_id,
            form_id=match.form_id,
            points=match.points,
            reasons=list(match.reasons),
            locked=match.locked,
        )
        for match in proposal.matches
    ]
    rows += [
        MatchRow(run=run, mentee_id=mentee_id, reasons=list(reasons))
        for mentee_id, reasons in proposal.unmatched.items()
    ]
    MatchRow.objects.bulk_create(rows)
    return run


@transaction.atomic
def accept_matches(run, mentee_ids, *, started_on, user=None):
    """Turn the chosen rows of a proposal into pairs, all or none."""
    if run.status != MatchRunStatus.PROPOSED:
        raise ValidationError(_("This proposal has already been accepted or rejected."))
    rows = list(
        run.rows.filter(mentee_id__in=mentee_ids, mentor__isnull=False).select_related("mentor", "mentee", "form")
    )
    if not rows:
        raise ValidationError(_("Tick at least one proposed pair to accept."))
    problems = []
    for row in rows:
        try:
            row.pair = create_pair(
                program=run.program,
                mentor=row.mentor,
                mentees=[row.mentee],
                form=row.form,
                started_on=started_on,
                user=user,
            )
        except ValidationError as error:
            problems += error.messages
    if problems:
        raise ValidationError(problems)
    MatchRow.objects.bulk_update(rows, ["pair"])
    run.status = MatchRunStatus.ACCEPTED
    run.save(update_fields=["status"])
    return [row.pair for row in rows]


def reject_matches(run):
    if run.status != MatchRunStatus.PROPOSED:
        raise ValidationError(_("This proposal has already been accepted or rejected."))
    run.status = MatchRunStatus.REJECTED
    run.save(update_fields=["status"])


def people_for_export(organization):
    """Personal data leaves the portal only for people whose processing consent is in force."""
    return Person.objects.filter(
        organization=organization,
        archived_on__isnull=True,
        pk__in=Consent.objects.in_force().filter(kind=ConsentKind.PROCESSING).values("person_id"),
    )
