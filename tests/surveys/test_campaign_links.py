"""A campaign's links page after POST, then redirect: a reload or a double click launches nothing twice,
the links page can be reopened, a campaign nobody answered can be cancelled, one person's link re-issued."""

import re
from datetime import datetime, timedelta

import pytest
from django.core import mail
from django.urls import reverse

from notifications.models import Notification
from surveys import services
from surveys.models import Campaign, Invitation
from surveys.reminders import SURVEY_UNANSWERED
from tests.factories import PersonFactory

from .test_surveys import answer_all, builtin, launch


def form_data(world, key="", **extra):
    data = {
        "questionnaire": builtin("mentee-needs").pk,
        "program": world.program.pk,
        "title": "Анкета запросов, 7 класс",
        "opens_on": "2026-10-10",
        "closes_on": "2026-10-20",
        "phase": "entry",
        "audience": "program_mentees",
        **extra,
    }
    if key:
        data["submit_key"] = key
    return data


def the_key(page):
    return re.search(r'name="submit_key" value="(\w+)"', page).group(1)


def links_of(page):
    return re.findall(r"/s/([\w-]+)/", page)


@pytest.fixture
def curator(client, world):
    client.force_login(world.curator)
    return client


def test_reloading_the_links_page_launches_nothing_and_shows_the_same_links(
    curator, world, pupils, django_capture_on_commit_callbacks
):
    new = reverse("surveys:campaign_new", args=[world.school_a.slug])
    with django_capture_on_commit_callbacks(execute=True):
        response = curator.post(new, form_data(world, the_key(curator.get(new).content.decode())))
    links_url = response["Location"]
    first = curator.get(links_url).content.decode()

    again = curator.get(links_url).content.decode()  # F5

    assert Campaign.objects.count() == 1 and Invitation.objects.count() == 3 and len(mail.outbox) == 3
    assert len(links_of(first)) == 3 and links_of(again) == links_of(first)


def test_a_double_click_on_launch_makes_one_campaign_and_goes_to_its_links(
    curator, world, pupils, django_capture_on_commit_callbacks
):
    new = reverse("surveys:campaign_new", args=[world.school_a.slug])
    key = the_key(curator.get(new).content.decode())
    with django_capture_on_commit_callbacks(execute=True):
        first = curator.post(new, form_data(world, key))
        second = curator.post(new, form_data(world, key), follow=True)

    assert Campaign.objects.count() == 1 and len(mail.outbox) == 3
    assert second.redirect_chain[-1][0] == first["Location"]
    page = second.content.decode()
    assert "Эта форма уже отправлена" in page and len(links_of(page)) == 3


def test_a_refused_launch_keeps_no_key_so_the_corrected_form_goes_through(curator, world, pupils):
    new = reverse("surveys:campaign_new", args=[world.school_a.slug])
    key = the_key(curator.get(new).content.decode())
    refused = curator.post(new, form_data(world, key, closes_on="2026-10-01"))
    assert refused.status_code == 200 and Campaign.objects.count() == 0

    curator.post(new, form_data(world, key))

    assert Campaign.objects.count() == 1


def test_the_links_page_in_another_browser_says_the_links_are_no_longer_shown(
    client, curator, world, pupils, django_capture_on_commit_callbacks
):
    campaign, _links = launch(world, pupils)
    client.logout()
    client.force_login(world.curator)  # a new session: nothing kept there
    page = client.get(reverse("surveys:campaign_links", args=[world.school_a.slug, campaign.pk])).content.decode()
    assert 'data-testid="links-gone"' in page and links_of(page) == []


def test_the_kept_links_expire_after_twelve_hours(curator, world, pupils):
    new = reverse("surveys:campaign_new", args=[world.school_a.slug])
    links_url = curator.post(new, form_data(world))["Location"]
    session = curator.session
    for entry in session["survey_links"].values():  # made 13 hours ago
        entry["at"] = (datetime.fromisoformat(entry["at"]) - timedelta(hours=13)).isoformat()
    session.save()
    assert links_of(curator.get(links_url).content.decode()) == []
    assert curator.session["survey_links"] == {}


def test_remind_is_post_then_redirect_and_a_double_click_issues_links_once(
    curator, world, pupils, django_capture_on_commit_callbacks
):
    campaign, _links = launch(world, pupils)
    page = curator.get(campaign.get_absolute_url()).content.decode()
    key = re.search(r'remind/">.*?name="submit_key" value="(\w+)"', page).group(1)
    remind = reverse("surveys:campaign_remind", args=[world.school_a.slug, campaign.pk])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        first = curator.post(remind, {"submit_key": key})
        curator.post(remind, {"submit_key": key})
    hashes = set(Invitation.objects.values_list("token_hash", flat=True))

    assert first["Location"].endswith("/links/") and len(mail.outbox) == 3  # not 6
    links = links_of(curator.get(first["Location"]).content.decode())
    assert len(links) == 3 and {services.token_hash(t, "invitation") for t in links} == hashes


def test_a_campaign_nobody_answered_is_cancelled_after_a_confirmation(
    client, curator, world, pupils, django_capture_on_commit_callbacks
):
    campaign, links = launch(world, pupils)
    Notification.objects.create(
        user=world.mentor,
        kind=SURVEY_UNANSWERED,
        key=f"campaign:{campaign.pk}:unanswered:x",
        subject=f"campaign:{campaign.pk}",
        title="Ответьте",
    )
    cancel = reverse("surveys:campaign_cancel", args=[world.school_a.slug, campaign.pk])
    assert "Да, отменить анкетирование" in curator.get(cancel).content.decode()  # a GET asks, changes nothing
    assert Campaign.objects.get().cancelled_at is None

    curator.post(cancel)

    campaign.refresh_from_db()
    assert campaign.cancelled_at is not None and not campaign.is_open()
    assert "отменено" in client.get(reverse("surveys:sheet", args=[links[0][1]])).content.decode()
    assert Notification.objects.get().withdrawn_at is not None
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        curator.post(reverse("surveys:campaign_remind", args=[world.school_a.slug, campaign.pk]))
    assert mail.outbox == []


def test_links_queued_before_a_cancellation_are_not_sent(world, pupils, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as queued:
        campaign, _links = launch(world, pupils)
    services.campaign_cancel(campaign, user=world.curator)
    for send in queued:
        send()
    assert mail.outbox == []


def test_a_campaign_with_answers_cannot_be_cancelled(client, curator, world, pupils):
    campaign, links = launch(world, pupils)
    answer_all(client, links[0][1], {})
    curator.force_login(world.curator)
    page = curator.get(reverse("surveys:campaign_cancel", args=[world.school_a.slug, campaign.pk])).content.decode()
    assert 'data-testid="cancel-refused"' in page
    curator.post(reverse("surveys:campaign_cancel", args=[world.school_a.slug, campaign.pk]))
    campaign.refresh_from_db()
    assert campaign.cancelled_at is None
    with pytest.raises(services.ValidationError):
        services.campaign_cancel(campaign, user=world.curator)


def test_one_persons_link_is_reissued_and_the_old_one_says_it_was_replaced(
    client, curator, world, pupils, django_capture_on_commit_callbacks
):
    campaign, links = launch(world, pupils)
    person, old = links[0]
    invitation = Invitation.objects.get(person=person)
    answer_url = reverse("surveys:sheet", args=[old])
    client.get(answer_url)  # the sheet is opened: the answers stay with the person
    curator.force_login(world.curator)
    mail.outbox.clear()
    reissue = reverse("surveys:invitation_reissue", args=[world.school_a.slug, campaign.pk, invitation.pk])
    page = curator.get(campaign.get_absolute_url()).content.decode()
    key = re.search(rf'{reissue}">.*?name="submit_key" value="(\w+)"', page).group(1)

    with django_capture_on_commit_callbacks(execute=True):
        response = curator.post(reissue, {"submit_key": key}, follow=True)
        curator.post(reissue, {"submit_key": key})  # a double click re-issues once

    [new] = links_of(response.content.decode())
    assert len(mail.outbox) == 1 and new in mail.outbox[0].body
    assert "заменена" in client.get(answer_url).content.decode()
    assert client.get(reverse("surveys:sheet", args=[new])).status_code == 200
    assert Invitation.objects.get(pk=invitation.pk).token_hash == services.token_hash(new, "invitation")


def test_no_link_is_reissued_in_an_anonymous_campaign_or_to_someone_who_answered(client, world, pupils, settings):
    settings.SURVEY_ANONYMITY_MIN_GROUP = 1  # the class of three is below the anonymity threshold
    anonymous, _links = launch(world, pupils, anonymous=True, code="feedback", title="Анонимная")
    with pytest.raises(services.ValidationError, match="анонимн"):
        services.invitation_reissue(anonymous.invitations.first())
    campaign, links = launch(world, pupils)
    answer_all(client, links[0][1], {})
    with pytest.raises(services.ValidationError, match="уже ответил"):
        services.invitation_reissue(Invitation.objects.get(campaign=campaign, person=links[0][0]))


def test_the_links_page_of_an_anonymous_campaign_keeps_no_names(curator, world, pupils, settings):
    settings.SURVEY_ANONYMITY_MIN_GROUP = 1  # the class of three is below the anonymity threshold
    PersonFactory(organization=world.school_a, last_name="Безпочтин", email="")
    links_url = curator.post(
        reverse("surveys:campaign_new", args=[world.school_a.slug]), form_data(world, anonymous="on")
    )["Location"]
    kept = curator.session["survey_links"]
    assert all(row["name"] == "" and row["person"] is None for entry in kept.values() for row in entry["rows"])
    assert "Абрамов" not in curator.get(links_url).content.decode()
