import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from mentoring.models import Organization


class Email(models.Model):
    """One message sent to one person: a day's digest, or an urgent reminder on its own.

    Notifications are claimed into an email before it is sent; `sent_at` is set in the same
    transaction that holds the row lock while sending, so a retried or second worker never
    sends it again."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(_("key"), max_length=100)
    day = models.DateField(_("for the day"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    error = models.CharField(_("refused by the mail server"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("reminder email")
        verbose_name_plural = _("reminder emails")
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="notifications_email_unique_key")]
        indexes = [
            # The sender's question: which emails are still to go? (A small part of a growing table.)
            models.Index(fields=["id"], condition=Q(sent_at__isnull=True), name="notif_email_unsent"),
        ]

    def __str__(self):
        return f"{self.user} {self.key}"


class Notification(models.Model):
    """Something a person was told about, in the portal and (once) by mail."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("user")
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("organization")
    )
    kind = models.CharField(_("kind"), max_length=40)
    key = models.CharField(_("key"), max_length=200)
    # What it is about ("order:12", "activity:7"): re-checked when it is mailed and shown, and withdrawn
    # with it (an order signed, an activity done, a campaign closed, a pair finished).
    subject = models.CharField(_("subject"), max_length=100, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=500)
    url = models.CharField(_("link"), max_length=500, blank=True)
    group = models.CharField(_("group"), max_length=300, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    # PROTECT: deleting an email would free its notifications to be mailed again.
    email = models.ForeignKey(Email, on_delete=models.PROTECT, null=True, blank=True, related_name="notifications")

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # The same finding is told once, however many times the schedule runs.
            models.UniqueConstraint(fields=["user", "kind", "key"], name="notifications_notification_once"),
        ]
        indexes = [
            # The navbar's unread counter and the list page.
            models.Index(fields=["user", "read_at"], name="notif_user_read"),
            # The claim: notifications not yet in an email.
            models.Index(fields=["user"], condition=Q(email__isnull=True), name="notif_unclaimed"),
            # Withdrawing what is told about a subject that no longer applies.
            models.Index(fields=["subject"], condition=Q(withdrawn_at__isnull=True), name="notif_subject_current"),
        ]

    def __str__(self):
        return self.title


def subject_of(key):
    """The subject a key is about: its first two parts («order:12:to-sign:2026-10-05» → «order:12»)."""
    return ":".join(key.split(":")[:2])


class ReminderRun(models.Model):
    """One daily run of the reminders, split into chunks of organizations that several workers share.
    Once every chunk is collected (or given up), the last one puts the findings into emails, in the
    transaction that records it collected: the emails are claimed once per run."""

    day = models.DateField(_("for the day"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    claimed_at = models.DateTimeField(_("put into emails"), null=True, blank=True)

    class Meta:
        verbose_name = _("reminder run")
        verbose_name_plural = _("reminder runs")

    def __str__(self):
        return f"{self.day} #{self.pk}"


class ReminderChunk(models.Model):
    """The organizations `first_organization_id`..`last_organization_id` of a run: one task collects
    their findings (a row stored once under the notification's unique constraint) and records it done
    in the same transaction, so a chunk taken again after its worker died adds nothing twice. Queued
    with a deadline like the other work the database owes (config.durable): the sweep sends again a
    chunk whose worker died."""

    run = models.ForeignKey(ReminderRun, on_delete=models.CASCADE, related_name="chunks")
    first_organization_id = models.PositiveBigIntegerField(_("first organization"))
    last_organization_id = models.PositiveBigIntegerField(_("last organization"))
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    deadline = models.DateTimeField(_("counts as lost after"), null=True, blank=True)
    taken_by = models.CharField(_("worker"), max_length=200, blank=True)
    collected_at = models.DateTimeField(_("collected"), null=True, blank=True)
    error = models.CharField(_("given up"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("reminder run chunk")
        verbose_name_plural = _("reminder run chunks")
        constraints = [
            models.CheckConstraint(
                condition=Q(first_organization_id__lte=models.F("last_organization_id")),
                name="notifications_reminderchunk_range",
            ),
        ]
        indexes = [
            # The sweep's question: which chunks are still owed?
            models.Index(
                fields=["deadline"], condition=Q(collected_at__isnull=True, error=""), name="notif_chunk_owed"
            ),
        ]

    def __str__(self):
        return f"{self.run} [{self.first_organization_id}..{self.last_organization_id}]"

    @property
    def finished(self):
        return self.collected_at is not None or bool(self.error)


class ReminderSettings(models.Model):
    """A person's choices: reminders by email at all, which kinds to mute, and whether urgent ones come at once."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_settings")
    # Off: nothing is mailed (the one-click unsubscribe turns it off); reminders still show in the bell.
    emails = models.BooleanField(
        _("reminders by email"),
        default=True,
        help_text=_("The daily digest and urgent reminders. Without them, reminders are only on the portal."),
    )
    muted_kinds = models.JSONField(_("muted reminders"), default=list, blank=True)
    urgent_immediately = models.BooleanField(
        _("urgent reminders at once"),
        default=False,
        help_text=_("Overdue and next-day deadlines by a separate email, not in the daily digest."),
    )

    class Meta:
        verbose_name = _("reminder settings")
        verbose_name_plural = _("reminder settings")

    def __str__(self):
        return str(self.user)


def new_token():
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A private iCalendar address: whoever has the link sees the person's deadlines, so it is long,
    random and can be revoked (a new one is then issued)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds")
    token = models.CharField(max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=Q(revoked_at__isnull=True), name="notifications_calendarfeed_one_active"
            ),
        ]

    def __str__(self):
        return f"{self.user} ({'revoked' if self.revoked_at else 'active'})"

    def get_absolute_url(self):
        return reverse("notifications:calendar_feed", kwargs={"token": self.token})
