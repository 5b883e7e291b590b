from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MentoringConfig(AppConfig):
    name = "mentoring"
    verbose_name = _("Organizations and people")

    def ready(self):
        from . import (
            auth,  # noqa: F401  (counts failed logins by address across accounts)
            reminders,  # noqa: F401  (registers the reminders about pairs and their calendar events)
            sqlite,  # noqa: F401  (a LIKE that folds Cyrillic on the embedded database)
        )
