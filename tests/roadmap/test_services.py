from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from mentoring.models import Role
from roadmap import services
from roadmap.models import Activity, ActivityStatus, Evidence, Program
from roadmap.stages import STANDARD_TEMPLATE, Stage
from tests.factories import ActivityFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n"


def pdf(name="prikaz.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_the_template_has_the_seven_standard_stages_in_order():
    assert [s.stage for s in STANDARD_TEMPLATE] == list(Stage)
    assert Stage(1).label == "Подготовка условий для запуска программы наставничества"
    assert Stage(7).label == "Завершение наставничества"
    assert all(s.activities for s in STANDARD_TEMPLATE)


def test_a_program_from_the_template_gets_dated_sections_and_activities(world):
    program = services.program_create(
        organization=world.school_a,
        title="2026/2027",
        period_start=date(2026, 9, 1),
        period_end=date(2027, 5, 31),
        curator=world.curator,
    )
    sections = list(program.sections.order_by("position"))
    assert [s.stage for s in sections] == list(range(1, 8))
    activities = list(program.activities.all())
    assert len(activities) == sum(len(s.activities) for s in STANDARD_TEMPLATE)
    assert all(program.period_start <= a.start_date <= a.due_date <= program.period_end for a in activities)
    first = program.activities.get(number="1.1")
    assert first.due_date == date(2026, 9, 30)
    last = program.activities.filter(section__stage=7).first()
    assert last.start_date == date(2027, 5, 1)
    assert any(a.result_kind == "order" for a in activities)


def test_copying_last_years_roadmap_moves_dates_by_a_year_and_resets_progress(world):
    last_year = services.program_create(
        organization=world.school_a,
        title="2025/2026",
        period_start=date(2025, 9, 1),
        period_end=date(2026, 5, 31),
        curator=world.curator,
    )
    done = last_year.activities.first()
    done.responsible_users.add(world.curator)
    services.activity_set_status(activity=done, status=ActivityStatus.DONE, user=world.curator, note="Выполнено")
    program = services.program_create(
        organization=world.school_a,
        title="2026/2027",
        period_start=date(2026, 9, 1),
        period_end=date(2027, 5, 31),
        copy_from=last_year,
    )
    assert program.activities.count() == last_year.activities.count()
    assert program.sections.count() == 7
    assert not program.activities.exclude(status=ActivityStatus.PLANNED).exists()
    copy = program.activities.get(number=done.number)
    assert copy.due_date == date(done.due_date.year + 1, done.due_date.month, done.due_date.day)
    assert list(copy.responsible_users.all()) == [world.curator]
    assert program.copied_from == last_year


def test_a_roadmap_cannot_be_copied_from_another_organization(world):
    with pytest.raises(ValidationError):
        services.program_create(
            organization=world.school_a,
            title="Чужая копия",
            period_start=date(2026, 9, 1),
            period_end=date(2027, 5, 31),
            copy_from=world.program_b,
        )
    assert not Program.objects.filter(title="Чужая копия").exists()


def test_the_curator_must_belong_to_the_organization(world):
    with pytest.raises(ValidationError):
        services.program_create(
            organization=world.school_a,
            title="X",
            period_start=date(2026, 9, 1),
            period_end=date(2027, 5, 31),
            curator=world.curator_b,
        )
    assert not Program.objects.filter(title="X").exists()


def test_done_needs_evidence_or_a_reason(world):
    with pytest.raises(ValidationError) as error:
        services.activity_set_status(activity=world.activity, status=ActivityStatus.DONE, user=world.curator)
    assert "подтверждение" in str(error.value) or "evidence" in str(error.value)
    world.activity.refresh_from_db()
    assert world.activity.status == ActivityStatus.PLANNED

    activity = services.activity_set_status(
        activity=world.activity,
        status=ActivityStatus.DONE,
        user=world.curator,
        note="Приказ подписан, скан у секретаря",
    )
    assert activity.status == ActivityStatus.DONE and activity.completed_by == world.curator
    assert activity.completed_at is not None


def test_done_with_a_file_saves_both(world):
    services.activity_complete(activity=world.activity, user=world.curator, file=pdf())
    world.activity.refresh_from_db()
    assert world.activity.status == ActivityStatus.DONE
    evidence = world.activity.evidence.get()
    assert evidence.original_name == "prikaz.pdf"
    assert evidence.file.name.startswith(f"evidence/{world.school_a.pk}/")
    assert "prikaz" not in evidence.file.name  # stored under a random name


def test_cancelling_needs_a_reason_and_reopening_clears_completion(world):
    with pytest.raises(ValidationError):
        services.activity_set_status(activity=world.activity, status=ActivityStatus.CANCELLED, user=world.curator)
    services.activity_set_status(activity=world.activity, status=ActivityStatus.DONE, user=world.curator, note="Да")
    activity = services.activity_set_status(
        activity=world.activity, status=ActivityStatus.IN_PROGRESS, user=world.curator
    )
    assert activity.completed_at is None and activity.completed_by is None


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("virus.exe", b"MZ\x90\x00\x03\x00\x00\x00", "файл неизвестного типа"),
        ("fake.pdf", b"<html>not a pdf</html>", "веб-страница (HTML)"),
    ],
)
def test_uploads_of_the_wrong_type_are_refused_and_nothing_is_saved(world, name, content, message):
    with pytest.raises(ValidationError) as error:
        services.activity_complete(activity=world.activity, user=world.curator, file=pdf(name, content))
    assert message in str(error.value)
    world.activity.refresh_from_db()
    assert world.activity.status == ActivityStatus.PLANNED
    assert not Evidence.objects.exists()


@override_settings(UPLOAD_MAX_BYTES=1024)
def test_uploads_over_the_size_limit_are_refused(world):
    with pytest.raises(ValidationError):
        services.evidence_add(activity=world.activity, user=world.curator, file=pdf(content=PDF + b"0" * 2000))
    assert not Evidence.objects.exists()


def test_the_only_evidence_of_a_done_activity_cannot_be_removed(world):
    services.activity_complete(activity=world.activity, user=world.curator, file=pdf())
    with pytest.raises(ValidationError):
        services.evidence_delete(evidence=world.activity.evidence.get())
    assert world.activity.evidence.count() == 1


def test_activity_dates_are_read_from_the_term_when_left_empty(world):
    activity = Activity(
        program=world.program,
        section=world.section,
        title="Школа наставников",
        term_text="В течение первого-второго месяца",
    )
    services.activity_save(activity=activity, responsible_users=[world.curator])
    assert (activity.start_date, activity.due_date) == (date(2026, 9, 1), date(2026, 10, 31))
    assert activity.organization == world.school_a
    assert list(activity.responsible_users.all()) == [world.curator]


def test_responsible_people_must_be_members_of_the_organization(world):
    activity = ActivityFactory(section=world.section)
    with pytest.raises(ValidationError):
        services.activity_save(activity=activity, responsible_users=[world.curator_b])


def test_responsible_means_named_or_by_role(world):
    mine = ActivityFactory(section=world.section, responsible_role="")
    mine.responsible_users.add(world.curator)
    by_role = world.activity  # responsible_role = curator
    director_only = ActivityFactory(section=world.section, responsible_role=Role.DIRECTOR)
    result = set(world.program.activities.responsible(world.curator, {Role.CURATOR}))
    assert result == {mine, by_role}
    assert director_only not in result


def test_choosing_done_again_keeps_who_completed_it_and_when(world):
    first = services.activity_set_status(
        activity=world.activity, status=ActivityStatus.DONE, user=world.curator, note="Приказ подписан"
    )
    again = services.activity_set_status(activity=world.activity, status=ActivityStatus.DONE, user=world.director)
    assert (again.completed_at, again.completed_by) == (first.completed_at, world.curator)
    assert again.status_note == "Приказ подписан"


def test_removing_evidence_removes_its_file_once_committed(world, django_capture_on_commit_callbacks):
    evidence = services.evidence_add(activity=world.activity, user=world.curator, file=pdf())
    storage, name = evidence.file.storage, evidence.file.name
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.evidence_delete(evidence=evidence)
    assert storage.exists(name)  # not yet: the delete might still roll back
    for callback in callbacks:
        callback()
    assert not storage.exists(name)


def test_sections_are_appended_in_order(world):
    from roadmap.models import Section

    first = services.section_create(program=world.program, section=Section(title="Мониторинг"))
    second = services.section_create(program=world.program, section=Section(title="Информационное обеспечение"))
    assert (first.position, second.position) == (world.section.position + 1, world.section.position + 2)
    assert first.organization == world.school_a
