"""Every URL of the project, walked as every kind of user: anonymous → login, another tenant → 404,
a role without the right → 403, the right role → the page. A new URL fails `test_every_url_is_covered`
until it is added here, so nobody has to remember."""

from dataclasses import dataclass, field
from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from mentoring.models import BaseImport, Consent, MatchRun, MentorTraining, PlanItem
from mentoring.services import create_pair
from notifications.models import Notification
from orders.models import OrderBatch
from orders.services import order_create
from roadmap.models import Evidence, RoadmapImport
from surveys.models import Questionnaire
from surveys.services import campaign_create, questionnaire_copy
from tests.factories import (
    MenteeFactory,
    PersonFactory,
    RegionFactory,
    child,
    regional_member,
    standard_form,
    teacher_mentor,
)
from tests.reports.test_monitoring_docs import ready_report

EVERYONE = [
    "curator",
    "director",
    "mentor",
    "mentee",
    "coordinator",
    "regional",
    "curator_b",
    "foreign_coordinator",
    "foreign_regional",
    "outsider",
]
VIEWERS = ["curator", "director", "coordinator"]
EDITORS = ["curator"]
STRANGERS = ["curator_b", "foreign_coordinator", "foreign_regional", "outsider"]  # 404 for anything of school A


@dataclass
class Case:
    kwargs: callable
    allowed: list
    method: str = "get"
    data: dict = field(default_factory=dict)
    # Kwargs pointing at another organization's object through school A's address: must be 404.
    foreign_kwargs: callable = None
    forbidden: list = None  # roles that see the organization but lack the right: 403
    ok: set = None  # the allowed roles' status codes, when not the usual 200 (GET) or 302 (POST)

    def forbidden_users(self):
        if self.forbidden is not None:
            return self.forbidden
        return [u for u in ["curator", "director", "mentor", "mentee", "coordinator"] if u not in self.allowed]


def org(w):
    return {"org_slug": w.school_a.slug}


def program(w):
    return {"org_slug": w.school_a.slug, "pk": w.program.pk}


def foreign_program(w):
    return {"org_slug": w.school_a.slug, "pk": w.program_b.pk}


def activity(w):
    return {"org_slug": w.school_a.slug, "pk": w.activity.pk}


def foreign_activity(w):
    return {"org_slug": w.school_a.slug, "pk": w.activity_b.pk}


def section(w):
    return {"org_slug": w.school_a.slug, "pk": w.section.pk}


def foreign_section(w):
    return {"org_slug": w.school_a.slug, "pk": w.activity_b.section_id}


def evidence(w):
    return {"org_slug": w.school_a.slug, "pk": w.evidence.pk}


def foreign_evidence(w):
    return {"org_slug": w.school_a.slug, "pk": w.evidence_b.pk}


BASE_VIEWERS = ["curator", "director"]
ORDER_VIEWERS = ["curator", "director"]
NOT_ORDER_VIEWERS = ["mentor", "mentee", "coordinator"]


def order(w):
    return {"org_slug": w.school_a.slug, "pk": w.order_a.pk}


def foreign_order(w):
    return {"org_slug": w.school_a.slug, "pk": w.order_b.pk}


def own_questionnaire(w):
    return {"org_slug": w.school_a.slug, "pk": w.questionnaire_a.pk}


def foreign_questionnaire(w):
    return {"org_slug": w.school_a.slug, "pk": w.questionnaire_b.pk}


def campaign(w):
    return {"org_slug": w.school_a.slug, "pk": w.campaign_a.pk}


def foreign_campaign(w):
    return {"org_slug": w.school_a.slug, "pk": w.campaign_b.pk}


# The bases hold children's personal data: district staff see the district registries instead.
NOT_BASE_VIEWERS = ["mentor", "mentee", "coordinator"]
PAIR_VIEWERS = ["curator", "director", "mentor"]


def person(w):
    return {"org_slug": w.school_a.slug, "pk": w.mentee_a.person_id}


def foreign_person(w):
    return {"org_slug": w.school_a.slug, "pk": w.mentee_b.person_id}


def mentee(w):
    return {"org_slug": w.school_a.slug, "pk": w.mentee_a.pk}


def foreign_mentee(w):
    return {"org_slug": w.school_a.slug, "pk": w.mentee_b.pk}


def mentor(w):
    return {"org_slug": w.school_a.slug, "pk": w.mentor_a.pk}


def foreign_mentor(w):
    return {"org_slug": w.school_a.slug, "pk": w.mentor_b.pk}


def consent(w):
    return {"org_slug": w.school_a.slug, "pk": w.consent_a.pk}


def foreign_consent(w):
    return {"org_slug": w.school_a.slug, "pk": w.consent_b.pk}


def pair(w):
    return {"org_slug": w.school_a.slug, "pk": w.pair_a.pk}


def foreign_pair(w):
    return {"org_slug": w.school_a.slug, "pk": w.pair_b.pk}


# Employees' mentoring (ТК РФ ст. 351.8): the school's personnel matter. The curator drafts, the head
# signs, a mentor reads their own; district staff see neither employees' names nor their pay.
EMPLOYMENT_VIEWERS = ["curator", "director", "mentor"]
NOT_EMPLOYMENT_VIEWERS = ["mentee", "coordinator"]
PAY_VIEWERS = ["curator", "director"]


def assignment(w):
    return {"org_slug": w.school_a.slug, "pk": w.assignment_a.pk}


def ended_assignment(w):
    return {"org_slug": w.school_a.slug, "pk": w.ended_assignment_a.pk}


def foreign_assignment(w):
    return {"org_slug": w.school_a.slug, "pk": w.assignment_b.pk}


def foreign_ended_assignment(w):
    return {"org_slug": w.school_a.slug, "pk": w.ended_assignment_b.pk}


def pay_rule(w):
    return {"org_slug": w.school_a.slug, "pk": w.pay_rule_a.pk}


def foreign_pay_rule(w):
    return {"org_slug": w.school_a.slug, "pk": w.pay_rule_b.pk}


def employ_mentor(w):
    return {"org_slug": w.school_a.slug, "mentor_pk": w.mentor_a.pk}


def foreign_employ_mentor(w):
    return {"org_slug": w.school_a.slug, "mentor_pk": w.mentor_b.pk}


CASES = {
    "password_change": Case(lambda w: {}, allowed=EVERYONE, forbidden=[]),
    "password_change_done": Case(lambda w: {}, allowed=EVERYONE, forbidden=[]),
    "roadmap:program_list": Case(org, VIEWERS),
    "roadmap:program_create": Case(org, EDITORS),
    "roadmap:program_timeline": Case(program, VIEWERS, foreign_kwargs=foreign_program),
    "roadmap:program_table": Case(program, VIEWERS, foreign_kwargs=foreign_program),
    "roadmap:program_edit": Case(program, EDITORS, foreign_kwargs=foreign_program),
    "roadmap:section_create": Case(program, EDITORS, foreign_kwargs=foreign_program),
    "roadmap:activity_create": Case(program, EDITORS, foreign_kwargs=foreign_program),
    "roadmap:section_edit": Case(section, EDITORS, foreign_kwargs=foreign_section),
    "roadmap:activity_detail": Case(activity, VIEWERS, foreign_kwargs=foreign_activity),
    "roadmap:activity_edit": Case(activity, EDITORS, foreign_kwargs=foreign_activity),
    "roadmap:activity_status": Case(
        activity, EDITORS, method="post", data={"status": "in_progress"}, foreign_kwargs=foreign_activity
    ),
    "roadmap:activity_complete": Case(
        activity, EDITORS, method="post", data={"note": "Проведено на педсовете"}, foreign_kwargs=foreign_activity
    ),
    "roadmap:evidence_add": Case(
        activity, EDITORS, method="post", data={"url": "https://school.example/prikaz"}, foreign_kwargs=foreign_activity
    ),
    "roadmap:comment_add": Case(
        activity, EDITORS, method="post", data={"text": "Проверено"}, foreign_kwargs=foreign_activity
    ),
    "roadmap:evidence_download": Case(evidence, VIEWERS, foreign_kwargs=foreign_evidence),
    "roadmap:evidence_share": Case(
        evidence, EDITORS, method="post", data={"shared": "1"}, foreign_kwargs=foreign_evidence
    ),
    "roadmap:evidence_delete": Case(evidence, EDITORS, method="post", foreign_kwargs=foreign_evidence),
    "notifications:list": Case(lambda w: {}, allowed=EVERYONE, forbidden=[]),
    "notifications:settings": Case(lambda w: {}, allowed=EVERYONE, forbidden=[]),
    "notifications:calendar": Case(lambda w: {}, allowed=EVERYONE, forbidden=[]),
    "notifications:read_all": Case(lambda w: {}, allowed=EVERYONE, method="post", forbidden=[]),
    "notifications:calendar_reset": Case(lambda w: {}, allowed=EVERYONE, method="post", forbidden=[]),
    # Only its owner may open a notification: for anyone else it does not exist.
    "notifications:open": Case(lambda w: {"pk": w.notification.pk}, allowed=["curator"], method="post", forbidden=[]),
    "roadmap:import_upload": Case(org, EDITORS),
    "roadmap:import_preview": Case(
        lambda w: {"org_slug": w.school_a.slug, "pk": w.draft.pk},
        EDITORS,
        foreign_kwargs=lambda w: {"org_slug": w.school_a.slug, "pk": w.draft_b.pk},
    ),
    "roadmap:import_remap": Case(
        lambda w: {"org_slug": w.school_a.slug, "pk": w.draft.pk},
        EDITORS,
        method="post",
        foreign_kwargs=lambda w: {"org_slug": w.school_a.slug, "pk": w.draft_b.pk},
    ),
    "roadmap:import_row": Case(
        lambda w: {"org_slug": w.school_a.slug, "pk": w.draft.pk, "section": 0, "activity": 0},
        EDITORS,
        foreign_kwargs=lambda w: {"org_slug": w.school_a.slug, "pk": w.draft_b.pk, "section": 0, "activity": 0},
    ),
    "roadmap:import_row_toggle": Case(
        lambda w: {"org_slug": w.school_a.slug, "pk": w.draft.pk, "section": 0, "activity": 0},
        EDITORS,
        method="post",
        foreign_kwargs=lambda w: {"org_slug": w.school_a.slug, "pk": w.draft_b.pk, "section": 0, "activity": 0},
    ),
    "roadmap:import_commit": Case(
        lambda w: {"org_slug": w.school_a.slug, "pk": w.draft.pk},
        EDITORS,
        method="post",
        foreign_kwargs=lambda w: {"org_slug": w.school_a.slug, "pk": w.draft_b.pk},
    ),
    "roadmap:import_cancel": Case(
        lambda w: {"org_slug": w.school_a.slug, "pk": w.draft.pk},
        EDITORS,
        method="post",
        foreign_kwargs=lambda w: {"org_slug": w.school_a.slug, "pk": w.draft_b.pk},
    ),
    "roadmap:program_cascade": Case(program, EDITORS, method="post", foreign_kwargs=foreign_program),
    "roadmap:district_assignments": Case(
        lambda w: {"district_slug": w.school_a.municipality.slug}, ["coordinator"], forbidden=[]
    ),
    "roadmap:district_nudge": Case(
        lambda w: {"district_slug": w.school_a.municipality.slug}, ["coordinator"], method="post", forbidden=[]
    ),
    "roadmap:district_programs": Case(
        lambda w: {"district_slug": w.school_a.municipality.slug}, ["coordinator"], forbidden=[]
    ),
    # --- the bases and pairs ---
    "mentoring:mentee_list": Case(org, BASE_VIEWERS, forbidden=NOT_BASE_VIEWERS),
    "mentoring:mentee_create": Case(org, EDITORS),
    "mentoring:mentee_edit": Case(mentee, EDITORS, foreign_kwargs=foreign_mentee),
    "mentoring:mentor_list": Case(org, BASE_VIEWERS, forbidden=NOT_BASE_VIEWERS),
    "mentoring:mentor_create": Case(org, EDITORS),
    "mentoring:mentor_edit": Case(mentor, EDITORS, foreign_kwargs=foreign_mentor),
    "mentoring:mentor_status": Case(
        mentor, EDITORS, method="post", data={"status": "archived"}, foreign_kwargs=foreign_mentor
    ),
    "mentoring:training_add": Case(mentor, EDITORS, foreign_kwargs=foreign_mentor),
    "mentoring:training_certificate": Case(
        lambda w: {"org_slug": w.school_a.slug, "pk": w.training_a.pk},
        BASE_VIEWERS,
        forbidden=NOT_BASE_VIEWERS,
        foreign_kwargs=lambda w: {"org_slug": w.school_a.slug, "pk": w.training_b.pk},
    ),
    "mentoring:person_detail": Case(person, BASE_VIEWERS, forbidden=NOT_BASE_VIEWERS, foreign_kwargs=foreign_person),
    "mentoring:consent_add": Case(person, EDITORS, foreign_kwargs=foreign_person),
    "mentoring:enter_mentor_base": Case(person, EDITORS, method="post", foreign_kwargs=foreign_person),
    "mentoring:consent_revoke": Case(consent, EDITORS, foreign_kwargs=foreign_consent),
    "mentoring:consent_scan": Case(consent, BASE_VIEWERS, forbidden=NOT_BASE_VIEWERS, foreign_kwargs=foreign_consent),
    "mentoring:consent_revocation_scan": Case(
        lambda w: {"org_slug": w.school_a.slug, "pk": w.revoked_consent_a.pk},
        BASE_VIEWERS,
        forbidden=NOT_BASE_VIEWERS,
        foreign_kwargs=lambda w: {"org_slug": w.school_a.slug, "pk": w.revoked_consent_b.pk},
    ),
    # -- consent documents (tests/consents) --
    "consents:class_consents": Case(org, BASE_VIEWERS, forbidden=NOT_BASE_VIEWERS),
    "consents:class_batch": Case(
        org,
        BASE_VIEWERS,
        data={"class_name": "7А", "kind": "processing", "document": "consent", "format": "pdf"},
        forbidden=NOT_BASE_VIEWERS,
    ),
    "consents:wording_edit": Case(lambda w: {**org(w), "kind": "publication"}, ["curator", "director"]),
    "consents:person_document": Case(
        lambda w: {**person(w), "kind": "processing", "document": "consent", "fmt": "docx"},
        BASE_VIEWERS,
        forbidden=NOT_BASE_VIEWERS,
        foreign_kwargs=lambda w: {**foreign_person(w), "kind": "processing", "document": "consent", "fmt": "docx"},
    ),
    "mentoring:competency_list": Case(org, BASE_VIEWERS, forbidden=NOT_BASE_VIEWERS),
    "mentoring:pair_list": Case(org, PAIR_VIEWERS, forbidden=["mentee", "coordinator"]),
    "mentoring:pair_create": Case(program, EDITORS, foreign_kwargs=foreign_program),
    "mentoring:pair_detail": Case(pair, PAIR_VIEWERS, forbidden=["mentee", "coordinator"], foreign_kwargs=foreign_pair),
    "mentoring:pair_edit": Case(pair, EDITORS, foreign_kwargs=foreign_pair),
    "mentoring:pair_complete": Case(
        pair, EDITORS, method="post", data={"finished_on": "2026-10-20", "result": "Итог"}, foreign_kwargs=foreign_pair
    ),
    "mentoring:pair_terminate": Case(
        pair, EDITORS, method="post", data={"on": "2026-10-20", "reason": "Переезд"}, foreign_kwargs=foreign_pair
    ),
    "mentoring:pair_replace_mentor": Case(pair, EDITORS, foreign_kwargs=foreign_pair),
    "mentoring:pair_add_mentee": Case(pair, EDITORS, foreign_kwargs=foreign_pair),
    # The pair's mentor logs meetings and the plan; the administration reads them.
    "mentoring:meeting_add": Case(
        pair, ["mentor"], forbidden=["curator", "director", "mentee", "coordinator"], foreign_kwargs=foreign_pair
    ),
    "mentoring:plan_item_add": Case(
        pair, ["mentor"], forbidden=["curator", "director", "mentee", "coordinator"], foreign_kwargs=foreign_pair
    ),
    "mentoring:plan_item_edit": Case(
        lambda w: {"org_slug": w.school_a.slug, "pk": w.plan_item_a.pk},
        ["mentor"],
        forbidden=["curator", "director", "mentee", "coordinator"],
        foreign_kwargs=lambda w: {"org_slug": w.school_a.slug, "pk": w.plan_item_b.pk},
    ),
    "mentoring:my_pairs": Case(lambda w: {}, allowed=EVERYONE, forbidden=[]),
    # --- employees' mentoring ---
    "employment:list": Case(org, EMPLOYMENT_VIEWERS, forbidden=NOT_EMPLOYMENT_VIEWERS),
    "employment:create": Case(employ_mentor, EDITORS, foreign_kwargs=foreign_employ_mentor),
    "employment:detail": Case(
        assignment, EMPLOYMENT_VIEWERS, forbidden=NOT_EMPLOYMENT_VIEWERS, foreign_kwargs=foreign_assignment
    ),
    "employment:agreement_pdf": Case(
        assignment, EMPLOYMENT_VIEWERS, forbidden=NOT_EMPLOYMENT_VIEWERS, foreign_kwargs=foreign_assignment
    ),
    "employment:agreement_docx": Case(
        assignment, EMPLOYMENT_VIEWERS, forbidden=NOT_EMPLOYMENT_VIEWERS, foreign_kwargs=foreign_assignment
    ),
    "employment:notice_pdf": Case(
        ended_assignment, EMPLOYMENT_VIEWERS, forbidden=NOT_EMPLOYMENT_VIEWERS, foreign_kwargs=foreign_ended_assignment
    ),
    "employment:notice_docx": Case(
        ended_assignment, EMPLOYMENT_VIEWERS, forbidden=NOT_EMPLOYMENT_VIEWERS, foreign_kwargs=foreign_ended_assignment
    ),
    # (School B's assignment through school A's address: tests/employment/test_pages.py, as the head.)
    "employment:sign": Case(assignment, ["director"], method="post"),
    # The curator records the mentor's signature on paper; the mentor may acknowledge their own.
    "employment:acknowledge": Case(
        assignment,
        ["curator", "mentor"],
        method="post",
        data={"on": "2026-10-01"},
        forbidden=["director", "mentee", "coordinator"],
        foreign_kwargs=foreign_assignment,
    ),
    "employment:scan_upload": Case(assignment, EDITORS, method="post", foreign_kwargs=foreign_assignment),
    "employment:scan": Case(
        assignment, EMPLOYMENT_VIEWERS, forbidden=NOT_EMPLOYMENT_VIEWERS, foreign_kwargs=foreign_assignment
    ),
    "employment:end_early": Case(assignment, EDITORS, foreign_kwargs=foreign_assignment),
    "employment:order": Case(assignment, EDITORS, method="post", foreign_kwargs=foreign_assignment),
    "employment:pay_rules": Case(org, PAY_VIEWERS),
    "employment:pay_rule_edit": Case(pay_rule, PAY_VIEWERS, foreign_kwargs=foreign_pay_rule),
    "employment:pay_rule_delete": Case(pay_rule, PAY_VIEWERS, method="post", foreign_kwargs=foreign_pay_rule),
    "employment:statement": Case(org, PAY_VIEWERS),
    "mentoring:matching_start": Case(program, EDITORS, foreign_kwargs=foreign_program),
    "mentoring:matching_run": Case(
        lambda w: {"org_slug": w.school_a.slug, "pk": w.match_run_a.pk},
        EDITORS,
        foreign_kwargs=lambda w: {"org_slug": w.school_a.slug, "pk": w.match_run_b.pk},
    ),
    "mentoring:district_mentors": Case(
        lambda w: {"district_slug": w.school_a.municipality.slug}, ["coordinator"], forbidden=[]
    ),
    "mentoring:district_program_results": Case(
        lambda w: {"district_slug": w.school_a.municipality.slug}, ["coordinator"], forbidden=[]
    ),
    # --- import and export of the bases ---
    "mentoring:mentee_export": Case(org, BASE_VIEWERS, forbidden=NOT_BASE_VIEWERS),
    "mentoring:mentor_export": Case(org, BASE_VIEWERS, forbidden=NOT_BASE_VIEWERS),
    "mentoring:import_template": Case(org, EDITORS),
    "mentoring:import_upload": Case(org, EDITORS),
    "mentoring:import_preview": Case(
        lambda w: {"org_slug": w.school_a.slug, "pk": w.base_import.pk},
        EDITORS,
        foreign_kwargs=lambda w: {"org_slug": w.school_a.slug, "pk": w.base_import_b.pk},
    ),
    "mentoring:import_commit": Case(
        lambda w: {"org_slug": w.school_a.slug, "pk": w.base_import.pk},
        EDITORS,
        method="post",
        data={"mode": "valid"},
        foreign_kwargs=lambda w: {"org_slug": w.school_a.slug, "pk": w.base_import_b.pk},
    ),
    "mentoring:import_cancel": Case(
        lambda w: {"org_slug": w.school_a.slug, "pk": w.base_import.pk},
        EDITORS,
        method="post",
        foreign_kwargs=lambda w: {"org_slug": w.school_a.slug, "pk": w.base_import_b.pk},
    ),
    # --- orders ---
    "orders:journal": Case(org, ORDER_VIEWERS, forbidden=NOT_ORDER_VIEWERS),
    "orders:new": Case(
        org, EDITORS, method="post", data={"kind": "curator"}, forbidden=["director", "mentor", "mentee", "coordinator"]
    ),
    "orders:stage_batch": Case(org, EDITORS, method="post", data={"stage": 1}),
    "orders:batch": Case(
        lambda w: {"org_slug": w.school_a.slug, "pk": w.batch_a.pk},
        ORDER_VIEWERS,
        forbidden=NOT_ORDER_VIEWERS,
        foreign_kwargs=lambda w: {"org_slug": w.school_a.slug, "pk": w.batch_b.pk},
    ),
    **{
        f"orders:{name}": Case(order, ORDER_VIEWERS, forbidden=NOT_ORDER_VIEWERS, foreign_kwargs=foreign_order)
        for name in ("detail", "preview", "pdf", "pdf_status", "docx")
    },
    "orders:edit": Case(order, EDITORS, foreign_kwargs=foreign_order),
    **{
        f"orders:{name}": Case(order, EDITORS, method="post", foreign_kwargs=foreign_order)
        for name in ("submit", "correct", "make_pdf")
    },
    **{
        f"orders:{name}": Case(
            order,
            ["director"],
            method="post",
            data={"comment": "Исправить"},
            forbidden=["curator", "mentor", "mentee", "coordinator"],
        )  # another school's order under this address: tests/orders (the curator here gets 403 first)
        for name in ("sign", "return")
    },
    "orders:district_batch_new": Case(
        lambda w: {"district_slug": w.school_a.municipality.slug}, ["coordinator"], forbidden=[]
    ),
    "orders:district_batch": Case(
        lambda w: {"district_slug": w.school_a.municipality.slug, "pk": w.district_batch.pk},
        ["coordinator"],
        forbidden=[],
    ),
    # --- questionnaires ---
    "surveys:list": Case(org, ORDER_VIEWERS, forbidden=NOT_ORDER_VIEWERS),
    "surveys:questionnaire": Case(
        own_questionnaire, ORDER_VIEWERS, forbidden=NOT_ORDER_VIEWERS, foreign_kwargs=foreign_questionnaire
    ),
    "surveys:questionnaire_copy": Case(
        lambda w: {"org_slug": w.school_a.slug, "pk": w.builtin_questionnaire.pk}, EDITORS, method="post"
    ),
    "surveys:question_save": Case(
        own_questionnaire,
        EDITORS,
        method="post",
        data={"kind": "yesno", "text": "Да?"},
        foreign_kwargs=foreign_questionnaire,
    ),
    "surveys:question_delete": Case(
        lambda w: {"org_slug": w.school_a.slug, "pk": w.questionnaire_a.pk, "question": w.question_a.pk},
        EDITORS,
        method="post",
        foreign_kwargs=lambda w: {"org_slug": w.school_a.slug, "pk": w.questionnaire_b.pk, "question": w.question_b.pk},
    ),
    "surveys:campaign_new": Case(org, EDITORS),
    "surveys:campaign": Case(campaign, ORDER_VIEWERS, forbidden=NOT_ORDER_VIEWERS, foreign_kwargs=foreign_campaign),
    "surveys:campaign_export": Case(
        campaign, ORDER_VIEWERS, forbidden=NOT_ORDER_VIEWERS, foreign_kwargs=foreign_campaign
    ),
    "surveys:campaign_remind": Case(campaign, EDITORS, method="post", ok={200, 302}, foreign_kwargs=foreign_campaign),
    "surveys:campaign_fulfil": Case(campaign, EDITORS, method="post", foreign_kwargs=foreign_campaign),
    "surveys:campaign_links": Case(campaign, EDITORS, foreign_kwargs=foreign_campaign),
    "surveys:campaign_cancel": Case(campaign, EDITORS, foreign_kwargs=foreign_campaign),
    # Without links kept in the session the slips redirect to the links page, which says so (tests/surveys).
    "surveys:campaign_slips": Case(campaign, EDITORS, ok={302}, foreign_kwargs=foreign_campaign),
    "surveys:campaign_class_slips": Case(
        campaign, EDITORS, method="post", data={"class": ""}, foreign_kwargs=foreign_campaign
    ),
    "surveys:invitation_reissue": Case(
        lambda w: {**campaign(w), "invitation": w.campaign_a.invitations.get().pk},
        EDITORS,
        method="post",
        # School B's invitation under school A's campaign, and school B's campaign: both 404.
        foreign_kwargs=lambda w: {**campaign(w), "invitation": w.campaign_b.invitations.get().pk},
    ),
    "surveys:growth": Case(program, ORDER_VIEWERS, forbidden=NOT_ORDER_VIEWERS, foreign_kwargs=foreign_program),
    "surveys:district_compare": Case(
        lambda w: {"district_slug": w.school_a.municipality.slug}, ["coordinator"], forbidden=[]
    ),
    # -- dashboards and upward reporting --
    "reports:district_dashboard": Case(
        lambda w: {"district_slug": w.school_a.municipality.slug}, ["coordinator"], forbidden=[]
    ),
    "reports:district_upward": Case(
        lambda w: {"district_slug": w.school_a.municipality.slug}, ["coordinator"], forbidden=[]
    ),
    "reports:organization_dashboard": Case(org, VIEWERS),
    # -- monitoring --
    "reports:program_monitoring": Case(
        program, ORDER_VIEWERS, forbidden=NOT_ORDER_VIEWERS, foreign_kwargs=foreign_program
    ),
    "reports:program_report_new": Case(
        program,
        ORDER_VIEWERS,
        method="post",
        data={"format": "pdf"},
        forbidden=NOT_ORDER_VIEWERS,
        foreign_kwargs=foreign_program,
    ),
    **{
        f"reports:program_report_{name}": Case(
            lambda w: {
                "org_slug": w.school_a.slug,
                "pk": ready_report(kind="program_report", format="pdf", organization=w.school_a, program=w.program).pk,
            },
            ORDER_VIEWERS,
            forbidden=NOT_ORDER_VIEWERS,
            foreign_kwargs=lambda w: {
                "org_slug": w.school_a.slug,
                "pk": ready_report(
                    kind="program_report", format="pdf", organization=w.school_b, program=w.program_b
                ).pk,
            },
        )
        for name in ("status", "download")
    },
    "reports:analytical_note": Case(
        lambda w: {"district_slug": w.school_a.municipality.slug}, ["coordinator"], forbidden=[]
    ),
    "reports:analytical_note_new": Case(
        lambda w: {"district_slug": w.school_a.municipality.slug},
        ["coordinator"],
        method="post",
        data={"format": "xlsx"},
        forbidden=[],
    ),
    **{
        f"reports:analytical_note_{name}": Case(
            lambda w: {
                "district_slug": w.school_a.municipality.slug,
                "pk": ready_report(kind="analytical_note", format="pdf", municipality=w.school_a.municipality).pk,
            },
            ["coordinator"],
            forbidden=[],
        )
        for name in ("status", "download")
    },
    # -- publication --
    **{
        f"publication:{name}": Case(
            lambda w: {"org_slug": w.school_a.slug, "pk": w.practice_a.pk},
            allowed,
            method=method,
            foreign_kwargs=lambda w: {"org_slug": w.school_a.slug, "pk": w.practice_b.pk},
        )
        for name, allowed, method in (
            ("practice_edit", EDITORS, "get"),
            ("practice_file_add", EDITORS, "post"),
            ("practice_propose", EDITORS, "post"),
        )
    },
    "publication:practice_list": Case(org, ORDER_VIEWERS, forbidden=NOT_ORDER_VIEWERS),
    "publication:practice_create": Case(org, EDITORS),
    "publication:practice_detail": Case(
        lambda w: {"org_slug": w.school_a.slug, "pk": w.practice_a.pk},
        ORDER_VIEWERS,
        forbidden=NOT_ORDER_VIEWERS,
        foreign_kwargs=lambda w: {"org_slug": w.school_a.slug, "pk": w.practice_b.pk},
    ),
    # The head's decisions (another school's case under this address: tests/publication).
    **{
        f"publication:{name}": Case(
            lambda w: {"org_slug": w.school_a.slug, "pk": w.practice_a.pk},
            ["director"],
            method="post",
            data={"comment": "Исправить"},
        )
        for name in ("practice_approve", "practice_return", "practice_withdraw")
    },
    "publication:practice_file": Case(
        lambda w: {"org_slug": w.school_a.slug, "pk": w.practice_file_a.pk},
        ORDER_VIEWERS,
        forbidden=NOT_ORDER_VIEWERS,
        foreign_kwargs=lambda w: {"org_slug": w.school_a.slug, "pk": w.practice_file_b.pk},
    ),
    "publication:practice_file_delete": Case(
        lambda w: {"org_slug": w.school_a.slug, "pk": w.practice_file_a.pk},
        EDITORS,
        method="post",
        foreign_kwargs=lambda w: {"org_slug": w.school_a.slug, "pk": w.practice_file_b.pk},
    ),
    # -- the audit log and sudo mode (tests/audit) --
    "audit:sudo": Case(lambda w: {}, allowed=EVERYONE, forbidden=[]),
    # -- the region (tests/reports/test_region.py) --
    "reports:region_dashboard": Case(lambda w: {"region_slug": w.region.slug}, ["regional"], forbidden=[]),
    "reports:region_upward": Case(lambda w: {"region_slug": w.region.slug}, ["regional"], forbidden=[]),
    "audit:list": Case(org, ["director"]),
    "audit:export": Case(org, ["director"]),
}
# The district page is not under an organization: everybody but its coordinators gets 404.
DISTRICT_STRANGERS = [
    "curator",
    "director",
    "mentor",
    "mentee",
    "curator_b",
    "foreign_coordinator",
    "foreign_regional",
    "outsider",
]
# The region's pages: its regional coordinators only; everybody else, district staff too, gets 404.
REGION_STRANGERS = [u for u in EVERYONE if u != "regional"]

# Public pages, and the calendar feed whose long random token is the key (tests/notifications).
PUBLIC = {
    "notifications:calendar_feed",
    "notifications:unsubscribe",  # the signed token is the key (tests/notifications/test_unsubscribe.py)
    "orders:verify",
    "surveys:sheet",  # the personal link's token is the key (tests/surveys)
    "surveys:sheet_answer",
    "surveys:my_sheet",  # one's own questionnaire from the home page; anyone else's is 404 (tests/reports/test_home)
    # The best-practice bank and the organizations' public sections (tests/publication).
    "publication:public_practices",
    "publication:public_practice",
    "publication:public_practice_file",
    "publication:org_public",
    "publication:org_public_program",
    "publication:org_embed",
    "publication:org_public_order_pdf",  # signed orders of the public kinds only (tests/publication/test_public_face)
    "publication:public_district",
    "publication:low_vision",  # the visitor's own cookie
    # «/»: a visitor's district page, a signed-in user's to-do list (tests/publication/test_public_face).
    "home",
    "login",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "logout",
}


def all_url_names(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.app_name == "admin":
                continue
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from all_url_names(entry, ns)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}"


def test_every_url_is_covered():
    missing = sorted(set(all_url_names()) - set(CASES) - PUBLIC)
    assert missing == [], f"Add these URLs to the permission matrix: {missing}"


@pytest.fixture
def perm_world(world):
    # School A's district and the foreign school's belong to two regions, each with its coordinator.
    world.region, foreign_region = RegionFactory(slug="region-a"), RegionFactory(slug="region-foreign")
    for school, region in ((world.school_a, world.region), (world.foreign_school, foreign_region)):
        school.municipality.region = region
        school.municipality.save()
    world.regional = regional_member(world.region, email="region@a.test")
    world.foreign_regional = regional_member(foreign_region, email="region@foreign.test")
    # Shared with the district, so that its coordinator may open it (tests/roadmap/test_evidence_sharing).
    world.evidence = Evidence(
        activity=world.activity,
        organization=world.school_a,
        original_name="prikaz.pdf",
        uploaded_by=world.curator,
        shared_with_district=True,
    )
    world.evidence.file.save("prikaz.pdf", ContentFile(b"%PDF-1.4 test"), save=True)
    world.notification = Notification.objects.create(
        user=world.curator, kind="activity_overdue", key="k", title="Просрочено", url=world.activity.get_absolute_url()
    )
    sample = {
        "sections": [
            {
                "number": "1",
                "title": "Этап",
                "stage": 1,
                "activities": [
                    {
                        "number": "1.1",
                        "title": "Приказ",
                        "result": "",
                        "responsible": "Куратор",
                        "term": "",
                        "track": "",
                        "starts_on": None,
                        "due_on": None,
                        "include": True,
                    }
                ],
            }
        ]
    }
    world.draft, world.draft_b = (
        RoadmapImport.objects.create(
            organization=school,
            file_name="карта.docx",
            period_start=world.program.period_start,
            period_end=world.program.period_end,
            data=sample,
        )
        for school in (world.school_a, world.school_b)
    )
    world.evidence_b = Evidence.objects.create(
        activity=world.activity_b, organization=world.school_b, url="https://b.example/doc"
    )
    add_bases(world)
    add_practices(world)
    return world


def add_bases(world):
    """In each school a mentee, a mentor with a certificate, a pair with a plan and a matching run; in
    school A the pair's mentor is the world's mentor account."""
    form = standard_form("traditional")
    for school, program, suffix in ((world.school_a, world.program, "a"), (world.school_b, world.program_b, "b")):
        program.forms.add(form)
        mentee = MenteeFactory(person=PersonFactory(organization=school))
        mentor = teacher_mentor(school)
        pair = create_pair(program=program, mentor=mentor, mentees=[mentee], form=form, started_on=date(2026, 10, 1))
        training = MentorTraining.objects.create(mentor=mentor, started_on=date(2026, 9, 1))
        training.certificate.save("cert.pdf", ContentFile(b"%PDF-1.4 cert"), save=True)
        consent = mentee.person.valid_consent("processing")
        consent.scan.save("scan.pdf", ContentFile(b"%PDF-1.4 scan"), save=True)
        setattr(world, f"mentee_{suffix}", mentee)
        setattr(world, f"mentor_{suffix}", mentor)
        setattr(world, f"pair_{suffix}", pair)
        setattr(world, f"training_{suffix}", training)
        setattr(world, f"consent_{suffix}", consent)
        revoked = Consent.objects.create(
            person=mentee.person, kind="publication", given_on=date(2026, 9, 1), revoked_on=date(2026, 10, 1)
        )
        revoked.revocation_scan.save("revocation.pdf", ContentFile(b"%PDF-1.4 revocation"), save=True)
        setattr(world, f"revoked_consent_{suffix}", revoked)
        child(school, grade=7, class_letter="А")
        setattr(world, f"plan_item_{suffix}", PlanItem.objects.create(pair=pair, task="Посетить 5 уроков"))
        setattr(world, f"match_run_{suffix}", MatchRun.objects.create(program=program, weights={}))
        draft = BaseImport(organization=school, kind="mentees", file_name="база.csv", headers=["Фамилия"], rows=[])
        draft.report = {"total": 0, "valid": 0, "invalid": [], "ignored": [], "failed": []}
        draft.save()
        setattr(world, "base_import" + ("" if suffix == "a" else "_b"), draft)
    world.mentor_a.person.user = world.mentor
    world.mentor_a.person.save()
    add_employment(world)
    add_orders(world)
    add_surveys(world)


def add_employment(world):
    """In each school a rule of pay, the pair's mentor's assignment signed with its scan, and one ended
    early; in school A the mentor is the world's mentor account."""
    from employment import services as employment
    from employment.models import Assignment, PayRule

    for school, suffix in ((world.school_a, "a"), (world.school_b, "b")):
        rule = PayRule.objects.create(organization=school, name="Доплата", amount=3000, basis="Положение, п. 5")
        mentor, pair = getattr(world, f"mentor_{suffix}"), getattr(world, f"pair_{suffix}")
        made = []
        # One pair, one agreement at a time: the one ended early first, the one signed after it.
        for starts_on, ends_on in ((date(2026, 11, 3), date(2027, 5, 31)), (date(2026, 10, 1), date(2026, 11, 2))):
            one = employment.assignment_create(
                organization=school,
                mentor=mentor,
                pairs=[pair],
                form=pair.form,
                content="Адаптация",
                starts_on=starts_on,
                ends_on=ends_on,
                pay_rule=rule,
            )
            made.append(employment.assignment_sign(one, user=world.director))
        signed, ended = made
        signed.scan.save("scan.pdf", ContentFile(b"%PDF-1.4 scan"), save=True)
        Assignment.objects.filter(pk=ended.pk).update(
            status="ended_early",
            ended_by="mentor",
            notice_on=date(2026, 11, 2),
            ended_on=date(2026, 11, 2),
            end_reason="Нагрузка",
        )
        setattr(world, f"pay_rule_{suffix}", rule)
        setattr(world, f"assignment_{suffix}", signed)
        setattr(world, f"ended_assignment_{suffix}", ended)


def add_surveys(world):
    """In each school its own copy of a questionnaire and a campaign sent to its mentee."""
    world.builtin_questionnaire = Questionnaire.objects.get(code="feedback", organization=None)
    for school, program, suffix in ((world.school_a, world.program, "a"), (world.school_b, world.program_b, "b")):
        own = questionnaire_copy(world.builtin_questionnaire, organization=school)
        setattr(world, f"questionnaire_{suffix}", own)
        setattr(world, f"question_{suffix}", own.questions.first())
        mentee = getattr(world, f"mentee_{suffix}")
        campaign, _links = campaign_create(
            program=program,
            questionnaire=own,
            title="Обратная связь",
            opens_on=date(2026, 10, 1),
            closes_on=date(2026, 10, 20),
            anonymous=False,
            phase="",
            people=[mentee.person],
            user=None,
        )
        setattr(world, f"campaign_{suffix}", campaign)


def add_orders(world):
    """In each school a draft order with its draft PDF made and a batch; in the district a batch."""
    for school, program, suffix in ((world.school_a, world.program, "a"), (world.school_b, world.program_b, "b")):
        order = order_create(program=program, kind="pairs", user=None)
        order.pdf.save("draft.pdf", ContentFile(b"%PDF-1.4 draft"), save=False)
        order.pdf_status = "ready"
        order.save()
        setattr(world, f"order_{suffix}", order)
        setattr(world, f"batch_{suffix}", OrderBatch.objects.create(organization=school, title="Этап 1"))
    world.district_batch = OrderBatch.objects.create(municipality=world.school_a.municipality, title="Для всех")


def request(client, case, kwargs, name):
    url = reverse(name, kwargs=kwargs)
    return getattr(client, case.method)(url, case.data)


@pytest.mark.parametrize("name", sorted(CASES))
def test_anonymous_is_sent_to_login(client, perm_world, name):
    case = CASES[name]
    response = request(client, case, case.kwargs(perm_world), name)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("name", sorted(CASES))
def test_allowed_roles_get_the_page(client, perm_world, name):
    case = CASES[name]
    for role in case.allowed:
        client.force_login(getattr(perm_world, role))
        response = request(client, case, case.kwargs(perm_world), name)
        expected = case.ok or {"get": {200}, "post": {302}}[case.method]
        assert response.status_code in expected, (role, response.status_code)


@pytest.mark.parametrize("name", sorted(CASES))
def test_roles_without_the_right_get_403(client, perm_world, name):
    case = CASES[name]
    for role in case.forbidden_users():
        client.force_login(getattr(perm_world, role))
        assert request(client, case, case.kwargs(perm_world), name).status_code == 403, role


def regional_expectation(case, kwargs):
    """The regional coordinator reads what the district coordinator reads, on every page of the
    region's districts and schools; what changes something in a district stays the district's own
    (403). None where the district coordinator's answer is neither a page nor 403."""
    if "coordinator" in case.allowed:
        if case.method == "post" and "district_slug" in kwargs:
            return {403}
        return case.ok or {"get": {200}, "post": {302}}[case.method]
    if "coordinator" in case.forbidden_users():
        return {403}
    return None


@pytest.mark.parametrize("name", sorted(n for n in CASES if "regional" not in CASES[n].allowed))
def test_the_regional_coordinator_reads_as_a_district_coordinator(client, perm_world, name):
    case = CASES[name]
    kwargs = case.kwargs(perm_world)
    expected = regional_expectation(case, kwargs)
    if expected is None:
        pytest.skip("no district coordinator's answer to follow")
    client.force_login(perm_world.regional)
    assert request(client, case, kwargs, name).status_code in expected


@pytest.mark.parametrize("name", sorted(n for n in CASES if n.startswith("reports:region_")))
def test_a_regions_pages_are_404_for_everybody_but_its_coordinators(client, perm_world, name):
    case = CASES[name]
    for role in REGION_STRANGERS:
        client.force_login(getattr(perm_world, role))
        assert request(client, case, case.kwargs(perm_world), name).status_code == 404, role


def test_another_persons_notification_is_404(client, perm_world):
    for role in ["director", "mentor", "curator_b", "outsider"]:
        client.force_login(getattr(perm_world, role))
        assert client.post(reverse("notifications:open", args=[perm_world.notification.pk])).status_code == 404


@pytest.mark.parametrize(
    "name",
    sorted(
        n
        for n in CASES
        if n.split(":")[0] in ("roadmap", "mentoring", "employment", "consents") and n != "mentoring:my_pairs"
    ),
)
def test_other_tenants_get_404(client, perm_world, name):
    case = CASES[name]
    strangers = DISTRICT_STRANGERS if ":district_" in name else STRANGERS
    for role in strangers:
        client.force_login(getattr(perm_world, role))
        assert request(client, case, case.kwargs(perm_world), name).status_code == 404, role


@pytest.mark.parametrize("name", sorted(n for n, c in CASES.items() if c.foreign_kwargs))
def test_another_schools_object_through_my_school_is_404(client, perm_world, name):
    """School A's curator asks for school B's object under school A's address."""
    case = CASES[name]
    client.force_login(perm_world.curator)
    assert request(client, case, case.foreign_kwargs(perm_world), name).status_code == 404


def test_admin_is_for_support_staff_only(client, perm_world):
    client.force_login(perm_world.curator)
    response = client.get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def add_practices(world):
    """In each school a completed pair's draft case with a photo (tests/publication walks its workflow)."""
    from publication.services import practice_create, practice_file_add
    from tests.publication.conftest import completed_pair, photo

    for program, curator, suffix in ((world.program, world.curator, "a"), (world.program_b, world.curator_b, "b")):
        practice = practice_create(
            pair=completed_pair(program, mentor_name="Кейсова"), user=curator, title="Кейс", description="Текст"
        )
        setattr(world, f"practice_{suffix}", practice)
        setattr(world, f"practice_file_{suffix}", practice_file_add(practice, user=curator, file=photo()))
