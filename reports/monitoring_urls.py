from django.urls import path

from . import monitoring_views as views

urlpatterns = [
    # A program's monitoring and its final report.
    path("o/<slug:org_slug>/programs/<int:pk>/monitoring/", views.program_monitoring, name="program_monitoring"),
    path(
        "o/<slug:org_slug>/programs/<int:pk>/monitoring/report/",
        views.program_report_new,
        name="program_report_new",
    ),
    path("o/<slug:org_slug>/reports/<int:pk>/status/", views.program_report_status, name="program_report_status"),
    path("o/<slug:org_slug>/reports/<int:pk>/download/", views.program_report_download, name="program_report_download"),
    # The district's analytical note.
    path("d/<slug:district_slug>/analytical-note/", views.analytical_note, name="analytical_note"),
    path("d/<slug:district_slug>/analytical-note/new/", views.analytical_note_new, name="analytical_note_new"),
    path(
        "d/<slug:district_slug>/analytical-note/<int:pk>/status/",
        views.analytical_note_status,
        name="analytical_note_status",
    ),
    path(
        "d/<slug:district_slug>/analytical-note/<int:pk>/download/",
        views.analytical_note_download,
        name="analytical_note_download",
    ),
]
