"""What the short headers and the colours of the district pages mean is written on the page itself."""

import re

import pytest
from django.urls import reverse

from reports.views import HEAT_STEP, heat_class
from roadmap.selectors import Progress
from roadmap.stages import Stage
from tests.reports.test_dashboard import district  # noqa: F401  (a fixture)

pytestmark = pytest.mark.django_db


def test_the_heat_maps_legend_names_every_colour_its_cells_use(client, district):  # noqa: F811
    client.force_login(district.coordinator)
    url = reverse("reports:district_dashboard", args=[district.school_a.municipality.slug])
    page = client.get(url).content.decode()
    legend = page.split('data-testid="heat-legend"')[1].split("</div>")[0]
    keys = dict(re.findall(r'<span class="nv-heat-key (heat-[\w-]+)" aria-hidden="true"></span>([^<]+)</li>', legend))
    assert keys == {
        "heat-0": "0–24%",
        "heat-1": "25–49%",
        "heat-2": "50–74%",
        "heat-3": "75–99%",
        "heat-4": "100%",
        "heat-late": "просрочено хотя бы одно мероприятие (число после знака — сколько)",
        "heat-none": "— в этапе нет мероприятий",
    }
    heat_map = page.split('data-testid="heat-map"')[1].split("</table>")[0]
    used = set(re.findall(r'<td class="heat (heat-[\w-]+)"', heat_map))
    assert used and used <= set(keys)
    # The legend's ranges are the ones the cells are coloured by.
    for percent in range(0, 101):
        done = Progress(done=percent, total=100, overdue=0)
        label = keys[heat_class(done)]
        low, high = label.rstrip("%").partition("–")[::2]
        assert int(low) <= percent <= int(high or low)
    assert heat_class(Progress(done=1, total=2, overdue=1)) == "heat-late"
    assert heat_class(Progress(done=0, total=0, overdue=0)) == "heat-none"
    assert HEAT_STEP == 25


def test_the_short_stage_headers_carry_their_full_names(client, district):  # noqa: F811
    client.force_login(district.coordinator)
    slug = district.school_a.municipality.slug
    dashboard = client.get(reverse("reports:district_dashboard", args=[slug])).content.decode()
    programs = client.get(reverse("roadmap:district_programs", args=[slug])).content.decode()
    stage_names = dashboard.split('data-testid="stage-names"')[1].split("</ul>")[0]
    for page in (dashboard.split('data-testid="heat-map"')[1].split("</thead>")[0], programs.split("</thead>")[0]):
        headers = re.findall(r'<abbr title="([^"]+)">(\d)\. ([^<]+)</abbr>', page)
        assert [int(number) for _full, number, _short in headers] == list(Stage.values)
        assert headers[0] == ("Подготовка условий для запуска программы наставничества", "1", "Подготовка")
        assert [full for full, _n, _s in headers] == [str(s.label) for s in Stage]
    for stage in Stage:
        assert f"— {stage.label}</li>" in stage_names
    assert "<strong>2. Наставляемые</strong> — Формирование базы наставляемых</li>" in stage_names


def test_each_cell_of_the_district_programs_names_its_column_for_a_phone(client, district):  # noqa: F811
    client.force_login(district.coordinator)
    url = reverse("roadmap:district_programs", args=[district.school_a.municipality.slug])
    page = client.get(url).content.decode()
    row = page.split('data-org="school-a"')[1].split("</tr>")[0]
    labels = re.findall(r'data-label="([^"]*)"', row)
    stages = [f"{stage.value}. {short}" for stage, short in zip(Stage, SHORT, strict=True)]
    assert labels == ["", "Итого", *stages, "Просрочено"]


SHORT = ["Подготовка", "Наставляемые", "Наставники", "Обучение", "Пары", "Работа пар", "Завершение"]
