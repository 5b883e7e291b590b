import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("nastavnik")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def retry_with_backoff(task, error, *args):
    """Retry a bound task with backoff on a worker; in embedded mode (tasks run in-process) at once,
    since an eager retry would surface as an exception in the request that queued it."""
    if task.request.is_eager:
        return task.apply(args=args, retries=task.request.retries + 1)
    raise task.retry(exc=error, countdown=2**task.request.retries)
