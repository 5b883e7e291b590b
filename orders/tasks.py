"""Rendering orders off the request: the page shows the status and offers the file when it is ready.

Each task first takes its work up in the database (config.durable): what is finished or given up is
not done again, and a run that dies is sent again by the sweep."""

import logging

from celery import shared_task

from config import durable
from config.celery import retry_with_backoff

from . import services

logger = logging.getLogger(__name__)


@shared_task(bind=True, max_retries=3, acks_late=True)
def render_order_pdf(self, order_id):
    try:
        if not services.order_pdf_take(order_id):
            return
        services.order_render_pdf(order_id)
    except durable.DATABASE_ERRORS as error:
        durable.retry_while_database_is_down(self, error, order_id)
    except Exception as error:
        if self.request.retries < self.max_retries:
            return retry_with_backoff(self, error, order_id)
        logger.exception("The PDF of order %s failed", order_id)
        try:
            services.order_pdf_failed(order_id, error)
        except durable.DATABASE_ERRORS as db_error:
            durable.retry_while_database_is_down(self, db_error, order_id)


@shared_task(bind=True, max_retries=3, acks_late=True)
def run_batch_item(self, item_id):
    """One order of a batch. A failure is retried with backoff, then recorded on the item: the batch
    page reports it, nothing is dropped silently."""
    try:
        services.batch_item_run(item_id)
    except services.BatchItemRefused as error:
        services.batch_item_failed(item_id, error)
    except durable.DATABASE_ERRORS as error:
        durable.retry_while_database_is_down(self, error, item_id)
    except Exception as error:
        if self.request.retries < self.max_retries:
            return retry_with_backoff(self, error, item_id)
        logger.exception("Batch item %s failed", item_id)
        try:
            services.batch_item_failed(item_id, error)
        except durable.DATABASE_ERRORS as db_error:
            durable.retry_while_database_is_down(self, db_error, item_id)


@shared_task(acks_late=True)
def sweep_lost_work():
    """Every minute from beat: order PDFs and batch items queued past their deadline are sent again."""
    return services.sweep_lost_work()
