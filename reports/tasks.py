"""Making the program reports and district notes off the request; the pages poll their status."""

import logging

from celery import Task, shared_task

from config.celery import retry_with_backoff

from . import services

logger = logging.getLogger(__name__)


class ReportTask(Task):
    def on_failure(self, exc, task_id, args, kwargs, einfo):
        # Also when the worker gives up on the task itself (a time limit): the page must not wait forever.
        services.report_failed(args[0], exc)


@shared_task(bind=True, base=ReportTask, max_retries=3, acks_late=True)
def render_report(self, report_id):
    try:
        services.report_render(report_id)
    except Exception as error:
        if self.request.retries < self.max_retries:
            return retry_with_backoff(self, error, report_id)
        logger.exception("Generated report %s failed", report_id)
        services.report_failed(report_id, error)
