"""Reads behind the public pages: what of an organization's signed orders and roadmaps may be shown
to anyone, and the district's published cases."""

from django.db.models import Exists, OuterRef, Prefetch, Q

from mentoring.models import MentoringForm, Organization
from mentoring.params import int_param
from orders.models import Order
from roadmap.models import Activity, Program, ProgramStatus

from .models import Practice, PracticeFile, PracticeFileKind

# Appendices of signed orders that are documents, not lists of people: the Положение and the Программа
# (texts) and the roadmap (a table). The others (pairs, bases, training, rewards, terminations,
# payments) list mentors and mentees and are never shown in public.
PUBLIC_TEXT_APPENDICES = frozenset({"regulation", "program"})
PUBLIC_TABLE_APPENDICES = frozenset({"roadmap"})
# A roadmap's «Ответственные» column may name people («Иванова А.А.»): it is left out.
PRIVATE_COLUMN_PREFIXES = ("ответствен",)

PUBLIC_PROGRAM_STATUSES = (ProgramStatus.ACTIVE, ProgramStatus.COMPLETED)

# The kinds of signed orders a visitor may read whole (the signed PDF): acts that approve texts or
# appoint staff and name no child. The pairs, the bases, the training, the rewards, the early
# terminations and the payments list mentors and mentees (children among them) or pay: never in public.
PUBLIC_ORDER_KINDS = frozenset({"implementation", "regulation", "esign", "curator", "program", "final_event"})


def _public_table(appendix):
    columns = appendix.get("columns") or []
    keep = [i for i, name in enumerate(columns) if not str(name).lower().startswith(PRIVATE_COLUMN_PREFIXES)]
    rows = []
    for row in appendix.get("rows") or []:
        if isinstance(row, dict):
            rows.append({"section": row.get("section", "")})
        else:
            rows.append({"cells": [(columns[i], row[i] if i < len(row) else "") for i in keep]})
    return {"columns": [columns[i] for i in keep], "rows": rows}


def public_documents(order):
    """The appendices of a signed order that may be published, from what was signed (the snapshot)."""
    documents = []
    for appendix in (order.snapshot or {}).get("appendices") or []:
        kind = appendix.get("kind")
        if kind in PUBLIC_TEXT_APPENDICES:
            documents.append({"title": appendix.get("title", ""), "text": appendix.get("text", "")})
        elif kind in PUBLIC_TABLE_APPENDICES:
            documents.append({"title": appendix.get("title", ""), "table": _public_table(appendix)})
    return documents


def signed_public_orders(organization=None):
    """The signed orders of the kinds that may be published (PUBLIC_ORDER_KINDS)."""
    orders = Order.objects.filter(status=Order.Status.SIGNED, kind__in=PUBLIC_ORDER_KINDS)
    return orders if organization is None else orders.filter(organization=organization)


def public_orders(organization):
    """The signed orders of the public kinds: number, date, title, the documents they approved (from
    the snapshot) and the signed PDF when it is made. Never a draft, never an order listing people."""
    orders = signed_public_orders(organization).order_by("signed_on", "number", "pk")
    return [{"order": order, "documents": public_documents(order)} for order in orders]


def district_organizations(municipality):
    """The district's organizations for its public page, each with `has_section`: whether its public
    section has anything to show (a public program or a signed public order). One query."""
    programs = Program.objects.filter(organization=OuterRef("pk"), status__in=PUBLIC_PROGRAM_STATUSES)
    orders = signed_public_orders().filter(organization=OuterRef("pk"))
    return (
        Organization.objects.of_district(municipality)
        .annotate(has_section=Exists(programs) | Exists(orders))
        .only("slug", "short_name", "full_name", "address", "kind", "municipality_id")
        .order_by("short_name", "pk")
    )


def public_programs(organization):
    return Program.objects.filter(organization=organization, status__in=PUBLIC_PROGRAM_STATUSES).order_by(
        "-period_start", "title"
    )


def public_roadmap(program):
    """The sections with their activities: terms, status and result; the responsible only as a role."""
    activities = Activity.objects.only(
        "pk",
        "section_id",
        "number",
        "title",
        "term_text",
        "start_date",
        "due_date",
        "status",
        "result_text",
        "responsible_role",
        "position",
    )
    return program.sections.order_by("position", "pk").prefetch_related(
        Prefetch("activities", queryset=activities.order_by("position", "pk"))
    )


def district_practices(municipality, *, form="", organization="", q=""):
    practices = (
        Practice.objects.public()
        .filter(organization__municipality=municipality)
        .select_related("organization", "form")
        .prefetch_related(Prefetch("files", queryset=PracticeFile.objects.filter(kind=PracticeFileKind.PHOTO)))
    )
    form, organization = int_param(form), int_param(organization)
    if form:
        practices = practices.filter(form_id=form)
    if organization:
        practices = practices.filter(organization_id=organization)
    q = (q or "").strip()
    if q:
        practices = practices.filter(Q(title__icontains=q) | Q(description__icontains=q) | Q(results__icontains=q))
    return practices


def district_filter_choices(municipality):
    """The forms and organizations that have published cases in the district, for the filters."""
    public = Practice.objects.public().filter(organization__municipality=municipality)
    forms = MentoringForm.objects.filter(pk__in=public.values("form_id")).order_by("name")
    organizations = municipality.organizations.filter(pk__in=public.values("organization_id")).order_by("short_name")
    return forms, organizations
