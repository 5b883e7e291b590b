from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports and measurements")

    def ready(self):
        from . import signals  # noqa: F401  (the kept figures hear what they count change)
