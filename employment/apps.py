from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmploymentConfig(AppConfig):
    name = "employment"
    verbose_name = _("Mentoring by employees")

    def ready(self):
        from . import reminders  # noqa: F401  (registers the reminders before an assignment ends)
