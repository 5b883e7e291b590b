"""Asking for a document and making it: the request only records what is wanted and queues the task."""

import logging

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from config import durable

from .models import GeneratedReport

logger = logging.getLogger(__name__)


def _queue(report):
    """Owe the report: it is queued with a deadline in the database, then sent to a worker. A broker
    that is down loses nothing: the sweep sends it when it is back."""
    from .tasks import render_report

    transaction.on_commit(lambda: durable.send(render_report, report.pk))


@transaction.atomic
def program_report_request(*, program, format, user):
    """Queue the program's final report «Отчёт по итогам программы наставничества» as PDF or XLSX."""
    if format not in GeneratedReport.Format.values:
        raise ValidationError(_("Unknown format."))
    report = GeneratedReport.objects.create(
        kind=GeneratedReport.Kind.PROGRAM_REPORT,
        format=format,
        organization=program.organization,
        program=program,
        created_by=user,
        deadline=durable.deadline(),
    )
    _queue(report)
    return report


@transaction.atomic
def analytical_note_request(*, municipality, format, user, on=None):
    """Queue the district's analytical note as PDF or XLSX, with the figures as of `on` (today if None)."""
    if format not in GeneratedReport.Format.values:
        raise ValidationError(_("Unknown format."))
    report = GeneratedReport.objects.create(
        kind=GeneratedReport.Kind.ANALYTICAL_NOTE,
        format=format,
        municipality=municipality,
        on=on,
        created_by=user,
        deadline=durable.deadline(),
    )
    _queue(report)
    return report


def report_content(report):
    from . import documents

    if report.kind == GeneratedReport.Kind.PROGRAM_REPORT:
        maker = documents.program_report_pdf if report.format == "pdf" else documents.program_report_xlsx
        return maker(report.program)
    maker = documents.analytical_note_pdf if report.format == "pdf" else documents.analytical_note_xlsx
    return maker(report.municipality, on=report.on, signer=report.created_by)


@transaction.atomic
def report_take(report_id):
    """A worker takes the report up: counts the attempt and moves the deadline on. False when there
    is nothing to do (made already, or given up: then recorded as failed with the reason)."""
    report = GeneratedReport.objects.select_for_update().filter(pk=report_id).first()
    if report is None or report.status != GeneratedReport.Status.QUEUED:
        return False
    if durable.out_of_attempts(report.attempts):
        report_failed(report_id, durable.lost_reason(report.attempts))
        return False
    GeneratedReport.objects.filter(pk=report_id).update(attempts=F("attempts") + 1, deadline=durable.deadline())
    return True


def report_render(report_id):
    """Make the file of a queued report (a ready one is left alone: a retried task does nothing twice)."""
    report = GeneratedReport.objects.select_related("program__organization", "municipality").get(pk=report_id)
    if report.status == GeneratedReport.Status.READY:
        return report
    content = report_content(report)
    with transaction.atomic():
        report = GeneratedReport.objects.select_for_update().get(pk=report_id)
        if report.status == GeneratedReport.Status.READY:
            return report
        report.file.save("report", ContentFile(content), save=False)
        report.status, report.error, report.finished_at = GeneratedReport.Status.READY, "", timezone.now()
        report.save(update_fields=["file", "status", "error", "finished_at"])
    return report


def report_failed(report_id, error):
    GeneratedReport.objects.filter(pk=report_id).exclude(status=GeneratedReport.Status.READY).update(
        status=GeneratedReport.Status.FAILED, error=str(error)[:2000], finished_at=timezone.now()
    )


def sweep_lost_reports(now=None):
    """Send again every report still queued past its deadline (its worker died, its message was lost
    with a restarted Redis); the ones out of attempts are marked failed with the reason. Returns how
    many were sent again."""
    from .tasks import render_report

    return durable.sweep(
        GeneratedReport.objects.filter(status=GeneratedReport.Status.QUEUED),
        attempts_field="attempts",
        deadline_field="deadline",
        fail=report_failed,
        task=render_report,
        now=now,
    )
