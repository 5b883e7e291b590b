from django.urls import path

from . import views

app_name = "orders"

urlpatterns = [
    path("o/<slug:org_slug>/orders/", views.journal, name="journal"),
    path("o/<slug:org_slug>/orders/new/", views.order_new, name="new"),
    path("o/<slug:org_slug>/orders/batch/", views.stage_batch, name="stage_batch"),
    path("o/<slug:org_slug>/orders/batches/<int:pk>/", views.batch, name="batch"),
    path("o/<slug:org_slug>/orders/<int:pk>/", views.order_detail, name="detail"),
    path("o/<slug:org_slug>/orders/<int:pk>/preview/", views.order_preview, name="preview"),
    path("o/<slug:org_slug>/orders/<int:pk>/edit/", views.order_edit, name="edit"),
    path("o/<slug:org_slug>/orders/<int:pk>/submit/", views.order_submit, name="submit"),
    path("o/<slug:org_slug>/orders/<int:pk>/sign/", views.order_sign, name="sign"),
    path("o/<slug:org_slug>/orders/<int:pk>/return/", views.order_return, name="return"),
    path("o/<slug:org_slug>/orders/<int:pk>/correct/", views.order_correct, name="correct"),
    path("o/<slug:org_slug>/orders/<int:pk>/pdf/", views.order_pdf, name="pdf"),
    path("o/<slug:org_slug>/orders/<int:pk>/pdf/make/", views.order_make_pdf, name="make_pdf"),
    path("o/<slug:org_slug>/orders/<int:pk>/pdf/status/", views.order_pdf_status, name="pdf_status"),
    path("o/<slug:org_slug>/orders/<int:pk>/docx/", views.order_docx, name="docx"),
    path("d/<slug:district_slug>/orders/batches/", views.district_batch_new, name="district_batch_new"),
    path("d/<slug:district_slug>/orders/batches/<int:pk>/", views.district_batch, name="district_batch"),
    # Public, printed on every signed order as a QR code.
    path("v/<str:code>/", views.verify, name="verify"),
]
