"""The curator imports pupils from an Excel file, runs the automatic matching, accepts the proposal and
finds the pairs formed."""

import pytest
from playwright.sync_api import expect

from mentoring.models import Competency, Pair
from tests.factories import MentorFactory, child, standard_form
from tests.mentoring.test_transfer import pupil_row, xlsx

from .test_roadmap_flow import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_curator_imports_mentees_matches_them_and_sees_the_pairs(page, live_server, world, tmp_path):
    world.program.forms.add(standard_form("student-student"))
    for last_name, tag, capacity in (("Андреева", "Математика", 2), ("Зайцев", "Спорт и здоровый образ жизни", 1)):
        mentor = MentorFactory(
            person=child(world.school_a, grade=10, last_name=last_name), category="student", capacity=capacity
        )
        mentor.competencies.set([Competency.objects.get(name=tag)])
    rows = [
        pupil_row("Абрамов"),
        pupil_row("Захарова", **{"Метки запроса": "Спорт и здоровый образ жизни"}),
        pupil_row("Ильин", born="05.06.2013"),
    ]
    spreadsheet = tmp_path / "база наставляемых.xlsx"
    spreadsheet.write_bytes(xlsx(rows, title="База наставляемых"))

    log_in(page, live_server, "curator@a.test")
    page.goto(f"{live_server.url}/o/{world.school_a.slug}/mentees/")
    page.get_by_role("link", name="Импорт").click()
    page.get_by_label("Файл").set_input_files(spreadsheet)
    page.get_by_test_id("upload").click()

    expect(page.get_by_test_id("valid-count")).to_have_text("3 без ошибок")
    page.screenshot(path=str(tmp_path / "import-preview.png"), full_page=True)
    page.get_by_test_id("import-all").click()
    expect(page.locator(".alert-success")).to_contain_text("добавлено человек: 3")
    expect(page.get_by_test_id("mentee-table")).to_contain_text("Захарова")

    page.goto(f"{live_server.url}/o/{world.school_a.slug}/programs/{world.program.pk}/matching/")
    expect(page.get_by_test_id("n-mentees")).to_have_text("3")
    page.get_by_test_id("run-matching").click()
    proposal = page.get_by_test_id("proposal")
    expect(proposal.locator("tbody tr")).to_have_count(3)
    expect(proposal).to_contain_text("общие запросы и компетенции: Спорт и здоровый образ жизни")
    page.screenshot(path=str(tmp_path / "matching.png"), full_page=True)
    page.get_by_test_id("accept").click()

    expect(page.locator(".alert-success")).to_contain_text("Сформировано пар: 3")
    assert {(p.mentor.person.last_name, p.mentees.get().person.last_name) for p in Pair.objects.all()} == {
        ("Андреева", "Абрамов"),
        ("Андреева", "Ильин"),
        ("Зайцев", "Захарова"),
    }
    for name in ("Абрамов", "Захарова", "Ильин"):
        expect(page.locator("main")).to_contain_text(name)
