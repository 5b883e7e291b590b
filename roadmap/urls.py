from django.urls import path

from . import views

app_name = "roadmap"

urlpatterns = [
    path("o/<slug:org_slug>/programs/", views.program_list, name="program_list"),
    path("o/<slug:org_slug>/programs/new/", views.program_create, name="program_create"),
    path("o/<slug:org_slug>/programs/<int:pk>/", views.program_timeline, name="program_timeline"),
    path("o/<slug:org_slug>/programs/<int:pk>/table/", views.program_table, name="program_table"),
    path("o/<slug:org_slug>/programs/<int:pk>/edit/", views.program_edit, name="program_edit"),
    path("o/<slug:org_slug>/programs/<int:pk>/sections/new/", views.section_create, name="section_create"),
    path("o/<slug:org_slug>/programs/<int:pk>/activities/new/", views.activity_create, name="activity_create"),
    path("o/<slug:org_slug>/sections/<int:pk>/edit/", views.section_edit, name="section_edit"),
    path("o/<slug:org_slug>/activities/<int:pk>/", views.activity_detail, name="activity_detail"),
    path("o/<slug:org_slug>/activities/<int:pk>/edit/", views.activity_edit, name="activity_edit"),
    path("o/<slug:org_slug>/activities/<int:pk>/status/", views.activity_status, name="activity_status"),
    path("o/<slug:org_slug>/activities/<int:pk>/complete/", views.activity_complete, name="activity_complete"),
    path("o/<slug:org_slug>/activities/<int:pk>/evidence/", views.evidence_add, name="evidence_add"),
    path("o/<slug:org_slug>/activities/<int:pk>/comments/", views.comment_add, name="comment_add"),
    path("o/<slug:org_slug>/evidence/<int:pk>/", views.evidence_download, name="evidence_download"),
    path("o/<slug:org_slug>/evidence/<int:pk>/delete/", views.evidence_delete, name="evidence_delete"),
    path("d/<slug:district_slug>/programs/", views.district_programs, name="district_programs"),
]
