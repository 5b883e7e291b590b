"""The best-practice bank («банк лучших практик»): cases of completed pairs, proposed by the curator,
approved (published) by the head, shown on the district's public page while everyone named or shown
in them keeps a consent to the distribution of their personal data in force."""

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from mentoring.models import Consent, ConsentKind, MentoringForm, Organization, Pair, PairStatus, Person


class PracticeStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    PROPOSED = "proposed", _("awaiting approval")
    RETURNED = "returned", _("returned for corrections")
    APPROVED = "approved", _("published")
    WITHDRAWN = "withdrawn", _("withdrawn from publication")


# The curator edits a case and its files only in these.
EDITABLE_STATUSES = (PracticeStatus.DRAFT, PracticeStatus.RETURNED, PracticeStatus.WITHDRAWN)


def _consent_in_force(kind):
    return Exists(Consent.objects.in_force().filter(person=OuterRef("pk"), kind=kind))


def unpublishable_people():
    """People who may not be named or shown in public: no distribution consent in force (for a minor,
    it is the parent's, as `Consent` records it), or their processing stopped: revoked, or archived."""
    return Person.objects.filter(
        ~_consent_in_force(ConsentKind.PUBLICATION)
        | ~_consent_in_force(ConsentKind.PROCESSING)
        | Q(archived_on__isnull=False)
    )


class PracticeQuerySet(models.QuerySet):
    def of(self, organization):
        return self.filter(organization=organization)

    def consented(self):
        """Cases in which everyone named or shown may be published, checked in the query itself, so a
        consent revoked after the approval takes the case off the public pages at once."""
        lacking = unpublishable_people().filter(practice_links__practice=OuterRef("pk"))
        return self.exclude(Exists(lacking))

    def public(self):
        return self.filter(status=PracticeStatus.APPROVED).consented()


class Practice(models.Model):
    """A case of a completed pair or group for the best-practice bank."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="practices", verbose_name=_("organization")
    )
    # PROTECT: a case documents what a pair did; the pair (and the program it belongs to) cannot be
    # deleted from under a case, published or not. SET_NULL would leave a public case whose source and
    # people can no longer be checked against the pair.
    pair = models.OneToOneField(
        Pair, on_delete=models.PROTECT, related_name="practice", verbose_name=_("pair or group")
    )
    form = models.ForeignKey(
        MentoringForm, on_delete=models.PROTECT, related_name="practices", verbose_name=_("form of mentoring")
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"))
    results = models.TextField(_("results"), blank=True)
    people = models.ManyToManyField(
        Person,
        through="PracticePerson",
        related_name="practices",
        blank=True,
        verbose_name=_("people named or shown"),
    )
    status = models.CharField(_("status"), max_length=20, choices=PracticeStatus.choices, default=PracticeStatus.DRAFT)
    return_comment = models.TextField(_("what to correct"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    proposed_at = models.DateTimeField(_("proposed at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("published at"), null=True, blank=True)
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = PracticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("best practice")
        verbose_name_plural = _("best practices")
        ordering = ["-approved_at", "-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="approved") | Q(approved_at__isnull=False),
                name="publication_practice_approved_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status="returned") | ~Q(return_comment=""),
                name="publication_practice_returned_has_comment",
            ),
        ]
        indexes = [
            # The organization's list of cases by status, and the district's public list (approved ones).
            models.Index(fields=["organization", "status"], name="publication_prac_org_status"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("publication:practice_detail", kwargs={"org_slug": self.organization.slug, "pk": self.pk})

    def get_public_url(self):
        return reverse(
            "publication:public_practice",
            kwargs={"district_slug": self.organization.municipality.slug, "pk": self.pk},
        )

    @property
    def is_editable(self):
        return self.status in EDITABLE_STATUSES

    @property
    def is_approved(self):
        return self.status == PracticeStatus.APPROVED

    def clean(self):
        super().clean()
        pair = getattr(self, "pair", None) if self.pair_id else None
        if pair is None:
            return
        if pair.status != PairStatus.COMPLETED:
            raise ValidationError({"pair": _("A case is proposed for a completed pair or group only.")})
        if self.organization_id and pair.program.organization_id != self.organization_id:
            raise ValidationError({"pair": _("The pair belongs to another organization.")})
        if self.form_id and self.form_id != pair.form_id:
            raise ValidationError({"form": _("The form of a case is the form of its pair.")})

    def unpublishable_people(self):
        """The people of this case who lack a consent to be published, by name."""
        return list(unpublishable_people().filter(practice_links__practice=self).order_by("last_name", "first_name"))


class PracticePerson(models.Model):
    """A person named or shown in a case. PROTECT: nobody leaves the list of a case silently, which
    would make a case publishable without its consent check."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="people_links")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="practice_links")

    class Meta:
        verbose_name = _("person named in a case")
        verbose_name_plural = _("people named in cases")
        ordering = ["person__last_name", "person__first_name"]
        constraints = [
            models.UniqueConstraint(fields=["practice", "person"], name="publication_practiceperson_unique"),
        ]

    def __str__(self):
        return str(self.person)


class PracticeFileKind(models.TextChoices):
    PHOTO = "photo", _("photo")
    FILE = "file", _("file")


def practice_file_path(instance, filename):
    # A random name per file: the path reveals nothing and cannot be guessed.
    suffix = PurePosixPath(filename).suffix.lower()[:10]
    return f"practices/{instance.organization_id}/{uuid.uuid4().hex}{suffix}"


class PracticeFile(models.Model):
    """A photo or a file of a case. Served only by views: the organization's (tenancy check) and the
    public one (approval and consents re-checked)."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="files", verbose_name=_("case"))
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="+", verbose_name=_("organization")
    )
    kind = models.CharField(_("type"), max_length=10, choices=PracticeFileKind.choices, default=PracticeFileKind.PHOTO)
    file = models.FileField(_("file"), upload_to=practice_file_path, max_length=300)
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("file of a case")
        verbose_name_plural = _("files of cases")
        ordering = ["kind", "uploaded_at", "pk"]

    def __str__(self):
        return self.caption or self.original_name or self.file.name

    @property
    def is_photo(self):
        return self.kind == PracticeFileKind.PHOTO

    @property
    def label(self):
        return self.caption or self.original_name
