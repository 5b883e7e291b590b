from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoadmapConfig(AppConfig):
    name = "roadmap"
    verbose_name = _("Programs and roadmaps")

    def ready(self):
        from . import reminders  # noqa: F401  (registers the roadmap's reminders and calendar events)
