"""Orders («приказы»): drafted from a program's live data, signed by the director, numbered in the
organization's journal, and frozen once signed, as an official document must be (like an invoice:
numbered under a unique constraint, what was printed snapshotted, never deleted)."""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mentoring.models import Organization

DEFAULT_PREAMBLE_ACTS = (
    "распоряжением Министерства просвещения Российской Федерации от 25.12.2019 № Р-145 «Об утверждении "
    "методологии (целевой модели) наставничества обучающихся для организаций, осуществляющих "
    "образовательную деятельность по общеобразовательным, дополнительным общеобразовательным и программам "
    "среднего профессионального образования, в том числе с применением лучших практик обмена опытом между "
    "обучающимися»"
)


class OrderSettings(models.Model):
    """How an organization's orders are printed and numbered."""

    organization = models.OneToOneField(
        Organization, on_delete=models.CASCADE, related_name="order_settings", verbose_name=_("organization")
    )
    series = models.CharField(
        _("number suffix"), max_length=20, default="-ОД", blank=True, help_text=_("For example «-ОД»: № 45-ОД.")
    )
    place = models.CharField(_("place"), max_length=200, blank=True, help_text=_("For example «г. Оренбург»."))
    preamble_acts = models.TextField(
        _("acts the preambles cite"),
        default=DEFAULT_PREAMBLE_ACTS,
        help_text=_("Federal, regional and municipal acts, after «В соответствии с»."),
    )
    esign_act = models.CharField(
        _("order approving the regulation on the simple electronic signature"),
        max_length=300,
        blank=True,
        help_text=_(
            "The order that approved the regulation on the simple electronic signature, as the signature mark "
            "cites it: «приказом МБОУ СОШ № 4 от 01.09.2025 № 12-ОД». Filled in when such an order is signed "
            "in the portal; enter it here when the regulation was approved on paper."
        ),
    )

    class Meta:
        verbose_name = _("order settings")
        verbose_name_plural = _("order settings")

    def __str__(self):
        return str(self.organization)


def verification_code():
    return secrets.token_urlsafe(9)


def order_pdf_path(order, filename):
    return f"orders/{order.organization_id}/{order.pk}-{secrets.token_hex(8)}.pdf"


class OrderQuerySet(models.QuerySet):
    def of(self, organization):
        return self.filter(organization=organization)


class Order(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("awaiting signature")
        RETURNED = "returned", _("returned for corrections")
        SIGNED = "signed", _("signed")

    class PdfStatus(models.TextChoices):
        NONE = "", _("not made")
        QUEUED = "queued", _("being made")
        READY = "ready", _("ready")
        FAILED = "failed", _("failed")

    # Only these change on a signed order, and only until its PDF is made (once, after the signature).
    PDF_FIELDS = frozenset({"pdf", "pdf_sha256", "pdf_status", "pdf_error", "pdf_attempts", "pdf_deadline"})

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="orders", verbose_name=_("organization")
    )
    program = models.ForeignKey(
        "roadmap.Program", on_delete=models.PROTECT, null=True, blank=True, related_name="orders"
    )
    kind = models.CharField(_("type"), max_length=30)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    title = models.CharField(_("title"), max_length=500)
    preamble = models.TextField(_("preamble"))
    points = models.JSONField(_("points"), default=list)
    control = models.CharField(
        _("control point"), max_length=500, default="Контроль за исполнением приказа оставляю за собой."
    )
    acquainted = models.JSONField(_("acquainted with the order"), default=list, blank=True)
    appendices = models.JSONField(_("appendices"), default=list, blank=True)
    activity = models.ForeignKey(
        "roadmap.Activity",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="orders",
        verbose_name=_("activity of the roadmap it fulfils"),
    )
    corrects = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="corrections", verbose_name=_("corrects")
    )
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    series = models.CharField(_("number suffix"), max_length=20, blank=True)
    number = models.PositiveIntegerField(_("number"), null=True, blank=True)
    signed_on = models.DateField(_("date"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    snapshot = models.JSONField(_("what was signed"), default=dict, blank=True)
    pdf = models.FileField(_("PDF"), upload_to=order_pdf_path, blank=True)
    pdf_sha256 = models.CharField(_("SHA-256 of the PDF"), max_length=64, blank=True)
    pdf_status = models.CharField(
        _("PDF"), max_length=20, choices=PdfStatus.choices, default=PdfStatus.NONE, blank=True
    )
    pdf_error = models.TextField(blank=True)
    # The work owed: how many times a worker took the PDF up, and when a queued one counts as lost.
    pdf_attempts = models.PositiveSmallIntegerField(default=0)
    pdf_deadline = models.DateTimeField(null=True, blank=True)
    verification_code = models.CharField(max_length=20, unique=True, default=verification_code, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = OrderQuerySet.as_manager()

    class Meta:
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        ordering = ["-year", "-number", "-created_at"]
        constraints = [
            # The journal: a number is given once per organization, year and series.
            models.UniqueConstraint(
                fields=["organization", "year", "series", "number"],
                condition=Q(number__isnull=False),
                name="orders_order_unique_number",
            ),
            models.CheckConstraint(
                condition=(
                    Q(status="signed") & Q(number__isnull=False) & Q(signed_on__isnull=False) & Q(year__isnull=False)
                )
                | (~Q(status="signed") & Q(number__isnull=True)),
                name="orders_order_signed_has_number",
            ),
        ]
        indexes = [
            # The journal page: an organization's orders by year.
            models.Index(fields=["organization", "year", "number"]),
        ]

    def __str__(self):
        return f"{self.display_number} {self.title}".strip()

    def save(self, *args, **kwargs):
        # A signed order never changes, whoever tries (the admin included); its PDF is filled in once.
        if self.pk:
            update_fields = kwargs.get("update_fields")
            stored, stored_hash = Order.objects.filter(pk=self.pk).values_list("status", "pdf_sha256").first() or (
                None,
                "",
            )
            signed = stored == self.Status.SIGNED
            if signed and (stored_hash or update_fields is None or not set(update_fields) <= self.PDF_FIELDS):
                raise ValidationError(_("A signed order cannot be changed: issue a new order that corrects it."))
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("orders:detail", kwargs={"org_slug": self.organization.slug, "pk": self.pk})

    def delete(self, *args, **kwargs):
        if self.number is not None:
            raise ValidationError(_("A registered order is never deleted."))
        return super().delete(*args, **kwargs)

    @property
    def display_number(self):
        return f"{self.number}{self.series}" if self.number else ""

    @property
    def is_signed(self):
        return self.status == self.Status.SIGNED

    @property
    def is_editable(self):
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)

    def late_points(self, on=None):
        """Points whose deadline falls before `on` (today): (number, deadline as written). Signed
        orders are history and are not re-judged."""
        from .kinds import late_points

        if self.is_signed:
            return []
        return late_points(self.points, self.program, on or timezone.localdate())


class OrderEvent(models.Model):
    """Who moved an order, when, and what they said: shown on the order's page."""

    class Action(models.TextChoices):
        CREATED = "created", _("drafted")
        EDITED = "edited", _("edited")
        SUBMITTED = "submitted", _("submitted for signature")
        RETURNED = "returned", _("returned for corrections")
        SIGNED = "signed", _("signed and registered")

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    comment = models.TextField(_("comment"), blank=True)
    at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("order event")
        verbose_name_plural = _("order events")
        ordering = ["at", "pk"]


class OrderBatch(models.Model):
    """Orders drafted together: a stage's orders for a program, or one type for every school of a
    district. Each item is a worker's job; the page shows their progress."""

    municipality = models.ForeignKey("mentoring.Municipality", on_delete=models.CASCADE, null=True, blank=True)
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    title = models.CharField(_("title"), max_length=300)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("batch of orders")
        verbose_name_plural = _("batches of orders")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(municipality__isnull=False) | Q(organization__isnull=False), name="orders_batch_has_owner"
            )
        ]

    def __str__(self):
        return self.title


class OrderBatchItem(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    batch = models.ForeignKey(OrderBatch, on_delete=models.CASCADE, related_name="items")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    program = models.ForeignKey("roadmap.Program", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    kind = models.CharField(_("type"), max_length=30)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.QUEUED)
    order = models.ForeignKey(Order, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    # A queued item not done by then is taken as lost and sent to a worker again.
    deadline = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "organization", "kind"], name="orders_batchitem_unique")
        ]
