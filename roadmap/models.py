import uuid
from datetime import timedelta
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mentoring.models import MentoringForm, Organization, Role

from .stages import ResultKind, Stage

# The district's activities keep their own numbers, marked as the district's: «М3.2» beside the
# school's own «3.2», so that one list never shows the same number twice.
DISTRICT_NUMBER_PREFIX = "М"


class ProgramStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    ACTIVE = "active", _("active")
    COMPLETED = "completed", _("completed")
    ARCHIVED = "archived", _("archived")


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done")
    CANCELLED = "cancelled", _("cancelled")


OPEN_STATUSES = (ActivityStatus.PLANNED, ActivityStatus.IN_PROGRESS)


def progress_counts(prefix="", *, distinct=True):
    """The one definition of a roadmap's progress, as aggregates: the activities that count (all but
    the cancelled ones), those done, and those overdue (still open after their due date; see
    `is_late`, its twin for one activity). Every page, export, PDF and email that shows progress or
    overdue activities counts them with this (or with `selectors.count_progress` over rows already
    read). `distinct` is needed only where a join multiplies the activities' rows."""
    today = timezone.localdate()
    return {
        "n_total": Count(f"{prefix}pk", filter=~Q(**{f"{prefix}status": ActivityStatus.CANCELLED}), distinct=distinct),
        "n_done": Count(f"{prefix}pk", filter=Q(**{f"{prefix}status": ActivityStatus.DONE}), distinct=distinct),
        "n_overdue": Count(
            f"{prefix}pk",
            filter=Q(**{f"{prefix}status__in": OPEN_STATUSES, f"{prefix}due_date__lt": today}),
            distinct=distinct,
        ),
    }


def is_late(status, due_date, today):
    """Lateness is computed, never stored: still open after its due date."""
    return status in OPEN_STATUSES and due_date is not None and due_date < today


def percent(done, total):
    return round(100 * done / total) if total else 0


class ProgramQuerySet(models.QuerySet):
    def with_progress(self):
        return self.annotate(**progress_counts("activities__"))


class Program(models.Model):
    """A mentoring program of one organization for a period, usually an academic year."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="programs", verbose_name=_("organization")
    )
    title = models.CharField(_("title"), max_length=300)
    period_start = models.DateField(_("start of the period"))
    period_end = models.DateField(_("end of the period"))
    forms = models.ManyToManyField(
        MentoringForm, blank=True, related_name="programs", verbose_name=_("forms of mentoring")
    )
    curator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="curated_programs",
        verbose_name=_("curator"),
    )
    status = models.CharField(_("status"), max_length=20, choices=ProgramStatus.choices, default=ProgramStatus.ACTIVE)
    description = models.TextField(_("description"), blank=True)
    copied_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="copies",
        verbose_name=_("roadmap copied from"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = ProgramQuerySet.as_manager()

    class Meta:
        verbose_name = _("mentoring program")
        verbose_name_plural = _("mentoring programs")
        ordering = ["-period_start", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gt=models.F("period_start")), name="roadmap_program_period_ordered"
            ),
            models.UniqueConstraint(fields=["organization", "title"], name="roadmap_program_unique_title"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("roadmap:program_timeline", kwargs={"org_slug": self.organization.slug, "pk": self.pk})

    @property
    def percent_done(self):
        """Needs the counts of `Program.objects.with_progress()` (or of the district selector)."""
        return percent(self.n_done, self.n_total)


class Section(models.Model):
    """A numbered section of a roadmap: a stage, or a thematic block of a differently shaped one."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="sections", verbose_name=_("program"))
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="+", verbose_name=_("organization")
    )
    number = models.CharField(_("number"), max_length=12, blank=True)
    title = models.CharField(_("title"), max_length=500)
    stage = models.PositiveSmallIntegerField(
        _("standard stage"),
        choices=Stage.choices,
        null=True,
        blank=True,
        help_text=_("Links the section to one of the seven standard stages so programs can be compared."),
    )
    position = models.PositiveIntegerField(_("sort order"), default=0)

    class Meta:
        verbose_name = _("roadmap section")
        verbose_name_plural = _("roadmap sections")
        ordering = ["program", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["program", "position"], name="roadmap_section_unique_position"),
        ]

    def __str__(self):
        return self.heading(self.number, self.title)

    @staticmethod
    def heading(number, title):
        """«1. Подготовка условий…»; the district's section, whose code only marks its activities'
        numbers (М1.2), is named by its title alone, not «М. Мероприятия…»."""
        if not number or number == DISTRICT_NUMBER_PREFIX:
            return title
        return f"{number}. {title}"


class Track(models.TextChoices):
    """Roadmaps that split each stage into work inside the school and with the outside world."""

    NONE = "", _("—")
    INTERNAL = "internal", _("work inside the organization")
    EXTERNAL = "external", _("work with the external environment")


class ActivityQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, today=None):
        return self.open().filter(due_date__lt=today or timezone.localdate())

    def upcoming(self, days=14, today=None):
        today = today or timezone.localdate()
        return self.open().filter(due_date__gte=today, due_date__lte=today + timedelta(days=days))

    def responsible(self, user, roles):
        """Activities that are the user's in one organization where they hold `roles`: named as
        responsible, or, with nobody named, given to one of their roles."""
        return self.filter(
            Q(responsible_users=user) | Q(responsible_users__isnull=True, responsible_role__in=list(roles))
        ).distinct()

    def for_person(self, user):
        """Activities that are a person's across the organizations they belong to, by the same rule:
        named; else given to a role they hold there; else, with no role either, their program's."""
        mine = Q(responsible_users=user) | Q(responsible_users__isnull=True, responsible_role="", program__curator=user)
        for organization_id, role in user.memberships.filter(organization__isnull=False).values_list(
            "organization_id", "role"
        ):
            mine |= Q(responsible_users__isnull=True, organization_id=organization_id, responsible_role=role)
        return self.filter(organization__in=Organization.objects.for_user(user)).filter(mine).distinct()


class Activity(models.Model):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="activities", verbose_name=_("program"))
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="activities", verbose_name=_("section"))
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="+", verbose_name=_("organization")
    )
    number = models.CharField(_("number"), max_length=12, blank=True)
    position = models.PositiveIntegerField(_("sort order"), default=0)
    title = models.TextField(_("activity"))
    track = models.CharField(_("track"), max_length=10, choices=Track.choices, default=Track.NONE, blank=True)
    start_date = models.DateField(_("planned start"), null=True, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    term_text = models.CharField(
        _("term as written"),
        max_length=300,
        blank=True,
        help_text=_("Kept as the roadmap states it, e.g. «По отдельному графику»."),
    )
    responsible_role = models.CharField(_("responsible role"), max_length=20, choices=Role.choices, blank=True)
    responsible_users = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="responsible_activities",
        verbose_name=_("responsible people"),
    )
    responsible_text = models.CharField(
        _("responsible as written"),
        max_length=500,
        blank=True,
        help_text=_("E.g. «Годжаева С.В., ст. воспитатель; члены творческой группы»."),
    )
    result_kind = models.CharField(_("result type"), max_length=20, choices=ResultKind.choices, blank=True)
    result_text = models.TextField(_("expected result"), blank=True)
    description = models.TextField(
        _("content"), blank=True, help_text=_("The concrete steps of the activity («Содержание деятельности»).")
    )
    note = models.TextField(
        _("note"),
        blank=True,
        help_text=_("Other columns of the imported roadmap («Участники», «Форма проведения»…), as written."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ActivityStatus.choices, default=ActivityStatus.PLANNED
    )
    status_note = models.TextField(
        _("reason"),
        blank=True,
        help_text=_("Why the activity was done without evidence, or why it was cancelled."),
    )
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("completed by"),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    district_activity = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="school_copies",
        verbose_name=_("activity of the district's roadmap"),
        help_text=_("Set on the copies the district's roadmap gives to each organization."),
    )

    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["section__position", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(due_date__isnull=True)
                | Q(start_date__lte=models.F("due_date")),
                name="roadmap_activity_dates_ordered",
            ),
            models.CheckConstraint(
                condition=~Q(status="done") | Q(completed_at__isnull=False),
                name="roadmap_activity_done_has_completion_time",
            ),
            # A district activity reaches each organization once, however often it is sent.
            models.UniqueConstraint(
                fields=["district_activity", "organization"],
                condition=Q(district_activity__isnull=False),
                name="roadmap_activity_one_copy_per_organization",
            ),
        ]
        indexes = [
            # The roadmap page and every progress figure: activities of a program by status.
            models.Index(fields=["program", "status"], name="roadmap_act_program_status"),
            # Home pages and reminders: open activities of an organization by due date.
            models.Index(fields=["organization", "status", "due_date"], name="roadmap_act_org_status_due"),
        ]

    def __str__(self):
        return f"{self.number} {self.title}".strip()

    def get_absolute_url(self):
        return reverse("roadmap:activity_detail", kwargs={"org_slug": self.organization.slug, "pk": self.pk})

    @property
    def is_open(self):
        return self.status in OPEN_STATUSES

    def is_overdue(self, today=None):
        return is_late(self.status, self.due_date, today or timezone.localdate())

    @property
    def overdue(self):
        return self.is_overdue()


def evidence_upload_to(instance, filename):
    # A random name per file: the path reveals nothing and cannot be guessed.
    suffix = PurePosixPath(filename).suffix.lower()
    return f"evidence/{instance.organization_id}/{uuid.uuid4().hex}{suffix}"


class EvidenceQuerySet(models.QuerySet):
    def visible_to(self, roles):
        """District and region staff see only what the school shared with the district: evidence files can be
        protocols listing pupils. Anyone with a role in the school itself sees all of its evidence."""
        if set(roles) - {Role.COORDINATOR, Role.REGIONAL_COORDINATOR}:
            return self
        return self.filter(shared_with_district=True)


class Evidence(models.Model):
    """A file or a link that shows an activity was carried out."""

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("activity")
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="+", verbose_name=_("organization")
    )
    file = models.FileField(_("file"), upload_to=evidence_upload_to, blank=True, max_length=300)
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    url = models.URLField(_("link"), blank=True, max_length=1000)
    title = models.CharField(_("description"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("added by")
    )
    uploaded_at = models.DateTimeField(_("added"), auto_now_add=True)
    shared_with_district = models.BooleanField(
        _("shared with the district"),
        default=False,
        help_text=_("Only then may district staff open it: evidence is the school's own."),
    )

    objects = EvidenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["uploaded_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(file="") | ~Q(url=""), name="roadmap_evidence_file_or_url"),
        ]

    def __str__(self):
        return self.title or self.original_name or self.url

    @property
    def label(self):
        return self.title or self.original_name or self.url


class Comment(models.Model):
    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="comments", verbose_name=_("activity")
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="+", verbose_name=_("organization")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("author")
    )
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.text[:60]


class RoadmapImport(models.Model):
    """An uploaded roadmap file between reading and importing: what was read, the user's corrections,
    and where it goes. Nothing reaches a program until the user imports it."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("preview")
        IMPORTED = "imported", _("imported")
        CANCELLED = "cancelled", _("cancelled")
        EXPIRED = "expired", _("expired")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, null=True, blank=True, related_name="imports", verbose_name=_("program")
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    file_name = models.CharField(_("file"), max_length=255)
    title = models.CharField(_("title"), max_length=500, blank=True)
    period_start = models.DateField(_("start of the period"))
    period_end = models.DateField(_("end of the period"))
    tables = models.JSONField(default=list)
    mappings = models.JSONField(default=dict, blank=True)
    data = models.JSONField(default=dict)
    warnings = models.JSONField(default=list, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("roadmap import")
        verbose_name_plural = _("roadmap imports")
        ordering = ["-created_at"]

    def __str__(self):
        return self.file_name

    def get_absolute_url(self):
        return reverse("roadmap:import_preview", kwargs={"org_slug": self.organization.slug, "pk": self.pk})
