import gc
import os

from celery import Celery, signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("nastavnik")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@signals.worker_init.connect
def freeze_startup_heap(**kwargs):
    """Move what the worker built at start (Django, the apps, the tasks) out of the garbage
    collector's scans, before the pool forks: a render of a 300-pair order makes hundreds of
    thousands of objects, and each full collection would otherwise walk the start-up heap too
    (and, in forked children, touch its pages: the copy-on-write the gc.freeze docs warn of)."""
    gc.collect()
    gc.freeze()


def retry_with_backoff(task, error, *args):
    """Retry a bound task with backoff on a worker; in embedded mode (tasks run in-process) at once,
    since an eager retry would surface as an exception in the request that queued it."""
    if task.request.is_eager:
        return task.apply(args=args, retries=task.request.retries + 1)
    raise task.retry(exc=error, countdown=2**task.request.retries)
