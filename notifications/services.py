"""Reminders: find what people should be told, keep each finding once, and mail it once.

The daily run has three steps, each safe to repeat:
1. collect: every registered finder's findings become notifications; a finding already stored
   (same person, kind and key) is skipped by the unique constraint;
2. claim: notifications not yet in an email are put into one (the person's digest of this run, or
   an urgent email on its own for people who asked for that);
3. send: every email not yet sent is sent by a task that holds its row lock and records `sent_at`
   in the same transaction; a failed send rolls back and is retried, a sent one is never sent again.
   (A crash between the mail server accepting a message and that commit is the one window where a
   message can go twice; its fixed Message-ID lets mail programs show it once.)
"""

import logging
from collections import defaultdict
from datetime import timedelta
from itertools import islice

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.template import loader
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import CalendarFeed, Email, Notification, ReminderSettings
from .registry import CALENDAR_SOURCES, FINDERS, KINDS

logger = logging.getLogger(__name__)
BATCH = 2000
# Emails a sending task handles over one connection to the mail server.
SEND_BATCH = 200


def _batches(iterable, size):
    iterator = iter(iterable)
    while batch := list(islice(iterator, size)):
        yield batch


def reminders_collect(*, today):
    """Store today's findings as notifications, skipping muted kinds and what was told before."""
    muted = {
        user_id: set(kinds)
        for user_id, kinds in ReminderSettings.objects.exclude(muted_kinds=[]).values_list("user_id", "muted_kinds")
    }
    findings = (
        Notification(
            user_id=f.user_id,
            organization_id=f.organization_id,
            kind=f.kind,
            key=f.key,
            title=f.title,
            url=f.url,
            group=f.group,
            due_date=f.due_date,
        )
        for find in FINDERS
        for f in find(today)
        if f.kind not in muted.get(f.user_id, ())
    )
    for batch in _batches(findings, BATCH):
        Notification.objects.bulk_create(batch, ignore_conflicts=True)


def emails_claim(*, today):
    """Put every notification that is in no email yet into one: an urgent email of its own for the
    people who asked for that, otherwise the person's digest of this run. Set-based: a handful of
    queries whatever the number of people."""
    with transaction.atomic():
        immediate = ReminderSettings.objects.filter(urgent_immediately=True).values_list("user_id", flat=True)
        urgent_kinds = [code for code, kind in KINDS.items() if kind.urgent]
        urgent = Notification.objects.filter(email__isnull=True, user_id__in=immediate, kind__in=urgent_kinds)
        for pk, user_id in urgent.values_list("pk", "user_id"):
            email, _ = Email.objects.get_or_create(user_id=user_id, key=f"urgent:{pk}", defaults={"day": today})
            Notification.objects.filter(pk=pk, email__isnull=True).update(email=email)
        # A later run on the same day makes new digests rather than adding to ones already sent.
        key = f"digest:{today}:{timezone.now():%H%M%S%f}"
        users = Notification.objects.filter(email__isnull=True).order_by().values_list("user_id", flat=True).distinct()
        Email.objects.bulk_create(
            [Email(user_id=user_id, key=key, day=today) for user_id in users], batch_size=BATCH, ignore_conflicts=True
        )
        mine = Email.objects.filter(user=OuterRef("user"), key=key).values("pk")[:1]
        Notification.objects.filter(email__isnull=True).update(email=Subquery(mine))


def emails_send(*, email_ids):
    """Send claimed emails over one mail-server connection. Returns how many went out.

    Each email is taken by a conditional UPDATE of its `sent_at` in its own transaction and sent
    inside it: the row stays locked while the mail server talks, a failed send rolls the mark back
    (to be retried), and a second worker finds nothing left to take."""
    emails = list(Email.objects.filter(pk__in=email_ids, sent_at__isnull=True).select_related("user").order_by("pk"))
    contents = defaultdict(list)
    for notification in Notification.objects.filter(email__in=emails).order_by("group", "due_date", "pk"):
        contents[notification.email_id].append(notification)
    sent = 0
    connection = get_connection()
    with connection:
        for email in emails:
            with transaction.atomic():
                if not Email.objects.filter(pk=email.pk, sent_at__isnull=True).update(sent_at=timezone.now()):
                    continue
                if contents[email.pk] and email.user.is_active:
                    _message(email, contents[email.pk], connection).send()
                    sent += 1
    return sent


def email_send(*, email_id):
    return emails_send(email_ids=[email_id]) == 1


def _message(email, notifications, connection=None):
    groups = defaultdict(list)
    for notification in notifications:
        groups[notification.group].append(notification)
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "user": email.user,
            "groups": sorted(groups.items()),
            "site_url": settings.SITE_URL.rstrip("/"),
        }
        if email.key.startswith("urgent:"):
            subject = _("Nastavnik: urgent — %(title)s") % {"title": Truncator(notifications[0].title).chars(80)}
        else:
            subject = ngettext(
                "Nastavnik: %(n)s reminder for %(date)s", "Nastavnik: %(n)s reminders for %(date)s", len(notifications)
            ) % {"n": len(notifications), "date": date_format(email.day)}
        body = loader.render_to_string("emails/reminders.txt", context)
        html = loader.render_to_string("emails/reminders.html", context)
    message = EmailMultiAlternatives(subject, body, to=[email.user.email], connection=connection)
    message.attach_alternative(html, "text/html")
    # The same Message-ID if a send is ever retried, so mail programs show it once.
    message.extra_headers["Message-ID"] = f"<reminder-{email.pk}@nastavnik>"
    return message


def reminders_run(*, today=None):
    """The daily run: collect, claim, and queue every unsent email in batches. Returns the ids queued."""
    from .tasks import send_reminder_emails

    today = today or timezone.localdate()
    reminders_collect(today=today)
    emails_claim(today=today)
    pending = list(Email.objects.filter(sent_at__isnull=True).order_by("pk").values_list("pk", flat=True))
    for batch in _batches(pending, SEND_BATCH):
        transaction.on_commit(lambda batch=batch: send_reminder_emails.delay(batch))
    return pending


def notifications_mark_read(*, user, ids=None):
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=timezone.now())


@transaction.atomic
def calendar_feed_for(*, user):
    """The person's active calendar address, made on first use."""
    feed = CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).first()
    return feed or CalendarFeed.objects.create(user=user)


@transaction.atomic
def calendar_feed_reset(*, user):
    """Revoke the current address (whoever had it loses access) and issue a new one."""
    CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
    return CalendarFeed.objects.create(user=user)


def calendar_ics(*, feed):
    """The iCalendar text of a person's deadlines: all-day events on their due dates."""
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", "-//Nastavnik//RU")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Наставник")
    site = settings.SITE_URL.rstrip("/")
    stamp = timezone.now()
    for source in CALENDAR_SOURCES:
        for item in source(feed.user):
            event = Event()
            event.add("uid", item.uid)
            event.add("summary", item.title)
            event.add("dtstart", item.day)
            event.add("dtend", item.day + timedelta(days=1))
            event.add("dtstamp", stamp)
            if item.url:
                event.add("url", site + item.url)
            if item.description:
                event.add("description", item.description)
            calendar.add_component(event)
    return calendar.to_ical()
