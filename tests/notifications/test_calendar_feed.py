"""A person's deadlines as calendar apps expect them, read by two independent parsers (icalendar and
vobject): UIDs with the site's domain, LAST-MODIFIED, DTSTAMP and SEQUENCE from the data (the feed is
the same on every fetch until something changes), a refresh interval, links back to the portal; and a
webcal:// subscribe link on the calendar page."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
import vobject
from django.urls import reverse
from icalendar import Calendar

from mentoring.models import PlanItem
from mentoring.services import create_pair
from notifications.models import CalendarFeed
from notifications.services import SEQUENCE_EPOCH
from roadmap.models import Activity
from tests.factories import MenteeFactory, PersonFactory, standard_form, teacher_mentor

SITE = "https://nastavnik.example.ru"


@pytest.fixture(autouse=True)
def site(settings):
    settings.SITE_URL = SITE


def fetch(client, user):
    """What a calendar app gets: no session, the address is the key."""
    feed = CalendarFeed.objects.filter(user=user).first() or CalendarFeed.objects.create(user=user)
    client.logout()
    response = client.get(reverse("notifications:calendar_feed", args=[feed.token]))
    assert response.status_code == 200 and response["Content-Type"] == "text/calendar; charset=utf-8"
    return response.content


def test_the_feed_reads_alike_in_two_parsers_with_stable_uids_and_links_back(client, world):
    content = fetch(client, world.curator)

    calendar = Calendar.from_ical(content)
    assert str(calendar["refresh-interval"].to_ical().decode()) == "PT6H"
    assert calendar["refresh-interval"].params["VALUE"] == "DURATION"
    assert b"\r\nREFRESH-INTERVAL;VALUE=DURATION:PT6H\r\n" in content
    assert b"\r\nX-PUBLISHED-TTL:PT6H\r\n" in content
    (event,) = calendar.walk("VEVENT")
    activity = Activity.objects.get(pk=world.activity.pk)
    modified = activity.updated_at.astimezone(UTC).replace(microsecond=0)
    assert str(event["uid"]) == f"activity-{activity.pk}@nastavnik.example.ru"
    assert event.decoded("last-modified") == modified
    assert event.decoded("dtstamp") == modified  # not the time of the fetch
    assert event.decoded("sequence") == int((modified - SEQUENCE_EPOCH).total_seconds() // 60)
    link = SITE + activity.get_absolute_url()
    assert str(event["url"]) == link
    assert str(event["description"]).endswith(link)

    # The second parser, validating.
    other = vobject.readOne(content.decode("utf-8"), validate=True)
    (vevent,) = other.vevent_list
    assert vevent.uid.value == f"activity-{activity.pk}@nastavnik.example.ru"
    assert vevent.dtstart.value == date(2026, 9, 30)
    assert vevent.last_modified.value == modified
    assert vevent.url.value == link
    assert link in vevent.description.value
    assert other.contents["refresh-interval"][0].value == "PT6H"


def test_the_feed_is_the_same_on_every_fetch_until_the_deadline_moves(client, world):
    first = fetch(client, world.curator)
    with time_machine.travel(datetime.now(UTC) + timedelta(hours=7)):
        assert fetch(client, world.curator) == first  # a calendar app sees nothing new

        world.activity.due_date = date(2026, 10, 20)
        world.activity.save()
        moved = fetch(client, world.curator)

    before = Calendar.from_ical(first).walk("VEVENT")[0]
    after = Calendar.from_ical(moved).walk("VEVENT")[0]
    assert str(after["uid"]) == str(before["uid"])
    assert after.decoded("dtstart") == date(2026, 10, 20)
    assert after.decoded("sequence") > before.decoded("sequence")
    assert after.decoded("last-modified") > before.decoded("last-modified")


def test_a_mentors_plan_items_have_a_description_and_a_link_to_the_pair(client, world):
    world.program.forms.add(standard_form("traditional"))
    mentor = teacher_mentor(world.school_a)
    mentor.person.user = world.mentor
    mentor.person.save()
    pair = create_pair(
        program=world.program,
        mentor=mentor,
        mentees=[MenteeFactory(person=PersonFactory(organization=world.school_a))],
        form=standard_form("traditional"),
        started_on=date(2026, 10, 1),
    )
    item = PlanItem.objects.create(pair=pair, task="Открытый урок", due_on=date(2026, 12, 10))

    content = fetch(client, world.mentor)

    (event,) = vobject.readOne(content.decode("utf-8"), validate=True).vevent_list
    link = SITE + reverse("mentoring:pair_detail", args=[world.school_a.slug, pair.pk])
    assert event.uid.value == f"plan-item-{item.pk}@nastavnik.example.ru"
    assert event.summary.value == "Открытый урок"
    assert event.url.value == link
    assert event.description.value == f"План работы пары, программа «{world.program.title}».\n\n{link}"


def test_the_calendar_page_offers_a_webcal_subscription_and_a_copy_button(client, world):
    client.force_login(world.curator)

    html = client.get(reverse("notifications:calendar")).content.decode()

    feed = CalendarFeed.objects.get(user=world.curator)
    assert f'href="webcal://testserver/calendar/{feed.token}.ics"' in html
    assert 'data-copy="feed-url"' in html and 'data-copied="Адрес скопирован."' in html
    assert 'id="feed-url-status" role="status"' in html
    assert "<script>" not in html.split('id="feed-url"')[1].split("</main>")[0]  # no inline script (CSP)
