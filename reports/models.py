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
