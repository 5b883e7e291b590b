"""The analytical note's lists follow the rules their headings state, its figures are numbered without
gaps, its date line reads right and the coordinator who made it is named under it."""

from datetime import date
from types import SimpleNamespace

from reports import documents
from reports.indicators import Figures
from roadmap.selectors import Progress


def school(name, done, total, overdue, programs=1):
    figures = Figures(organization=SimpleNamespace(short_name=name), programs=[object()] * programs)
    figures.stages[0] = Progress(done=done, total=total, overdue=overdue)
    return figures


def test_behind_is_below_the_mean_and_overdue_is_a_list_of_its_own():
    best = school("Лучшая", 9, 10, 1)  # 90 %, 10 % overdue: the best, and on the overdue list
    middle = school("Средняя", 5, 10, 0)  # 50 %
    worst = school("Худшая", 1, 10, 0)  # 10 %, nothing overdue: still the worst
    empty = school("Пустая", 0, 0, 0)
    none = school("Без программы", 0, 0, 0, programs=0)
    lists = documents.lagging([best, middle, worst, empty, none])

    assert lists["mean"] == 50  # (90 + 50 + 10) / 3: only organizations with a roadmap count
    assert [r.organization.short_name for r in lists["behind"]] == ["Худшая"]
    assert [r.organization.short_name for r in lists["overdue"]] == ["Лучшая"]
    assert [(x["figures"].organization.short_name, x["reason"]) for x in lists["no_roadmap"]] == [
        ("Пустая", "дорожная карта не заполнена"),
        ("Без программы", "нет действующей программы наставничества"),
    ]


def test_the_note_numbers_its_figures_dates_its_line_and_names_its_signer(world):
    world.coordinator.last_name, world.coordinator.first_name = "Соколова", "Марина"
    world.coordinator.patronymic = "Игоревна"
    world.coordinator.save()
    html = documents.analytical_note_html(
        world.school_a.municipality, today=date(2026, 12, 1), signer=world.coordinator
    )
    captions = [int(part.split(".")[0]) for part in html.split("Рисунок ")[1:]]
    assert captions == list(range(1, len(captions) + 1))
    assert "Справка составлена 1 декабря 2026 г." in html and "г.." not in html
    assert "М. И. Соколова" in html or "М.И. Соколова" in html
    assert "Организации, отстающие от среднего по району" not in html


def test_behind_compares_unrounded_shares():
    # 99/200 = 49.5 % and 101/200 = 50.5 % both round to 50 %, yet one is below their mean of 50 %.
    low, high = school("Ниже", 99, 200, 0), school("Выше", 101, 200, 0)
    lists = documents.lagging([low, high])
    assert [r.organization.short_name for r in lists["behind"]] == ["Ниже"]
