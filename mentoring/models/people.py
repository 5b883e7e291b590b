"""The mentee and mentor bases («база наставляемых», «база наставников») and personal-data consents.

A `Person` is entered once per organization; being a mentee and being a mentor are records on top of
it, so a finished mentee enters the mentor base without retyping and one page shows their history.
"""

import uuid
from datetime import date
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .organizations import MentoringForm, Organization


class Weekday(models.TextChoices):
    MON = "mon", _("Mon")
    TUE = "tue", _("Tue")
    WED = "wed", _("Wed")
    THU = "thu", _("Thu")
    FRI = "fri", _("Fri")
    SAT = "sat", _("Sat")


def validate_weekdays(value):
    if not isinstance(value, list) or not set(value) <= set(Weekday.values):
        raise ValidationError(_("A list of weekdays."))


class Competency(models.Model):
    """A tag of the shared vocabulary of needs and competencies: a mentee's request is matched against a
    mentor's competencies through it. Standard tags are shared; an organization may add its own."""

    name = models.CharField(_("name"), max_length=200)
    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="competencies",
        verbose_name=_("organization"),
        help_text=_("Empty for the standard vocabulary."),
    )

    class Meta:
        verbose_name = _("need or competency")
        verbose_name_plural = _("needs and competencies")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["name"], condition=Q(organization__isnull=True), name="mentoring_competency_unique_standard"
            ),
            models.UniqueConstraint(
                fields=["organization", "name"],
                condition=Q(organization__isnull=False),
                name="mentoring_competency_unique_local",
            ),
        ]

    def __str__(self):
        return self.name

    @classmethod
    def available_to(cls, organization):
        return cls.objects.filter(Q(organization__isnull=True) | Q(organization=organization))


class PersonQuerySet(models.QuerySet):
    def for_user(self, user, roles=None):
        return self.filter(organization__in=Organization.objects.for_user(user, roles=roles))

    def current(self):
        return self.filter(archived_on__isnull=True)


class Person(models.Model):
    """Someone in an organization's bases: a child, a teacher, an external mentor."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="people", verbose_name=_("organization")
    )
    last_name = models.CharField(_("last name"), max_length=100)
    first_name = models.CharField(_("first name"), max_length=100)
    patronymic = models.CharField(_("patronymic"), max_length=100, blank=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    grade = models.PositiveSmallIntegerField(
        _("grade"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(11)],
        help_text=_("For schoolchildren: the grade they are in, 1 to 11."),
    )
    class_letter = models.CharField(_("class letter"), max_length=5, blank=True)
    position = models.CharField(_("position"), max_length=200, blank=True)
    subject = models.CharField(_("subject taught"), max_length=200, blank=True)
    experience_years = models.PositiveSmallIntegerField(_("teaching experience, years"), null=True, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    parent_name = models.CharField(
        _("parent's name"), max_length=300, blank=True, help_text=_("The legal representative of a minor.")
    )
    parent_phone = models.CharField(_("parent's phone"), max_length=40, blank=True)
    parent_email = models.EmailField(_("parent's email"), blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("account"),
        help_text=_("The portal account of a mentor who logs meetings themselves."),
    )
    archived_on = models.DateField(_("archived on"), null=True, blank=True)
    archive_reason = models.CharField(_("reason for archiving"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["last_name", "first_name", "patronymic"]
        constraints = [
            models.CheckConstraint(
                condition=Q(grade__isnull=True) | Q(grade__gte=1, grade__lte=11), name="mentoring_person_grade_range"
            ),
            models.UniqueConstraint(
                fields=["organization", "user"],
                condition=Q(user__isnull=False),
                name="mentoring_person_unique_account",
            ),
        ]
        indexes = [models.Index(fields=["organization", "last_name", "first_name"])]

    def __str__(self):
        return self.full_name

    def get_absolute_url(self):
        return reverse("mentoring:person_detail", kwargs={"org_slug": self.organization.slug, "pk": self.pk})

    @property
    def full_name(self):
        return " ".join(part for part in (self.last_name, self.first_name, self.patronymic) if part)

    @property
    def short_name(self):
        initials = "".join(f"{part[0]}." for part in (self.first_name, self.patronymic) if part)
        return f"{self.last_name} {initials}".strip()

    @property
    def class_name(self):
        return f"{self.grade}{self.class_letter}" if self.grade else ""

    @property
    def work(self):
        """Position and subject for the person's header: «учитель (история)» when the position already
        names the subject, «учитель · История» when it does not, never the subject twice."""
        position, subject = self.position.strip(), self.subject.strip()
        if subject and subject.casefold() not in position.casefold():
            return " · ".join(part for part in (position, subject) if part)
        return position

    def age(self, on=None):
        """Full years, from the birth date; for a schoolchild without one, estimated from the grade."""
        on = on or timezone.localdate()
        if self.birth_date:
            return on.year - self.birth_date.year - ((on.month, on.day) < (self.birth_date.month, self.birth_date.day))
        if self.grade:
            return self.grade + 6
        return None

    @property
    def is_minor(self):
        age = self.age()
        return age is not None and age < 18

    @property
    def is_archived(self):
        return self.archived_on is not None

    def clean(self):
        super().clean()
        if self.birth_date and self.birth_date > timezone.localdate():
            raise ValidationError({"birth_date": _("The date of birth is in the future.")})
        if self.is_minor and not (self.parent_phone or self.parent_email):
            raise ValidationError({"parent_phone": _("A minor needs a parent's phone or email.")})

    def valid_consent(self, kind):
        """The consent of `kind` in force, if any (`Consent.in_force`, the same rule as
        `ConsentQuerySet.in_force`). Uses prefetched consents when they are there."""
        for consent in self.consents.all():
            if consent.kind == kind and consent.in_force:
                return consent
        return None


class ConsentKind(models.TextChoices):
    PROCESSING = "processing", _("processing of personal data")
    PUBLICATION = "publication", _("distribution (publication) of personal data")
    MENTORING = "mentoring", _("a teacher's written consent to mentor")


class ConsentGiver(models.TextChoices):
    PERSON = "person", _("the person")
    PARENT = "parent", _("a parent (legal representative)")


def consent_scan_path(consent, filename):
    suffix = PurePosixPath(filename).suffix.lower()[:10]
    return f"consents/{consent.person.organization_id}/{uuid.uuid4().hex}{suffix}"


class ConsentQuerySet(models.QuerySet):
    def in_force(self):
        """Consents in force: the one definition behind every gate (pairing, publication, exports) and
        every page. A consent is in force from the day it is recorded until its revocation is recorded;
        a revocation is never dated in the future, so a revoked consent is out of force at once.
        `Consent.in_force` says the same of one row already read."""
        return self.filter(revoked_on__isnull=True)


class Consent(models.Model):
    """A consent on record. Revoking keeps the record (the date it was in force matters) and stops
    processing: see `mentoring.services.revoke_consent`."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consents", verbose_name=_("person"))
    kind = models.CharField(_("kind"), max_length=20, choices=ConsentKind.choices)
    given_by = models.CharField(_("given by"), max_length=20, choices=ConsentGiver.choices, default=ConsentGiver.PERSON)
    giver_name = models.CharField(
        _("parent's name"), max_length=300, blank=True, help_text=_("Who signed it, when it was a parent.")
    )
    given_on = models.DateField(_("date"), default=date.today)
    scan = models.FileField(_("scan"), upload_to=consent_scan_path, blank=True)
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True)
    revocation_scan = models.FileField(_("scan of the revocation"), upload_to=consent_scan_path, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = ConsentQuerySet.as_manager()

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["kind", "-given_on"]
        constraints = [
            # One consent of a kind in force at a time; revoked ones stay as history.
            models.UniqueConstraint(
                fields=["person", "kind"], condition=Q(revoked_on__isnull=True), name="mentoring_consent_one_in_force"
            ),
            models.CheckConstraint(
                condition=Q(revoked_on__isnull=True) | Q(revoked_on__gte=models.F("given_on")),
                name="mentoring_consent_revoked_after_given",
            ),
            models.CheckConstraint(
                condition=~Q(given_by="parent") | ~Q(giver_name=""), name="mentoring_consent_parent_named"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.person}"

    @property
    def in_force(self):
        """See `ConsentQuerySet.in_force`."""
        return self.revoked_on is None

    def clean(self):
        super().clean()
        if self.given_by == ConsentGiver.PARENT and not self.giver_name.strip():
            raise ValidationError({"giver_name": _("Name the parent who gave the consent.")})
        person = getattr(self, "person", None)
        if person is not None and person.is_minor and self.given_by != ConsentGiver.PARENT:
            raise ValidationError({"given_by": _("For a minor, the consent is given by a parent.")})
        if self.given_on and self.given_on > timezone.localdate():
            raise ValidationError({"given_on": _("The date is in the future.")})


class MenteeCategory(models.TextChoices):
    STUDENT = "student", _("student")
    YOUNG_TEACHER = "young_teacher", _("young teacher")
    NEW_EMPLOYEE = "new_employee", _("new employee")
    OTHER = "other", _("other")


class MenteeStatus(models.TextChoices):
    APPLIED = "applied", _("applied")
    PAIRED = "paired", _("in a pair")
    COMPLETED = "completed", _("completed")
    LEFT = "left", _("left")


class RequestSource(models.TextChoices):
    SELF = "self", _("the mentee (questionnaire)")
    CLASS_TEACHER = "class_teacher", _("class teacher")
    PSYCHOLOGIST = "psychologist", _("psychologist")
    PARENT = "parent", _("parents")
    ADMINISTRATION = "administration", _("administration")
    OTHER = "other", _("other")


class MenteeQuerySet(models.QuerySet):
    def of(self, organization):
        return self.filter(person__organization=organization)

    def current(self):
        return self.filter(status__in=[MenteeStatus.APPLIED, MenteeStatus.PAIRED], person__archived_on__isnull=True)

    def waiting(self):
        """Mentees of the base waiting for a mentor («ждут наставника»): the one definition behind the
        mentee base's count, the matching pool and the dashboards' «without a pair»."""
        return self.filter(status=MenteeStatus.APPLIED, person__archived_on__isnull=True)

    def archive(self):
        return self.exclude(pk__in=self.current().values("pk"))


class Mentee(models.Model):
    """A record in the mentee base."""

    person = models.OneToOneField(
        Person, on_delete=models.CASCADE, related_name="mentee_record", verbose_name=_("person")
    )
    category = models.CharField(_("category"), max_length=20, choices=MenteeCategory.choices)
    request = models.TextField(_("request"), blank=True, help_text=_("What the mentee needs help with."))
    needs = models.ManyToManyField(
        Competency, blank=True, related_name="mentees", verbose_name=_("needs (tags of the request)")
    )
    request_source = models.CharField(
        _("source of the request"), max_length=20, choices=RequestSource.choices, default=RequestSource.SELF
    )
    preferred_form = models.ForeignKey(
        MentoringForm,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("preferred form"),
    )
    availability = models.JSONField(_("available on"), default=list, blank=True, validators=[validate_weekdays])
    status = models.CharField(_("status"), max_length=20, choices=MenteeStatus.choices, default=MenteeStatus.APPLIED)
    entered_on = models.DateField(_("date of entry"), default=date.today)
    finished_on = models.DateField(_("date of completion or leaving"), null=True, blank=True)
    results = models.TextField(_("results"), blank=True)
    case_url = models.URLField(_("link to the case or review"), blank=True)

    objects = MenteeQuerySet.as_manager()

    class Meta:
        verbose_name = _("mentee")
        verbose_name_plural = _("mentees")
        ordering = ["person__last_name", "person__first_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["applied", "paired"]) | Q(finished_on__isnull=False),
                name="mentoring_mentee_finished_has_date",
            ),
        ]

    def __str__(self):
        return str(self.person)

    @property
    def audience(self):
        return (
            MentoringForm.Audience.STUDENTS
            if self.category == MenteeCategory.STUDENT
            else MentoringForm.Audience.TEACHERS
        )


class MentorCategory(models.TextChoices):
    TEACHER = "teacher", _("teacher")
    STUDENT = "student", _("student")
    COLLEGE_STUDENT = "college_student", _("college student")
    EMPLOYER = "employer", _("employer's specialist")
    GRADUATE = "graduate", _("graduate")
    PARENT = "parent", _("parent")


class MentorStatus(models.TextChoices):
    CANDIDATE = "candidate", _("candidate")
    SELECTED = "selected", _("selected")
    TRAINED = "trained", _("trained")
    ACTIVE = "active", _("active")
    ARCHIVED = "archived", _("archived")


# Which status may follow which: selection, training, work, and back from the archive as a candidate.
MENTOR_TRANSITIONS = {
    MentorStatus.CANDIDATE: {MentorStatus.SELECTED, MentorStatus.ARCHIVED},
    MentorStatus.SELECTED: {MentorStatus.TRAINED, MentorStatus.ACTIVE, MentorStatus.CANDIDATE, MentorStatus.ARCHIVED},
    MentorStatus.TRAINED: {MentorStatus.ACTIVE, MentorStatus.ARCHIVED},
    MentorStatus.ACTIVE: {MentorStatus.TRAINED, MentorStatus.ARCHIVED},
    MentorStatus.ARCHIVED: {MentorStatus.CANDIDATE},
}

# Mentors who may be given mentees.
ASSIGNABLE_MENTOR_STATUSES = (MentorStatus.SELECTED, MentorStatus.TRAINED, MentorStatus.ACTIVE)


class MentorQuerySet(models.QuerySet):
    def of(self, organization):
        return self.filter(person__organization=organization)

    def current(self):
        return self.exclude(status=MentorStatus.ARCHIVED).filter(person__archived_on__isnull=True)

    def archive(self):
        return self.exclude(pk__in=self.current().values("pk"))

    def with_trained_on(self, today):
        """Annotate `trained_on`: the day the mentor's latest recorded course ended, on or before `today`,
        or None. This is what «trained» means on the registries: a finished course on record. The status
        «обучен» is a step of selection the curator sets (a mentor may go from «отобран» straight to
        «действует»), so a page shows the course, and flags a status «обучен» with no course behind it."""
        courses = MentorTraining.objects.filter(
            mentor=models.OuterRef("pk"), finished_on__isnull=False, finished_on__lte=today
        ).order_by("-finished_on")
        return self.annotate(trained_on=models.Subquery(courses.values("finished_on")[:1]))


class Mentor(models.Model):
    """A record in the mentor base."""

    person = models.OneToOneField(
        Person, on_delete=models.CASCADE, related_name="mentor_record", verbose_name=_("person")
    )
    category = models.CharField(_("category"), max_length=20, choices=MentorCategory.choices)
    workplace = models.CharField(
        _("place of work or study"),
        max_length=300,
        blank=True,
        help_text=_("The class for a student mentor, the organization for an external one."),
    )
    competencies = models.ManyToManyField(
        Competency, blank=True, related_name="mentors", verbose_name=_("key competencies")
    )
    achievements = models.TextField(_("achievements"), blank=True)
    interests = models.TextField(_("interests"), blank=True)
    desired_age_from = models.PositiveSmallIntegerField(_("mentees aged from"), null=True, blank=True)
    desired_age_to = models.PositiveSmallIntegerField(_("mentees aged up to"), null=True, blank=True)
    availability = models.JSONField(_("available on"), default=list, blank=True, validators=[validate_weekdays])
    availability_note = models.CharField(_("availability, details"), max_length=200, blank=True)
    capacity = models.PositiveSmallIntegerField(
        _("maximum mentees"), default=3, validators=[MinValueValidator(1), MaxValueValidator(30)]
    )
    preferred_forms = models.ManyToManyField(
        MentoringForm, blank=True, related_name="+", verbose_name=_("preferred forms")
    )
    qualification = models.CharField(
        _("qualification category"),
        max_length=100,
        blank=True,
        help_text=_("For example «высшая» or «педагог-наставник»."),
    )
    status = models.CharField(_("status"), max_length=20, choices=MentorStatus.choices, default=MentorStatus.CANDIDATE)
    included_on = models.DateField(_("date of inclusion in the registry"), default=date.today)

    objects = MentorQuerySet.as_manager()

    class Meta:
        verbose_name = _("mentor")
        verbose_name_plural = _("mentors")
        ordering = ["person__last_name", "person__first_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity__gte=1, capacity__lte=30), name="mentoring_mentor_capacity_range"
            ),
            models.CheckConstraint(
                condition=Q(desired_age_from__isnull=True)
                | Q(desired_age_to__isnull=True)
                | Q(desired_age_to__gte=models.F("desired_age_from")),
                name="mentoring_mentor_age_range_ordered",
            ),
        ]

    def __str__(self):
        return str(self.person)

    def clean(self):
        super().clean()
        if self.desired_age_from and self.desired_age_to and self.desired_age_to < self.desired_age_from:
            raise ValidationError({"desired_age_to": _("The upper age is below the lower one.")})

    def can_move_to(self, status):
        return status in MENTOR_TRANSITIONS[MentorStatus(self.status)]

    @property
    def next_statuses(self):
        return [MentorStatus(s) for s in MentorStatus.values if s in MENTOR_TRANSITIONS[MentorStatus(self.status)]]


def certificate_path(training, filename):
    suffix = PurePosixPath(filename).suffix.lower()[:10]
    return f"certificates/{training.mentor.person.organization_id}/{uuid.uuid4().hex}{suffix}"


class MentorTraining(models.Model):
    """A course a mentor took, such as the «Школа наставников», with its certificate."""

    mentor = models.ForeignKey(Mentor, on_delete=models.CASCADE, related_name="trainings", verbose_name=_("mentor"))
    course = models.CharField(_("course"), max_length=300, default="Школа наставников")
    started_on = models.DateField(_("start"))
    finished_on = models.DateField(_("end"), null=True, blank=True)
    certificate_number = models.CharField(_("certificate number"), max_length=100, blank=True)
    certificate = models.FileField(_("certificate"), upload_to=certificate_path, blank=True)

    class Meta:
        verbose_name = _("training")
        verbose_name_plural = _("trainings")
        ordering = ["-started_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(finished_on__isnull=True) | Q(finished_on__gte=models.F("started_on")),
                name="mentoring_training_period_ordered",
            ),
        ]

    def __str__(self):
        return self.course
