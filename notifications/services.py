"""Reminders: find what people should be told, keep each finding once, and mail it once.

The daily run is split into chunks of organizations (a `ReminderRun` and its `ReminderChunk`s), one
task per chunk, shared by the workers. It has three steps, each safe to repeat:
1. collect (per chunk): every registered finder's findings for the chunk's organizations become
   notifications; a finding already stored (same person, kind and key) is skipped by the unique
   constraint, and the chunk is recorded collected in the same transaction. A chunk whose worker died
   is taken again (its message given back, or sent again by the sweep) and adds nothing twice;
2. claim (once per run, by the chunk that finds no other owed, under the run's row lock):
   notifications not yet in an email are put into one (the person's digest of this run, or an urgent
   email on its own for people who asked for that), so a person gets one digest whatever the chunks;
3. send: every email not yet sent is sent, in batches shared by the workers, by a task that holds
   its row lock and records `sent_at` in the same transaction; a failed send rolls back and is
   retried, a sent one is never sent again.
   (A crash between the mail server accepting a message and that commit is the one window where a
   message can go twice; its fixed Message-ID lets mail programs show it once.)

Before a notification is mailed or shown its subject is checked again (each kind registers how): an
order signed since, an activity done, a campaign closed or a pair finished makes it stale, and a stale
notification is withdrawn: it is neither mailed nor shown, and never told again.
"""

import logging
import uuid
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from itertools import islice
from smtplib import (
    SMTPConnectError,
    SMTPRecipientsRefused,
    SMTPResponseException,
    SMTPServerDisconnected,
)
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, connection, transaction
from django.db.models import OuterRef, Subquery
from django.template import loader
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from config import durable
from mentoring.models import Organization

from .models import CalendarFeed, Email, Notification, ReminderChunk, ReminderRun, ReminderSettings, subject_of
from .registry import CALENDAR_SOURCES, FINDERS, KINDS

logger = logging.getLogger(__name__)
BATCH = 2000
# Emails a sending task handles over one connection to the mail server.
SEND_BATCH = 200


def batches(iterable, size):
    iterator = iter(iterable)
    while batch := list(islice(iterator, size)):
        yield batch


def reminders_collect(*, today, organizations=None):
    """Store today's findings as notifications, skipping muted kinds and what was told before.
    `organizations`: the (first id, last id) range of a chunk, or None for every organization."""
    muted = {
        user_id: set(kinds)
        for user_id, kinds in ReminderSettings.objects.exclude(muted_kinds=[]).values_list("user_id", "muted_kinds")
    }
    rows = (
        (
            f.user_id,
            f.organization_id,
            f.kind,
            f.key,
            f.title,
            f.url,
            f.group,
            f.due_date,
            (f.subject or subject_of(f.key))[:100],
        )
        for find in FINDERS
        for f in find(today, organizations)
        if f.kind not in muted.get(f.user_id, ())
    )
    for batch in batches(rows, BATCH):
        _store_notifications(batch)


NOTIFICATION_COLUMNS = ("user_id", "organization_id", "kind", "key", "title", "url", "group", "due_date", "subject")
# What `bulk_create(ignore_conflicts=True)` does, without a model instance a row: one statement a
# batch, the columns passed as arrays; a finding already stored is skipped by the unique constraint.
POSTGRES_INSERT = """
    INSERT INTO notifications_notification
        (user_id, organization_id, kind, key, title, url, "group", due_date, subject, created_at)
    SELECT found.*, %s FROM unnest(
        %s::bigint[], %s::bigint[], %s::varchar[], %s::varchar[], %s::varchar[], %s::varchar[], %s::varchar[],
        %s::date[], %s::varchar[]
    ) AS found
    ON CONFLICT DO NOTHING
"""


def _store_notifications(rows):
    if connection.vendor != "postgresql":
        Notification.objects.bulk_create(
            [Notification(**dict(zip(NOTIFICATION_COLUMNS, row, strict=True))) for row in rows], ignore_conflicts=True
        )
        return
    with connection.cursor() as cursor:
        cursor.execute(POSTGRES_INSERT, [timezone.now(), *(list(column) for column in zip(*rows, strict=True))])


def emails_claim(*, today):
    """Put every notification that is in no email yet into one: per person, an urgent email for
    those who asked for urgent ones at once, and the digest. Set-based: a handful of queries
    whatever the number of people. Each run makes new emails (a random key), so nothing is ever
    added to an email that may already have gone."""
    with transaction.atomic():
        immediate = ReminderSettings.objects.filter(urgent_immediately=True).values("user_id")
        urgent_kinds = [code for code, kind in KINDS.items() if kind.urgent]
        _claim_into_new_emails(
            Notification.objects.filter(
                email__isnull=True, withdrawn_at__isnull=True, user_id__in=immediate, kind__in=urgent_kinds
            ),
            f"urgent:{uuid.uuid4().hex}",
            today,
        )
        _claim_into_new_emails(
            Notification.objects.filter(email__isnull=True, withdrawn_at__isnull=True),
            f"digest:{uuid.uuid4().hex}",
            today,
        )


def _claim_into_new_emails(unclaimed, key, today):
    if connection.vendor == "postgresql":
        return _claim_into_new_emails_postgres(unclaimed, key, today)
    users = unclaimed.order_by().values_list("user_id", flat=True).distinct()
    Email.objects.bulk_create([Email(user_id=user_id, key=key, day=today) for user_id in users], batch_size=BATCH)
    mine = Email.objects.filter(user=OuterRef("user"), key=key, sent_at__isnull=True).values("pk")[:1]
    unclaimed.update(email=Subquery(mine))
    # A concurrent run may have taken some of these people's notifications first.
    Email.objects.filter(key=key, notifications__isnull=True).delete()


def _claim_into_new_emails_postgres(unclaimed, key, today):
    """The same in two statements that stay in the database: an email for each person with unclaimed
    notifications, then each of those joined to its person's new email through the (user, key) index,
    a plan that stays good on the statistics of a table the run has just filled (joined to itself, it
    became quadratic). The conditions are `unclaimed`'s own, checked again on each row, so what a
    concurrent run took first is left to it."""
    table = Notification._meta.db_table
    where, params = unclaimed.query.get_compiler(connection=connection).compile(unclaimed.query.where)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO notifications_email (user_id, key, day, created_at, error)"
            f" SELECT DISTINCT user_id, %s, %s, %s, '' FROM {table} WHERE {where}",
            [key, today, timezone.now(), *params],
        )
        cursor.execute(
            f"UPDATE {table} SET email_id = e.id FROM notifications_email AS e"
            f" WHERE e.key = %s AND e.user_id = {table}.user_id AND e.sent_at IS NULL AND {where}",
            [key, *params],
        )
    Email.objects.filter(key=key, notifications__isnull=True).delete()


def is_transient(error):
    """Worth trying again later: the server or the network, not this message."""
    if isinstance(error, SMTPResponseException):
        return 400 <= error.smtp_code < 500
    return isinstance(error, SMTPServerDisconnected | SMTPConnectError | OSError) and not isinstance(
        error, SMTPRecipientsRefused
    )


def emails_send(*, email_ids):
    """Send claimed emails over one mail-server connection. Returns how many went out.

    Each email is taken by a conditional UPDATE of its `sent_at` in its own transaction and sent
    inside it: the row stays locked while the mail server talks, a failed send rolls the mark back,
    and a second worker finds nothing left to take. A message the server refuses for good (a bad
    address) is recorded as failed and the batch goes on; a server that is down stops the batch,
    which is retried for what is left."""
    emails = list(Email.objects.filter(pk__in=email_ids, sent_at__isnull=True).select_related("user").order_by("pk"))
    contents = defaultdict(list)
    claimed = Notification.objects.filter(email__in=emails, withdrawn_at__isnull=True).order_by(
        "group", "due_date", "pk"
    )
    for notification in notifications_current(list(claimed)):
        contents[notification.email_id].append(notification)
    # Who turned reminder emails off (the one-click unsubscribe): their emails are closed unsent, so
    # turning them on again brings new reminders, not a pile of old ones.
    unsubscribed = set(
        ReminderSettings.objects.filter(user__in={e.user_id for e in emails}, emails=False).values_list(
            "user_id", flat=True
        )
    )
    sent = 0
    connection = get_connection()
    with connection:
        for email in emails:
            try:
                with transaction.atomic():
                    if not Email.objects.filter(pk=email.pk, sent_at__isnull=True).update(sent_at=timezone.now()):
                        continue
                    if contents[email.pk] and email.user.is_active and email.user_id not in unsubscribed:
                        _message(email, contents[email.pk], connection).send()
                        sent += 1
            except Exception as error:
                if is_transient(error):
                    raise
                logger.warning("Reminder email %s to %s refused: %s", email.pk, email.user.email, error)
                Email.objects.filter(pk=email.pk, sent_at__isnull=True).update(
                    sent_at=timezone.now(), error=str(error)[:500]
                )
    return sent


def email_send(*, email_id):
    return emails_send(email_ids=[email_id]) == 1


def _message(email, notifications, connection=None):
    groups = defaultdict(list)
    for notification in notifications:
        groups[notification.group].append(notification)
    site = settings.SITE_URL.rstrip("/")
    unsubscribe = unsubscribe_url(email.user)
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "user": email.user,
            "groups": sorted(groups.items()),
            "site_url": site,
            "settings_url": site + reverse("notifications:settings"),
            "unsubscribe_url": unsubscribe,
        }
        if email.key.startswith("urgent:"):
            subject = _("Nastavnik: urgent — %(title)s") % {"title": Truncator(notifications[0].title).chars(80)}
            if len(notifications) > 1:
                subject = _("Nastavnik: urgent — %(n)s items") % {"n": len(notifications)}
        else:
            subject = ngettext(
                "Nastavnik: %(n)s reminder for %(date)s", "Nastavnik: %(n)s reminders for %(date)s", len(notifications)
            ) % {"n": len(notifications), "date": date_format(email.day)}
        body = loader.render_to_string("emails/reminders.txt", context)
        html = loader.render_to_string("emails/reminders.html", context)
    message = EmailMultiAlternatives(subject, body, to=[email.user.email], connection=connection)
    message.attach_alternative(html, "text/html")
    domain = site_domain()
    # The same Message-ID if a send is ever repeated, so mail programs show it once.
    message.extra_headers["Message-ID"] = f"<reminder-{email.pk}@{domain}>"
    # One-click unsubscribe (RFC 8058): the mail program POSTs to the signed address, no login needed.
    message.extra_headers["List-Unsubscribe"] = f"<{unsubscribe}>"
    message.extra_headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    # A robot's message (RFC 3834): out-of-office replies and other robots do not answer it.
    message.extra_headers["Auto-Submitted"] = "auto-generated"
    message.extra_headers["X-Auto-Response-Suppress"] = "All"
    return message


UNSUBSCRIBE_SALT = "notifications.unsubscribe"


def unsubscribe_token(user):
    """A signed token naming the person (django.core.signing, the SECRET_KEY): it turns their reminder
    emails off and nothing else, so it needs no expiry and no login."""
    return signing.dumps(user.pk, salt=UNSUBSCRIBE_SALT, compress=True)


def unsubscribe_user(token):
    """The person a token names, or None for a forged or damaged one."""
    try:
        pk = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return get_user_model().objects.filter(pk=pk).first() if isinstance(pk, int) else None


def unsubscribe_url(user):
    return settings.SITE_URL.rstrip("/") + reverse("notifications:unsubscribe", args=[unsubscribe_token(user)])


def reminder_emails_off(*, user):
    """Turn a person's reminder emails off (the notifications stay on the portal). Returns whether they were on."""
    with transaction.atomic():
        reminder_settings, _created = ReminderSettings.objects.select_for_update().get_or_create(user=user)
        was_on = reminder_settings.emails
        if was_on:
            reminder_settings.emails = False
            reminder_settings.save(update_fields=["emails"])
    return was_on


def pending_email_ids():
    return list(Email.objects.filter(sent_at__isnull=True).order_by("pk").values_list("pk", flat=True))


def reminders_run(*, today=None, queue=True):
    """The daily run in this process (the cron command, embedded mode): every chunk collected in turn,
    then claimed, and (unless `queue` is off) every unsent email queued in batches once the run
    commits. Returns the ids of the unsent emails."""
    run = reminders_plan(today=today or timezone.localdate())
    for chunk_id in run.chunks.order_by("pk").values_list("pk", flat=True):
        reminder_chunk_collect(chunk_id=chunk_id, queue=queue)
    return pending_email_ids()


def reminders_start(*, today=None):
    """The daily run on the workers: a task per chunk, queued once the run is recorded. Returns the run."""
    from .tasks import collect_reminder_chunk

    with transaction.atomic():
        run = reminders_plan(today=today or timezone.localdate())
        ids = list(run.chunks.order_by("pk").values_list("pk", flat=True))
        transaction.on_commit(lambda: _queue_chunks(collect_reminder_chunk, ids))
    return run


def _queue_chunks(task, chunk_ids):
    for pk in chunk_ids:
        durable.send(task, pk)  # a broker that is down loses nothing: the sweep sends it


@transaction.atomic
def reminders_plan(*, today):
    """A run for `today` in chunks of settings.REMINDER_CHUNK_ORGANIZATIONS organizations by id. The
    ranges join end to end from 0 to the largest id, so an organization added meanwhile is in one."""
    run = ReminderRun.objects.create(day=today)
    ids = list(Organization.objects.order_by("pk").values_list("pk", flat=True))
    starts = [0] + [batch[0] for batch in batches(ids, settings.REMINDER_CHUNK_ORGANIZATIONS)][1:]
    ends = [start - 1 for start in starts[1:]] + [LAST_ID]
    ReminderChunk.objects.bulk_create(
        [
            ReminderChunk(run=run, first_organization_id=first, last_organization_id=last, deadline=durable.deadline())
            for first, last in zip(starts, ends, strict=True)
        ]
    )
    return run


LAST_ID = 2**63 - 1  # the largest id a BigAutoField gives


@transaction.atomic
def reminder_chunk_take(chunk_id, *, worker=""):
    """A worker takes a chunk up: counts the attempt, moves the deadline on and records who. None when
    there is nothing to do (collected, or given up: then recorded with the reason)."""
    chunk = ReminderChunk.objects.select_for_update().filter(pk=chunk_id).first()
    if chunk is None or chunk.finished:
        return None
    if durable.out_of_attempts(chunk.attempts):
        reminder_chunk_failed(chunk_id, durable.lost_reason(chunk.attempts))
        return None
    chunk.attempts += 1
    chunk.deadline = durable.deadline()
    chunk.taken_by = worker[:200]
    chunk.save(update_fields=["attempts", "deadline", "taken_by"])
    return chunk


def reminder_chunk_collect(*, chunk_id, worker="", queue=True):
    """Collect a chunk's findings and record it collected in one transaction: a worker that dies
    midway leaves nothing, and a second run of a collected chunk does nothing. The chunk that finds
    no other owed claims the run's emails (see `_run_claim`). Returns whether it collected."""
    chunk = reminder_chunk_take(chunk_id, worker=worker)
    if chunk is None:
        return False
    with transaction.atomic():
        reminders_collect(today=chunk.run.day, organizations=(chunk.first_organization_id, chunk.last_organization_id))
        # Sent again while it still ran (the sweep), two workers may both collect it: the same rows.
        collected = ReminderChunk.objects.filter(pk=chunk_id, collected_at__isnull=True, error="").update(
            collected_at=timezone.now()
        )
        if collected:
            _run_claim(chunk.run_id, queue=queue)
    return bool(collected)


def reminder_chunk_failed(chunk_id, error):
    """A chunk given up (a finder that keeps failing, a chunk out of attempts): recorded with the reason;
    the rest of the run is still mailed."""
    with transaction.atomic():
        run_id = ReminderChunk.objects.filter(pk=chunk_id).values_list("run_id", flat=True).first()
        if ReminderChunk.objects.filter(pk=chunk_id, collected_at__isnull=True, error="").update(
            error=str(error)[:500] or "?"
        ):
            _run_claim(run_id, queue=True)


def _run_claim(run_id, *, queue):
    """Under the run's row lock (the chunks that finish at once take turns), once no chunk is owed:
    the findings go into emails, once per run, and (if `queue`) the unsent emails are queued after commit."""
    run = ReminderRun.objects.select_for_update().get(pk=run_id)
    if run.claimed_at is not None or run.chunks.filter(collected_at__isnull=True, error="").exists():
        return
    emails_claim(today=run.day)
    ReminderRun.objects.filter(pk=run_id).update(claimed_at=timezone.now())
    if queue:
        emails_queue(pending_email_ids())


def reminders_sweep(now=None):
    """Every minute from beat: chunks still owed past their deadline (a worker killed outright, a message
    lost with Redis) are sent again; those out of attempts are given up with the reason."""
    from .tasks import collect_reminder_chunk

    return durable.sweep(
        ReminderChunk.objects.filter(collected_at__isnull=True, error=""),
        attempts_field="attempts",
        deadline_field="deadline",
        fail=reminder_chunk_failed,
        task=collect_reminder_chunk,
        now=now,
    )


def emails_queue(email_ids):
    from .tasks import send_reminder_emails

    for batch in batches(email_ids, SEND_BATCH):
        transaction.on_commit(lambda batch=batch: send_reminder_emails.delay(batch))


def notifications_current(notifications):
    """The notifications whose subject still applies, asking each kind's check once for all of its
    notifications; the others are withdrawn (they are mailed and shown no more)."""
    by_kind = defaultdict(list)
    for notification in notifications:
        by_kind[notification.kind].append(notification)
    stale = set()
    for code, items in by_kind.items():
        kind = KINDS.get(code)
        if kind is not None and kind.still_applies is not None:
            current = kind.still_applies(items)
            stale |= {n.pk for n in items if n.pk not in current}
    if stale:
        Notification.objects.filter(pk__in=stale, withdrawn_at__isnull=True).update(withdrawn_at=timezone.now())
    return [n for n in notifications if n.pk not in stale]


def notifications_withdraw(*, subject, kinds=None):
    """Withdraw what people were told about `subject` (of the given kinds, or all): the act it asked
    for is done. Called by the code that does the act (an order signed, an activity done...)."""
    told = Notification.objects.filter(subject=subject, withdrawn_at__isnull=True)
    if kinds is not None:
        told = told.filter(kind__in=kinds)
    return told.update(withdrawn_at=timezone.now())


def shown(queryset):
    """What a person's bell and list show: not withdrawn."""
    return queryset.filter(withdrawn_at__isnull=True)


UNREAD_CHECKED = 100


def unread_count(user, queryset):
    """The bell's counter: the unread notifications still current (the newest ones are re-checked)."""
    unread = shown(queryset.filter(user=user, read_at__isnull=True))
    newest = list(unread[:UNREAD_CHECKED])
    current = notifications_current(newest)
    if len(newest) < UNREAD_CHECKED:
        return len(current)
    return unread.count()


def notifications_mark_read(*, user, ids=None):
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=timezone.now())


def calendar_feed_for(*, user):
    """The person's active calendar address, made on first use (two tabs at once get the same one)."""
    feed = CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).first()
    if feed is None:
        try:
            with transaction.atomic():
                feed = CalendarFeed.objects.create(user=user)
        except IntegrityError:
            feed = CalendarFeed.objects.get(user=user, revoked_at__isnull=True)
    return feed


@transaction.atomic
def calendar_feed_reset(*, user):
    """Revoke the current address (whoever had it loses access) and issue a new one."""
    get_user_model().objects.select_for_update().get(pk=user.pk)  # one reset at a time per person
    CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
    return CalendarFeed.objects.create(user=user)


# SEQUENCE counts whole minutes from here to the object's last change: the same on every fetch while
# nothing changes, larger after any change, so calendar apps take the new version (RFC 5545 3.8.7.4).
SEQUENCE_EPOCH = datetime(2026, 1, 1, tzinfo=UTC)
REFRESH = "PT6H"  # how often calendar apps are asked to fetch the feed again


def site_domain():
    """The host of settings.SITE_URL: the domain part of UIDs and Message-IDs."""
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def calendar_sequence(modified):
    if modified is None:
        return 0
    return max(0, int((modified - SEQUENCE_EPOCH).total_seconds() // 60))


def calendar_ics(*, feed):
    """The iCalendar text of a person's deadlines: all-day events on their due dates.

    Stable for calendar apps: a UID per object with the site's domain («activity-5@nastavnik.example.ru»),
    LAST-MODIFIED and DTSTAMP from the object's last change (not the time of the fetch), SEQUENCE
    derived from that change (SEQUENCE_EPOCH), a refresh interval; each event links back to its page."""
    from icalendar import Calendar, Event, vDuration

    site = settings.SITE_URL.rstrip("/")
    domain = site_domain()
    calendar = Calendar()
    calendar.add("prodid", "-//Nastavnik//RU")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", "Наставник")
    calendar.add("refresh-interval", vDuration.from_ical(REFRESH), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", REFRESH)  # Outlook's name for it, a plain value
    with translation.override(settings.LANGUAGE_CODE):
        for source in CALENDAR_SOURCES:
            for item in source(feed.user):
                modified = (item.modified or feed.created_at).astimezone(UTC).replace(microsecond=0)
                url = site + (item.url or reverse("notifications:list"))
                event = Event()
                event.add("uid", f"{item.uid}@{domain}")
                event.add("summary", item.title)
                event.add("dtstart", item.day)
                event.add("dtend", item.day + timedelta(days=1))
                event.add("dtstamp", modified)
                event.add("last-modified", modified)
                event.add("sequence", calendar_sequence(modified))
                event.add("transp", "TRANSPARENT")  # a deadline does not make anyone busy
                event.add("url", url)
                event.add("description", "\n\n".join(part for part in (item.description, url) if part))
                calendar.add_component(event)
    return calendar.to_ical()
