from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from roadmap.models import ActivityStatus, Program
from tests.factories import ActivityFactory, OrganizationFactory, ProgramFactory


def test_program_period_must_end_after_it_starts(db):
    with pytest.raises(IntegrityError):
        ProgramFactory(period_start=date(2026, 9, 1), period_end=date(2026, 9, 1))


def test_program_titles_are_unique_within_an_organization_only(db):
    school = OrganizationFactory()
    ProgramFactory(organization=school, title="Программа 2026/2027")
    ProgramFactory(title="Программа 2026/2027")
    with pytest.raises(IntegrityError):
        ProgramFactory(organization=school, title="Программа 2026/2027")


def test_activity_cannot_be_due_before_it_starts(db):
    with pytest.raises(IntegrityError):
        ActivityFactory(start_date=date(2026, 10, 1), due_date=date(2026, 9, 1))


def test_done_activity_has_a_completion_time(db):
    with pytest.raises(IntegrityError):
        ActivityFactory(status=ActivityStatus.DONE, completed_at=None)


def test_evidence_needs_a_file_or_a_link(world):
    from roadmap.models import Evidence

    evidence = Evidence(activity=world.activity, organization=world.school_a)
    with pytest.raises(ValidationError):
        evidence.full_clean()


def test_lateness_is_computed_from_the_due_date_and_status(db):
    activity = ActivityFactory(due_date=date(2026, 9, 30))
    assert activity.is_overdue(today=date(2026, 10, 1))
    assert not activity.is_overdue(today=date(2026, 9, 30))
    activity.status = ActivityStatus.CANCELLED
    assert not activity.is_overdue(today=date(2026, 10, 1))


def test_progress_counts_done_out_of_not_cancelled(time_machine, world):
    time_machine.move_to("2026-11-01")
    section = world.section
    ActivityFactory(section=section, status=ActivityStatus.DONE, completed_at="2026-09-10T10:00:00Z")
    ActivityFactory(section=section, status=ActivityStatus.CANCELLED, status_note="Не требуется")
    ActivityFactory(section=section, due_date=date(2027, 1, 31))
    program = Program.objects.with_progress().get(pk=world.program.pk)
    # world.activity (due 30.09, planned) is overdue; the cancelled one does not count.
    assert (program.n_done, program.n_total, program.n_overdue) == (1, 3, 1)
