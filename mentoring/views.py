"""The mentee and mentor bases, consents and people's pages."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audit.models import Action
from audit.services import audit_log

from . import services, uploads
from .access import Perm, has_perm, organization_view
from .forms import (
    BaseFilterForm,
    CompetencyForm,
    ConsentForm,
    EntryConsentForm,
    MenteeForm,
    MentorForm,
    MentoringConsentForm,
    PersonForm,
    RevocationForm,
    TrainingForm,
)
from .models import (
    Competency,
    Consent,
    ConsentKind,
    Mentee,
    MenteeCategory,
    MenteeStatus,
    Mentor,
    MentorCategory,
    MentorStatus,
    MentorTraining,
    PairMember,
    Person,
)


def flash_errors(request, error):
    for message in error.messages:
        messages.error(request, message)


def _person(request, pk):
    return get_object_or_404(Person.objects.filter(organization=request.organization), pk=pk)


def _current_pairs():
    return Prefetch(
        "memberships",
        queryset=PairMember.objects.current().select_related("pair__mentor__person", "pair__form"),
        to_attr="current_memberships",
    )


def _filtered(queryset, form, search_fields, tag_field):
    if not form.is_valid():
        return queryset
    data = form.cleaned_data
    if data["status"]:
        queryset = queryset.filter(status=data["status"])
    if data["category"]:
        queryset = queryset.filter(category=data["category"])
    if data["tag"]:
        queryset = queryset.filter(**{tag_field: data["tag"]})
    for word in data["q"].split():
        condition = Q()
        for field in search_fields:
            condition |= Q(**{f"{field}__icontains": word})
        queryset = queryset.filter(condition)
    return queryset


@organization_view(Perm.VIEW_BASES)
def mentee_list(request):
    archive = request.GET.get("view") == "archive"
    base = Mentee.objects.of(request.organization)
    mentees = (base.archive() if archive else base.current()).select_related("person", "preferred_form")
    form = BaseFilterForm(
        request.GET or None,
        organization=request.organization,
        statuses=MenteeStatus.choices,
        categories=MenteeCategory.choices,
    )
    mentees = _filtered(
        mentees, form, ["person__last_name", "person__first_name", "request"], "needs"
    ).prefetch_related("needs", "person__consents", _current_pairs())
    return render(
        request,
        "mentoring/mentee_list.html",
        {
            "mentees": mentees,
            "filter_form": form,
            "archive": archive,
            "can_edit": has_perm(request.org_roles, Perm.EDIT_BASES),
            "waiting": base.waiting().count(),
        },
    )


@organization_view(Perm.VIEW_BASES)
def mentor_list(request):
    archive = request.GET.get("view") == "archive"
    base = Mentor.objects.of(request.organization)
    mentors = (base.archive() if archive else base.current()).select_related("person")
    form = BaseFilterForm(
        request.GET or None,
        organization=request.organization,
        statuses=MentorStatus.choices,
        categories=MentorCategory.choices,
    )
    mentors = list(
        _filtered(
            mentors, form, ["person__last_name", "person__first_name", "workplace", "interests"], "competencies"
        ).prefetch_related("competencies", "preferred_forms", "person__consents")
    )
    loads = services.mentor_loads([m.pk for m in mentors])
    for mentor in mentors:
        mentor.load = loads.get(mentor.pk, 0)
    return render(
        request,
        "mentoring/mentor_list.html",
        {
            "mentors": mentors,
            "filter_form": form,
            "archive": archive,
            "can_edit": has_perm(request.org_roles, Perm.EDIT_BASES),
        },
    )


def _enter(request, *, record_form_class, template, heading, with_mentoring_consent):
    organization = request.organization
    person_form = PersonForm(request.POST or None, organization=organization, prefix="person")
    record_form = record_form_class(request.POST or None, organization=organization, prefix="record")
    consent_form = EntryConsentForm(request.POST or None, request.FILES or None, prefix="consent")
    mentoring_form = MentoringConsentForm(request.POST or None, prefix="mentoring") if with_mentoring_consent else None
    forms = [f for f in (person_form, record_form, consent_form, mentoring_form) if f is not None]
    if request.method == "POST" and all(f.is_valid() for f in forms):
        person = person_form.instance
        consent = consent_form.build(person)
        try:
            consent.clean()
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                consent_form.add_error("consent_parent" if field in ("given_by", "giver_name") else None, errors)
        if record_form.instance.category == MenteeCategory.STUDENT and not (person.grade or person.birth_date):
            record_form.add_error("category", _("For a student, give the grade or the date of birth."))
        if not any(f.errors for f in forms):
            record = services.enter_base(
                person,
                record_form.save(commit=False),
                consent,
                m2m_form=record_form,
                mentoring_consent_on=mentoring_form.cleaned_data["mentoring_consent_on"] if mentoring_form else None,
                user=request.user,
            )
            messages.success(request, _("%(name)s is in the base.") % {"name": person.full_name})
            return redirect(record.person)
    return render(
        request,
        template,
        {
            "heading": heading,
            "person_form": person_form,
            "record_form": record_form,
            "consent_form": consent_form,
            "mentoring_form": mentoring_form,
        },
    )


@organization_view(Perm.EDIT_BASES)
def mentee_create(request):
    return _enter(
        request,
        record_form_class=MenteeForm,
        template="mentoring/person_form.html",
        heading=_("New mentee"),
        with_mentoring_consent=False,
    )


@organization_view(Perm.EDIT_BASES)
def mentor_create(request):
    return _enter(
        request,
        record_form_class=MentorForm,
        template="mentoring/person_form.html",
        heading=_("New mentor"),
        with_mentoring_consent=True,
    )


def _edit(request, record, record_form_class, heading):
    person = record.person
    person_form = PersonForm(request.POST or None, instance=person, organization=request.organization, prefix="person")
    record_form = record_form_class(
        request.POST or None, instance=record, organization=request.organization, prefix="record"
    )
    if request.method == "POST" and person_form.is_valid() and record_form.is_valid():
        person_form.save()
        record_form.save()
        messages.success(request, _("Saved."))
        return redirect(person)
    return render(
        request,
        "mentoring/person_form.html",
        {"heading": heading, "person_form": person_form, "record_form": record_form, "person": person},
    )


@organization_view(Perm.EDIT_BASES)
def mentee_edit(request, pk):
    mentee = get_object_or_404(Mentee.objects.of(request.organization).select_related("person"), pk=pk)
    return _edit(request, mentee, MenteeForm, _("Mentee: %(name)s") % {"name": mentee.person.full_name})


@organization_view(Perm.EDIT_BASES)
def mentor_edit(request, pk):
    mentor = get_object_or_404(Mentor.objects.of(request.organization).select_related("person"), pk=pk)
    return _edit(request, mentor, MentorForm, _("Mentor: %(name)s") % {"name": mentor.person.full_name})


@organization_view(Perm.VIEW_BASES)
def person_detail(request, pk):
    person = _person(request, pk)
    audit_log(
        request, action=Action.PERSON_VIEWED, organization=request.organization, obj=person, label=person.full_name
    )
    mentee = Mentee.objects.filter(person=person).prefetch_related("needs").select_related("preferred_form").first()
    mentor = (
        Mentor.objects.filter(person=person).prefetch_related("competencies", "preferred_forms", "trainings").first()
    )
    as_mentor, as_mentee = services.person_history(person)
    can_edit = has_perm(request.org_roles, Perm.EDIT_BASES)
    return render(
        request,
        "mentoring/person_detail.html",
        {
            "person": person,
            "mentee": mentee,
            "mentor": mentor,
            "mentor_load": services.mentor_loads([mentor.pk]).get(mentor.pk, 0) if mentor else 0,
            "consent_kinds": _consent_kinds(person, with_mentoring=mentor is not None),
            "as_mentor": as_mentor,
            "as_mentee": as_mentee,
            "can_edit": can_edit,
            "mentee_problems": services.mentee_problems(mentee) if mentee else [],
            "mentor_problems": services.mentor_problems(mentor) if mentor else [],
        },
    )


# The kinds whose forms are printed (consents.wording.DOCUMENT_KINDS); the consent to mentor is signed on
# the employment documents.
PRINTED_KINDS = (ConsentKind.PROCESSING, ConsentKind.PUBLICATION)


def _consent_kinds(person, *, with_mentoring):
    """Per kind: the consent in force, the history of revoked ones, and whether the portal prints its form."""
    consents = sorted(person.consents.all(), key=lambda c: (c.given_on, c.pk), reverse=True)
    kinds = [
        k for k in ConsentKind if k != ConsentKind.MENTORING or with_mentoring or any(c.kind == k for c in consents)
    ]
    return [
        {
            "kind": kind,
            "current": next((c for c in consents if c.kind == kind and c.in_force), None),
            "history": [c for c in consents if c.kind == kind and not c.in_force],
            "printed": kind in PRINTED_KINDS,
        }
        for kind in kinds
    ]


@organization_view(Perm.EDIT_BASES)
def consent_add(request, pk):
    """«Записать подписанное согласие»: the date, who signed it and the scan of the signed copy."""
    person = _person(request, pk)
    form = ConsentForm(request.POST or None, request.FILES or None, person=person, kind=request.GET.get("kind"))
    if request.method == "POST" and form.is_valid():
        try:
            services.record_consent(form.instance, user=request.user)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("The consent is recorded."))
            return redirect(person)
    return render(
        request,
        "mentoring/simple_form.html",
        {"form": form, "heading": _("Record a signed consent: %(name)s") % {"name": person.full_name}, "back": person},
    )


@organization_view(Perm.EDIT_BASES)
def consent_revoke(request, pk):
    """The revocation of a consent with its date and, if there is one, the scan of the signed revocation.
    The consent stays on record as history."""
    consent = get_object_or_404(
        Consent.objects.filter(person__organization=request.organization).select_related("person"), pk=pk
    )
    if not consent.in_force:
        messages.error(request, _("The consent is already revoked."))
        return redirect(consent.person)
    form = RevocationForm(request.POST or None, request.FILES or None, consent=consent)
    if request.method == "POST" and form.is_valid():
        try:
            orphaned = services.revoke_consent(
                consent, on=form.cleaned_data["revoked_on"], scan=form.cleaned_data.get("revocation_scan")
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("The consent is revoked."))
            if consent.kind == ConsentKind.PROCESSING:
                messages.warning(
                    request,
                    _("%(name)s is in the archive now and is left out of pairs and exports.")
                    % {"name": consent.person.full_name},
                )
            if orphaned:
                messages.warning(
                    request,
                    format_html(
                        _("Replace the mentor in the working pairs with: {pairs}."),
                        pairs=_pair_links(orphaned, request.organization),
                    ),
                )
            return redirect(consent.person)
    heading = _("Revocation of a consent (%(kind)s): %(name)s") % {
        "kind": consent.get_kind_display(),
        "name": consent.person.full_name,
    }
    return render(
        request,
        "mentoring/simple_form.html",
        {
            "form": form,
            "heading": heading,
            "back": consent.person,
            "lead": _("Without a processing consent the person goes to the archive and leaves their pairs.")
            if consent.kind == ConsentKind.PROCESSING
            else "",
        },
    )


def _pair_links(pairs, organization):
    """The pairs as links to them, each named by its current mentees («Волкова Алиса, Ефимов Лев»), for a
    message: a curator knows the pairs by the children in them, not by their numbers."""
    names = {}
    members = (
        PairMember.objects.filter(pair__in=pairs, left_on__isnull=True)
        .select_related("mentee__person")
        .order_by("mentee__person__last_name", "mentee__person__first_name")
    )
    for member in members:
        names.setdefault(member.pair_id, []).append(member.mentee.person.full_name)
    return format_html_join(
        "; ",
        '<a href="{}">{}</a>',
        (
            (
                reverse("mentoring:pair_detail", kwargs={"org_slug": organization.slug, "pk": pair.pk}),
                ", ".join(names.get(pair.pk, [])) or _("a pair without mentees"),
            )
            for pair in pairs
        ),
    )


def _file_response(field, name):
    if not field:
        raise Http404
    return uploads.private(FileResponse(field.open("rb"), as_attachment=True, filename=name))


@organization_view(Perm.VIEW_BASES)
def consent_scan(request, pk):
    return _consent_file(request, pk, "scan", "consent")


@organization_view(Perm.VIEW_BASES)
def consent_revocation_scan(request, pk):
    return _consent_file(request, pk, "revocation_scan", "revocation")


def _consent_file(request, pk, field, stem):
    consent = get_object_or_404(Consent.objects.filter(person__organization=request.organization), pk=pk)
    scan = getattr(consent, field)
    suffix = scan.name.rsplit(".", 1)[-1] if scan else ""
    response = _file_response(scan, f"{stem}-{consent.pk}.{suffix}")
    audit_log(
        request,
        action=Action.CONSENT_SCAN_VIEWED,
        organization=request.organization,
        obj=consent,
        label=f"{consent.person.full_name}: {consent.get_kind_display()}",
    )
    return response


@require_POST
@organization_view(Perm.EDIT_BASES)
def enter_mentor_base(request, pk):
    person = _person(request, pk)
    try:
        mentor = services.enter_mentor_base(person)
    except ValidationError as error:
        flash_errors(request, error)
        return redirect(person)
    messages.success(
        request, _("%(name)s is a mentor candidate now: fill in their competencies.") % {"name": person.full_name}
    )
    return redirect("mentoring:mentor_edit", org_slug=request.organization.slug, pk=mentor.pk)


@require_POST
@organization_view(Perm.EDIT_BASES)
def mentor_status(request, pk):
    mentor = get_object_or_404(Mentor.objects.of(request.organization).select_related("person"), pk=pk)
    try:
        services.change_mentor_status(mentor, request.POST.get("status", ""))
    except (ValidationError, ValueError) as error:
        flash_errors(request, error if isinstance(error, ValidationError) else ValidationError(_("Unknown status.")))
    else:
        messages.success(request, _("The mentor's status is «%(status)s».") % {"status": mentor.get_status_display()})
    return redirect(mentor.person)


@organization_view(Perm.EDIT_BASES)
def training_add(request, pk):
    mentor = get_object_or_404(Mentor.objects.of(request.organization).select_related("person"), pk=pk)
    form = TrainingForm(request.POST or None, request.FILES or None, mentor=mentor)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The training is recorded."))
        return redirect(mentor.person)
    return render(
        request,
        "mentoring/simple_form.html",
        {"form": form, "heading": _("Training: %(name)s") % {"name": mentor.person.full_name}, "back": mentor.person},
    )


@organization_view(Perm.VIEW_BASES)
def training_certificate(request, pk):
    training = get_object_or_404(
        MentorTraining.objects.filter(mentor__person__organization=request.organization), pk=pk
    )
    suffix = training.certificate.name.rsplit(".", 1)[-1] if training.certificate else ""
    return _file_response(training.certificate, f"certificate-{training.pk}.{suffix}")


@organization_view(Perm.VIEW_BASES)
def competency_list(request):
    can_edit = has_perm(request.org_roles, Perm.EDIT_BASES)
    form = CompetencyForm(request.POST or None, organization=request.organization)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            form.save()
            messages.success(request, _("«%(name)s» is added to the vocabulary.") % {"name": form.instance.name})
            return redirect("mentoring:competency_list", org_slug=request.organization.slug)
    return render(
        request,
        "mentoring/competency_list.html",
        {"tags": Competency.available_to(request.organization), "form": form, "can_edit": can_edit},
    )
