"""The section menu is there on every page inside an organization or a district, with the sections
the user's role may open and the current one marked; nested pages say where they are."""

from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from lxml import html

from mentoring.models import Competency
from mentoring.services import create_pair
from tests.factories import MenteeFactory, PersonFactory, standard_form, teacher_mentor

pytestmark = pytest.mark.django_db

CURATOR = ["Дорожная карта", "Базы", "Пары", "Наставничество работников", "Анкеты", "Приказы", "Сводка", "Практики"]
DIRECTOR = CURATOR + ["Журнал аудита"]
DISTRICT = [
    "Сводка",
    "Дорожные карты",
    "Наставники",
    "Программы и результаты",
    "Анкеты",
    "Приказы для всех школ",
    "Отчётность",
]


def page(client, user, url):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, url
    return html.fromstring(response.content.decode())


def sections(tree):
    menus = tree.xpath('//*[@data-testid="section-nav"]')
    assert len(menus) == 1, "one section menu"
    return [" ".join(a.text_content().split()) for a in menus[0].xpath(".//a[@data-section]")]


def current(tree):
    return [
        " ".join(a.text_content().split())
        for a in tree.xpath('//*[@data-testid="section-nav"]//a[@aria-current="page"]')
    ]


def crumbs(tree):
    return [" ".join(li.text_content().split()) for li in tree.xpath('//*[@data-testid="breadcrumbs"]//li')]


def org_url(name, world, *args):
    return reverse(name, args=[world.school_a.slug, *args])


@pytest.fixture
def pair(world):
    world.program.forms.add(standard_form("traditional"))
    mentor = teacher_mentor(world.school_a)
    mentor.person.user = world.mentor
    mentor.person.save()
    mentee = MenteeFactory(person=PersonFactory(organization=world.school_a, last_name="Кузнецов"))
    mentee.needs.set([Competency.objects.get(name="Методика преподавания")])
    return create_pair(
        program=world.program,
        mentor=mentor,
        mentees=[mentee],
        form=standard_form("traditional"),
        started_on=date(2026, 10, 1),
    )


@pytest.mark.parametrize("view", ["roadmap:program_timeline", "roadmap:program_table"])
def test_the_curator_sees_the_schools_sections_on_a_program(client, world, view):
    tree = page(client, world.curator, org_url(view, world, world.program.pk))

    assert sections(tree) == CURATOR
    assert current(tree) == ["Дорожная карта"]
    assert crumbs(tree) == [world.school_a.short_name, "Дорожная карта"]
    menu = tree.xpath('//*[@data-testid="section-nav"]')[0]
    assert menu.xpath('.//a[@data-section="bases"]/@href') == [org_url("mentoring:mentee_list", world)]


def test_the_director_also_sees_the_audit_log_and_reads_the_bases(client, world):
    tree = page(client, world.director, org_url("mentoring:mentee_list", world))

    assert sections(tree) == DIRECTOR
    assert current(tree) == ["Базы"]
    assert crumbs(tree) == []  # the section's own page is not nested
    tabs = tree.xpath('//*[@data-testid="bases-tabs"]//a')
    assert [a.text_content() for a in tabs] == ["Наставляемые", "Наставники", "Словарь запросов"]
    assert tabs[0].get("aria-current") == "page"


def test_the_mentor_sees_only_the_pairs_and_their_own_agreements_on_a_pairs_page(client, world, pair):
    tree = page(client, world.mentor, pair.get_absolute_url())

    assert sections(tree) == ["Пары", "Наставничество работников"]
    assert current(tree) == ["Пары"]
    assert crumbs(tree) == [world.school_a.short_name, "Пары"]


def test_the_coordinator_in_a_school_sees_its_roadmap_and_summary_and_the_way_back_to_the_district(client, world):
    tree = page(client, world.coordinator, org_url("roadmap:program_timeline", world, world.program.pk))

    assert sections(tree) == ["Дорожная карта", "Сводка"]
    assert crumbs(tree) == [world.school_a.municipality.short_name, world.school_a.short_name, "Дорожная карта"]
    district = tree.xpath('//*[@data-testid="breadcrumbs"]//a')[0]
    assert district.get("href") == reverse("reports:district_dashboard", args=[world.school_a.municipality.slug])


def test_a_nested_page_names_its_program_in_the_breadcrumbs(client, world):
    tree = page(client, world.curator, org_url("roadmap:activity_detail", world, world.activity.pk))

    assert current(tree) == ["Дорожная карта"]
    assert crumbs(tree) == [world.school_a.short_name, "Дорожная карта", world.program.title]


@pytest.mark.parametrize(
    "view, section",
    [
        ("surveys:list", "Анкеты"),
        ("orders:journal", "Приказы"),
        ("reports:organization_dashboard", "Сводка"),
        ("publication:practice_list", "Практики"),
        ("mentoring:pair_list", "Пары"),
        ("mentoring:competency_list", "Базы"),
        ("mentoring:mentor_list", "Базы"),
    ],
)
def test_every_section_marks_itself_current(client, world, view, section):
    tree = page(client, world.curator, org_url(view, world))

    assert sections(tree) == CURATOR
    assert current(tree) == [section]


@pytest.mark.parametrize(
    "view, section",
    [
        ("reports:district_dashboard", "Сводка"),
        ("roadmap:district_programs", "Дорожные карты"),
        ("mentoring:district_mentors", "Наставники"),
        ("mentoring:district_program_results", "Программы и результаты"),
        ("surveys:district_compare", "Анкеты"),
        ("orders:district_batch_new", "Приказы для всех школ"),
        ("reports:district_upward", "Отчётность"),
    ],
)
def test_the_district_pages_carry_the_districts_sections(client, world, view, section):
    tree = page(client, world.coordinator, reverse(view, args=[world.school_a.municipality.slug]))

    assert sections(tree) == DISTRICT
    assert current(tree) == [section]
    assert tree.xpath('//*[@data-testid="section-nav"]/@data-kind') == ["district"]


def test_a_mentee_and_pages_outside_any_place_have_no_section_menu(client, world):
    client.force_login(world.mentee)
    home = html.fromstring(client.get(reverse("home")).content.decode())
    assert not home.xpath('//*[@data-testid="section-nav"]')
    # The mentee may open an activity they answer for, but no section of the school.
    world.activity.responsible_users.add(world.mentee)
    response = client.get(org_url("roadmap:activity_detail", world, world.activity.pk))
    assert response.status_code == 200
    tree = html.fromstring(response.content.decode())
    assert world.activity.title in response.content.decode()
    assert not tree.xpath('//*[@data-testid="section-nav"]')


def test_the_old_per_page_menus_are_gone():
    templates = Path(settings.BASE_DIR) / "templates"
    assert not (templates / "includes/org_nav.html").exists()
    assert not (templates / "includes/district_nav.html").exists()
    uses = [p for p in templates.rglob("*.html") if "org_nav" in p.read_text() or "district_nav" in p.read_text()]
    assert uses == []


def test_the_section_menu_costs_no_query_of_its_own(client, world, django_assert_max_num_queries):
    """The menu reads the roles organization_view has already resolved: the list page's budget holds."""
    client.force_login(world.curator)
    client.get(org_url("roadmap:program_list", world))
    with django_assert_max_num_queries(9):
        response = client.get(org_url("roadmap:program_list", world))
    assert "Дорожная карта" in response.content.decode()
