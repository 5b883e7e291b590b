from django.urls import path

from . import views
from .monitoring_urls import urlpatterns as monitoring_urlpatterns

app_name = "reports"

urlpatterns = [
    path("d/<slug:district_slug>/dashboard/", views.district_dashboard, name="district_dashboard"),
    path("d/<slug:district_slug>/upward/", views.district_upward, name="district_upward"),
    path("o/<slug:org_slug>/dashboard/", views.organization_dashboard, name="organization_dashboard"),
    *monitoring_urlpatterns,
]
