"""The district's analytical note made by a real worker on PostgreSQL, as a deployment makes it."""

import time

import pytest
from pypdf import PdfReader

from mentoring.models import Role
from reports import services
from reports.models import GeneratedReport
from tests.factories import ActivityFactory, OrganizationFactory, ProgramFactory, SectionFactory, member

pytestmark = pytest.mark.integration
DEADLINE = 90


def test_a_real_worker_makes_the_analytical_note(celery_worker_process):
    school = OrganizationFactory(short_name="МБОУ «СОШ №7»", student_count=300, teacher_count=25)
    coordinator = member(school, Role.COORDINATOR)
    program = ProgramFactory(organization=school)
    ActivityFactory(section=SectionFactory(program=program, stage=1))

    report = services.analytical_note_request(municipality=school.municipality, format="pdf", user=coordinator)

    deadline = time.monotonic() + DEADLINE
    while time.monotonic() < deadline:
        report.refresh_from_db()
        if report.status != GeneratedReport.Status.QUEUED:
            break
        time.sleep(0.2)
    assert report.status == GeneratedReport.Status.READY, (report.error, celery_worker_process["log"].read_text())
    with report.file.open("rb") as f:
        text = " ".join("".join(page.extract_text() for page in PdfReader(f).pages).split())
    assert "Аналитическая справка" in text and "МБОУ «СОШ №7»" in text
