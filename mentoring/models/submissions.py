"""Forms sent once: a double click or a repeated POST does nothing twice."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class FormSubmission(models.Model):
    """A form that was sent and did what it asked. Its key is a hidden field made when the form was
    shown (`{% submit_once %}`); the unique constraint lets only the first of two identical POSTs
    through, and the second goes where the first went (see `mentoring.submit`)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    key = models.CharField(_("key"), max_length=64)
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("form sent")
        verbose_name_plural = _("forms sent")
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="mentoring_formsubmission_once")]

    def __str__(self):
        return f"{self.user} {self.key}"
