from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "surveys"
    verbose_name = _("Questionnaires")

    def ready(self):
        from . import reminders  # noqa: F401  (registers the reminder about questionnaires not answered)
