"""The audit trail: who did or read what that matters, when and from where. Rows are only ever added:
the model refuses to save an existing row or delete one, and so do its querysets."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from mentoring.models import Organization


class Action(models.TextChoices):
    ORDER_SIGNED = "order_signed", _("order signed")
    PRACTICE_APPROVED = "practice_approved", _("case approved for the bank")
    BASE_EXPORTED = "base_exported", _("base exported")
    PERSON_VIEWED = "person_viewed", _("person's card viewed")
    CONSENT_SCAN_VIEWED = "consent_scan_viewed", _("consent scan opened")
    PASSWORD_CONFIRMED = "password_confirmed", _("password confirmed")
    ASSIGNMENT_CREATED = "assignment_created", _("mentoring assignment drafted")
    ASSIGNMENT_SIGNED = "assignment_signed", _("mentoring agreement signed by the head")
    ASSIGNMENT_ACKNOWLEDGED = "assignment_acknowledged", _("mentor's signature of the agreement recorded")
    ASSIGNMENT_SCAN = "assignment_scan", _("scan of the mentoring agreement attached")
    ASSIGNMENT_ENDED_EARLY = "assignment_ended_early", _("mentoring assignment ended early")
    PAY_RULE_CHANGED = "pay_rule_changed", _("rule of pay for mentoring changed")
    PAY_STATEMENT_DOWNLOADED = "pay_statement_downloaded", _("pay statement for mentoring downloaded")


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("The audit log is append-only.")

    def delete(self):
        raise TypeError("The audit log is append-only.")


class AuditEntry(models.Model):
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="audit_entries",
        verbose_name=_("organization"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("user")
    )
    # Kept as it was: the account may be renamed or removed later.
    user_label = models.CharField(_("who"), max_length=300)
    action = models.CharField(_("action"), max_length=30, choices=Action.choices)
    object_label = models.CharField(_("what"), max_length=500, blank=True)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=40, blank=True)
    path = models.CharField(_("address on the portal"), max_length=500, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log")
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The head's log: one organization's entries, newest first.
            models.Index(fields=["organization", "-created_at"], name="audit_entry_org_created"),
        ]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.user_label}: {self.get_action_display()}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise TypeError("An audit log entry cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("An audit log entry cannot be deleted.")
