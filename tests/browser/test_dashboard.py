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
