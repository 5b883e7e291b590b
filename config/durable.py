"""Work the database owes: documents made by workers (an order's PDF, a batch item, a report).

The database is the truth of what is owed; the broker only carries it. Each piece of work is a row
that is queued with a deadline. A worker that takes it up counts the attempt and moves the deadline
on; the sweep (every minute from beat) sends again whatever is still queued past its deadline — a
worker killed mid-task, a message lost with a restarted Redis — and, after TASK_MAX_ATTEMPTS
attempts, marks it failed with a reason the page shows. So every state a user sees ends in done or
failed. While the database itself is down nothing can be recorded: the task waits for it.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import InterfaceError, OperationalError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError as BrokerOperationalError
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

DATABASE_ERRORS = (OperationalError, InterfaceError)
BROKER_ERRORS = (BrokerOperationalError, RedisError, ConnectionError)


def deadline():
    """When work queued or taken up now counts as lost."""
    return timezone.now() + timedelta(seconds=settings.TASK_DEADLINE_SECONDS)


def out_of_attempts(attempts):
    return attempts >= settings.TASK_MAX_ATTEMPTS


def lost_reason(attempts):
    return _("The work was interrupted (a worker or the queue stopped) and was given up after %(n)d attempts.") % {
        "n": attempts
    }


def send(task, *args):
    """Queue a task. A broker that is down loses nothing: the row stays queued and the sweep sends it."""
    try:
        task.delay(*args)
    except BROKER_ERRORS:
        logger.exception("%s%r could not be queued; the sweep will send it again", task.name, args)
        return False
    return True


def retry_while_database_is_down(task, error, *args):
    """Nothing can be recorded while the database is down, not even a failure: try again later (up to
    every 30 s) until it answers. The row stays queued, so the sweep also sends it if this gives up."""
    if task.request.is_eager:
        raise error
    logger.warning("%s%r: the database is not answering (%s); trying again", task.name, args, error)
    raise task.retry(exc=error, countdown=min(2**task.request.retries, 30), max_retries=1000)


def sweep(queued, *, attempts_field, deadline_field, fail, task, lock_of=(), now=None):
    """Send again each row of `queued` (work still queued) whose deadline has passed, one row locked at a
    time so that two sweeps never send one twice; a row out of attempts is failed with the reason instead.
    `fail(pk, reason)` records the failure; `task` is sent the row's id. Returns how many were sent."""
    now = now or timezone.now()
    stale = queued.filter(Q(**{f"{deadline_field}__lt": now}) | Q(**{f"{deadline_field}__isnull": True}))
    lock = {"of": lock_of} if lock_of else {}
    resent = 0
    for pk in stale.values_list("pk", flat=True):
        with transaction.atomic():
            row = stale.select_for_update(skip_locked=True, **lock).filter(pk=pk).first()
            if row is None:  # done meanwhile, or another sweep has it
                continue
            attempts = getattr(row, attempts_field)
            if out_of_attempts(attempts):
                fail(pk, lost_reason(attempts))
                continue
            queued.model.objects.filter(pk=pk).update(**{deadline_field: deadline()})
        resent += send(task, pk)
    return resent
