"""The best-practice bank's workflow: the curator drafts a completed pair's case with its photos and
files and proposes it; the head approves (publishes) it or returns it with a comment, and may withdraw
it later. Publication needs a distribution consent in force of everyone named or shown."""

from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mentoring import uploads
from mentoring.access import Perm, has_perm, roles_in
from mentoring.models import Pair, PairStatus, Person

from .models import Practice, PracticeFile, PracticeFileKind, PracticePerson, PracticeStatus


def _require(practice_or_org, user, permission, message):
    organization = getattr(practice_or_org, "organization", practice_or_org)
    if user is None or not has_perm(roles_in(user, organization), permission):
        raise ValidationError(message)


def _locked(practice):
    return Practice.objects.select_for_update(of=("self",)).select_related("organization", "pair").get(pk=practice.pk)


def default_people(pair):
    """Who a pair's case names by default: its mentor and its mentees."""
    people = [pair.mentor.person]
    people += [member.mentee.person for member in pair.members.select_related("mentee__person")]
    return people


def _set_people(practice, people):
    """Name `people` in the case. The pair's own mentor and mentees are always named (the case is their
    story), and nobody archived is dropped: an archived person is not offered on the form, and dropping
    them silently would let the case be published again without their consent."""
    people = list(dict.fromkeys([*people, *default_people(practice.pair)]))
    if any(person.organization_id != practice.organization_id for person in people):
        raise ValidationError(_("Only people of the organization can be named in its case."))
    PracticePerson.objects.filter(practice=practice, person__archived_on__isnull=True).exclude(
        person__in=people
    ).delete()
    existing = set(practice.people_links.values_list("person_id", flat=True))
    PracticePerson.objects.bulk_create(
        [PracticePerson(practice=practice, person=person) for person in people if person.pk not in existing]
    )


def _clean_text(title, description):
    title, description = (title or "").strip(), (description or "").strip()
    if not title or not description:
        raise ValidationError(_("A case needs a title and a description."))
    return title, description


@transaction.atomic
def practice_create(*, pair, user, title, description, results="", people=None):
    """A draft case of a completed pair: the form is the pair's; by default it names the pair's mentor
    and mentees."""
    pair = (
        Pair.objects.select_for_update(of=("self",))
        .select_related("program__organization", "mentor__person")
        .get(pk=pair.pk)
    )
    organization = pair.program.organization
    _require(organization, user, Perm.PROPOSE_PRACTICES, _("Only the curator proposes cases."))
    if pair.status != PairStatus.COMPLETED:
        raise ValidationError(_("A case is proposed for a completed pair or group only."))
    if Practice.objects.filter(pair=pair).exists():
        raise ValidationError(_("This pair already has a case."))
    title, description = _clean_text(title, description)
    practice = Practice(
        organization=organization,
        pair=pair,
        form_id=pair.form_id,
        title=title,
        description=description,
        results=(results or "").strip(),
        created_by=user,
    )
    practice.full_clean()
    practice.save()
    _set_people(practice, default_people(pair) if people is None else people)
    return practice


@transaction.atomic
def practice_update(practice, *, user, title, description, results="", people=None):
    practice = _locked(practice)
    _require(practice, user, Perm.PROPOSE_PRACTICES, _("Only the curator edits cases."))
    if not practice.is_editable:
        raise ValidationError(_("A case awaiting approval or published cannot be edited."))
    practice.title, practice.description = _clean_text(title, description)
    practice.results = (results or "").strip()
    practice.full_clean()
    practice.save()
    if people is not None:
        _set_people(practice, people)
    return practice


def _checked_file(upload, kind):
    """The file to keep, by the upload policy: a photo is a JPEG or PNG image, re-encoded without its
    EXIF (a phone's photo carries the time, the device and often the GPS position of the place)."""
    if kind not in PracticeFileKind.values:
        raise ValidationError(_("Unknown type of file."))
    return uploads.checked(upload, uploads.PHOTO if kind == PracticeFileKind.PHOTO else uploads.PRACTICE_FILE)


@transaction.atomic
def practice_file_add(practice, *, user, file, kind=PracticeFileKind.PHOTO, caption=""):
    practice = _locked(practice)
    _require(practice, user, Perm.PROPOSE_PRACTICES, _("Only the curator adds files to cases."))
    if not practice.is_editable:
        raise ValidationError(_("Files are added while the case is a draft or returned."))
    original_name = PurePosixPath(file.name).name[:255]
    file = _checked_file(file, kind)
    item = PracticeFile(
        practice=practice,
        organization=practice.organization,
        kind=kind,
        caption=(caption or "").strip()[:300],
        original_name=original_name,
        uploaded_by=user,
    )
    # The file is written last, after everything that could refuse it.
    item.file.save(file.name, file, save=False)
    item.save()
    return item


@transaction.atomic
def practice_file_delete(item, *, user):
    practice = _locked(item.practice)
    _require(practice, user, Perm.PROPOSE_PRACTICES, _("Only the curator removes files of cases."))
    if not practice.is_editable:
        raise ValidationError(_("Files are removed while the case is a draft or returned."))
    item.delete()
    # Only once the row is really gone: a rolled-back delete must not lose the file.
    name, storage = item.file.name, item.file.storage
    transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def practice_propose(practice, *, user):
    practice = _locked(practice)
    _require(practice, user, Perm.PROPOSE_PRACTICES, _("Only the curator proposes cases."))
    if not practice.is_editable:
        raise ValidationError(_("The case is already awaiting approval or published."))
    practice.status = PracticeStatus.PROPOSED
    practice.proposed_by, practice.proposed_at = user, timezone.now()
    practice.save(update_fields=["status", "proposed_by", "proposed_at", "updated_at"])
    return practice


def consent_problem(practice):
    """The message refusing publication, naming who lacks a consent; None when everyone has one."""
    lacking = practice.unpublishable_people()
    if not lacking:
        return None
    return _(
        "The case cannot be published: no consent to the distribution of personal data is in force for %(names)s. "
        "Record the consents (a parent's for a minor) or remove these people from the case."
    ) % {"names": ", ".join(person.short_name for person in lacking)}


@transaction.atomic
def practice_approve(practice, *, user):
    """Publish: only the head, only a proposed case, only with everyone's distribution consent."""
    practice = _locked(practice)
    _require(practice, user, Perm.APPROVE_PRACTICES, _("Only the organization's head approves cases."))
    if practice.status != PracticeStatus.PROPOSED:
        raise ValidationError(_("Only a case awaiting approval can be approved."))
    problem = consent_problem(practice)
    if problem:
        raise ValidationError(problem)
    practice.status = PracticeStatus.APPROVED
    practice.approved_by, practice.approved_at = user, timezone.now()
    practice.return_comment = ""
    practice.save(update_fields=["status", "approved_by", "approved_at", "return_comment", "updated_at"])
    return practice


@transaction.atomic
def practice_return(practice, *, user, comment):
    practice = _locked(practice)
    _require(practice, user, Perm.APPROVE_PRACTICES, _("Only the organization's head returns cases."))
    if practice.status != PracticeStatus.PROPOSED:
        raise ValidationError(_("Only a case awaiting approval can be returned."))
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError(_("Say what to correct when returning a case."))
    practice.status = PracticeStatus.RETURNED
    practice.return_comment, practice.returned_at = comment, timezone.now()
    practice.save(update_fields=["status", "return_comment", "returned_at", "updated_at"])
    return practice


@transaction.atomic
def practice_withdraw(practice, *, user):
    """Take a published case off the public pages; the curator may correct and propose it again."""
    practice = _locked(practice)
    _require(practice, user, Perm.APPROVE_PRACTICES, _("Only the organization's head withdraws cases."))
    if practice.status != PracticeStatus.APPROVED:
        raise ValidationError(_("Only a published case can be withdrawn."))
    practice.status = PracticeStatus.WITHDRAWN
    practice.withdrawn_at = timezone.now()
    practice.save(update_fields=["status", "withdrawn_at", "updated_at"])
    return practice


def completed_pairs_without_case(organization):
    return (
        Pair.objects.of(organization)
        .filter(status=PairStatus.COMPLETED, practice__isnull=True)
        .select_related("mentor__person", "form", "program")
        .prefetch_related("mentees__person")
        .order_by("-finished_on", "pk")
    )


def people_choices(organization):
    """Whom the curator may name in a case: the organization's current people."""
    return Person.objects.filter(organization=organization).current().prefetch_related("consents")
