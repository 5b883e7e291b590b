"""The roadmap and district pages run a fixed number of queries, whatever the size of the
roadmap or the district."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mentoring.models import Role
from tests.factories import ActivityFactory, OrganizationFactory, ProgramFactory, SectionFactory, member


def count_queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def grow_roadmap(program, n):
    sections = [SectionFactory(program=program, stage=stage) for stage in range(1, 8)]
    for i in range(n):
        activity = ActivityFactory(section=sections[i % 7])
        activity.responsible_users.add(program.curator)


@pytest.mark.parametrize("page", ["roadmap:program_timeline", "roadmap:program_table"])
def test_roadmap_page_queries_do_not_grow_with_activities(client, world, page):
    client.force_login(world.curator)
    url = reverse(page, args=[world.school_a.slug, world.program.pk])
    grow_roadmap(world.program, 7)
    small = count_queries(client, url)
    grow_roadmap(world.program, 42)
    assert count_queries(client, url) == small
    assert small <= 12


def test_district_programs_queries_do_not_grow_with_organizations(client, world):
    client.force_login(world.coordinator)
    url = reverse("roadmap:district_programs", args=[world.school_a.municipality.slug])

    def add_schools(n):
        for _ in range(n):
            school = OrganizationFactory(municipality=world.school_a.municipality)
            program = ProgramFactory(organization=school, curator=member(school, Role.CURATOR))
            grow_roadmap(program, 7)

    add_schools(2)
    small = count_queries(client, url)
    add_schools(8)
    assert count_queries(client, url) == small
    assert small <= 9  # with the navigation's own queries (organizations, districts, «my pairs»)


def test_home_page_queries_do_not_grow_with_programs(client, world):
    client.force_login(world.coordinator)
    url = reverse("home")
    small = count_queries(client, url)
    for _ in range(5):
        school = OrganizationFactory(municipality=world.school_a.municipality)
        grow_roadmap(ProgramFactory(organization=school, curator=member(school, Role.CURATOR)), 7)
    assert count_queries(client, url) == small
