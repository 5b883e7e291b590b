from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("Nastavnik: administration")
admin.site.site_title = _("Nastavnik")

urlpatterns = [
    path("", include("mentoring.urls")),
    path("", include("roadmap.urls")),
    path("admin/", admin.site.urls),
]
