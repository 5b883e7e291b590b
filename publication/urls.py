from django.urls import path

from . import views

app_name = "publication"

urlpatterns = [
    # The organization's best-practice bank (curator and head).
    path("o/<slug:org_slug>/practices/", views.practice_list, name="practice_list"),
    path("o/<slug:org_slug>/practices/new/", views.practice_create, name="practice_create"),
    path("o/<slug:org_slug>/practices/<int:pk>/", views.practice_detail, name="practice_detail"),
    path("o/<slug:org_slug>/practices/<int:pk>/edit/", views.practice_edit, name="practice_edit"),
    path("o/<slug:org_slug>/practices/<int:pk>/files/", views.practice_file_add, name="practice_file_add"),
    path("o/<slug:org_slug>/practices/<int:pk>/propose/", views.practice_propose, name="practice_propose"),
    path("o/<slug:org_slug>/practices/<int:pk>/approve/", views.practice_approve, name="practice_approve"),
    path("o/<slug:org_slug>/practices/<int:pk>/return/", views.practice_return, name="practice_return"),
    path("o/<slug:org_slug>/practices/<int:pk>/withdraw/", views.practice_withdraw, name="practice_withdraw"),
    path("o/<slug:org_slug>/practices/files/<int:pk>/", views.practice_file, name="practice_file"),
    path("o/<slug:org_slug>/practices/files/<int:pk>/delete/", views.practice_file_delete, name="practice_file_delete"),
    # Public, no login: the district's bank of published cases.
    path("d/<slug:district_slug>/practices/", views.public_practices, name="public_practices"),
    path("d/<slug:district_slug>/practices/<int:pk>/", views.public_practice, name="public_practice"),
    path("d/<slug:district_slug>/practices/files/<int:pk>/", views.public_practice_file, name="public_practice_file"),
    # Public, no login: the organization's «Наставничество» section and its embeddable variant.
    path("p/<slug:org_slug>/", views.org_public, name="org_public"),
    path("p/<slug:org_slug>/programs/<int:pk>/", views.org_public_program, name="org_public_program"),
    path("p/<slug:org_slug>/orders/<int:pk>/pdf/", views.org_public_order_pdf, name="org_public_order_pdf"),
    path("p/<slug:org_slug>/embed/", views.org_embed, name="org_embed"),
    # Public, no login: the district's page (also «/» for a visitor when the portal serves one district).
    path("d/<slug:district_slug>/", views.public_district, name="public_district"),
    # «Версия для слабовидящих»: sets or clears the visitor's cookie and goes back.
    path("low-vision/", views.low_vision, name="low_vision"),
]
