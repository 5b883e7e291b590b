"""The organization's own wording of its consent documents, one row per organization and kind.

A part left empty reads the default of `consents.wording`, so an organization that set nothing prints the
portal's wording, and «Вернуть текст по умолчанию» is emptying the parts."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from mentoring.models import Organization

from . import wording


class WordingKind(models.TextChoices):
    PROCESSING = "processing", _("processing of personal data")
    PUBLICATION = "publication", _("distribution (publication) of personal data")


class ConsentWording(models.Model):
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="consent_wordings", verbose_name=_("organization")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=WordingKind.choices)
    operator = models.TextField(
        _("operator"),
        blank=True,
        help_text=_("The organization's full name, ИНН, ОГРН and address: type the ИНН and ОГРН over the blank lines."),
    )
    resources = models.TextField(
        _("information resources"),
        blank=True,
        help_text=_("The addresses where the data is published (Roskomnadzor order № 18)."),
    )
    purposes = models.TextField(_("purposes of processing"), blank=True)
    data = models.TextField(
        _("personal data"),
        blank=True,
        help_text=_("For a consent to distribution, one category a line: each is a row the person allows or not."),
    )
    processor = models.TextField(
        _("processing on the operator's instruction"),
        blank=True,
        help_text=_(
            "The name and address of the person processing the data on the operator's instruction "
            "(152-ФЗ ст. 9 ч. 4 п. 6), if the processing is entrusted to one. Left empty, the consent has no such part."
        ),
    )
    actions = models.TextField(_("actions and ways of processing"), blank=True)
    term = models.TextField(_("term of the consent"), blank=True)
    revocation = models.TextField(_("how to revoke"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("wording of a consent")
        verbose_name_plural = _("wordings of consents")
        constraints = [
            models.UniqueConstraint(fields=["organization", "kind"], name="consents_consentwording_one_per_kind"),
        ]

    def __str__(self):
        return f"{self.organization}: {self.get_kind_display()}"

    def text(self, part):
        """The part as the documents print it: the organization's own, else the default."""
        own = (getattr(self, part) or "").strip()
        return own or wording.default(self.kind, part, self.organization)

    def is_default(self, part):
        return not (getattr(self, part) or "").strip()


def wording_for(organization, kind):
    """The organization's wording of `kind` (unsaved, all defaults, when it set none)."""
    found = ConsentWording.objects.filter(organization=organization, kind=kind).first()
    return found or ConsentWording(organization=organization, kind=kind)
