"""An employee's mentoring under ТК РФ ст. 351.8 (since 1 March 2025): the organization's rule of pay
for it and each teacher-mentor's assignment, with its additional agreement to the labour contract,
its order, its term and its early end with notice."""

import uuid
from decimal import Decimal
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from mentoring.models import Mentor, MentoringForm, Organization, Pair


class PayMethod(models.TextChoices):
    FIXED = "fixed", _("a fixed sum")
    SALARY_SHARE = "salary_share", _("a share of the salary")


class PayBase(models.TextChoices):
    PER_MENTEE = "per_mentee", _("per mentee per month")
    PER_MONTH = "per_month", _("per month")


class PayRuleQuerySet(models.QuerySet):
    def of(self, organization):
        return self.filter(organization=organization)


class PayRule(models.Model):
    """How the organization pays for mentoring («доплата за наставничество»), as its local act or
    collective agreement sets it: a sum or a share of the salary, per mentee or per month, for one
    form or for any."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="pay_rules", verbose_name=_("organization")
    )
    name = models.CharField(_("name"), max_length=200)
    method = models.CharField(_("how it is set"), max_length=20, choices=PayMethod.choices, default=PayMethod.FIXED)
    base = models.CharField(_("for what"), max_length=20, choices=PayBase.choices, default=PayBase.PER_MENTEE)
    amount = models.DecimalField(
        _("sum, ₽, or share, %"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text=_("Roubles for a fixed sum; per cent of the salary for a share."),
    )
    form = models.ForeignKey(
        MentoringForm,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("form of mentoring"),
        help_text=_("Empty: any form."),
    )
    basis = models.CharField(
        _("local act"),
        max_length=500,
        help_text=_("The act that sets the pay, as the agreement cites it: «Положение об оплате труда, п. 5.3»."),
    )

    objects = PayRuleQuerySet.as_manager()

    class Meta:
        verbose_name = _("rule of pay for mentoring")
        verbose_name_plural = _("rules of pay for mentoring")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="employment_payrule_unique_name"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="employment_payrule_amount_positive"),
            models.CheckConstraint(
                condition=~Q(method="salary_share") | Q(amount__lte=100), name="employment_payrule_share_at_most_100"
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.method == PayMethod.SALARY_SHARE and self.amount and self.amount > 100:
            raise ValidationError({"amount": _("A share of the salary is at most 100 %.")})

    @property
    def description(self):
        return describe_pay(self.method, self.base, self.amount)

    def is_used_by_signed(self):
        """Signed agreements print this rule's terms and are paid by them: its method, base, amount and
        form then stay as they are (a new rule is made instead)."""
        return self.pk is not None and self.assignments.exclude(status=Status.DRAFT).exists()


def describe_pay(method, base, amount):
    """«3 100,00 ₽ per mentee per month», «10 % of the salary per month»."""
    from .figures import rub

    if method == PayMethod.FIXED:
        value = rub(amount)
    else:
        value = _("%(share)s %% of the salary") % {"share": f"{amount:g}".replace(".", ",")}
    return f"{value} {PayBase(base).label}"


class Status(models.TextChoices):
    DRAFT = "draft", _("draft")
    SIGNED = "signed", _("agreement signed by the head")
    ACTIVE = "active", _("in force")
    ENDED = "ended", _("ended")
    ENDED_EARLY = "ended_early", _("ended early")
    # The head signed, the mentor never did, and the term passed: no agreement was concluded, nothing is paid.
    NOT_CONCLUDED = "not_concluded", _("not concluded")


# Concluded (signed by both sides): only these are paid, from the term's start (the agreement «распространяет
# своё действие на отношения, возникшие с» it).
PAID_STATUSES = (Status.ACTIVE, Status.ENDED, Status.ENDED_EARLY)
# Signed by the head and not over: awaiting the mentor's signature, or in force.
OPEN_STATUSES = (Status.SIGNED, Status.ACTIVE)


class EndedBy(models.TextChoices):
    EMPLOYER = "employer", _("the employer")
    MENTOR = "mentor", _("the mentor")


def scan_path(assignment, filename):
    suffix = PurePosixPath(filename).suffix.lower()[:10]
    return f"employment/{assignment.organization_id}/{uuid.uuid4().hex}{suffix}"


class AssignmentQuerySet(models.QuerySet):
    def of(self, organization):
        return self.filter(organization=organization)

    def for_user(self, user, roles=None):
        return self.filter(organization__in=Organization.objects.for_user(user, roles=roles))

    def in_force(self):
        """Concluded by both sides and not over: the one definition, as the status «действует» says."""
        return self.filter(status=Status.ACTIVE)

    def open(self):
        """Signed by the head and not over (awaiting the mentor's signature, or in force)."""
        return self.filter(status__in=OPEN_STATUSES)

    def paid(self):
        return self.filter(status__in=PAID_STATUSES)

    def visible(self, organization, user, roles):
        """Who sees which assignments of `organization`: its administration all of them, a mentor only
        their own (the pages' one rule; `roles` as `mentoring.access.roles_in` gives them)."""
        from mentoring.access import Perm, has_perm

        assignments = self.of(organization)
        if has_perm(roles, Perm.VIEW_PAY):
            return assignments
        if has_perm(roles, Perm.VIEW_EMPLOYMENT):
            return assignments.filter(mentor__person__user=user)
        return assignments.none()

    def ending_between(self, first, last):
        """Open and ending (at their term) within [first, last]: the reminders and the home pages (one
        still awaiting the mentor's signature most of all)."""
        return self.open().filter(ends_on__gte=first, ends_on__lte=last)


class Assignment(models.Model):
    """A teacher-mentor's mentoring as an employee: what the additional agreement to the labour
    contract fixes (content, term, form, pay and its basis, the mentees), the order that assigns it,
    and how it ends.

    Draft → the head signs the agreement in the portal (signed) → the mentor's acknowledgement is
    recorded (in force) → ended at its term, or ended early by either side (ended early)."""

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="mentoring_assignments", verbose_name=_("organization")
    )
    mentor = models.ForeignKey(Mentor, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("mentor"))
    pairs = models.ManyToManyField(Pair, related_name="assignments", verbose_name=_("pairs and groups"))
    form = models.ForeignKey(MentoringForm, on_delete=models.PROTECT, related_name="+", verbose_name=_("form"))
    content = models.TextField(_("content of the mentoring"))
    starts_on = models.DateField(_("start"))
    ends_on = models.DateField(_("end of the term"))
    pay_rule = models.ForeignKey(
        PayRule, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("rule of pay")
    )
    salary = models.DecimalField(
        _("salary, ₽"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Needed when the pay is a share of the salary."),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    number = models.CharField(_("number of the agreement"), max_length=30, blank=True)
    contract = models.CharField(
        _("labour contract"),
        max_length=200,
        blank=True,
        help_text=_("«от 01.09.2020 № 45», as the agreement cites it."),
    )
    signed_at = models.DateTimeField(_("signed by the head"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    snapshot = models.JSONField(_("what was signed"), default=dict, blank=True)
    # The pay as signed, frozen from the rule when the head signs: what a signed agreement is paid by,
    # whatever the rule says later (`pay_terms`).
    signed_pay_method = models.CharField(_("pay: how it is set"), max_length=20, choices=PayMethod.choices, blank=True)
    signed_pay_base = models.CharField(_("pay: for what"), max_length=20, choices=PayBase.choices, blank=True)
    signed_pay_amount = models.DecimalField(
        _("pay: sum, ₽, or share, %"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    signed_monthly_rate = models.DecimalField(
        _("pay: full month's sum, ₽"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    acknowledged_on = models.DateField(_("the mentor signed on"), null=True, blank=True)
    scan = models.FileField(_("scan of the signed copy"), upload_to=scan_path, blank=True)
    order = models.ForeignKey(
        "orders.Order",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mentoring_assignments",
        verbose_name=_("order"),
    )
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    ended_by = models.CharField(_("ended by"), max_length=20, choices=EndedBy.choices, blank=True)
    notice_on = models.DateField(_("notice given on"), null=True, blank=True)
    end_reason = models.TextField(_("reason for the early end"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("mentoring assignment of an employee")
        verbose_name_plural = _("mentoring assignments of employees")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="employment_term_ordered"),
            models.CheckConstraint(
                condition=~Q(status__in=["signed", "active", "ended", "ended_early", "not_concluded"])
                | Q(signed_at__isnull=False),
                name="employment_signed_has_moment",
            ),
            models.CheckConstraint(
                condition=~Q(status="ended_early")
                | (Q(ended_on__isnull=False, notice_on__isnull=False) & ~Q(ended_by="") & ~Q(end_reason="")),
                name="employment_early_end_complete",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | (Q(ended_on__gte=models.F("starts_on")) & Q(ended_on__lte=models.F("ends_on"))),
                name="employment_end_within_term",
            ),
            # The agreement's number is given once in an organization.
            models.UniqueConstraint(
                fields=["organization", "number"], condition=~Q(number=""), name="employment_unique_number"
            ),
        ]
        indexes = [
            # The reminders and the home pages: assignments in force by the end of their term.
            models.Index(fields=["status", "ends_on"]),
        ]

    def __str__(self):
        return f"{self.mentor.person.full_name}: {self.starts_on:%d.%m.%Y} – {self.last_day:%d.%m.%Y}"

    def get_absolute_url(self):
        return reverse("employment:detail", kwargs={"org_slug": self.organization.slug, "pk": self.pk})

    def clean(self):
        super().clean()
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The term ends before it starts.")})

    @property
    def last_day(self):
        """The last day of the mentoring: the early end when there was one, otherwise the term's end."""
        return self.ended_on or self.ends_on

    @property
    def is_draft(self):
        return self.status == Status.DRAFT

    @property
    def is_in_force(self):
        """Concluded by both sides and not over (`AssignmentQuerySet.in_force`, the status «действует»)."""
        return self.status == Status.ACTIVE

    @property
    def is_open(self):
        return self.status in OPEN_STATUSES

    @property
    def is_paid(self):
        return self.status in PAID_STATUSES

    @property
    def is_finished(self):
        return self.status in (Status.ENDED, Status.ENDED_EARLY)

    @property
    def pay_terms(self):
        """(method, base, amount) of the pay: as signed for a signed agreement, the rule's for a draft."""
        if self.signed_pay_method:
            return self.signed_pay_method, self.signed_pay_base, self.signed_pay_amount
        rule = self.pay_rule
        return rule.method, rule.base, rule.amount

    @property
    def pay_description(self):
        return describe_pay(*self.pay_terms)

    def freeze_pay(self, monthly_rate):
        self.signed_pay_method, self.signed_pay_base, self.signed_pay_amount = (
            self.pay_rule.method,
            self.pay_rule.base,
            self.pay_rule.amount,
        )
        self.signed_monthly_rate = monthly_rate

    @property
    def ended_early(self):
        return self.status == Status.ENDED_EARLY
