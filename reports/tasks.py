"""Making the program reports and district notes off the request; the pages poll their status."""

import logging

from celery import shared_task

from . import services

logger = logging.getLogger(__name__)


def _retry(task, error, *args):
    """Retry with backoff on a worker; in embedded mode (tasks run in-process) at once, since an eager
    retry would surface as an exception in the request that queued it."""
    if task.request.is_eager:
        return task.apply(args=args, retries=task.request.retries + 1)
    raise task.retry(exc=error, countdown=2**task.request.retries)


@shared_task(bind=True, max_retries=3, acks_late=True)
def render_report(self, report_id):
    try:
        services.report_render(report_id)
    except Exception as error:
        if self.request.retries < self.max_retries:
            return _retry(self, error, report_id)
        logger.exception("Generated report %s failed", report_id)
        services.report_failed(report_id, error)
