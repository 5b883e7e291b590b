"""The regional coordinator's story (issue 19): the region's districts × stages, a district's row the
district dashboard's total, drilling down to the district and on to a school; the regional upward
report, a district's row its own report's total; nothing of another region."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from reports import upward
from reports.indicators import district_figures
from tests.factories import (
    ActivityFactory,
    MentorFactory,
    MunicipalityFactory,
    OrganizationFactory,
    PersonFactory,
    RegionFactory,
    SectionFactory,
    member,
    regional_member,
)
from tests.reports.test_dashboard import answer_sheets, district, mentee, pair, years_old  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def region(district):  # noqa: F811
    """School A's district and the foreign school's district make up Тверская область."""
    tver = RegionFactory(name="Тверская область", short_name="Тверская обл.", slug="tver", code="69")
    for municipality in (district.school_a.municipality, district.foreign_school.municipality):
        municipality.region = tver
        municipality.save()
    district.region = tver
    district.regional = regional_member(tver, email="region@tver.test")
    other = RegionFactory(slug="other")
    district.other_school = OrganizationFactory(municipality=MunicipalityFactory(region=other))
    district.other_regional = regional_member(other, email="region@other.test")
    district.other_coordinator = member(district.other_school, "coordinator", email="coordinator@other.test")
    return district


def add_district(region, n):
    """A district of the region with a school, its roadmap activity and a pair."""
    school = OrganizationFactory(municipality=MunicipalityFactory(region=region.region))
    program = school.programs.create(
        title=f"П{n}", period_start=region.program.period_start, period_end=region.program.period_end
    )
    ActivityFactory(section=SectionFactory(program=program, stage=2))
    pair(
        program,
        MentorFactory(person=PersonFactory(organization=school)),
        [mentee(school, birth_date=years_old(11))],
        "student-student",
    )
    answer_sheets(program, "mentee-satisfaction", "mentees", [[7]])
    return school


def test_a_districts_row_is_its_dashboards_total_and_drills_down_to_its_schools(client, region):
    client.force_login(region.regional)
    response = client.get(reverse("reports:region_dashboard", args=["tver"]))
    assert response.status_code == 200
    rows = {row.municipality: row for row in response.context["rows"]}
    assert set(rows) == {region.school_a.municipality, region.foreign_school.municipality}
    for municipality, row in rows.items():
        _schools, total = district_figures(municipality)
        shown = row.figures
        assert shown.progress == total.progress and shown.stages == total.stages
        assert (shown.participating_mentees, shown.mentee_coverage, shown.mentor_coverage) == (
            total.participating_mentees,
            total.mentee_coverage,
            total.mentor_coverage,
        )
        assert (shown.young_teacher_coverage, shown.satisfaction) == (total.young_teacher_coverage, total.satisfaction)
    text = response.content.decode()
    district_url = reverse("reports:district_dashboard", args=[region.school_a.municipality.slug])
    assert district_url in text
    # Down to the district, and from there to a school: the figures, not the children's names.
    district_page = client.get(district_url)
    assert district_page.status_code == 200
    school_url = reverse("reports:organization_dashboard", args=[region.school_a.slug])
    assert school_url in district_page.content.decode()
    assert client.get(school_url).status_code == 200
    assert client.get(reverse("mentoring:mentee_list", args=[region.school_a.slug])).status_code == 403


def test_the_regional_dashboard_costs_the_same_queries_for_five_districts_as_for_two(client, region):
    client.force_login(region.regional)
    url = reverse("reports:region_dashboard", args=["tver"])
    client.get(url)
    with CaptureQueriesContext(connection) as two:
        assert len(client.get(url).context["rows"]) == 2
    for n in range(3):
        add_district(region, n)
    with CaptureQueriesContext(connection) as five:
        assert len(client.get(url).context["rows"]) == 5
    assert len(five) == len(two)
    assert len(two) <= 20


def test_a_districts_row_of_the_regional_upward_report_is_its_own_reports_total(client, region):
    add_district(region, 1)
    client.force_login(region.regional)
    on = timezone.localdate()
    response = client.get(reverse("reports:region_upward", args=["tver"]), {"format": "csv"})
    assert response.status_code == 200
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert lines[0] == ["date", *upward.CODES]
    by_name = {line[1]: dict(zip(["date", *upward.CODES], line, strict=True)) for line in lines[1:]}
    districts = list(region.region.municipalities.all())
    assert set(by_name) == {d.short_name for d in districts} | {"Итого"}
    expected_total = dict.fromkeys(upward.COUNT_CODES, 0)
    for municipality in districts:
        _rows, total = upward.upward_rows(municipality, on)
        for code in upward.COUNT_CODES:
            assert by_name[municipality.short_name][code] == str(total[code]).replace(".", ",").replace("None", ""), (
                code
            )
            expected_total[code] += total[code] if code not in upward.PERCENT_CODES else 0
    for code in upward.COUNT_CODES:
        if code not in upward.PERCENT_CODES:
            assert by_name["Итого"][code] == str(expected_total[code]), code
    xlsx = client.get(reverse("reports:region_upward", args=["tver"]), {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(xlsx.content))["Участники"]
    assert [c.value for c in sheet[3]] == upward.CODES
    assert sheet.max_row == 3 + len(districts) + 1
    page = client.get(reverse("reports:region_upward", args=["tver"]))
    assert page.status_code == 200 and "Итого" in page.content.decode()


def test_a_one_district_regions_total_is_the_districts_total(region):
    from reports.region_upward import region_upward_rows

    municipality = region.foreign_school.municipality
    municipality.region = RegionFactory()
    municipality.save()
    on = timezone.localdate()
    rows, total = region_upward_rows(region.school_a.municipality.region, on)
    _schools, district_total = upward.upward_rows(region.school_a.municipality, on)
    assert len(rows) == 1
    for code in upward.COUNT_CODES:
        assert total[code] == district_total[code] == rows[0][code], code


def test_another_regions_staff_and_district_coordinators_get_404(client, region):
    for user in (region.other_regional, region.coordinator, region.curator, region.other_coordinator):
        client.force_login(user)
        for name in ("reports:region_dashboard", "reports:region_upward"):
            assert client.get(reverse(name, args=["tver"])).status_code == 404, (user, name)
    client.force_login(region.regional)
    assert client.get(reverse("reports:region_dashboard", args=["other"])).status_code == 404
    other_district = region.other_school.municipality.slug
    assert client.get(reverse("reports:district_dashboard", args=[other_district])).status_code == 404
    assert client.get(reverse("reports:organization_dashboard", args=[region.other_school.slug])).status_code == 404


def test_the_region_reads_a_district_but_acting_there_is_the_districts_own(client, region):
    client.force_login(region.regional)
    slug = region.school_a.municipality.slug
    assert client.get(reverse("roadmap:district_assignments", args=[slug])).status_code == 200
    assert client.post(reverse("roadmap:district_nudge", args=[slug])).status_code == 403
    assert client.post(reverse("orders:district_batch_new", args=[slug]), {"kind": "pairs"}).status_code == 403
    # The buttons that would change something are not offered to the region either.
    assert (
        'data-testid="district-batch"'
        not in client.get(reverse("orders:district_batch_new", args=[slug])).content.decode()
    )
    assert 'data-testid="note-form"' not in client.get(reverse("reports:analytical_note", args=[slug])).content.decode()
    client.force_login(region.coordinator)
    assert (
        'data-testid="district-batch"' in client.get(reverse("orders:district_batch_new", args=[slug])).content.decode()
    )
    assert 'data-testid="note-form"' in client.get(reverse("reports:analytical_note", args=[slug])).content.decode()


def test_the_regional_coordinators_home_lists_the_late_districts(client, region):
    ActivityFactory(section=region.section, start_date=None, due_date=timezone.localdate().replace(year=2020))
    client.force_login(region.regional)
    response = client.get(reverse("home"))
    text = response.content.decode()
    assert reverse("reports:region_dashboard", args=["tver"]) in text
    assert region.school_a.municipality.short_name in text
    assert any(region.school_a.municipality.short_name in task.title for task in response.context["tasks"])
    # The menu names the region, not the region's two thousand schools.
    assert response.context["nav_organizations"] == []
