"""The tables and charts fit the window: a coordinator's district pages at 1366 px, a curator's results
of a 20-question questionnaire, and on a 390 px phone a pupil's answer sheet and a school's public
roadmap. «Fits» means the page does not scroll sideways and no table scrolls sideways inside it."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from roadmap.models import ActivityStatus
from surveys.models import Question, Questionnaire
from surveys.services import campaign_create
from tests.browser.test_roadmap_flow import log_in
from tests.factories import (
    ActivityFactory,
    MenteeFactory,
    MentorFactory,
    OrganizationFactory,
    PersonFactory,
    ProgramFactory,
    SectionFactory,
    child,
)
from tests.reports.test_dashboard import answer_sheets, district  # noqa: F401  (a fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

LAPTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}

# What sticks out: the page's own width beyond the window, and any table wider than its scroll box.
OVERFLOW = """() => ({
  page: document.documentElement.scrollWidth - window.innerWidth,
  tables: [...document.querySelectorAll('.table-responsive')].map(e => e.scrollWidth - e.clientWidth),
})"""


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    yield context.new_page()
    context.close()


def assert_fits(page, path):
    page.screenshot(path=str(path), full_page=True)
    overflow = page.evaluate(OVERFLOW)
    assert overflow["page"] <= 0, overflow
    assert all(extra <= 0 for extra in overflow["tables"]), overflow


def every_stage(program, *, late):
    """A roadmap with activities in the seven stages and outside them, some late, some done."""
    for stage in range(1, 8):
        section = SectionFactory(program=program, stage=stage, position=stage + 30, title=f"Этап {stage}")
        ActivityFactory(section=section, status=ActivityStatus.DONE, completed_at=timezone.now())
        ActivityFactory(section=section, due_date=timezone.localdate() - timedelta(days=3) if late else None)
    ActivityFactory(section=SectionFactory(program=program, stage=None, position=40, title="Информирование"))


def test_the_heat_map_fits_a_laptop(page, live_server, district, world, tmp_path):  # noqa: F811
    long_named = OrganizationFactory(
        municipality=world.school_a.municipality,
        slug="long-named",
        short_name="МБОУ «Средняя общеобразовательная школа с углублённым изучением отдельных предметов №12»",
    )
    every_stage(world.program, late=True)
    every_stage(ProgramFactory(organization=long_named), late=False)
    page.set_viewport_size(LAPTOP)
    log_in(page, live_server, "coordinator@district.test")
    page.goto(f"{live_server.url}/d/{world.school_a.municipality.slug}/dashboard/")
    heat_map = page.get_by_test_id("heat-map")
    expect(heat_map.locator("tr[data-org='long-named']")).to_be_visible()
    assert_fits(page, tmp_path / "heat-map-1366.png")
    # The long name is cut on screen, whole in the page (and so for a screen reader) and on hover.
    name = heat_map.locator("tr[data-org='long-named'] th a")
    assert name.evaluate("e => e.scrollWidth > e.clientWidth")
    expect(name).to_have_text(long_named.short_name)
    expect(name).to_have_attribute("title", long_named.short_name)
    # The stage headers are short, with the full name on hover and in the legend below.
    expect(heat_map.locator("thead abbr").first).to_have_text("1. Подготовка")
    expect(heat_map.locator("thead abbr").first).to_have_attribute(
        "title", "Подготовка условий для запуска программы наставничества"
    )
    expect(page.get_by_test_id("heat-legend")).to_contain_text("75–99%")


def test_the_district_programs_fit_a_laptop_and_a_phone(page, phone, live_server, world, tmp_path):
    every_stage(world.program, late=True)
    every_stage(world.program_b, late=False)
    page.set_viewport_size(LAPTOP)
    url = f"{live_server.url}/d/{world.school_a.municipality.slug}/programs/"
    log_in(page, live_server, "coordinator@district.test")
    page.goto(url)
    table = page.get_by_test_id("district-programs")
    expect(table.locator("thead")).to_contain_text("Просрочено")
    assert_fits(page, tmp_path / "district-programs-1366.png")
    overdue = table.locator("thead th").last
    assert overdue.evaluate("e => e.getBoundingClientRect().right <= window.innerWidth")

    log_in(phone, live_server, "coordinator@district.test")
    phone.goto(url)
    row = phone.locator("tr[data-org='school-a']")
    expect(row.locator("td[data-label='Просрочено']")).to_be_visible()
    assert_fits(phone, tmp_path / "district-programs-390.png")
    # A card: each figure under its column's name, since the header row is out of sight.
    assert row.locator("td.stage-cell").first.evaluate("e => getComputedStyle(e, '::before').content") == (
        '"1. Подготовка"'
    )


def test_the_ten_point_scale_is_one_line_on_a_phone(phone, live_server, world, tmp_path, settings):
    from surveys.models import Section
    from surveys.standard import install_standard_questionnaires

    install_standard_questionnaires(Questionnaire, Section, Question)
    today = timezone.localdate()
    _campaign, [(_person, token)] = campaign_create(
        program=world.program,
        questionnaire=Questionnaire.objects.get(code="feedback", organization=None),
        title="Промежуточная обратная связь",
        opens_on=today,
        closes_on=today + timedelta(days=7),
        anonymous=False,
        phase="",
        people=[child(world.school_a, grade=6)],
        user=world.curator,
    )
    phone.goto(f"{live_server.url}/s/{token}/")
    scale = phone.get_by_test_id("scale").first
    options = scale.locator("label")
    expect(options).to_have_count(10)
    assert_fits(phone, tmp_path / "sheet-390.png")
    boxes = [options.nth(i).bounding_box() for i in range(10)]
    assert len({round(box["y"]) for box in boxes}) == 1, boxes  # one line
    assert all(box["width"] >= 24 and box["height"] >= 24 for box in boxes)  # still a finger's target

    # The end labels stand under 1 and under 10.
    def ends_under_the_ends():
        boxes = [options.nth(i).bounding_box() for i in (0, 9)]
        low, high = (span.bounding_box() for span in scale.locator("xpath=following-sibling::div[1]/span").all())
        assert abs(low["x"] - boxes[0]["x"]) < 2
        assert abs(high["x"] + high["width"] - (boxes[1]["x"] + boxes[1]["width"])) < 2

    ends_under_the_ends()
    phone.set_viewport_size(LAPTOP)  # and on a laptop, under the buttons rather than at the card's edge
    ends_under_the_ends()
    phone.set_viewport_size(PHONE)
    options.nth(7).click()
    expect(phone.get_by_test_id("sheet").locator("fieldset").first.get_by_role("status")).to_contain_text("сохранено")


def test_the_public_roadmap_is_cards_on_a_phone(phone, live_server, world, tmp_path):
    world.activity.term_text = "В течение первого месяца (сентябрь)"
    world.activity.result_text = "Приказ о внедрении целевой модели наставничества в образовательной организации"
    world.activity.save()
    phone.goto(f"{live_server.url}/p/{world.school_a.slug}/programs/{world.program.pk}/")
    expect(phone.get_by_test_id("public-roadmap")).to_contain_text("В течение первого месяца")
    assert_fits(phone, tmp_path / "public-program-390.png")
    assert phone.get_by_test_id("public-roadmap").locator("thead").bounding_box()["height"] <= 1


def test_the_bases_are_cards_on_a_phone(phone, live_server, world, tmp_path):
    MenteeFactory(
        person=PersonFactory(organization=world.school_a, last_name="Константинопольская", first_name="Александра"),
        request="Адаптация в коллективе, методика урока, работа с родителями, подготовка к аттестации",
    )
    MentorFactory(person=PersonFactory(organization=world.school_a, last_name="Преображенский"))
    log_in(phone, live_server, "curator@a.test")
    for base, label in (("mentees", "Запрос"), ("mentors", "Компетенции")):
        phone.goto(f"{live_server.url}/o/{world.school_a.slug}/{base}/")
        table = phone.get_by_test_id(f"{base[:-1]}-table")
        expect(table.locator("tbody tr").first).to_be_visible()
        assert_fits(phone, tmp_path / f"{base}-390.png")
        cell = table.locator(f"tbody td[data-label='{label}']").first
        assert cell.evaluate("e => getComputedStyle(e, '::before').content") == f'"{label}"'
        assert table.locator("thead").bounding_box()["height"] <= 1


def test_the_results_of_twenty_questions_take_less_than_half_the_old_height(page, live_server, world, tmp_path):
    """The tester measured 5,400 px at 1366 for the demo's twenty charts one under another; now they
    go three in a row, each with its numbers as a table."""
    campaign = answer_sheets(world.program, "mentee-satisfaction", "mentees", [[i % 10 + 1] * 20 for i in range(9)])
    page.set_viewport_size(LAPTOP)
    log_in(page, live_server, "curator@a.test")
    page.goto(f"{live_server.url}/o/{world.school_a.slug}/surveys/campaigns/{campaign.pk}/")
    cards = page.get_by_test_id("results-grid").locator(".nv-result-card")
    expect(cards).to_have_count(20)
    assert_fits(page, tmp_path / "results-1366.png")
    assert len({round(cards.nth(i).bounding_box()["y"]) for i in range(3)}) == 1  # three in a row
    assert page.evaluate("document.documentElement.scrollHeight") < 2700

    table = cards.first.get_by_test_id("chart-table")
    expect(table.locator("table")).to_be_hidden()
    table.locator("summary").click()
    expect(table.locator("tbody tr")).to_have_count(10)
    expect(table.locator("tbody tr").nth(0)).to_contain_text("1")
    expect(table.locator("tbody tr").nth(0).locator("td")).to_have_text("1")  # one sheet answered 1


def test_the_roadmap_table_is_cards_on_a_phone_with_its_status_control(phone, live_server, world, tmp_path):
    world.activity.term_text = "В течение первого месяца реализации программы наставничества"
    world.activity.save()
    log_in(phone, live_server, "curator@a.test")
    phone.goto(f"{live_server.url}/o/{world.school_a.slug}/programs/{world.program.pk}/table/")
    table = phone.get_by_test_id("activities")
    expect(table.locator("tbody tr").first).to_be_visible()
    assert_fits(phone, tmp_path / "roadmap-table-390.png")
    for label in ("Мероприятие", "Срок", "Статус"):
        cell = table.locator(f"tbody td[data-label='{label}']").first
        assert cell.evaluate("e => getComputedStyle(e, '::before').content") == f'"{label}"'
    assert table.locator("thead").bounding_box()["height"] <= 1
    expect(table.get_by_label("Статус").first).to_be_visible()  # the inline control is on the card
