from django.urls import path

from . import views

app_name = "consents"

urlpatterns = [
    path("o/<slug:org_slug>/consents/", views.class_consents, name="class_consents"),
    path("o/<slug:org_slug>/consents/print/", views.class_batch, name="class_batch"),
    path("o/<slug:org_slug>/consents/wording/<slug:kind>/", views.wording_edit, name="wording_edit"),
    path(
        "o/<slug:org_slug>/people/<int:pk>/documents/<slug:kind>/<slug:document>.<slug:fmt>",
        views.person_document,
        name="person_document",
    ),
]
