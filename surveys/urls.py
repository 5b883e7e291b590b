from django.urls import path

from . import views

app_name = "surveys"

urlpatterns = [
    path("o/<slug:org_slug>/surveys/", views.survey_list, name="list"),
    path("o/<slug:org_slug>/surveys/questionnaires/<int:pk>/", views.questionnaire_detail, name="questionnaire"),
    path(
        "o/<slug:org_slug>/surveys/questionnaires/<int:pk>/copy/", views.questionnaire_copy, name="questionnaire_copy"
    ),
    path("o/<slug:org_slug>/surveys/questionnaires/<int:pk>/questions/", views.question_save, name="question_save"),
    path(
        "o/<slug:org_slug>/surveys/questionnaires/<int:pk>/questions/<int:question>/delete/",
        views.question_delete,
        name="question_delete",
    ),
    path("o/<slug:org_slug>/surveys/campaigns/new/", views.campaign_new, name="campaign_new"),
    path("o/<slug:org_slug>/surveys/campaigns/<int:pk>/", views.campaign_detail, name="campaign"),
    path("o/<slug:org_slug>/surveys/campaigns/<int:pk>/remind/", views.campaign_remind, name="campaign_remind"),
    path("o/<slug:org_slug>/surveys/campaigns/<int:pk>/links/", views.campaign_links, name="campaign_links"),
    path("o/<slug:org_slug>/surveys/campaigns/<int:pk>/slips/", views.campaign_slips, name="campaign_slips"),
    path(
        "o/<slug:org_slug>/surveys/campaigns/<int:pk>/class-slips/",
        views.campaign_class_slips,
        name="campaign_class_slips",
    ),
    path("o/<slug:org_slug>/surveys/campaigns/<int:pk>/cancel/", views.campaign_cancel, name="campaign_cancel"),
    path(
        "o/<slug:org_slug>/surveys/campaigns/<int:pk>/invitations/<int:invitation>/reissue/",
        views.invitation_reissue,
        name="invitation_reissue",
    ),
    path("o/<slug:org_slug>/surveys/campaigns/<int:pk>/export/", views.campaign_export, name="campaign_export"),
    path("o/<slug:org_slug>/surveys/campaigns/<int:pk>/fulfil/", views.campaign_fulfil, name="campaign_fulfil"),
    path("o/<slug:org_slug>/programs/<int:pk>/growth/", views.program_growth, name="growth"),
    path("d/<slug:district_slug>/surveys/", views.district_compare, name="district_compare"),
    path("my/surveys/<int:pk>/", views.my_sheet, name="my_sheet"),
    # Public: the personal link is the key.
    path("s/<str:token>/", views.sheet, name="sheet"),
    path("s/<str:token>/answer/<int:question>/", views.sheet_answer, name="sheet_answer"),
]
