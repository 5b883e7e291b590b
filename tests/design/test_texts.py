"""What used to show raw or clumsy now reads as Russian: the filters' reset, indicators, the status of
a matching proposal, an invalid link, an empty plan, a pupil's grade; selects say what to do instead
of «---------»; saved changes come as messages the toasts can carry."""

from datetime import date

import pytest
from django.urls import reverse
from lxml import html

from mentoring.models import MatchRun
from mentoring.services import create_pair
from surveys.models import Questionnaire
from tests.factories import MenteeFactory, MentorFactory, child, standard_form, teacher_mentor

pytestmark = pytest.mark.django_db


def text(response):
    assert response.status_code == 200
    return " ".join(html.fromstring(response.content.decode()).text_content().split())


def org_url(name, world, *args):
    return reverse(name, args=[world.school_a.slug, *args])


def test_the_roadmap_filters_reset_in_russian(client, world):
    client.force_login(world.curator)
    page = text(client.get(org_url("roadmap:program_table", world, world.program.pk)))

    assert "Сбросить" in page and "Reset" not in page


def test_a_questionnaire_names_its_indicators_in_russian(client, world):
    client.force_login(world.curator)
    needs = Questionnaire.objects.get(code="mentee-needs", organization=None)
    page = text(client.get(org_url("surveys:questionnaire", world, needs.pk)))

    assert "показатель «Уверенность в себе»" in page and "показатель «Интерес к учёбе»" in page
    assert "confidence" not in page and "motivation" not in page


def test_a_matching_proposal_waits_for_a_decision(client, world):
    world.program.forms.add(standard_form("student-student"))
    MentorFactory(person=child(world.school_a, grade=10, last_name="Андреева"), category="student", capacity=1)
    MenteeFactory(person=child(world.school_a, grade=6, last_name="Абрамов"), category="student")
    client.force_login(world.curator)
    weights = {"needs": 5, "form": 2, "age": 2, "subject": 2, "availability": 1, "workload": 1}

    response = client.post(org_url("mentoring:matching_start", world, world.program.pk), weights, follow=True)

    assert MatchRun.objects.get().status == "proposed"
    page = text(response)
    assert "Предложение по парам ждёт решения" in page
    assert "предложено" not in page


def test_a_mistyped_link_is_invalid_in_one_word(client, db):
    response = client.get(reverse("surveys:sheet", args=["x" * 32]))

    assert response.status_code == 404
    page = " ".join(html.fromstring(response.content.decode()).text_content().split())
    assert "Ссылка недействительна" in page and "не действительна" not in page


@pytest.fixture
def pupils_pair(world):
    world.program.forms.add(standard_form("teacher-pupil"))
    mentor = teacher_mentor(world.school_a)
    pupil = MenteeFactory(
        person=child(world.school_a, grade=8, class_letter="Б", last_name="Захаров", first_name="Тимур", patronymic=""),
        category="student",
    )
    return create_pair(
        program=world.program,
        mentor=mentor,
        mentees=[pupil],
        form=standard_form("teacher-pupil"),
        started_on=date(2026, 10, 1),
    )


def test_a_pair_shows_the_pupils_grade_after_a_comma_and_an_empty_plan_as_no_list(client, world, pupils_pair):
    client.force_login(world.curator)
    response = client.get(pupils_pair.get_absolute_url())
    page = text(response)

    assert "Захаров Тимур, 8Б" in page and "Тимур ," not in page
    tree = html.fromstring(response.content.decode())
    plan = tree.xpath('//*[@data-testid="plan"]')[0]
    assert plan.tag == "div" and "nv-empty" in plan.get("class")  # not «1. План пока пуст.»
    assert "План пока пуст." in plan.text_content()
    assert not tree.xpath('//ol[@data-testid="plan"]')


def test_selects_say_what_to_choose_instead_of_dashes(client, world):
    client.force_login(world.curator)
    response = client.get(org_url("surveys:campaign_new", world))
    tree = html.fromstring(response.content.decode())

    assert "---------" not in response.content.decode()
    # A required choice asks for one; an optional one says that nothing is chosen.
    assert tree.xpath('//select[@name="questionnaire"]/option[1]')[0].text == "Выберите…"
    assert tree.xpath('//select[@name="program"]/option[1]')[0].text == "Выберите…"
    assert tree.xpath('//select[@name="form"]/option[1]')[0].text == "Не выбрано"
    assert tree.xpath('//select[@name="questionnaire"]/option[1]/@value') == [""]


def test_the_campaigns_people_are_a_searchable_list(client, world):
    child(world.school_a, last_name="Абрамов")
    client.force_login(world.curator)
    response = client.get(org_url("surveys:campaign_new", world))
    tree = html.fromstring(response.content.decode())

    people = tree.xpath('//select[@name="people"]')[0]
    assert people.get("multiple") is not None and people.get("data-searchable") == ""
    assert people.get("data-placeholder") == "Найти по имени…"
    scripts = tree.xpath("//script/@src")
    assert any(s.endswith("vendor/tom-select/tom-select.complete.min.js") for s in scripts)
    assert any(s.endswith("js/searchable-select.js") for s in scripts)
    assert not tree.xpath("//script[not(@src)]")  # CSP: no inline script
    assert "Абрамов" in people.text_content()


def test_a_saved_change_comes_as_a_status_message_for_the_toasts(client, world):
    client.force_login(world.curator)
    table = org_url("roadmap:program_table", world, world.program.pk)

    response = client.post(
        reverse("roadmap:activity_status", args=[world.school_a.slug, world.activity.pk]),
        {"status": "in_progress", "next": table},
        follow=True,
    )

    tree = html.fromstring(response.content.decode())
    message = tree.xpath('//*[@data-toasts]/div[contains(@class, "alert")]')[0]
    assert message.get("role") == "status" and message.get("data-level") == "success"
    assert "Статус: в работе." in message.text_content()
    region = tree.xpath("//*[@data-toast-region]")[0]
    assert region.get("aria-live") == "polite" and region.get("role") == "status"


def test_every_asset_the_page_links_is_there(client, world):
    """The wordmark, both favicons, the design's stylesheet and scripts: served from static/, no CDN."""
    from django.contrib.staticfiles import finders

    client.force_login(world.curator)
    tree = html.fromstring(client.get(reverse("home")).content.decode())
    assets = tree.xpath("//link/@href | //img/@src | //script/@src")
    names = [a.split("/static/", 1)[1] for a in assets]
    assert len(names) == len(assets)  # nothing from elsewhere
    assert {"css/design.css", "img/wordmark.svg", "img/favicon.svg", "img/favicon.png", "js/toasts.js"} <= set(names)
    assert [n for n in names if not finders.find(n)] == []
