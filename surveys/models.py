"""Questionnaires, their versions, campaigns that send them to a program's people, and the answers.

A respondent (often a child without an account) opens a personal link whose token is never stored
in plain text: the invitation keeps its hash, and the answer sheet is found by another hash of the
same token. In an anonymous campaign nothing else ties a response to an invitation, so the database
holds no path from a response to a person.
"""

import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mentoring.models import Organization, Person

from .standard import INDICATORS


def token_hash(token, purpose):
    return hashlib.sha256(f"{purpose}:{token}".encode()).hexdigest()


class Questionnaire(models.Model):
    """A questionnaire at one version. Built-in ones (no organization) are the target model's templates."""

    class Audience(models.TextChoices):
        MENTEES = "mentees", _("mentees")
        MENTORS = "mentors", _("mentors")
        CURATORS = "curators", _("curators")
        ANY = "any", _("anyone")

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, null=True, blank=True, related_name="questionnaires"
    )
    code = models.SlugField(_("code"), max_length=60, help_text=_("The same for every version and every copy."))
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("introduction"), blank=True)
    audience = models.CharField(_("for"), max_length=20, choices=Audience.choices, default=Audience.ANY)
    stage = models.PositiveSmallIntegerField(_("stage"), null=True, blank=True)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    previous = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="next_version"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        ordering = ["stage", "title", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "code", "version"],
                condition=Q(organization__isnull=False),
                name="surveys_questionnaire_unique_version",
            ),
            models.UniqueConstraint(
                fields=["code", "version"],
                condition=Q(organization__isnull=True),
                name="surveys_questionnaire_unique_builtin",
            ),
        ]

    def __str__(self):
        return f"{self.title} (v{self.version})" if self.version > 1 else self.title

    @property
    def is_builtin(self):
        return self.organization_id is None

    @property
    def is_current(self):
        return not hasattr(self, "next_version")


class Section(models.Model):
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="sections")
    title = models.CharField(_("title"), max_length=300)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return self.title


class Question(models.Model):
    class Kind(models.TextChoices):
        SCALE10 = "scale10", _("scale 1–10")
        SCALE5 = "scale5", _("scale 1–5")
        YESNO = "yesno", _("yes or no")
        SINGLE = "single", _("one choice")
        MULTIPLE = "multiple", _("several choices")
        SHORT = "short", _("short text")
        LONG = "long", _("long text")

    SCALES = {Kind.SCALE10: 10, Kind.SCALE5: 5}
    MAX_TEXT = 4000

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="questions")
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="questions")
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    text = models.CharField(_("question"), max_length=500)
    help_text = models.CharField(_("hint"), max_length=500, blank=True)
    required = models.BooleanField(_("required"), default=False)
    choices = models.JSONField(_("choices"), default=list, blank=True)
    low_label = models.CharField(_("label of the low end"), max_length=100, blank=True)
    high_label = models.CharField(_("label of the high end"), max_length=100, blank=True)
    indicator = models.SlugField(
        _("indicator"),
        max_length=60,
        blank=True,
        help_text=_("The same indicator at entry and at exit gives the growth comparison."),
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["section__position", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind__in=["single", "multiple"]) | ~Q(choices=[]), name="surveys_question_choices_given"
            )
        ]

    def __str__(self):
        return self.text

    @property
    def scale_max(self):
        return self.SCALES.get(self.kind)

    @property
    def indicator_label(self):
        """The indicator's Russian name for people («Уверенность в себе»); a curator's own code as typed."""
        return INDICATORS.get(self.indicator, self.indicator)

    @property
    def scale_values(self):
        return list(range(1, self.scale_max + 1)) if self.scale_max else []


class CampaignQuerySet(models.QuerySet):
    def open(self, today):
        """Taking answers on `today`: begun, not closed, not cancelled (as `Campaign.is_open`)."""
        return self.filter(cancelled_at__isnull=True, opens_on__lte=today, closes_on__gte=today)

    def with_counts(self):
        """`n_invited` and `n_submitted`, as subqueries: joining invitations and responses together
        would multiply them (5,000 × 5,000 rows for one big campaign)."""

        def count(model, **extra):
            rows = model.objects.filter(campaign=OuterRef("pk"), **extra).values("campaign").annotate(n=Count("pk"))
            return Coalesce(Subquery(rows.values("n"), output_field=models.IntegerField()), 0)

        return self.annotate(n_invited=count(Invitation), n_submitted=count(Response, submitted_at__isnull=False))


class Campaign(models.Model):
    """A questionnaire sent to a group of a program's participants, open for a period."""

    class Phase(models.TextChoices):
        NONE = "", _("—")
        ENTRY = "entry", _("entry (before mentoring)")
        EXIT = "exit", _("exit (at the end)")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="campaigns")
    program = models.ForeignKey("roadmap.Program", on_delete=models.CASCADE, related_name="campaigns")
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.PROTECT, related_name="campaigns")
    title = models.CharField(_("title"), max_length=300)
    opens_on = models.DateField(_("opens"))
    closes_on = models.DateField(_("closes"))
    anonymous = models.BooleanField(
        _("anonymous"), default=False, help_text=_("Answers are kept with no link to the person who gave them.")
    )
    phase = models.CharField(_("measure"), max_length=10, choices=Phase.choices, default="", blank=True)
    activity = models.ForeignKey(
        "roadmap.Activity",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="campaigns",
        verbose_name=_("activity of the roadmap it fulfils"),
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # A calendar feed's LAST-MODIFIED and SEQUENCE of the closing date (notifications.services).
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Cancelled before anyone answered: its links open nothing and nothing more is sent.
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = CampaignQuerySet.as_manager()

    class Meta:
        verbose_name = _("questionnaire campaign")
        verbose_name_plural = _("questionnaire campaigns")
        ordering = ["-opens_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")), name="surveys_campaign_period_ordered"
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("surveys:campaign", kwargs={"org_slug": self.organization.slug, "pk": self.pk})

    def is_open(self, today=None):
        today = today or timezone.localdate()
        return self.cancelled_at is None and self.opens_on <= today <= self.closes_on

    @property
    def is_cancelled(self):
        return self.cancelled_at is not None

    def group_too_small(self, n_invited=None):
        """An anonymous campaign to fewer people than settings.SURVEY_ANONYMITY_MIN_GROUP: with so few,
        an answer can be told apart, so its results, texts, counts and exports are withheld."""
        if not self.anonymous:
            return False
        if n_invited is None:
            n_invited = self.invitations.count()
        return n_invited < settings.SURVEY_ANONYMITY_MIN_GROUP


class Invitation(models.Model):
    """Who was asked. The token's hash opens the sheet; the token itself lives only in the link."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="invitations")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="invitations")
    token_hash = models.CharField(max_length=64, unique=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["campaign", "person"], name="surveys_invitation_once")]


class Response(models.Model):
    """One respondent's answer sheet. `invitation` is empty in anonymous campaigns, by design."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="responses")
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.PROTECT, related_name="responses")
    invitation = models.OneToOneField(
        Invitation, on_delete=models.SET_NULL, null=True, blank=True, related_name="response"
    )
    sheet_key = models.CharField(max_length=64, unique=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            # The results page: the submitted responses of a campaign.
            models.Index(fields=["campaign", "submitted_at"]),
        ]


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    number = models.PositiveSmallIntegerField(null=True, blank=True)  # scales; yes = 1, no = 0
    text = models.TextField(blank=True)
    choices = models.JSONField(default=list, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["response", "question"], name="surveys_answer_once")]
