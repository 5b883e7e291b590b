"""A spreadsheet of people between its preview and its import into a base."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .organizations import Organization


class BaseImport(models.Model):
    """The rows of an uploaded file, kept as read so that the import checks and saves exactly what the
    preview showed. Nothing reaches a base until the curator imports it."""

    class Kind(models.TextChoices):
        MENTEES = "mentees", _("mentee base")
        MENTORS = "mentors", _("mentor base")

    class Status(models.TextChoices):
        DRAFT = "draft", _("preview")
        IMPORTED = "imported", _("imported")
        CANCELLED = "cancelled", _("cancelled")
        EXPIRED = "expired", _("expired")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("base"), max_length=20, choices=Kind.choices)
    file_name = models.CharField(_("file"), max_length=255)
    headers = models.JSONField(default=list)
    rows = models.JSONField(default=list)
    # What the check at upload found, for the preview: see `mentoring.transfer.Report`.
    report = models.JSONField(default=dict)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    imported_count = models.PositiveIntegerField(_("rows imported"), default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("import into a base")
        verbose_name_plural = _("imports into the bases")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.file_name

    def get_absolute_url(self):
        return reverse("mentoring:import_preview", kwargs={"org_slug": self.organization.slug, "pk": self.pk})
