"""Accessibility as a test: every demo role opens its main pages on a desktop (1366 px) and on a
phone (390 px), and axe-core (WCAG 2.1 A and AA rules) finds nothing serious or critical on any of
them. A failure names each rule and the page it broke on."""

import io

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from django.urls import reverse

from mentoring.models import Organization, Pair
from roadmap.models import Activity, Program
from surveys.models import Campaign, Questionnaire

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "demo-nastavnik"
WIDTHS = ((1366, 900), (390, 844))
OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}


def pages_by_role():
    school = Organization.objects.get(slug="sosh-4")
    district = school.municipality.slug
    program = Program.objects.filter(organization=school).order_by("period_start").first()
    o = [school.slug]
    campaign = Campaign.objects.filter(organization=school).order_by("pk").first()
    pair = Pair.objects.filter(
        program__organization=school, mentor__person__user__email="nastavnik.sosh4@nastavnik.test"
    ).first()
    activity = Activity.objects.filter(
        organization=school, responsible_users__email="molodoy.pedagog.sosh4@nastavnik.test"
    ).first()
    needs = Questionnaire.objects.get(code="mentee-needs", organization=None)
    curator = [
        reverse("home"),
        reverse("roadmap:program_list", args=o),
        reverse("roadmap:program_timeline", args=[*o, program.pk]),
        reverse("roadmap:program_table", args=[*o, program.pk]),
        reverse("mentoring:mentee_list", args=o),
        reverse("mentoring:mentor_list", args=o),
        reverse("mentoring:pair_list", args=o),
        reverse("surveys:list", args=o),
        reverse("surveys:questionnaire", args=[*o, needs.pk]),
        reverse("surveys:campaign_new", args=o),
        reverse("orders:journal", args=o),
        reverse("reports:organization_dashboard", args=o),
    ]
    if campaign:
        curator.append(reverse("surveys:campaign", args=[*o, campaign.pk]))
    mentor = [reverse("home"), reverse("mentoring:my_pairs")] + ([pair.get_absolute_url()] if pair else [])
    mentee = [reverse("home")] + ([reverse("roadmap:activity_detail", args=[*o, activity.pk])] if activity else [])
    return {
        "kurator.sosh4@nastavnik.test": curator,
        "direktor.sosh4@nastavnik.test": [
            reverse("home"),
            reverse("roadmap:program_table", args=[*o, program.pk]),
            reverse("orders:journal", args=o),
            reverse("audit:list", args=o),
            reverse("publication:practice_list", args=o),
        ],
        "nastavnik.sosh4@nastavnik.test": mentor,
        "molodoy.pedagog.sosh4@nastavnik.test": mentee,
        "koordinator@nastavnik.test": [
            reverse("home"),
            reverse("reports:district_dashboard", args=[district]),
            reverse("roadmap:district_programs", args=[district]),
            reverse("mentoring:district_mentors", args=[district]),
            reverse("mentoring:district_program_results", args=[district]),
            reverse("surveys:district_compare", args=[district]),
        ],
    }


def test_no_serious_accessibility_violation_on_any_roles_main_pages(browser, live_server):
    call_command("seed_demo", force=True, stdout=io.StringIO())
    axe = Axe()
    found, visited = [], 0
    for email, urls in pages_by_role().items():
        context = browser.new_context(viewport={"width": WIDTHS[0][0], "height": WIDTHS[0][1]}, locale="ru-RU")
        page = context.new_page()
        page.goto(f"{live_server.url}/login/")
        page.get_by_label("Электронная почта").fill(email)
        page.get_by_label("Пароль").fill(PASSWORD)
        page.get_by_role("button", name="Войти").click()
        page.wait_for_url(f"{live_server.url}/")
        for width, height in WIDTHS:
            page.set_viewport_size({"width": width, "height": height})
            for url in urls:
                response = page.goto(live_server.url + url, wait_until="load")
                assert response.status == 200, f"{email} {url}: {response.status}"
                visited += 1
                for violation in axe.run(page, options=OPTIONS).response["violations"]:
                    if violation["impact"] in ("serious", "critical"):
                        targets = ", ".join(" ".join(node["target"]) for node in violation["nodes"][:3])
                        found.append(
                            f"{violation['id']} ({violation['impact']}) at {width} px on {url} as {email}: {targets}"
                        )
        context.close()
    assert visited >= 50
    assert not found, "\n".join(found)
