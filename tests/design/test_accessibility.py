"""Accessibility as a test: every demo role, and a visitor, crawls the demo from its home and main
pages, following every link to a page, and axe-core (WCAG 2.1 A and AA rules) finds nothing serious
or critical on any page, on a desktop (1366 px) and on a phone (390 px). A failure names each rule
and the page it broke on."""

import io
import re
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import Error as PlaywrightError

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


# Links a crawl does not follow: leaving, the support site, files (checked by their own clients in
# tests/clients.py), feeds and anything that is not a page.
NOT_PAGES = re.compile(
    r"(/logout|/admin/|/media/|/static/|\.(pdf|docx|xlsx|csv|ics|zip|png|svg)$|/(pdf|docx|xlsx|csv|ics|download|export|feed)"
    r"(/|$)|calendar/feed|/delete)",
    re.I,
)
PAGES_PER_ROLE = 120


def shape(path):
    """Pages that differ only in a key or a token are one page to check: /o/sosh-4/pairs/7/ is
    /o/sosh-4/pairs/N/, a questionnaire link's token is T."""
    path = re.sub(r"/\d+(?=/|$)", "/N", path)
    return re.sub(r"/(?=[A-Za-z0-9_-]*\d)[A-Za-z0-9_-]{12,}(?=/|$)", "/T", path)


def crawl(page, base, start_urls, check):
    """Breadth-first over the same-site pages reachable from `start_urls`; `check(url)` on each page
    of a new shape. Returns the shapes checked."""
    queue, seen = list(start_urls), set()
    while queue and len(seen) < PAGES_PER_ROLE:
        path = urlsplit(queue.pop(0)).path
        if NOT_PAGES.search(path) or shape(path) in seen:
            continue
        try:
            response = page.goto(base + path, wait_until="load")
        except PlaywrightError as error:  # a link to a file the portal makes (a template, a slip sheet)
            if "Download is starting" in str(error):
                continue
            raise
        if response.status != 200 or "text/html" not in (response.headers.get("content-type") or ""):
            continue
        seen.add(shape(path))
        check(path)
        for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)"):
            link = urlsplit(href)
            if link.netloc == urlsplit(base).netloc and link.scheme in ("http", "https"):
                queue.append(link.path)
    return seen


def test_no_serious_accessibility_violation_on_any_page_of_the_demo(browser, live_server):
    """Every page of the demo each role can reach by following links, from its home and its main
    pages, at 1366 px and at 390 px; visitors start at the district's public page."""
    call_command("seed_demo", force=True, stdout=io.StringIO())
    axe = Axe()
    found, checked = [], {}
    roles = {**pages_by_role(), None: [reverse("home")]}
    for email, urls in roles.items():
        context = browser.new_context(viewport={"width": WIDTHS[0][0], "height": WIDTHS[0][1]}, locale="ru-RU")
        page = context.new_page()
        if email:
            page.goto(f"{live_server.url}/login/")
            page.get_by_label("Электронная почта").fill(email)
            page.get_by_label("Пароль").fill(PASSWORD)
            page.get_by_role("button", name="Войти").click()
            page.wait_for_url(f"{live_server.url}/")
        for url in urls:  # the main pages must be there, whatever the links
            assert page.goto(live_server.url + url).status == 200, f"{email} {url}"

        def check(path, email=email, page=page):
            for width, height in WIDTHS:
                page.set_viewport_size({"width": width, "height": height})
                for violation in axe.run(page, options=OPTIONS).response["violations"]:
                    if violation["impact"] in ("serious", "critical"):
                        targets = ", ".join(" ".join(node["target"]) for node in violation["nodes"][:3])
                        found.append(
                            f"{violation['id']} ({violation['impact']}) at {width} px on {path} "
                            f"as {email or 'a visitor'}: {targets}"
                        )
            page.set_viewport_size({"width": WIDTHS[0][0], "height": WIDTHS[0][1]})

        checked[email] = crawl(page, live_server.url, urls, check)
        context.close()
    # Each role reached more than its main pages (the crawl follows links), and the visitor the schools.
    for email, urls in roles.items():
        assert len(checked[email]) > len(urls), (email, sorted(checked[email]))
    assert any(path.startswith("/p/") for path in checked[None]), sorted(checked[None])
    assert sum(map(len, checked.values())) >= 150, {k: len(v) for k, v in checked.items()}
    assert not found, "\n".join(found)
