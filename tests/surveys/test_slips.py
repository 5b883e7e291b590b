"""Paper slips for pupils without an email address: the class teacher hands each pupil a slip with a QR
code of their personal link, the link to type, the questionnaire, its close date, how long it takes and
who sees the answers. The answer sheet starts with the same introduction."""

import math
from urllib.parse import urlparse

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from surveys import services
from surveys.models import Invitation, Question, Questionnaire, Section
from tests import clients
from tests.factories import child

from .test_surveys import answer_all, builtin


def pupils_of(world, class_name, names):
    grade, letter = int(class_name[:-1]), class_name[-1]
    return [
        child(world.school_a, grade=grade, class_letter=letter, last_name=name, first_name="Ученик") for name in names
    ]


SEVENTH = [
    "Алексеев",
    "Борисова",
    "Васильев",
    "Григорьева",
    "Дмитриев",
    "Егорова",
    "Жуков",
    "Зайцева",
    "Ильин",
    "Котова",
]


def launch(client, world, people, *, anonymous=False, questionnaire=None):
    """The curator launches a campaign to chosen people and lands on its links page."""
    data = {
        "questionnaire": (questionnaire or builtin("mentee-satisfaction")).pk,
        "program": world.program.pk,
        "title": "Итоговое анкетирование",
        "opens_on": "2026-10-10",
        "closes_on": "2026-10-20",
        "audience": "people",
        "people": [p.pk for p in people],
    }
    if anonymous:
        data["anonymous"] = "on"
    reply = client.post(reverse("surveys:campaign_new", args=[world.school_a.slug]), data)
    assert reply.status_code == 302, reply.content.decode()[:2000]
    return Invitation.objects.filter(person=people[0]).get().campaign


def slips_url(world, campaign, class_name):
    return reverse("surveys:campaign_slips", args=[world.school_a.slug, campaign.pk]) + f"?class={class_name}"


def pdf_text(pdf):
    return "\n".join(clients.page_text(pdf, n) for n in range(1, clients.pages(pdf) + 1))


def decoded_links(pdf):
    links = []
    for n in range(1, clients.pages(pdf) + 1):
        links += clients.qr_codes(clients.page_png(pdf, n, resolution=150))
    return links


def opened_by(client, url):
    """Who a decoded link's sheet belongs to, opened as the pupil would (a phone, no account)."""
    token = urlparse(url).path.split("/")[2]
    page = client.get(urlparse(url).path)
    assert page.status_code == 200
    return token, page.content.decode()


@pytest.fixture
def curator(client, world):
    client.force_login(world.curator)
    return client


def test_a_class_gets_its_slips_with_names_and_qr_codes_that_open_each_pupils_sheet(
    curator, world, client, django_assert_max_num_queries
):
    seventh = pupils_of(world, "7А", SEVENTH)
    eighth = pupils_of(world, "8Б", ["Лебедев", "Морозова"])
    campaign = launch(curator, world, seventh + eighth)

    page = curator.get(reverse("surveys:campaign_links", args=[world.school_a.slug, campaign.pk])).content.decode()
    assert "Класс 7А" in page and "Класс 8Б" in page and "Распечатать листки (PDF)" in page
    assert "Личные данные" not in page and "Кому выдать листок" in page
    with CaptureQueriesContext(connection) as two:
        curator.get(slips_url(world, campaign, "8Б"))
    with django_assert_max_num_queries(7):  # the session, the user, the organization, the campaign, the questions
        reply = curator.get(slips_url(world, campaign, "7А"))
    assert len(two.captured_queries) == 7  # as many for two slips as for ten

    assert reply.status_code == 200 and reply["Content-Type"] == "application/pdf"
    assert reply["Cache-Control"] == "private, no-store"
    pdf = reply.content
    assert clients.pdfinfo(pdf)["Pages"] == str(math.ceil(len(seventh) / 8)) == "2"
    assert "A4" in clients.pdfinfo(pdf)["Page size"]
    text = pdf_text(pdf)
    for person in seventh:
        assert person.last_name in text
    assert "Лебедев" not in text and "Морозова" not in text
    assert builtin("mentee-satisfaction").title.split()[0] in text
    assert "20 октября 2026 г." in text and "минут" in text and "куратор" in text
    links = decoded_links(pdf)
    assert len(links) == len(set(links)) == len(seventh)
    curator.logout()
    owners = set()
    for url in links:
        token, _page = opened_by(client, url)
        _campaign, response = services.sheet_open(token)
        owners.add(response.invitation.person.pk)
    assert owners == {p.pk for p in seventh}


def test_an_anonymous_campaigns_slips_name_nobody(curator, world, client, settings):
    settings.SURVEY_ANONYMITY_MIN_GROUP = 3
    pupils = pupils_of(world, "7А", SEVENTH[:6])
    campaign = launch(curator, world, pupils, anonymous=True)

    pdf = curator.get(slips_url(world, campaign, "7А")).content

    assert clients.pdfinfo(pdf)["Pages"] == "1"
    text = pdf_text(pdf)
    assert not [p.last_name for p in pupils if p.last_name in text] and "Ученик" not in text
    assert text.count("Анонимно") == 6 and "никто не узнает, чьи они" in text.replace("\n", " ")
    links = decoded_links(pdf)
    assert len(set(links)) == 6
    curator.logout()
    for url in links:
        _token, sheet = opened_by(client, url)
        assert "Анкета анонимная" in sheet


def test_new_slips_for_a_class_replace_the_links_of_those_who_have_not_answered(curator, world, client):
    pupils = pupils_of(world, "7А", SEVENTH[:4])
    campaign = launch(curator, world, pupils)
    first = decoded_links(curator.get(slips_url(world, campaign, "7А")).content)
    tokens = {services.sheet_open(urlparse(u).path.split("/")[2])[1].invitation.person.pk: u for u in first}
    answer_all(client, urlparse(tokens[pupils[0].pk]).path.split("/")[2], {})
    curator.session.flush()  # the next day: the links are no longer kept
    curator.force_login(world.curator)
    assert "Новые листки для класса" in curator.get(campaign.get_absolute_url()).content.decode()

    page = curator.post(
        reverse("surveys:campaign_class_slips", args=[world.school_a.slug, campaign.pk]), {"class": "7А"}, follow=True
    ).content.decode()

    assert "Новые листки для 3 человек класса «7А»" in page
    assert "старые ссылки больше не работают" in page and "Уже ответили, листок не нужен: 1" in page
    pdf = curator.get(slips_url(world, campaign, "7А")).content
    text = pdf_text(pdf)
    assert pupils[0].last_name not in text and all(p.last_name in text for p in pupils[1:])
    new = decoded_links(pdf)
    assert len(new) == 3
    old = client.get(urlparse(tokens[pupils[1].pk]).path)
    assert old.status_code == 404 and "заменена новой" in old.content.decode()
    for url in new:
        token, _sheet = opened_by(client, url)
        assert services.sheet_open(token)[1].invitation.person in pupils[1:]


def test_an_anonymous_campaign_offers_no_new_slips(curator, world, settings):
    settings.SURVEY_ANONYMITY_MIN_GROUP = 3
    campaign = launch(curator, world, pupils_of(world, "7А", SEVENTH[:3]), anonymous=True)
    before = set(Invitation.objects.values_list("token_hash", flat=True))

    page = curator.post(
        reverse("surveys:campaign_class_slips", args=[world.school_a.slug, campaign.pk]), {"class": "7А"}, follow=True
    ).content.decode()

    assert "второй, пустой бланк" in page
    assert set(Invitation.objects.values_list("token_hash", flat=True)) == before


def test_an_anonymous_campaigns_small_classes_are_not_printed_apart(curator, world, settings):
    settings.SURVEY_ANONYMITY_MIN_GROUP = 3
    campaign = launch(
        curator, world, pupils_of(world, "7А", SEVENTH[:4]) + pupils_of(world, "8Б", ["Лебедев"]), anonymous=True
    )

    page = curator.get(reverse("surveys:campaign_links", args=[world.school_a.slug, campaign.pk])).content.decode()

    assert "7А" not in page and "8Б" not in page and "Все классы" in page  # one slip of 8Б would be that pupil's own
    pdf = curator.get(slips_url(world, campaign, "*")).content
    assert len(decoded_links(pdf)) == 5 and curator.get(slips_url(world, campaign, "8Б")).status_code == 302


def test_slips_after_the_links_are_gone_say_what_to_do(curator, world):
    campaign = launch(curator, world, pupils_of(world, "7А", SEVENTH[:2]))
    curator.session.flush()
    curator.force_login(world.curator)

    page = curator.get(slips_url(world, campaign, "7А"), follow=True).content.decode()

    assert "Ссылки больше не хранятся: новые листки для класса можно сделать на странице анкетирования" in page


def test_the_sheet_opens_with_an_introduction_saying_how_long_it_takes(curator, world, client):
    questionnaire = Questionnaire.objects.create(
        organization=world.school_a, code="own", title="Своя анкета", audience="mentees", version=1
    )
    section = Section.objects.create(questionnaire=questionnaire, title="Вопросы", position=0)
    kinds = ["scale10"] * 6 + ["long"]  # six of 20 seconds and one of two minutes: 4 minutes
    for n, kind in enumerate(kinds):
        Question.objects.create(questionnaire=questionnaire, section=section, kind=kind, text=f"Вопрос {n}", position=n)
    campaign = launch(curator, world, pupils_of(world, "7А", SEVENTH[:1]), questionnaire=questionnaire)
    token = urlparse(decoded_links(curator.get(slips_url(world, campaign, "7А")).content)[0]).path.split("/")[2]

    sheet = client.get(reverse("surveys:sheet", args=[token])).content.decode()

    assert "Это займёт около 4 минут." in sheet
    assert f"Ваши ответы видит куратор наставничества {world.school_a.short_name}" in sheet
    assert "сохраняется сразу" in sheet and "до 20 октября 2026 г." in sheet
