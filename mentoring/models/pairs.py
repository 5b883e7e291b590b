"""Mentoring pairs and groups, their development plans and meeting logs, and matching runs."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Max, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .organizations import MentoringForm, Organization
from .people import Mentee, Mentor


class PairStatus(models.TextChoices):
    ACTIVE = "active", _("working")
    COMPLETED = "completed", _("completed")
    TERMINATED = "terminated", _("terminated early")


class PairQuerySet(models.QuerySet):
    def of(self, organization):
        return self.filter(program__organization=organization)

    def for_user(self, user, roles=None):
        return self.filter(program__organization__in=Organization.objects.for_user(user, roles=roles))

    def mentored_by(self, user):
        return self.filter(mentor__person__user=user)

    def active(self):
        return self.filter(status=PairStatus.ACTIVE)

    def with_last_meeting(self):
        """`since`: the day of the last meeting logged, or the start for a pair that has not met yet."""
        return self.annotate(since=Coalesce(Max("meetings__held_on"), "started_on"))


class Pair(models.Model):
    """A mentor with one mentee (a pair) or several (a group), in one form of a program."""

    program = models.ForeignKey(
        "roadmap.Program", on_delete=models.CASCADE, related_name="pairs", verbose_name=_("program")
    )
    form = models.ForeignKey(MentoringForm, on_delete=models.PROTECT, related_name="pairs", verbose_name=_("form"))
    mentor = models.ForeignKey(Mentor, on_delete=models.PROTECT, related_name="pairs", verbose_name=_("mentor"))
    mentees = models.ManyToManyField(Mentee, through="PairMember", related_name="pairs", verbose_name=_("mentees"))
    started_on = models.DateField(_("start"))
    ends_on = models.DateField(_("planned end"), null=True, blank=True)
    goal = models.TextField(_("goal"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=PairStatus.choices, default=PairStatus.ACTIVE)
    finished_on = models.DateField(_("finished on"), null=True, blank=True)
    termination_reason = models.TextField(_("reason for early termination"), blank=True)
    result = models.TextField(_("result"), blank=True)
    rating = models.PositiveSmallIntegerField(
        _("curator's rating"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    case = models.TextField(_("case"), blank=True, help_text=_("A description that may go to the best-practice bank."))
    case_for_bank = models.BooleanField(_("propose the case for the best-practice bank"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = PairQuerySet.as_manager()

    class Meta:
        verbose_name = _("pair or group")
        verbose_name_plural = _("pairs and groups")
        ordering = ["mentor__person__last_name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("started_on")),
                name="mentoring_pair_period_ordered",
            ),
            models.CheckConstraint(
                condition=Q(status="active") | Q(finished_on__isnull=False), name="mentoring_pair_finished_has_date"
            ),
            models.CheckConstraint(
                condition=~Q(status="terminated") | ~Q(termination_reason=""),
                name="mentoring_pair_termination_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5), name="mentoring_pair_rating_range"
            ),
        ]

    def __str__(self):
        return f"{self.mentor} — {', '.join(str(m) for m in self.mentees.all())}"

    def get_absolute_url(self):
        return reverse("mentoring:pair_detail", kwargs={"org_slug": self.program.organization.slug, "pk": self.pk})

    @property
    def is_active(self):
        return self.status == PairStatus.ACTIVE


class PairMemberQuerySet(models.QuerySet):
    def current(self):
        return self.filter(left_on__isnull=True, pair__status=PairStatus.ACTIVE)


class PairMember(models.Model):
    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="members")
    mentee = models.ForeignKey(Mentee, on_delete=models.PROTECT, related_name="memberships")
    joined_on = models.DateField(_("joined on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)

    objects = PairMemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("mentee in a pair")
        verbose_name_plural = _("mentees in pairs")
        ordering = ["mentee__person__last_name", "mentee__person__first_name"]
        constraints = [
            models.UniqueConstraint(fields=["pair", "mentee"], name="mentoring_pairmember_unique"),
            # A mentee works with one mentor at a time.
            models.UniqueConstraint(
                fields=["mentee"], condition=Q(left_on__isnull=True), name="mentoring_pairmember_one_current_pair"
            ),
        ]


class MentorChange(models.Model):
    """The replacement of a pair's mentor, with its reason («о замене наставника»)."""

    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="mentor_changes")
    previous_mentor = models.ForeignKey(Mentor, on_delete=models.PROTECT, related_name="+")
    new_mentor = models.ForeignKey(Mentor, on_delete=models.PROTECT, related_name="+")
    changed_on = models.DateField(_("date"))
    reason = models.TextField(_("reason"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("replacement of a mentor")
        verbose_name_plural = _("replacements of mentors")
        ordering = ["changed_on", "pk"]


class PlanItemStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done")
    DROPPED = "dropped", _("dropped")


# A plan item still to be done: planned or in progress (done and dropped ones are closed).
OPEN_PLAN_STATUSES = (PlanItemStatus.PLANNED, PlanItemStatus.IN_PROGRESS)


class PlanItemQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN_PLAN_STATUSES)

    def overdue(self, today):
        """Overdue: still open and its due date is before `today` (the same rule as PlanItem.overdue_on)."""
        return self.open().filter(due_on__lt=today)


class PlanItem(models.Model):
    """An item of the individual development plan («индивидуальный план развития» / «ИОТ»)."""

    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="plan_items")
    task = models.CharField(_("task"), max_length=500)
    due_on = models.DateField(_("due"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=PlanItemStatus.choices, default=PlanItemStatus.PLANNED
    )
    result = models.TextField(_("result"), blank=True)
    position = models.PositiveIntegerField(_("sort order"), default=0)
    # A calendar feed's LAST-MODIFIED and SEQUENCE of the item's due date (notifications.services).
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = PlanItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("plan item")
        verbose_name_plural = _("plan items")
        ordering = ["position", "due_on", "pk"]

    def __str__(self):
        return self.task

    @property
    def is_open(self):
        return self.status in OPEN_PLAN_STATUSES

    def overdue_on(self, today):
        """One definition of an overdue plan item, for every page: still open (planned or in progress)
        and due before `today`; an item without a due date is never overdue."""
        return self.is_open and self.due_on is not None and self.due_on < today

    @property
    def is_overdue(self):
        return self.overdue_on(timezone.localdate())


class MeetingFormat(models.TextChoices):
    IN_PERSON = "in_person", _("in person")
    ONLINE = "online", _("online")
    GROUP = "group", _("group")


class Meeting(models.Model):
    """An entry of the pair's meeting log."""

    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField(_("date"))
    format = models.CharField(
        _("format"), max_length=20, choices=MeetingFormat.choices, default=MeetingFormat.IN_PERSON
    )
    topic = models.CharField(_("topic"), max_length=300)
    notes = models.TextField(_("notes"), blank=True)
    attendees = models.ManyToManyField(Mentee, blank=True, related_name="meetings", verbose_name=_("who attended"))
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["pair", "-held_on"])]

    def __str__(self):
        return self.topic


class MatchRunStatus(models.TextChoices):
    PROPOSED = "proposed", _("proposed")
    ACCEPTED = "accepted", _("accepted")
    REJECTED = "rejected", _("rejected")


class MatchRun(models.Model):
    """One automatic pairing proposal for a program, kept until the curator accepts or rejects it."""

    program = models.ForeignKey("roadmap.Program", on_delete=models.CASCADE, related_name="match_runs")
    weights = models.JSONField(_("weights"))
    status = models.CharField(
        _("status"), max_length=20, choices=MatchRunStatus.choices, default=MatchRunStatus.PROPOSED
    )
    total = models.PositiveIntegerField(_("total score"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("pairing proposal")
        verbose_name_plural = _("pairing proposals")
        ordering = ["-created_at", "-pk"]


class MatchRow(models.Model):
    """A mentee of a proposal: the mentor proposed (or none) and the reasons."""

    run = models.ForeignKey(MatchRun, on_delete=models.CASCADE, related_name="rows")
    mentee = models.ForeignKey(Mentee, on_delete=models.CASCADE, related_name="+")
    mentor = models.ForeignKey(Mentor, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    form = models.ForeignKey(MentoringForm, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    points = models.PositiveIntegerField(default=0)
    reasons = models.JSONField(default=list)
    locked = models.BooleanField(default=False)
    pair = models.ForeignKey(Pair, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["mentee__person__last_name", "mentee__person__first_name", "pk"]
        constraints = [models.UniqueConstraint(fields=["run", "mentee"], name="mentoring_matchrow_unique")]
