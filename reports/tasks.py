"""Making the program reports and district notes off the request; the pages poll their status.

Each task first takes its report up in the database (config.durable): a ready or given-up report is
not made again, and a run that dies is sent again by the sweep."""

import logging

from celery import Task, shared_task

from config import durable
from config.celery import retry_with_backoff

from . import services

logger = logging.getLogger(__name__)


class ReportTask(Task):
    def on_failure(self, exc, task_id, args, kwargs, einfo):
        # Also when the worker gives up on the task itself (a time limit): the page must not wait forever.
        try:
            services.report_failed(args[0], exc)
        except durable.DATABASE_ERRORS:  # still queued in the database: the sweep takes it again
            logger.exception("Report %s: its failure could not be recorded", args[0])


@shared_task(bind=True, base=ReportTask, max_retries=3, acks_late=True)
def render_report(self, report_id):
    try:
        if not services.report_take(report_id):
            return
        services.report_render(report_id)
    except durable.DATABASE_ERRORS as error:
        durable.retry_while_database_is_down(self, error, report_id)
    except Exception as error:
        if self.request.retries < self.max_retries:
            return retry_with_backoff(self, error, report_id)
        logger.exception("Generated report %s failed", report_id)
        try:
            services.report_failed(report_id, error)
        except durable.DATABASE_ERRORS as db_error:
            durable.retry_while_database_is_down(self, db_error, report_id)


@shared_task(acks_late=True)
def sweep_lost_reports():
    """Every minute from beat: reports queued past their deadline are sent again."""
    return services.sweep_lost_reports()


@shared_task(acks_late=True, ignore_result=True)
def refresh_kept_figures(organization_ids):
    """After a burst of changes (reports.kept.queue_refresh): count and keep today's figures."""
    from . import kept

    kept.refresh_figures(organization_ids)


@shared_task(acks_late=True)
def check_kept_figures():
    """Every night from beat: recount every organization, repair and report the kept rows that drifted."""
    from . import kept

    summary = kept.check_figures()
    return {key: summary[key] for key in ("checked", "created", "repaired")}
