"""The main pages under the Content-Security-Policy: charts drawn, forms and menus working, and not one
violation reported by the browser (an inline script, handler or <style> would be one)."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.test_roadmap_flow import log_in
from tests.test_permissions import perm_world  # noqa: F401  (the fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

LISTEN = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(
    e.violatedDirective + " " + (e.blockedURI || "inline") + " " + e.sourceFile + ":" + e.lineNumber
  );
});
"""


@pytest.fixture
def csp_world(request, world):
    from surveys.models import Question, Questionnaire, Section
    from surveys.standard import install_standard_questionnaires

    install_standard_questionnaires(Questionnaire, Section, Question)
    return request.getfixturevalue("perm_world")


def visit(page, url, console):
    page.goto(url)
    page.wait_for_load_state("networkidle")
    violations = page.evaluate("window.__cspViolations")
    refused = [m for m in console if "Content Security Policy" in m or "Content-Security-Policy" in m]
    assert violations == [] and refused == [], (url, violations, refused)
    console.clear()


def test_the_main_pages_report_no_csp_violation(page, live_server, csp_world):
    w = csp_world
    console = []
    page.on("console", lambda message: console.append(message.text))
    page.add_init_script(LISTEN)
    school, district = w.school_a.slug, w.school_a.municipality.slug

    log_in(page, live_server, "director@a.test")
    for url in [
        reverse("home"),
        reverse("reports:organization_dashboard", args=[school]),
        reverse("roadmap:program_list", args=[school]),
        reverse("roadmap:program_timeline", args=[school, w.program.pk]),
        reverse("roadmap:program_table", args=[school, w.program.pk]),
        reverse("roadmap:activity_detail", args=[school, w.activity.pk]),
        reverse("mentoring:mentee_list", args=[school]),
        reverse("mentoring:person_detail", args=[school, w.mentee_a.person_id]),
        reverse("mentoring:pair_list", args=[school]),
        reverse("surveys:list", args=[school]),
        reverse("surveys:campaign", args=[school, w.campaign_a.pk]),
        reverse("orders:journal", args=[school]),
        reverse("orders:detail", args=[school, w.order_a.pk]),
        reverse("reports:program_monitoring", args=[school, w.program.pk]),
        reverse("publication:practice_list", args=[school]),
        reverse("notifications:calendar"),
        reverse("audit:list", args=[school]),
        reverse("employment:list", args=[school]),
        reverse("employment:detail", args=[school, w.assignment_a.pk]),
        reverse("employment:pay_rules", args=[school]),
        reverse("employment:statement", args=[school]),
    ]:
        visit(page, live_server.url + url, console)
    # The campaign's chart is drawn by the static script, not an inline one.
    page.goto(live_server.url + reverse("surveys:campaign", args=[school, w.campaign_a.pk]))
    expect(page.locator("canvas").first).to_be_visible()

    # A select that submits itself, formerly onchange="this.form.submit()".
    page.goto(live_server.url + reverse("publication:practice_list", args=[school]))
    page.locator("select[name=status]").select_option(index=1)
    page.wait_for_url("**status=*")

    page.context.clear_cookies()
    log_in(page, live_server, "coordinator@district.test")
    for url in [
        reverse("reports:district_dashboard", args=[district]),
        reverse("roadmap:district_programs", args=[district]),
        reverse("mentoring:district_mentors", args=[district]),
        reverse("publication:org_public", args=[school]),
        reverse("publication:org_embed", args=[school]),
    ]:
        visit(page, live_server.url + url, console)
    expect(page.locator("h1")).to_be_visible()


def test_a_confirmation_still_guards_the_removal_of_evidence(page, live_server, csp_world):
    """formerly onsubmit="return confirm(...)": dismissing the question keeps the evidence."""
    w = csp_world
    log_in(page, live_server, "curator@a.test")
    page.goto(live_server.url + reverse("roadmap:activity_detail", args=[w.school_a.slug, w.activity.pk]))
    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    page.get_by_title("Удалить").first.click()
    expect(page.get_by_test_id("evidence")).to_contain_text("prikaz.pdf")
    assert asked == ["Удалить это подтверждение?"]


def test_copying_the_calendar_address_says_so(page, live_server, csp_world):
    """The copy button (static/js/app.js, no inline script) copies the address and says it did."""
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    log_in(page, live_server, "curator@a.test")
    page.goto(live_server.url + reverse("notifications:calendar"))
    expect(page.get_by_test_id("webcal-link")).to_have_attribute(
        "href",
        f"webcal://{live_server.url.split('://')[1]}/calendar/{csp_world.curator.calendar_feeds.get().token}.ics",
    )

    page.get_by_role("button", name="Копировать").click()

    expect(page.locator("#feed-url-status")).to_have_text("Адрес скопирован.")
    assert page.evaluate("navigator.clipboard.readText()") == page.input_value("#feed-url")
