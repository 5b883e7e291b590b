from django.urls import path

from . import region_views, views
from .monitoring_urls import urlpatterns as monitoring_urlpatterns

app_name = "reports"

urlpatterns = [
    path("d/<slug:district_slug>/dashboard/", views.district_dashboard, name="district_dashboard"),
    path("d/<slug:district_slug>/upward/", views.district_upward, name="district_upward"),
    path("r/<slug:region_slug>/", region_views.region_dashboard, name="region_dashboard"),
    path("r/<slug:region_slug>/upward/", region_views.region_upward, name="region_upward"),
    path("o/<slug:org_slug>/dashboard/", views.organization_dashboard, name="organization_dashboard"),
    *monitoring_urlpatterns,
]
