"""Every URL of the project, walked as every kind of user: anonymous → login, another tenant → 404,
a role without the right → 403, the right role → the page. A new URL fails `test_every_url_is_covered`
until it is added here, so nobody has to remember."""

from dataclasses import dataclass, field

import pytest
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from notifications.models import Notification
from roadmap.models import Evidence, RoadmapImport

EVERYONE = ["curator", "director", "mentor", "mentee", "coordinator", "curator_b", "foreign_coordinator", "outsider"]
VIEWERS = ["curator", "director", "coordinator"]
EDITORS = ["curator"]
STRANGERS = ["curator_b", "foreign_coordinator", "outsider"]  # 404 for anything of school A


@dataclass
class Case:
    kwargs: callable
    allowed: list
    method: str = "get"
    data: dict = field(default_factory=dict)
    # Kwargs pointing at another organization's object through school A's address: must be 404.
    foreign_kwargs: callable = None
    forbidden: list = None  # roles that see the organization but lack the right: 403

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


CASES = {
    "home": Case(lambda w: {}, allowed=EVERYONE, forbidden=[]),
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
    "roadmap:district_programs": Case(
        lambda w: {"district_slug": w.school_a.municipality.slug}, ["coordinator"], forbidden=[]
    ),
    # --- the bases and pairs ---
    # --- import and export of the bases ---
}
# The district page is not under an organization: everybody but its coordinators gets 404.
DISTRICT_STRANGERS = ["curator", "director", "mentor", "mentee", "curator_b", "foreign_coordinator", "outsider"]

# Public pages, and the calendar feed whose long random token is the key (tests/notifications).
PUBLIC = {
    "notifications:calendar_feed",
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
    world.evidence = Evidence(
        activity=world.activity, organization=world.school_a, original_name="prikaz.pdf", uploaded_by=world.curator
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
    return world


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
        expected = {"get": {200}, "post": {302}}[case.method]
        assert response.status_code in expected, (role, response.status_code)


@pytest.mark.parametrize("name", sorted(CASES))
def test_roles_without_the_right_get_403(client, perm_world, name):
    case = CASES[name]
    for role in case.forbidden_users():
        client.force_login(getattr(perm_world, role))
        assert request(client, case, case.kwargs(perm_world), name).status_code == 403, role


def test_another_persons_notification_is_404(client, perm_world):
    for role in ["director", "mentor", "curator_b", "outsider"]:
        client.force_login(getattr(perm_world, role))
        assert client.post(reverse("notifications:open", args=[perm_world.notification.pk])).status_code == 404


@pytest.mark.parametrize("name", sorted(n for n in CASES if n.startswith("roadmap:")))
def test_other_tenants_get_404(client, perm_world, name):
    case = CASES[name]
    strangers = DISTRICT_STRANGERS if name.startswith("roadmap:district_") else STRANGERS
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
