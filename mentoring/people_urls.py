from django.urls import path

from . import transfer_views, views

app_name = "mentoring"

urlpatterns = [
    path("o/<slug:org_slug>/people/<int:pk>/", views.person_detail, name="person_detail"),
] + transfer_views.urlpatterns
