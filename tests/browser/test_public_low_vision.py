"""A visitor turns on «Версия для слабовидящих» by its link and reads the public pages at 200 % zoom
(a 640 px wide window stands for 1280 px at 200 %): nothing scrolls sideways, the skip link comes first
from the keyboard and every focused control shows a frame one cannot miss."""

import os
from datetime import date
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from orders import services as orders

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SHOTS = Path(os.environ.get("PUBLIC_SHOTS", "/tmp/public-shots"))

FOCUS_STYLE = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  return {tag: el.tagName, text: (el.textContent || "").trim().slice(0, 40), outline: style.outlineStyle,
          width: parseFloat(style.outlineWidth), visible: box.width > 0 && box.height > 0};
}"""
NO_SIDEWAYS = "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"


def public_pages(w):
    slug, district = w.school_a.slug, w.school_a.municipality.slug
    return {
        "district": reverse("publication:public_district", args=[district]),
        "school": reverse("publication:org_public", args=[slug]),
        "program": reverse("publication:org_public_program", args=[slug, w.program.pk]),
        "practices": reverse("publication:public_practices", args=[district]),
        "verify": reverse("orders:verify", args=[w.regulation.verification_code]),
    }


@pytest.fixture
def public_world(world):
    world.activity.title = "Разработать и утвердить Положение о наставничестве в образовательной организации"
    world.activity.term_text = "В течение первого месяца (сентябрь)"
    world.activity.result_text = "Приказ об утверждении Положения, размещённый на сайте школы"
    world.activity.save()
    for kind, day in (("implementation", 2), ("regulation", 3)):
        order = orders.order_create(program=world.program, kind=kind, user=world.curator)
        orders.order_submit(order, user=world.curator)
        setattr(world, kind, orders.order_sign(order, user=world.director, on=date(2026, 9, day)))
    return world


def test_low_vision_at_200_percent_has_no_sideways_scroll_and_a_visible_focus(page, live_server, public_world):
    w = public_world
    SHOTS.mkdir(parents=True, exist_ok=True)
    pages = public_pages(w)

    for width in (1366, 390):  # the usual version, for the screenshots
        page.set_viewport_size({"width": width, "height": 900})
        for name in ("district", "school"):
            page.goto(live_server.url + pages[name])
            page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)

    page.set_viewport_size({"width": 640, "height": 900})
    page.goto(live_server.url + pages["school"])
    page.get_by_role("link", name="Версия для слабовидящих").click()  # a plain link: no script needed
    expect(page.locator("html")).to_have_class("low-vision low-vision-bw low-vision-150")
    page.get_by_role("link", name="200 %").click()
    expect(page.locator("html")).to_have_class("low-vision low-vision-bw low-vision-200")
    assert page.url == live_server.url + pages["school"]  # back where the visitor was

    for scheme in ("bw", "wb"):
        if scheme == "wb":
            page.get_by_role("link", name="белым по чёрному").click()
            expect(page.locator("html")).to_have_class("low-vision low-vision-wb low-vision-200")
        for name, url in pages.items():
            page.goto(live_server.url + url)
            scroll, client = page.evaluate(NO_SIDEWAYS)
            assert scroll <= client, (scheme, name, scroll, client)
            assert page.locator("img:visible").count() == 0, name
            page.screenshot(path=str(SHOTS / f"{name}-640-low-vision-{scheme}.png"), full_page=True)

    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        for name in ("district", "school"):
            page.goto(live_server.url + pages[name])
            scroll, client = page.evaluate(NO_SIDEWAYS)
            assert scroll <= client, (width, name, scroll, client)
            page.screenshot(path=str(SHOTS / f"{name}-{width}-low-vision.png"), full_page=True)

    # The keyboard: the skip link first, visible when focused, and it leads into the content.
    page.set_viewport_size({"width": 640, "height": 900})
    page.goto(live_server.url + pages["school"])
    page.keyboard.press("Tab")
    focus = page.evaluate(FOCUS_STYLE)
    assert focus["text"] == "Перейти к содержанию" and focus["visible"], focus
    assert focus["outline"] != "none" and focus["width"] >= 2, focus
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    # Every link and button after it shows its focus as well.
    seen = set()
    for _ in range(30):
        page.keyboard.press("Tab")
        focus = page.evaluate(FOCUS_STYLE)
        if focus["tag"] == "BODY":  # past the last control of the page
            break
        assert focus["visible"] and focus["outline"] != "none" and focus["width"] >= 2, focus
        seen.add(focus["text"])
    assert "подписанный приказ (PDF)" in seen and "проверить приказ" in seen, seen

    # «Обычная версия» brings the usual look back.
    page.get_by_role("link", name="Обычная версия").click()
    expect(page.locator("html")).not_to_have_class("low-vision low-vision-wb low-vision-200")
    assert page.locator("link[href*='low-vision.css']").count() == 0


def axe_violations(page):
    """axe-core's WCAG 2.1 A/AA violations of the page, serious and critical ones (evaluated through the
    browser's protocol, which the Content-Security-Policy does not govern)."""
    package = pytest.importorskip("axe_playwright_python")
    page.evaluate((Path(package.__file__).parent / "axe.min.js").read_text())
    found = page.evaluate(
        """async () => (await axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}))
        .violations.filter(v => ['serious', 'critical'].includes(v.impact))
        .map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '))"""
    )
    return found


def test_the_low_vision_pages_pass_axe(page, live_server, public_world):
    pages = public_pages(public_world)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(live_server.url + pages["school"])
    page.get_by_role("link", name="Версия для слабовидящих").click()
    for scheme in ("чёрным по белому", "белым по чёрному"):
        page.get_by_role("link", name=scheme).click()
        for name, url in pages.items():
            page.goto(live_server.url + url)
            assert axe_violations(page) == [], (scheme, name)
