"""Forming pairs and groups under the personal-data rules, capacity, and the life of a pair."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import translation

from mentoring import services
from mentoring.models import (
    Consent,
    ConsentKind,
    MenteeStatus,
    MentorStatus,
    Pair,
    PairMember,
    PairStatus,
)
from tests.factories import MenteeFactory, MentorFactory, PersonFactory, child, standard_form, teacher_mentor

START = date(2026, 10, 1)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def program(world):
    world.program.forms.add(standard_form("traditional"), standard_form("student-student"), standard_form("group"))
    return world.program


def young_teacher(school, **person):
    return MenteeFactory(person=PersonFactory(organization=school, **person))


def pair_up(program, mentor, *mentees, form="traditional"):
    return services.create_pair(
        program=program, mentor=mentor, mentees=list(mentees), form=standard_form(form), started_on=START
    )


def refusal(callable_, *args, **kwargs):
    with pytest.raises(ValidationError) as caught:
        callable_(*args, **kwargs)
    return caught.value.messages


def test_a_pair_places_the_mentee_and_activates_the_mentor(program, world):
    mentor = teacher_mentor(world.school_a, status=MentorStatus.TRAINED)
    mentee = young_teacher(world.school_a)

    pair = pair_up(program, mentor, mentee)

    mentee.refresh_from_db()
    mentor.refresh_from_db()
    assert mentee.status == MenteeStatus.PAIRED
    assert mentor.status == MentorStatus.ACTIVE
    assert list(pair.mentees.all()) == [mentee]


def test_a_mentee_without_a_processing_consent_is_refused_with_the_reason(program, world):
    mentee = young_teacher(world.school_a, consent=False, last_name="Орлова", first_name="Анна", patronymic="")

    messages = refusal(pair_up, program, teacher_mentor(world.school_a), mentee)

    assert messages == ["Орлова Анна has no consent to the processing of personal data on record."]
    assert not PairMember.objects.exists()


def test_a_child_without_a_parents_consent_is_refused_saying_a_parent_must_give_it(program, world):
    pupil = MenteeFactory(
        person=child(world.school_a, consent=False, last_name="Ким", first_name="Олег", patronymic=""),
        category="student",
    )
    student_mentor = MentorFactory(person=child(world.school_a, grade=10), category="student")

    messages = refusal(pair_up, program, student_mentor, pupil, form="student-student")

    assert messages == ["Ким Олег has no consent to the processing of personal data on record (from a parent)."]


def test_a_teacher_without_a_written_consent_to_mentor_is_refused(program, world):
    mentor = teacher_mentor(world.school_a, mentoring_consent=False)
    mentor.person.last_name, mentor.person.first_name, mentor.person.patronymic = "Белова", "Ирина", ""
    mentor.person.save()

    messages = refusal(pair_up, program, mentor, young_teacher(world.school_a))

    assert messages == ["Белова Ирина is a teacher without a written consent to mentor on record."]


def test_a_candidate_is_not_given_mentees_before_selection(program, world):
    mentor = teacher_mentor(world.school_a, status=MentorStatus.CANDIDATE)

    messages = refusal(pair_up, program, mentor, young_teacher(world.school_a))

    assert messages == [f"{mentor.person.full_name} is a candidate: select them as a mentor first."]


def test_capacity_is_enforced_across_pairs(program, world):
    mentor = teacher_mentor(world.school_a, capacity=2)
    pair_up(program, mentor, young_teacher(world.school_a))
    pair_up(program, mentor, young_teacher(world.school_a))
    third = young_teacher(world.school_a)

    messages = refusal(pair_up, program, mentor, third)

    assert messages == [f"{mentor.person.full_name} already has 2 of 2 mentees: there is no place for 1 more."]
    third.refresh_from_db()
    assert third.status == MenteeStatus.APPLIED


def test_a_group_counts_every_mentee_against_capacity(program, world):
    mentor = teacher_mentor(world.school_a, capacity=2)
    group = [young_teacher(world.school_a) for _ in range(3)]

    messages = refusal(pair_up, program, mentor, *group, form="group")

    assert "there is no place for 3 more" in messages[0]
    assert not PairMember.objects.exists()


def test_the_form_must_be_the_programs_and_fit_the_mentee(program, world):
    mentor = teacher_mentor(world.school_a)
    pupil = MenteeFactory(person=child(world.school_a), category="student")

    assert refusal(pair_up, program, mentor, young_teacher(world.school_a), form="virtual") == [
        "«Виртуальная» is not one of the program's forms."
    ]
    assert refusal(pair_up, program, mentor, pupil, form="traditional") == [
        f"«Традиционная (один на один)» is a form for teachers, and {pupil.person.full_name} is not."
    ]


def test_a_mentee_has_one_mentor_at_a_time_even_past_the_service(program, world):
    mentee = young_teacher(world.school_a)
    pair_up(program, teacher_mentor(world.school_a), mentee)

    assert "is not waiting for a mentor" in refusal(pair_up, program, teacher_mentor(world.school_a), mentee)[0]
    # The database refuses it too, should any code path skip the check.
    other = Pair.objects.create(
        program=program, form=standard_form("traditional"), mentor=teacher_mentor(world.school_a), started_on=START
    )
    with pytest.raises(IntegrityError):
        PairMember.objects.create(pair=other, mentee=mentee, joined_on=START)


def test_people_of_another_organization_cannot_be_paired(program, world):
    foreign = young_teacher(world.school_b)

    assert refusal(pair_up, program, teacher_mentor(world.school_a), foreign) == [
        "The mentor and the mentees must belong to the program's organization."
    ]


def test_completion_records_the_outcome_and_frees_the_mentor(program, world):
    mentor = teacher_mentor(world.school_a, capacity=1)
    mentee = young_teacher(world.school_a)
    pair = pair_up(program, mentor, mentee)

    services.complete_pair(
        pair, finished_on=date(2027, 5, 20), result="Провела открытый урок", rating=5, case="Кейс", case_for_bank=True
    )

    pair.refresh_from_db()
    mentee.refresh_from_db()
    assert (pair.status, pair.rating, pair.case_for_bank) == (PairStatus.COMPLETED, 5, True)
    assert (mentee.status, mentee.finished_on, mentee.results) == (
        MenteeStatus.COMPLETED,
        date(2027, 5, 20),
        "Провела открытый урок",
    )
    assert services.mentor_loads([mentor.pk]) == {}
    pair_up(program, mentor, young_teacher(world.school_a))  # the place is free again


def test_early_termination_needs_a_reason_and_returns_the_mentee_to_the_search(program, world):
    mentee = young_teacher(world.school_a)
    pair = pair_up(program, teacher_mentor(world.school_a), mentee)

    assert refusal(services.terminate_pair, pair, on=date(2026, 12, 1), reason="  ") == [
        "Give the reason for the early termination."
    ]
    services.terminate_pair(pair, on=date(2026, 12, 1), reason="Переезд наставника")

    pair.refresh_from_db()
    mentee.refresh_from_db()
    assert (pair.status, pair.termination_reason) == (PairStatus.TERMINATED, "Переезд наставника")
    assert mentee.status == MenteeStatus.APPLIED


def test_replacing_the_mentor_is_recorded_and_checks_the_new_mentors_capacity(program, world):
    first = teacher_mentor(world.school_a)
    pair = pair_up(program, first, young_teacher(world.school_a))
    full = teacher_mentor(world.school_a, capacity=1)
    pair_up(program, full, young_teacher(world.school_a))

    assert (
        "there is no place for 1 more"
        in refusal(services.replace_mentor, pair, new_mentor=full, on=date(2026, 11, 1), reason="Болезнь")[0]
    )
    second = teacher_mentor(world.school_a)
    services.replace_mentor(pair, new_mentor=second, on=date(2026, 11, 1), reason="Болезнь")

    pair.refresh_from_db()
    change = pair.mentor_changes.get()
    assert pair.mentor == second
    assert (change.previous_mentor, change.new_mentor, change.reason) == (first, second, "Болезнь")


def test_revoking_the_processing_consent_archives_the_person_and_ends_their_pair(program, world):
    mentee = young_teacher(world.school_a)
    pair = pair_up(program, teacher_mentor(world.school_a), mentee)
    consent = mentee.person.valid_consent(ConsentKind.PROCESSING)

    services.revoke_consent(consent, on=date(2026, 11, 15))

    mentee.refresh_from_db()
    pair.refresh_from_db()
    assert mentee.person.archived_on == date(2026, 11, 15)
    assert mentee.status == MenteeStatus.LEFT
    assert pair.status == PairStatus.TERMINATED
    assert mentee.person not in services.people_for_export(world.school_a)
    assert "is in the archive." in refusal(pair_up, program, teacher_mentor(world.school_a), mentee)[0]


def test_revoking_a_teachers_consent_to_mentor_archives_the_mentor_and_lists_their_pairs(program, world):
    mentor = teacher_mentor(world.school_a)
    pair = pair_up(program, mentor, young_teacher(world.school_a))

    orphaned = services.revoke_consent(mentor.person.valid_consent(ConsentKind.MENTORING), on=date(2026, 11, 15))

    mentor.refresh_from_db()
    assert orphaned == [pair]
    assert mentor.status == MentorStatus.ARCHIVED
    assert mentor.person.archived_on is None  # still a person in the base, only not a mentor


def test_a_finished_mentee_enters_the_mentor_base_without_retyping(program, world):
    mentee = young_teacher(world.school_a)
    pair = pair_up(program, teacher_mentor(world.school_a), mentee)

    assert "is still a mentee" in refusal(services.enter_mentor_base, mentee.person)[0]
    services.complete_pair(pair, finished_on=date(2027, 5, 1), result="Готова наставлять")
    mentor = services.enter_mentor_base(mentee.person)

    assert (mentor.person_id, mentor.category, mentor.status) == (mentee.person_id, "teacher", MentorStatus.CANDIDATE)
    assert mentor.capacity == world.school_a.default_mentor_capacity
    as_mentor, as_mentee = services.person_history(mentee.person)
    assert as_mentor == [] and [m.pair for m in as_mentee] == [pair]


def test_mentor_statuses_follow_the_selection_path(world):
    mentor = teacher_mentor(world.school_a, status=MentorStatus.CANDIDATE)

    assert refusal(services.change_mentor_status, mentor, MentorStatus.ACTIVE) == [
        "A mentor cannot go from «candidate» to «active»."
    ]
    services.change_mentor_status(mentor, MentorStatus.SELECTED)
    services.change_mentor_status(mentor, MentorStatus.TRAINED)
    assert mentor.status == MentorStatus.TRAINED


def test_a_second_consent_of_a_kind_in_force_is_refused(world):
    person = PersonFactory(organization=world.school_a)

    consent = Consent(person=person, kind=ConsentKind.PROCESSING, given_on=date(2026, 10, 1))
    assert refusal(services.record_consent, consent) == [
        "A consent of this kind is already in force. Revoke it first if a new one replaces it."
    ]


def test_a_minors_consent_must_come_from_a_named_parent(world):
    pupil = child(world.school_a, consent=False)

    consent = Consent(person=pupil, kind=ConsentKind.PROCESSING, given_on=date(2026, 10, 1))
    with pytest.raises(ValidationError) as caught:
        services.record_consent(consent)
    assert caught.value.message_dict == {"given_by": ["For a minor, the consent is given by a parent."]}
