from datetime import date

import pytest
from django.urls import reverse
from icalendar import Calendar

from notifications.models import CalendarFeed, Notification, ReminderSettings
from notifications.services import reminders_run
from tests.factories import ActivityFactory


@pytest.fixture
def reminded(world, time_machine):
    time_machine.move_to("2026-10-01 07:00:00+03:00", tick=False)
    reminders_run(today=date(2026, 10, 1))
    return Notification.objects.get(user=world.curator)


def test_unread_counter_and_list(client, world, reminded):
    client.force_login(world.curator)
    html = client.get(reverse("notifications:list")).content.decode()
    assert 'data-testid="unread-count">1<' in html
    assert "Просрочено с 30.09.2026: 1.1 Издание приказа" in html


def test_opening_a_notification_marks_it_read_and_goes_to_the_activity(client, world, reminded):
    client.force_login(world.curator)
    response = client.post(reverse("notifications:open", args=[reminded.pk]))
    assert response["Location"] == world.activity.get_absolute_url()
    reminded.refresh_from_db()
    assert reminded.read_at is not None
    assert 'data-testid="unread-count"' not in client.get(reverse("home")).content.decode()


def test_nobody_opens_another_persons_notification(client, world, reminded):
    client.force_login(world.director)
    assert client.post(reverse("notifications:open", args=[reminded.pk])).status_code == 404
    reminded.refresh_from_db()
    assert reminded.read_at is None


def test_mark_all_read(client, world, reminded):
    client.force_login(world.curator)
    client.post(reverse("notifications:read_all"))
    assert not Notification.objects.filter(user=world.curator, read_at__isnull=True).exists()


def test_settings_mute_kinds(client, world):
    client.force_login(world.curator)
    response = client.post(
        reverse("notifications:settings"),
        {"muted_kinds": ["deadline_soon", "stage_starts"], "urgent_immediately": "on"},
    )
    assert response.status_code == 302
    saved = ReminderSettings.objects.get(user=world.curator)
    assert saved.muted_kinds == ["deadline_soon", "stage_starts"] and saved.urgent_immediately


def test_calendar_feed_lists_my_deadlines(client, world):
    ActivityFactory(
        section=world.section,
        number="1.2",
        title="Школа наставников",
        due_date=date(2026, 10, 15),
        responsible_role="director",
    )
    client.force_login(world.curator)
    page = client.get(reverse("notifications:calendar"))
    feed = CalendarFeed.objects.get(user=world.curator)
    assert feed.token in page.content.decode()
    client.logout()  # a calendar app has no session: the token is the key
    response = client.get(reverse("notifications:calendar_feed", args=[feed.token]))
    assert response["Content-Type"].startswith("text/calendar")
    events = [c for c in Calendar.from_ical(response.content).walk("VEVENT")]
    assert [str(e["summary"]) for e in events] == ["1.1 Издание приказа о внедрении целевой модели наставничества"]
    assert events[0].decoded("dtstart") == date(2026, 9, 30)
    assert str(events[0]["url"]).endswith(world.activity.get_absolute_url())


def test_a_new_calendar_address_revokes_the_old_one(client, world):
    client.force_login(world.curator)
    client.get(reverse("notifications:calendar"))
    old = CalendarFeed.objects.get(user=world.curator)
    client.post(reverse("notifications:calendar_reset"))
    assert client.get(reverse("notifications:calendar_feed", args=[old.token])).status_code == 404
    new = CalendarFeed.objects.get(user=world.curator, revoked_at__isnull=True)
    assert new.token != old.token
    assert client.get(reverse("notifications:calendar_feed", args=[new.token])).status_code == 200


def test_an_unknown_calendar_token_is_404(client, db):
    assert client.get(reverse("notifications:calendar_feed", args=["guess" * 8])).status_code == 404


def test_notifications_of_a_school_one_has_left_are_not_shown(client, world, reminded):
    from mentoring.models import Membership

    Membership.objects.filter(user=world.curator).delete()
    Membership.objects.create(user=world.curator, role="mentor", organization=world.school_b)
    client.force_login(world.curator)
    html = client.get(reverse("notifications:list")).content.decode()
    assert "Просрочено с 30.09.2026" not in html
    assert client.post(reverse("notifications:open", args=[reminded.pk])).status_code == 404
