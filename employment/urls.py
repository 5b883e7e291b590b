from django.urls import path

from . import views

app_name = "employment"

urlpatterns = [
    path("o/<slug:org_slug>/employment/", views.assignment_list, name="list"),
    path("o/<slug:org_slug>/employment/new/<int:mentor_pk>/", views.assignment_create, name="create"),
    path("o/<slug:org_slug>/employment/<int:pk>/", views.assignment_detail, name="detail"),
    path("o/<slug:org_slug>/employment/<int:pk>/agreement.pdf", views.agreement, {"fmt": "pdf"}, name="agreement_pdf"),
    path(
        "o/<slug:org_slug>/employment/<int:pk>/agreement.docx", views.agreement, {"fmt": "docx"}, name="agreement_docx"
    ),
    path("o/<slug:org_slug>/employment/<int:pk>/notice.pdf", views.notice, {"fmt": "pdf"}, name="notice_pdf"),
    path("o/<slug:org_slug>/employment/<int:pk>/notice.docx", views.notice, {"fmt": "docx"}, name="notice_docx"),
    path("o/<slug:org_slug>/employment/<int:pk>/sign/", views.assignment_sign, name="sign"),
    path("o/<slug:org_slug>/employment/<int:pk>/acknowledge/", views.assignment_acknowledge, name="acknowledge"),
    path("o/<slug:org_slug>/employment/<int:pk>/scan/new/", views.scan_upload, name="scan_upload"),
    path("o/<slug:org_slug>/employment/<int:pk>/scan/", views.scan, name="scan"),
    path("o/<slug:org_slug>/employment/<int:pk>/end/", views.end_early, name="end_early"),
    path("o/<slug:org_slug>/employment/<int:pk>/order/", views.draft_order, name="order"),
    path("o/<slug:org_slug>/employment/pay/", views.pay_rules, name="pay_rules"),
    path("o/<slug:org_slug>/employment/pay/<int:pk>/", views.pay_rule_edit, name="pay_rule_edit"),
    path("o/<slug:org_slug>/employment/pay/<int:pk>/delete/", views.pay_rule_delete, name="pay_rule_delete"),
    path("o/<slug:org_slug>/employment/statement/", views.statement, name="statement"),
]
