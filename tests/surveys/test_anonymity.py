"""Anonymity that survives small numbers: an anonymous questionnaire goes to a group of at least
settings.SURVEY_ANONYMITY_MIN_GROUP people; an older, smaller one shows no results, texts, counts or
export; and a few slips are never those few people's own."""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse

from surveys import results
from surveys.models import Campaign
from tests.factories import PersonFactory
from tests.surveys.test_surveys import answer_all, builtin, launch

TODAY = date(2026, 10, 10)


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(TODAY, tick=False):
        yield


def people(world, n, with_email=True):
    return [
        PersonFactory(
            organization=world.school_a, last_name=f"Уникальнова{i}", email=f"p{i}@a.test" if with_email else ""
        )
        for i in range(n)
    ]


def test_an_anonymous_campaign_to_fewer_than_five_is_refused_and_nothing_is_saved(world):
    with pytest.raises(ValidationError) as refused:
        launch(world, people(world, 4), anonymous=True)
    assert "нужно не меньше 5 человек" in refused.value.messages[0] and "в этой группе 4" in refused.value.messages[0]
    assert not Campaign.objects.exists()


def test_five_people_or_a_named_campaign_to_one_are_accepted(world):
    launch(world, people(world, 5), anonymous=True)
    launch(world, people(world, 1), anonymous=False, title="Именная")
    assert Campaign.objects.count() == 2


def test_the_minimum_is_a_setting(world, settings):
    settings.SURVEY_ANONYMITY_MIN_GROUP = 8
    with pytest.raises(ValidationError):
        launch(world, people(world, 7), anonymous=True)


def post_campaign(client, world, group):
    client.force_login(world.curator)
    return client.post(
        reverse("surveys:campaign_new", args=[world.school_a.slug]),
        {
            "questionnaire": builtin("feedback").pk,
            "program": world.program.pk,
            "title": "Анонимная",
            "opens_on": "2026-10-10",
            "closes_on": "2026-10-20",
            "anonymous": "on",
            "audience": "people",
            "people": [p.pk for p in group],
        },
        follow=True,  # launching redirects to the page of the links
    ).content.decode()


def test_the_curator_is_told_in_the_form(client, world):
    page = post_campaign(client, world, people(world, 1))
    assert "Анонимной анкете нужно не меньше 5 человек" in page
    assert not Campaign.objects.exists()


@pytest.fixture
def small_anonymous(client, world):
    """An anonymous campaign to one person, made before the minimum existed, and answered."""
    with override_settings(SURVEY_ANONYMITY_MIN_GROUP=1):
        campaign, [(_person, token)] = launch(world, people(world, 1), code="feedback", anonymous=True)
    answer_all(client, token, {"Что стоит изменить?": "Моя учительница Зябликова слишком строга"})
    assert results.campaign_results(campaign)["submitted"] == 1
    return campaign


def test_an_existing_small_anonymous_campaign_shows_no_results_texts_or_counts(client, world, small_anonymous):
    client.force_login(world.director)
    page = client.get(small_anonymous.get_absolute_url()).content.decode()
    assert "отправлена меньше чем 5 людям" in page
    assert "Зябликова" not in page and "1 из 1" not in page and "100%" not in page
    listing = client.get(reverse("surveys:list", args=[world.school_a.slug])).content.decode()
    assert "1 / 1" not in listing and "скрыто" in listing


def test_its_export_is_refused_with_a_message(client, world, small_anonymous):
    client.force_login(world.curator)
    url = reverse("surveys:campaign_export", args=[world.school_a.slug, small_anonymous.pk])
    response = client.get(url, follow=True)
    assert response.redirect_chain[-1][0] == small_anonymous.get_absolute_url()
    assert "Результаты этой анонимной анкеты скрыты: выгружать нечего." in response.content.decode()


def test_a_named_campaign_to_one_still_shows_its_results(client, world):
    campaign, [(_person, token)] = launch(world, people(world, 1), code="feedback")
    answer_all(client, token, {"Что стоит изменить?": "Больше встреч"})
    client.force_login(world.curator)
    assert "Больше встреч" in client.get(campaign.get_absolute_url()).content.decode()


def test_one_person_without_email_does_not_get_the_only_slip(client, world):
    """Five invited, four mailed: a single slip would be the fifth person's own, so all five get one."""
    page = post_campaign(client, world, people(world, 4) + people(world, 1, with_email=False))
    assert page.count("/s/") == 5
    assert "листок для каждого приглашённого" in page
    assert "Уникальнова" not in page


def test_five_people_without_email_get_just_their_five_slips(client, world):
    page = post_campaign(client, world, people(world, 3) + people(world, 5, with_email=False))
    assert page.count("/s/") == 5
    assert "листок для каждого приглашённого" not in page
