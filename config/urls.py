from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from config import views as config_views

admin.site.site_header = _("Nastavnik: administration")
admin.site.site_title = _("Nastavnik")

urlpatterns = [
    # The home page gathers what each role should do next across the apps; a visitor gets the public face.
    path("", config_views.home, name="home"),
    path("", include("mentoring.urls")),
    path("", include("mentoring.people_urls")),
    path("", include("roadmap.urls")),
    path("", include("notifications.urls")),
    path("", include("orders.urls")),
    path("", include("surveys.urls")),
    path("", include("reports.urls")),
    path("", include("publication.urls")),
    path("", include("consents.urls")),
    path("", include("audit.urls")),
    path("", include("employment.urls")),
    path("admin/", admin.site.urls),
]

handler500 = "config.views.server_error"
