"""The sections of an organization and of a district: the one definition of the menu shown under the
top bar on every page inside them (`includes/section_nav.html`, through the context processor).

A section is shown only to the roles whose permission opens its page (the same `ROLE_PERMISSIONS`
that `organization_view` checks), and it is the current one on every page whose URL name it claims:
a program's timeline and table belong to «Дорожная карта», a pair's page to «Пары».
"""

from dataclasses import dataclass
from fnmatch import fnmatchcase

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .access import Perm, has_perm
from .models import Role


@dataclass(frozen=True)
class Section:
    key: str
    label: str
    url_name: str
    icon: str
    # The pages that belong to this section, as "namespace:url_name" patterns (fnmatch).
    pages: tuple
    permission: str | None = None  # None: every coordinator of the district


ORGANIZATION_SECTIONS = (
    Section(
        "roadmap",
        _("Roadmap"),
        "roadmap:program_list",
        "bi-signpost-split",
        (
            "roadmap:program_*",
            "roadmap:section_*",
            "roadmap:activity_*",
            "roadmap:evidence_*",
            "roadmap:import_*",
            "reports:program_*",
            "surveys:growth",
        ),
        Perm.VIEW_PROGRAMS,
    ),
    Section(
        "bases",
        _("Bases"),
        "mentoring:mentee_list",
        "bi-person-lines-fill",
        (
            "mentoring:mentee_*",
            "mentoring:mentor_*",
            "mentoring:person_*",
            "mentoring:consent_*",
            "mentoring:training_*",
            "mentoring:enter_mentor_base",
            "mentoring:competency_list",
            "mentoring:import_*",
            "mentoring:export_*",
            "mentoring:template_*",
            "consents:*",
        ),
        Perm.VIEW_BASES,
    ),
    Section(
        "pairs",
        _("Pairs"),
        "mentoring:pair_list",
        "bi-people",
        ("mentoring:pair_*", "mentoring:matching_*", "mentoring:meeting_*", "mentoring:plan_item_*"),
        Perm.VIEW_PAIRS,
    ),
    Section(
        "employment",
        _("Employees' mentoring"),
        "employment:list",
        "bi-briefcase",
        ("employment:*",),
        Perm.VIEW_EMPLOYMENT,
    ),
    Section("surveys", _("Questionnaires"), "surveys:list", "bi-ui-checks", ("surveys:*",), Perm.VIEW_SURVEYS),
    Section("orders", _("Orders"), "orders:journal", "bi-file-earmark-text", ("orders:*",), Perm.VIEW_ORDERS),
    Section(
        "dashboard",
        _("Dashboard"),
        "reports:organization_dashboard",
        "bi-speedometer2",
        ("reports:organization_dashboard",),
        Perm.VIEW_PROGRAMS,
    ),
    Section(
        "practices",
        _("Practices"),
        "publication:practice_list",
        "bi-award",
        ("publication:practice_*",),
        Perm.VIEW_PRACTICES,
    ),
    Section("audit", _("Audit log"), "audit:list", "bi-journal-check", ("audit:*",), Perm.VIEW_AUDIT),
)

DISTRICT_SECTIONS = (
    Section(
        "dashboard", _("Dashboard"), "reports:district_dashboard", "bi-speedometer2", ("reports:district_dashboard",)
    ),
    Section("roadmaps", _("Roadmaps"), "roadmap:district_programs", "bi-signpost-split", ("roadmap:district_*",)),
    Section("mentors", _("Mentors"), "mentoring:district_mentors", "bi-person-badge", ("mentoring:district_mentors",)),
    Section(
        "results",
        _("Programs and results"),
        "mentoring:district_program_results",
        "bi-clipboard-data",
        ("mentoring:district_program_results",),
    ),
    Section("surveys", _("Questionnaires"), "surveys:district_compare", "bi-ui-checks", ("surveys:district_*",)),
    Section("orders", _("Orders for every school"), "orders:district_batch_new", "bi-files", ("orders:district_*",)),
    Section(
        "reporting",
        _("Upward reporting"),
        "reports:district_upward",
        "bi-file-earmark-bar-graph",
        ("reports:district_upward", "reports:analytical_note*"),
    ),
)


@dataclass(frozen=True)
class Entry:
    key: str
    label: str
    url: str
    icon: str
    current: bool


def _current_name(request):
    match = getattr(request, "resolver_match", None)
    if match is None:
        return ""
    return f"{match.namespace}:{match.url_name}"


def _entries(sections, args, request, allowed):
    """The allowed sections; the first whose pages match the current URL name is the current one."""
    name = _current_name(request)
    shown = [section for section in sections if allowed(section)]
    current = next((s for s in shown if any(fnmatchcase(name, pattern) for pattern in s.pages)), None)
    return [
        Entry(section.key, section.label, reverse(section.url_name, args=args), section.icon, section is current)
        for section in shown
    ]


def organization_sections(request):
    """The sections of `request.organization` that the user's roles there may open."""
    organization = request.organization
    roles = request.org_roles
    return _entries(
        ORGANIZATION_SECTIONS,
        [organization.slug],
        request,
        lambda section: has_perm(roles, section.permission),
    )


def district_sections(request):
    """The sections of `request.municipality`: every one is open to its coordinators."""
    return _entries(DISTRICT_SECTIONS, [request.municipality.slug], request, lambda section: True)


def section_menu(request):
    """What `includes/section_nav.html` shows: the place (an organization or a district), its link,
    and its sections; None outside them. A section's own index page is not nested; any other page of
    a section is, and gets the section as a breadcrumb."""
    district = None
    if getattr(request, "organization", None) is not None and hasattr(request, "org_roles"):
        entries = organization_sections(request)
        place = request.organization
        kind = "organization"
        if request.org_roles & {Role.COORDINATOR, Role.REGIONAL_COORDINATOR} and place.municipality_id:
            # The coordinator came down from the district: the way back up is the first crumb.
            district = {
                "name": place.municipality.short_name,
                "url": reverse("reports:district_dashboard", args=[place.municipality.slug]),
            }
    elif getattr(request, "municipality", None) is not None:
        entries = district_sections(request)
        place = request.municipality
        kind = "district"
    else:
        return None
    if not entries:
        return None
    current = next((entry for entry in entries if entry.current), None)
    nested = current is not None and current.url != request.path
    return {
        "kind": kind,
        "place": place,
        "district": district,
        "home_url": entries[0].url,
        "entries": entries,
        "current": current,
        "nested": nested,
    }


# The bases by their parts on the home page, where they are one click away rather than two.
BASES_PARTS = (
    ("mentees", _("Mentees"), "mentoring:mentee_list"),
    ("mentors", _("Mentors"), "mentoring:mentor_list"),
    ("consents", _("Consents"), "consents:class_consents"),
)


def home_shortcuts(organization, roles):
    """An organization's sections for the home page of someone who runs it (the same definition and
    rights as the menu on its pages), the bases split into their parts."""
    entries = []
    for section in ORGANIZATION_SECTIONS:
        if not has_perm(roles, section.permission):
            continue
        if section.key == "bases":
            entries += [
                Entry(key, label, reverse(url_name, args=[organization.slug]), section.icon, False)
                for key, label, url_name in BASES_PARTS
            ]
        else:
            entries.append(
                Entry(
                    section.key, section.label, reverse(section.url_name, args=[organization.slug]), section.icon, False
                )
            )
    return entries
