from django.urls import path

from . import district_views, pair_views, transfer_views, views

app_name = "mentoring"

urlpatterns = [
    # The bases
    path("o/<slug:org_slug>/mentees/", views.mentee_list, name="mentee_list"),
    path("o/<slug:org_slug>/mentees/new/", views.mentee_create, name="mentee_create"),
    path("o/<slug:org_slug>/mentees/<int:pk>/edit/", views.mentee_edit, name="mentee_edit"),
    path("o/<slug:org_slug>/mentors/", views.mentor_list, name="mentor_list"),
    path("o/<slug:org_slug>/mentors/new/", views.mentor_create, name="mentor_create"),
    path("o/<slug:org_slug>/mentors/<int:pk>/edit/", views.mentor_edit, name="mentor_edit"),
    path("o/<slug:org_slug>/mentors/<int:pk>/status/", views.mentor_status, name="mentor_status"),
    path("o/<slug:org_slug>/mentors/<int:pk>/trainings/new/", views.training_add, name="training_add"),
    path("o/<slug:org_slug>/trainings/<int:pk>/certificate/", views.training_certificate, name="training_certificate"),
    path("o/<slug:org_slug>/people/<int:pk>/", views.person_detail, name="person_detail"),
    path("o/<slug:org_slug>/people/<int:pk>/consents/new/", views.consent_add, name="consent_add"),
    path("o/<slug:org_slug>/people/<int:pk>/mentor/", views.enter_mentor_base, name="enter_mentor_base"),
    path("o/<slug:org_slug>/consents/<int:pk>/revoke/", views.consent_revoke, name="consent_revoke"),
    path("o/<slug:org_slug>/consents/<int:pk>/scan/", views.consent_scan, name="consent_scan"),
    path(
        "o/<slug:org_slug>/consents/<int:pk>/revocation-scan/",
        views.consent_revocation_scan,
        name="consent_revocation_scan",
    ),
    path("o/<slug:org_slug>/vocabulary/", views.competency_list, name="competency_list"),
    # Pairs and groups
    path("o/<slug:org_slug>/pairs/", pair_views.pair_list, name="pair_list"),
    path("o/<slug:org_slug>/programs/<int:pk>/pairs/new/", pair_views.pair_create, name="pair_create"),
    path("o/<slug:org_slug>/pairs/<int:pk>/", pair_views.pair_detail, name="pair_detail"),
    path("o/<slug:org_slug>/pairs/<int:pk>/edit/", pair_views.pair_edit, name="pair_edit"),
    path("o/<slug:org_slug>/pairs/<int:pk>/complete/", pair_views.pair_complete, name="pair_complete"),
    path("o/<slug:org_slug>/pairs/<int:pk>/terminate/", pair_views.pair_terminate, name="pair_terminate"),
    path("o/<slug:org_slug>/pairs/<int:pk>/mentor/", pair_views.pair_replace_mentor, name="pair_replace_mentor"),
    path("o/<slug:org_slug>/pairs/<int:pk>/mentees/new/", pair_views.pair_add_mentee, name="pair_add_mentee"),
    path("o/<slug:org_slug>/pairs/<int:pk>/meetings/new/", pair_views.meeting_add, name="meeting_add"),
    path("o/<slug:org_slug>/pairs/<int:pk>/plan/new/", pair_views.plan_item_add, name="plan_item_add"),
    path("o/<slug:org_slug>/plan/<int:pk>/", pair_views.plan_item_edit, name="plan_item_edit"),
    path("my/pairs/", pair_views.my_pairs, name="my_pairs"),
    # Matching
    path("o/<slug:org_slug>/programs/<int:pk>/matching/", pair_views.matching_start, name="matching_start"),
    path("o/<slug:org_slug>/matching/<int:pk>/", pair_views.matching_run, name="matching_run"),
    # District registries
    path("d/<slug:district_slug>/mentors/", district_views.district_mentors, name="district_mentors"),
    path(
        "d/<slug:district_slug>/registry/programs/",
        district_views.district_program_results,
        name="district_program_results",
    ),
] + transfer_views.urlpatterns
