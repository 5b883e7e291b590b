"""Making the program reports and district notes off the request; the pages poll their status."""

import logging

from celery import shared_task

from config.celery import retry_with_backoff

from . import services

logger = logging.getLogger(__name__)


@shared_task(bind=True, max_retries=3, acks_late=True)
def render_report(self, report_id):
    try:
        services.report_render(report_id)
    except Exception as error:
        if self.request.retries < self.max_retries:
            return retry_with_backoff(self, error, report_id)
        logger.exception("Generated report %s failed", report_id)
        services.report_failed(report_id, error)
