"""Reminder emails as mail programs expect them (read back with Python's email parser): a one-click
unsubscribe by a signed link (RFC 8058), Auto-Submitted (RFC 3834), a footer link to the settings.
Unsubscribing says what was turned off and how to turn it on again; a GET changes nothing."""

import email
from datetime import date
from email import policy

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse

from notifications.models import Notification, ReminderSettings
from notifications.services import reminders_run, unsubscribe_token


@pytest.fixture(autouse=True)
def site(settings):
    settings.SITE_URL = "https://nastavnik.example.ru"


@pytest.fixture
def digest(world, time_machine, django_capture_on_commit_callbacks):
    """The curator's digest of 23 September, as the mail server received it."""
    time_machine.move_to("2026-09-23 07:00:00+03:00", tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        reminders_run(today=date(2026, 9, 23))
    [message] = [m for m in mail.outbox if m.to == [world.curator.email]]
    return email.message_from_bytes(message.message().as_bytes(), policy=policy.default)


def unsubscribe_address(world):
    return settings.SITE_URL + reverse("notifications:unsubscribe", args=[unsubscribe_token(world.curator)])


def header(message, name):
    """A header's value as a mail program reads it (a long one is folded onto the next line)."""
    return str(message[name]).strip()


def parts(message):
    return {part.get_content_type(): part.get_content() for part in message.walk() if not part.is_multipart()}


def test_a_digest_carries_a_signed_one_click_unsubscribe_and_says_it_is_automatic(world, digest):
    address = unsubscribe_address(world)
    assert address.startswith("https://nastavnik.example.ru/notifications/unsubscribe/")
    assert header(digest, "List-Unsubscribe") == f"<{address}>"
    assert header(digest, "List-Unsubscribe-Post") == "List-Unsubscribe=One-Click"
    assert header(digest, "Auto-Submitted") == "auto-generated"
    settings_page = settings.SITE_URL + reverse("notifications:settings")
    text, html = parts(digest)["text/plain"], parts(digest)["text/html"]
    assert f"Настройки напоминаний (о чём и как напоминать): {settings_page}" in text
    assert f"Отписаться от этих писем: {address}" in text
    assert f'href="{settings_page}"' in html and f'href="{address}"' in html


def test_a_mail_programs_one_click_post_turns_the_emails_off_without_login_or_csrf(world, digest):
    mail_program = Client(enforce_csrf_checks=True)
    path = header(digest, "List-Unsubscribe").strip("<>").removeprefix(settings.SITE_URL)

    response = mail_program.post(path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")

    assert response.status_code == 200
    assert ReminderSettings.objects.get(user=world.curator).emails is False
    page = response.content.decode()
    assert "Письма с напоминаниями на curator@a.test отключены" in page
    assert "Напоминания по-прежнему видны в уведомлениях на портале" in page
    assert "«Напоминания по почте»" in page and f'href="{reverse("notifications:settings")}"' in page


def test_opening_the_link_only_asks_and_the_button_unsubscribes(client, world, digest):
    path = header(digest, "List-Unsubscribe").strip("<>").removeprefix(settings.SITE_URL)

    page = client.get(path).content.decode()  # a link scanner or a preview opens it too

    assert not ReminderSettings.objects.filter(user=world.curator, emails=False).exists()
    assert 'data-testid="unsubscribe-confirm"' in page and "curator@a.test" in page
    client.post(path)
    assert ReminderSettings.objects.get(user=world.curator).emails is False
    assert "отключены" in client.get(path).content.decode()  # opened again: says it is off


def test_a_damaged_link_changes_nothing_and_says_so(client, world):
    token = unsubscribe_token(world.curator)
    for broken in (token[:-2], token + "x", "42"):
        response = client.post(reverse("notifications:unsubscribe", args=[broken]))
        assert response.status_code == 400
        assert "Ссылка для отписки повреждена" in response.content.decode()
    assert not ReminderSettings.objects.filter(emails=False).exists()


def test_after_unsubscribing_reminders_stay_on_the_portal_but_no_email_comes(
    client, world, digest, time_machine, django_capture_on_commit_callbacks
):
    Client().post(header(digest, "List-Unsubscribe").strip("<>").removeprefix(settings.SITE_URL))
    mail.outbox.clear()
    told_before = Notification.objects.filter(user=world.curator).count()
    time_machine.move_to("2026-09-29 07:00:00+03:00", tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        reminders_run(today=date(2026, 9, 29))

    assert [m for m in mail.outbox if m.to == [world.curator.email]] == []
    # The day-before reminder is made and shown in the bell, not mailed.
    assert Notification.objects.filter(user=world.curator).count() > told_before
    client.force_login(world.curator)
    assert "Срок завтра" in client.get(reverse("notifications:list")).content.decode() or (
        "30.09.2026" in client.get(reverse("notifications:list")).content.decode()
    )

    # Turned on again in the settings, the next reminders come by mail.
    client.post(reverse("notifications:settings"), {"emails": "on"})
    assert ReminderSettings.objects.get(user=world.curator).emails is True
