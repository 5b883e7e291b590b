"""Asking for a document and making it: the request only records what is wanted and queues the task."""

import logging

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import GeneratedReport

logger = logging.getLogger(__name__)


def _queue(report):
    from .tasks import render_report

    def send():
        try:
            render_report.delay(report.pk)
        except Exception as error:  # noqa: BLE001  (the broker is down: say so rather than wait forever)
            logger.exception("Report %s could not be queued", report.pk)
            report_failed(report.pk, error)

    transaction.on_commit(send)


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
    )
    _queue(report)
    return report


@transaction.atomic
def analytical_note_request(*, municipality, format, user, on=None):
    """Queue the district's analytical note as PDF or XLSX, with the figures as of `on` (today if None)."""
    if format not in GeneratedReport.Format.values:
        raise ValidationError(_("Unknown format."))
    report = GeneratedReport.objects.create(
        kind=GeneratedReport.Kind.ANALYTICAL_NOTE, format=format, municipality=municipality, on=on, created_by=user
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
