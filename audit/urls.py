from django.urls import path

from . import views

app_name = "audit"

urlpatterns = [
    path("sudo/", views.sudo_confirm, name="sudo"),
    path("o/<slug:org_slug>/audit/", views.audit_list, name="list"),
    path("o/<slug:org_slug>/audit/export/", views.audit_export, name="export"),
]
