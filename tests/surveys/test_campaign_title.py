"""A curator pastes a campaign title with a line break in it: the form says so, and nothing is saved
(no campaign, no invitations); a title that reaches the mail some other way is put on one line."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from surveys import tasks
from surveys.models import Campaign, Invitation
from tests.surveys.test_surveys import builtin, launch

pytestmark = pytest.mark.usefixtures("pupils")


def post_campaign(client, world, title):
    return client.post(
        reverse("surveys:campaign_new", args=[world.school_a.slug]),
        {
            "questionnaire": builtin("mentee-needs").pk,
            "program": world.program.pk,
            "title": title,
            "opens_on": "2026-10-10",
            "closes_on": "2026-10-20",
            "audience": "program_mentees",
        },
        follow=True,  # launching redirects to the page of the links
    )


@pytest.mark.parametrize("title", ["Анкета\nBcc: all@example.com", "Анкета\r\nвторая строка", "Анкета\tтаб"])
def test_a_title_with_a_line_break_is_refused_and_nothing_is_saved(
    client, world, title, django_capture_on_commit_callbacks
):
    client.force_login(world.curator)
    with django_capture_on_commit_callbacks(execute=True):
        response = post_campaign(client, world, title)
    assert response.status_code == 200
    assert "Название пишется в одну строку: без переносов строк и табуляций." in response.content.decode()
    assert not Campaign.objects.exists() and not Invitation.objects.exists()
    assert mail.outbox == []


def test_the_service_refuses_it_too_before_saving_anything(world, pupils):  # noqa: F811
    with pytest.raises(ValidationError, match="в одну строку"):
        launch(world, pupils, title="Итоги\nгода")
    assert not Campaign.objects.exists() and not Invitation.objects.exists()


def test_a_one_line_title_launches_and_every_letter_has_a_one_line_subject(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world.curator)
    with django_capture_on_commit_callbacks(execute=True):
        response = post_campaign(client, world, "Анкета запросов, 7 класс")
    assert response.status_code == 200 and Campaign.objects.count() == 1
    assert len(mail.outbox) == 3
    assert {m.subject for m in mail.outbox} == {"Анкета: Анкета запросов, 7 класс"}
    # A title stored before the check (or edited in the admin) never breaks the mail header.
    tasks.send_link("a@parents.test", "Старое\nназвание", "https://x/s/t/", "2026-10-20")
    assert mail.outbox[-1].subject == "Анкета: Старое название"
