"""The coordinator opens the district's heat map, sees which school is behind on which stage, and
drills down to that school's stage."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from roadmap.models import ActivityStatus
from tests.browser.test_roadmap_flow import log_in
from tests.factories import ActivityFactory, SectionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_coordinator_drills_down_from_the_heat_map_to_a_school(page, live_server, world, tmp_path):
    pairing = SectionFactory(program=world.program, stage=5, position=5, title="Формирование пар")
    ActivityFactory(section=pairing, title="Закрепление наставнических пар приказом", due_date=None, start_date=None)
    ActivityFactory(
        section=SectionFactory(program=world.program_b, stage=5, position=5),
        title="Закрепление пар в СОШ №2",
        status=ActivityStatus.DONE,
        completed_at=timezone.now(),
    )

    log_in(page, live_server, "coordinator@district.test")
    page.get_by_role("link", name="Сводка по району").first.click()
    heat_map = page.get_by_test_id("heat-map")
    school_a, school_b = heat_map.locator("tr[data-org='school-a']"), heat_map.locator("tr[data-org='school-b']")
    # School A is late on stage 1 (the world's activity was due in September) and has not started stage 5.
    expect(school_a.locator("td[data-stage='1']")).to_have_class("heat heat-late")
    expect(school_a.locator("td[data-stage='5']")).to_contain_text("0%")
    expect(school_b.locator("td[data-stage='5']")).to_contain_text("100%")
    expect(heat_map.locator("tr[data-org='foreign-school']")).to_have_count(0)
    page.screenshot(path=str(tmp_path / "district-dashboard.png"), full_page=True)

    school_a.locator("td[data-stage='5'] a").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(world.school_a.short_name)
    stage = page.get_by_test_id("stage-activities")
    expect(stage).to_contain_text("Формирование наставнических пар / групп")
    expect(stage).to_contain_text("Закрепление наставнических пар приказом")
    expect(stage).not_to_contain_text("Закрепление пар в СОШ №2")
    expect(page.get_by_test_id("attention-overdue")).to_contain_text("Издание приказа о внедрении")
    page.get_by_role("link", name="← Сводка по району").click()
    expect(page.get_by_test_id("heat-map")).to_be_visible()


def test_the_coordinators_pages_show_one_progress_for_a_school(page, live_server, world):
    """School A's roadmap has a section outside the standard stages: the heat map gives it a column of
    its own, and the total the coordinator reads is the same on every page."""
    extra = SectionFactory(program=world.program, stage=None, position=9, title="Информационное сопровождение")
    ActivityFactory(section=extra, title="Публикация на сайте", status=ActivityStatus.DONE, completed_at=timezone.now())
    ActivityFactory(section=extra, title="Статья в газете", status=ActivityStatus.DONE, completed_at=timezone.now())
    # School A: 2 done of 3 (the world's stage 1 activity is open and overdue) → 67 %.

    log_in(page, live_server, "coordinator@district.test")
    page.get_by_role("link", name="Сводка по району").first.click()
    row = page.get_by_test_id("heat-map").locator("tr[data-org='school-a']")
    expect(row.get_by_test_id("progress")).to_contain_text("67%")
    expect(row.locator("td[data-stage='other']")).to_contain_text("100%")  # «Прочие»: the section outside the stages
    expect(page.get_by_test_id("heat-map").locator("thead")).to_contain_text("Прочие")
    dashboard_value = row.get_by_test_id("progress").inner_text().strip()

    page.goto(f"{live_server.url}/d/{world.school_a.municipality.slug}/programs/")
    programs_value = page.locator("tr[data-org='school-a'] [data-testid='total-progress']").inner_text().strip()

    page.goto(f"{live_server.url}/o/{world.school_a.slug}/dashboard/")
    school_value = page.get_by_test_id("figures").get_by_test_id("progress").inner_text().strip()
    expect(page.get_by_test_id("attention-overdue").locator(".badge")).to_have_text("1")
    page.get_by_test_id("stages").locator("td[data-stage='other'] a").click()  # the drill-down of «Прочие»
    expect(page.get_by_test_id("stage-activities")).to_contain_text("Разделы, не отнесённые к стандартным этапам")
    expect(page.get_by_test_id("stage-activities")).to_contain_text("Статья в газете")

    assert dashboard_value == programs_value == school_value == "67%"
