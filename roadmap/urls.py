from django.urls import path

from . import import_views, views

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
    path("o/<slug:org_slug>/evidence/<int:pk>/share/", views.evidence_share, name="evidence_share"),
    path("o/<slug:org_slug>/evidence/<int:pk>/delete/", views.evidence_delete, name="evidence_delete"),
    path("o/<slug:org_slug>/imports/new/", import_views.import_upload, name="import_upload"),
    path("o/<slug:org_slug>/imports/<int:pk>/", import_views.import_preview, name="import_preview"),
    path("o/<slug:org_slug>/imports/<int:pk>/columns/", import_views.import_remap, name="import_remap"),
    path(
        "o/<slug:org_slug>/imports/<int:pk>/rows/<int:section>/<int:activity>/",
        import_views.import_row,
        name="import_row",
    ),
    path(
        "o/<slug:org_slug>/imports/<int:pk>/rows/<int:section>/<int:activity>/toggle/",
        import_views.import_row_toggle,
        name="import_row_toggle",
    ),
    path("o/<slug:org_slug>/imports/<int:pk>/import/", import_views.import_commit, name="import_commit"),
    path("o/<slug:org_slug>/imports/<int:pk>/cancel/", import_views.import_cancel, name="import_cancel"),
    path("o/<slug:org_slug>/programs/<int:pk>/cascade/", views.program_cascade, name="program_cascade"),
    path("d/<slug:district_slug>/programs/", views.district_programs, name="district_programs"),
    path("d/<slug:district_slug>/assignments/", views.district_assignments, name="district_assignments"),
    path("d/<slug:district_slug>/assignments/nudge/", views.district_nudge, name="district_nudge"),
]
