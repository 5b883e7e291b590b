"""A form of mentoring names both sides (domain.md, «Forms of mentoring»): no pair, proposal, replacement,
import or base record anywhere can join a mentor with a form meant for another kind of mentor."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from mentoring import matching
from mentoring.models import BaseImport, MentorCategory, MentoringForm, Pair
from mentoring.services import create_pair, form_fit_problems, replace_mentor, run_matching
from mentoring.standard_forms import STANDARD_FORMS
from tests.factories import MenteeFactory, MentorFactory, PersonFactory, child, standard_form, teacher_mentor

from .test_transfer import upload, xlsx

pytestmark = pytest.mark.django_db

# Who mentors in each standard form, as domain.md's table says.
EXPECTED_MENTORS = {
    "student-student": {"student"},
    "teacher-teacher": {"teacher"},
    "student-pupil": {"college_student"},
    "employer-pupil": {"employer", "graduate", "parent"},
    "employer-student": {"employer", "graduate", "parent"},
    "teacher-pupil": {"teacher"},
    "traditional": {"teacher"},
    "group": {"teacher"},
    "virtual": {"teacher"},
    "short-term": {"teacher"},
    "reverse": {"teacher"},
    "situational": {"teacher"},
    "speed": {"teacher"},
    "head-teacher": {"teacher"},
}


def mentor_of(world, category):
    if category == "teacher":
        return teacher_mentor(world.school_a)
    person = child(world.school_a, grade=10) if category == "student" else PersonFactory(organization=world.school_a)
    return MentorFactory(person=person, category=category)


def mentee_for(world, form):
    if form.audience == MentoringForm.Audience.STUDENTS:
        return MenteeFactory(person=child(world.school_a, grade=6), category="student")
    return MenteeFactory(person=PersonFactory(organization=world.school_a), category="young_teacher")


def test_every_standard_form_knows_its_mentors():
    assert {code for code, *_ in STANDARD_FORMS} == set(EXPECTED_MENTORS)
    for code, mentors in EXPECTED_MENTORS.items():
        assert set(standard_form(code).mentor_categories) == mentors, code


@pytest.mark.parametrize("code", sorted(EXPECTED_MENTORS))
def test_a_pair_made_by_hand_takes_only_the_mentors_its_form_names(world, code):
    form = standard_form(code)
    world.program.forms.add(form)
    for category in MentorCategory.values:
        mentor, mentee = mentor_of(world, category), mentee_for(world, form)
        kwargs = {"program": world.program, "mentor": mentor, "mentees": [mentee], "form": form}
        if category in EXPECTED_MENTORS[code] and (category == "teacher" or form.audience == "students"):
            assert create_pair(**kwargs, started_on=date(2026, 10, 1)).form == form
        else:
            with pytest.raises(ValidationError) as refused:
                create_pair(**kwargs, started_on=date(2026, 10, 1))
            assert any(f"«{form.name}»" in message for message in refused.value.messages), (code, category)
            assert not Pair.objects.filter(mentor=mentor).exists()


def test_the_refusal_says_which_mentors_the_form_takes(world):
    form = standard_form("student-student")
    world.program.forms.add(form)
    teacher = teacher_mentor(world.school_a)
    problems = form_fit_problems(form, mentor=teacher, mentees=[mentee_for(world, form)])
    assert problems == [
        f"«Ученик – ученик» — форма для наставников: обучающийся, а {teacher.person.full_name} — педагог."
    ]


def test_a_replacement_mentor_must_fit_the_pairs_form(world):
    form = standard_form("student-student")
    world.program.forms.add(form)
    pair = create_pair(
        program=world.program,
        mentor=mentor_of(world, "student"),
        mentees=[mentee_for(world, form)],
        form=form,
        started_on=date(2026, 10, 1),
    )
    teacher = teacher_mentor(world.school_a)
    with pytest.raises(ValidationError, match="Ученик – ученик"):
        replace_mentor(pair, new_mentor=teacher, on=date(2026, 11, 1), reason="Болезнь наставника")
    pair.refresh_from_db()
    assert pair.mentor.category == "student"


def test_matching_never_proposes_a_teacher_in_a_pupils_form_and_says_why_it_chose_the_form(world):
    pupils_form, teachers_pupils = standard_form("student-student"), standard_form("teacher-pupil")
    world.program.forms.add(pupils_form, teachers_pupils)
    for _ in range(3):
        MenteeFactory(person=child(world.school_a, grade=6), category="student")
    teacher_mentor(world.school_a, capacity=2)
    MentorFactory(person=child(world.school_a, grade=10), category="student", capacity=1)

    run = run_matching(world.program, weights=matching.Weights())

    rows = list(run.rows.filter(mentor__isnull=False).select_related("mentor", "form"))
    assert len(rows) == 3
    for row in rows:
        expected = pupils_form if row.mentor.category == "student" else teachers_pupils
        assert row.form == expected
        assert any(f"форма «{expected.name}»" in reason for reason in row.reasons), row.reasons


def test_matching_explains_a_mentee_whom_no_mentor_of_the_right_kind_can_take():
    forms = {1: matching.FormIn(audience="students", mentors=frozenset({"student"}), name="Ученик – ученик")}
    proposal = matching.propose(
        [matching.MenteeIn(id=1, audience="students")],
        [matching.MentorIn(id=7, category="teacher", capacity=3)],
        forms,
        matching.Weights(),
    )
    assert proposal.matches == []
    assert "Ученик – ученик: обучающийся" in proposal.unmatched[1][0]


def test_the_base_records_refuse_preferred_forms_of_another_side(world):
    from mentoring.forms import MenteeForm, MentorForm

    pupils = standard_form("student-student")
    mentor_form = MentorForm(
        data={"category": "teacher", "capacity": 2, "included_on": "2026-09-01", "preferred_forms": [pupils.pk]},
        organization=world.school_a,
    )
    assert mentor_form.errors["preferred_forms"] == ["Эти формы — для другого участника: «Ученик – ученик»."]
    mentee_form = MenteeForm(
        data={
            "category": "young_teacher",
            "request_source": "self",
            "entered_on": "2026-09-01",
            "preferred_form": pupils.pk,
        },
        organization=world.school_a,
    )
    assert mentee_form.errors["preferred_form"] == ["Эти формы — для другого участника: «Ученик – ученик»."]


def test_the_base_import_refuses_a_form_the_mentor_cannot_work_in(client, world):
    client.force_login(world.curator)
    from mentoring.transfer import MentorResource

    row = {
        "Фамилия": "Кузнецова",
        "Имя": "Ольга",
        "Категория": "педагог",
        "Дата рождения": "1980-05-05",
        "Предпочитаемые формы": "Ученик – ученик",
        "Согласие на обработку ПДн, дата": "01.09.2026",
        "Письменное согласие на наставничество, дата": "02.09.2026",
    }
    upload(client, world, xlsx([row], headers=MentorResource.headers()), kind="mentors")
    report = BaseImport.objects.get().report
    assert report["valid"] == 0
    errors = dict(report["invalid"][0]["errors"])
    assert errors["Предпочитаемые формы"] == ["Эти формы — для другого участника: «Ученик – ученик»."]


def legacy_pair(world):
    """A pair made before forms named both sides: a teacher in «ученик – ученик»."""
    form = standard_form("student-student")
    teacher = teacher_mentor(world.school_a)
    mentee = MenteeFactory(person=child(world.school_a, grade=6), category="student")
    pair = Pair.objects.create(program=world.program, mentor=teacher, form=form, started_on=date(2026, 10, 1))
    pair.members.create(mentee=mentee, joined_on=date(2026, 10, 1))
    return pair


def test_the_data_migration_reports_pairs_that_do_not_fit_and_leaves_them(world, capsys):
    import importlib

    from django.apps import apps

    pair = legacy_pair(world)
    migration = importlib.import_module("mentoring.migrations.0010_mentoringform_mentor_categories")
    migration.two_sides(apps, None)

    report = capsys.readouterr().out
    assert "1 pair(s) whose form does not fit the mentor" in report
    assert f"pair {pair.pk} in {world.school_a.short_name}: «Ученик – ученик»" in report
    pair.refresh_from_db()
    assert (pair.form.code, pair.mentor.category) == ("student-student", "teacher")


def test_the_pair_page_says_a_legacy_pair_does_not_fit(client, world):
    pair = legacy_pair(world)
    client.force_login(world.curator)
    page = client.get(reverse("mentoring:pair_detail", args=[world.school_a.slug, pair.pk])).content.decode()
    assert 'data-testid="form-problems"' in page and "форма для наставников: обучающийся" in page


def test_a_kindergarten_program_takes_only_teachers_forms(world):
    from roadmap.forms import ProgramForm

    world.school_a.kind = "kindergarten"
    world.school_a.save()
    data = {
        "title": "Наставничество воспитателей",
        "period_start": "2026-09-01",
        "period_end": "2027-05-31",
        "status": "active",
        "roadmap_source": "empty",
        "forms": [standard_form("student-student").pk, standard_form("traditional").pk],
    }
    form = ProgramForm(data=data, organization=world.school_a, creating=True)
    assert form.errors["forms"] == [
        "Детский сад наставляет своих педагогов, а не детей: «Ученик – ученик» — формы для обучающихся."
    ]
    data["forms"] = [standard_form("traditional").pk]
    assert "forms" not in ProgramForm(data=data, organization=world.school_a, creating=True).errors


def test_a_category_cannot_change_under_a_working_pairs_form(world):
    from mentoring.forms import MenteeForm, MentorForm

    form = standard_form("teacher-pupil")
    world.program.forms.add(form)
    teacher, pupil = teacher_mentor(world.school_a), mentee_for(world, form)
    create_pair(program=world.program, mentor=teacher, mentees=[pupil], form=form, started_on=date(2026, 10, 1))

    edit = MentorForm(
        data={"category": "student", "capacity": 2, "included_on": "2026-09-01"},
        instance=teacher,
        organization=world.school_a,
    )
    assert "«Учитель – ученик» — форма для наставников: педагог" in edit.errors["category"][0]
    edit = MenteeForm(
        data={"category": "young_teacher", "request_source": "self", "entered_on": "2026-09-01"},
        instance=pupil,
        organization=world.school_a,
    )
    assert "«Учитель – ученик»" in edit.errors["category"][0]
    teacher.refresh_from_db()
    assert teacher.category == "teacher"


def test_a_college_student_who_finished_enters_the_mentor_base_as_a_college_student(world):
    from mentoring.services import enter_mentor_base

    world.school_a.kind = "college"
    world.school_a.save()
    mentee = MenteeFactory(
        person=PersonFactory(organization=world.school_a),
        category="student",
        status="completed",
        finished_on=date(2026, 11, 1),
    )
    assert enter_mentor_base(mentee.person).category == "college_student"
