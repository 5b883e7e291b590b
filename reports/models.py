"""Documents made off the request: a program's final report and a district's analytical note, as PDF
or XLSX. The page that asks for one polls its status until the file is ready."""

import secrets

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

from mentoring.models import Municipality, Organization


def report_path(report, filename):
    owner = f"o{report.organization_id}" if report.organization_id else f"d{report.municipality_id}"
    return f"reports/{owner}/{report.kind}-{secrets.token_hex(12)}.{report.format}"


class GeneratedReport(models.Model):
    class Kind(models.TextChoices):
        PROGRAM_REPORT = "program_report", _("final report of a program")
        ANALYTICAL_NOTE = "analytical_note", _("district analytical note")

    class Format(models.TextChoices):
        PDF = "pdf", "PDF"
        XLSX = "xlsx", "XLSX"

    class Status(models.TextChoices):
        QUEUED = "queued", _("being made")
        READY = "ready", _("ready")
        FAILED = "failed", _("failed")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    format = models.CharField(_("format"), max_length=10, choices=Format.choices)
    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="generated_reports",
        verbose_name=_("organization"),
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="generated_reports",
        verbose_name=_("municipality"),
    )
    program = models.ForeignKey(
        "roadmap.Program",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="generated_reports",
        verbose_name=_("program"),
    )
    on = models.DateField(_("as of"), null=True, blank=True, help_text=_("Empty: the day it was made."))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    file = models.FileField(_("file"), upload_to=report_path, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    # The work owed: how many times a worker took it up, and when a queued one counts as lost.
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    deadline = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("generated report")
        verbose_name_plural = _("generated reports")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # A program's report belongs to the program's organization; a district's note to the district.
            models.CheckConstraint(
                condition=(
                    Q(kind="program_report", organization__isnull=False, program__isnull=False)
                    | Q(kind="analytical_note", municipality__isnull=False, organization__isnull=True)
                ),
                name="reports_generatedreport_owner",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.get_format_display()}, {self.created_at:%d.%m.%Y %H:%M})"

    @property
    def is_ready(self):
        return self.status == self.Status.READY and bool(self.file)

    @property
    def file_name(self):
        """The name the download is saved under."""
        day = (self.on or self.created_at.date()).strftime("%Y-%m-%d")
        base = "otchet-programmy" if self.kind == self.Kind.PROGRAM_REPORT else "analiticheskaya-spravka"
        return f"{base}-{day}.{self.format}"


@receiver(post_delete, sender=GeneratedReport)
def delete_report_file(sender, instance, **kwargs):
    """A deleted report (or one of a deleted program or organization) takes its file with it: the
    files hold a school's figures and are not kept for nobody."""
    if instance.file:
        name, storage = instance.file.name, instance.file.storage
        transaction.on_commit(lambda: storage.delete(name))


class OrganizationDayFigures(models.Model):
    """An organization's figures kept for one day (`reports.kept`): counted by `reports.indicators` and
    `reports.upward` (the one definition of each), updated when what they count changes and checked
    against a recount every night. District pages read these rows instead of counting millions; a
    region adds up the rows of its organizations; past days give the history."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="kept_figures", verbose_name=_("organization")
    )
    day = models.DateField(_("day"))
    # The layout of `figures` and `upward`: a row of another version is not read (it is counted afresh).
    version = models.PositiveSmallIntegerField(_("version"))
    # When the count began, and when a change to what it counts was last committed after it: a row
    # whose change is not older than its count is out of date, and its reader counts it again
    # (reports.kept.rows_of), so a page never shows a figure older than the data.
    counted_at = models.DateTimeField(_("counted at"))
    changed_at = models.DateTimeField(_("changed at"), null=True, blank=True)
    # The main indicators as columns, so that a trend over the year is one grouped query.
    activities_total = models.PositiveIntegerField(default=0)
    activities_done = models.PositiveIntegerField(default=0)
    activities_overdue = models.PositiveIntegerField(default=0)
    mentors = models.PositiveIntegerField(default=0)
    mentees = models.PositiveIntegerField(default=0)
    pairs = models.PositiveIntegerField(default=0)
    participating_mentees = models.PositiveIntegerField(default=0)
    student_mentees = models.PositiveIntegerField(default=0)
    student_mentors = models.PositiveIntegerField(default=0)
    young_teachers = models.PositiveIntegerField(default=0)
    student_count = models.PositiveIntegerField(null=True, blank=True)
    teacher_count = models.PositiveIntegerField(null=True, blank=True)
    satisfaction_sum = models.FloatField(default=0)
    satisfaction_answers = models.PositiveIntegerField(default=0)
    signed_orders = models.PositiveIntegerField(default=0)
    # Everything else: `reports.indicators.Figures` and the upward report's row, as JSON.
    figures = models.JSONField(default=dict)
    upward = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("kept figures of a day")
        verbose_name_plural = _("kept figures of days")
        constraints = [
            models.UniqueConstraint(fields=["organization", "day"], name="reports_organizationdayfigures_one_a_day"),
        ]
        indexes = [
            # A district's (or region's) rows of one day, and the trend's month-end days.
            models.Index(fields=["day", "organization"], name="reports_kept_day_org"),
        ]

    def __str__(self):
        return f"{self.organization_id} {self.day:%Y-%m-%d}"


class FiguresDrift(models.Model):
    """What the nightly check found different between an organization's kept figures and a recount, and
    repaired: the district coordinator sees it on the dashboard."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="figures_drifts", verbose_name=_("organization")
    )
    day = models.DateField(_("day"))
    found_at = models.DateTimeField(_("found at"), auto_now_add=True)
    # [{"figure": Russian label, "kept": value, "counted": value}]
    changes = models.JSONField(_("changes"), default=list)

    class Meta:
        verbose_name = _("repaired drift of kept figures")
        verbose_name_plural = _("repaired drifts of kept figures")
        ordering = ["-found_at", "-pk"]
        indexes = [
            # The dashboard's «repaired lately» of a district's organizations.
            models.Index(fields=["organization", "-found_at"], name="reports_drift_org_found"),
        ]

    def __str__(self):
        return f"{self.organization_id} {self.day:%Y-%m-%d}"
