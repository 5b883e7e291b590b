"""The district and school dashboards and the upward report, checked against figures counted by hand.

School A (20 students, 10 teachers) on the day of the test:
- stage 1: one activity done, one overdue (the world's), one cancelled → 1 of 2, 50 %, 1 overdue;
  stage 5: one done of one → 100 %. Total 2 of 3 done.
- mentees in working pairs: a student of 12 and one in grade 11 (no birth date, so 17) with a student
  mentor of 16; a child of 8 and a student of unknown age with a teacher; a young teacher of 25 with
  2 years and one of 40 with a teacher. A student of 14 waits for a pair; one of 13 left a pair.
  → 6 taking part; students counted for coverage: 12, 17 and the unknown one = 3 of 20 = 15 %;
  student mentors 1 of 20 = 5 %; young teachers 1 of 10 = 10 %.
- bases: 8 mentees (2 without a pair), 4 mentors; 3 pairs working (one more finished last month).
- satisfaction: mentees answered 8, 10, 6 and 5 on a 1–5 scale (= 10) → 8.5; mentors 9 and 5 → 7.0;
  all 48 / 6 = 8.0. An unsent sheet and the curator's questionnaire do not count.
- orders: one signed, one awaiting signature.
School B has no students on record (its coverage is unknown), and nothing else.
"""

import csv
import io
from datetime import datetime, timedelta
from urllib.parse import quote

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from mentoring.models import Meeting, Pair, PairMember
from orders.models import Order
from reports import upward
from reports.indicators import district_figures, organization_figures, years_before
from roadmap.models import ActivityStatus
from surveys.models import Answer, Campaign, Invitation, Question, Questionnaire, Response
from surveys.models import Section as QuestionnaireSection
from tests.factories import (
    ActivityFactory,
    MenteeFactory,
    MentorFactory,
    OrganizationFactory,
    PersonFactory,
    SectionFactory,
    member,
    standard_form,
)
from tests.sheets import libreoffice_russian_import

pytestmark = pytest.mark.django_db


def years_old(years, days=10):
    return years_before(timezone.localdate(), years) - timedelta(days=days)


def mentee(org, category="student", **person):
    person.setdefault("birth_date", None)
    return MenteeFactory(person=PersonFactory(organization=org, **person), category=category)


def pair(program, mentor, mentees, form, started_days_ago=60, finished_days_ago=None):
    today = timezone.localdate()
    finished = today - timedelta(days=finished_days_ago) if finished_days_ago is not None else None
    p = Pair.objects.create(
        program=program,
        mentor=mentor,
        form=standard_form(form),
        started_on=today - timedelta(days=started_days_ago),
        status="completed" if finished else "active",
        finished_on=finished,
    )
    for m in mentees:
        PairMember.objects.create(pair=p, mentee=m, joined_on=p.started_on, left_on=finished)
        if not finished:  # as `create_pair` does: a mentee in a working pair no longer waits for a mentor
            m.status = "paired"
            m.save(update_fields=["status"])
    return p


def answer_sheets(program, code, audience, sheets, *, submitted=True, kind=Question.Kind.SCALE10):
    questionnaire = Questionnaire.objects.create(
        organization=program.organization,
        code=code,
        title=code,
        audience=audience,
        version=1 + Questionnaire.objects.filter(organization=program.organization, code=code).count(),
    )
    section = QuestionnaireSection.objects.create(questionnaire=questionnaire, title="Оценки")
    today = timezone.localdate()
    campaign = Campaign.objects.create(
        organization=program.organization,
        program=program,
        questionnaire=questionnaire,
        title=f"Анкета {code}",
        opens_on=today - timedelta(days=5),
        closes_on=today + timedelta(days=5),
    )
    for i, numbers in enumerate(sheets):
        invitation = Invitation.objects.create(
            campaign=campaign,
            person=PersonFactory(organization=program.organization),
            token_hash=f"{code}-{campaign.pk}-{i}",
        )
        response = Response.objects.create(
            campaign=campaign,
            questionnaire=questionnaire,
            invitation=invitation,
            sheet_key=f"{code}-{campaign.pk}-{i}",
            submitted_at=timezone.now() if submitted else None,
        )
        for j, number in enumerate(numbers):
            question, _ = Question.objects.get_or_create(
                questionnaire=questionnaire, section=section, position=j, defaults={"kind": kind, "text": f"Вопрос {j}"}
            )
            Answer.objects.create(response=response, question=question, number=number)
    return campaign


@pytest.fixture
def district(world):
    return build_district(world)


def build_district(world):
    """The schools of the module's docstring (also the kept figures' tests' district)."""
    a, b = world.school_a, world.school_b
    a.student_count, a.teacher_count = 20, 10
    a.save()
    b.student_count, b.teacher_count = 0, 5
    b.save()
    program = world.program
    today = timezone.localdate()
    ActivityFactory(section=world.section, status=ActivityStatus.DONE, completed_at=timezone.now())
    ActivityFactory(section=world.section, status=ActivityStatus.CANCELLED)
    pairing = SectionFactory(program=program, stage=5, position=5, title="Формирование пар")
    ActivityFactory(
        section=pairing, title="Закрепление наставнических пар", status=ActivityStatus.DONE, completed_at=timezone.now()
    )

    m12 = mentee(a, birth_date=years_old(12))
    m17 = mentee(a, grade=11)
    m8 = mentee(a, birth_date=years_old(8))
    unknown = mentee(a)
    young = mentee(a, "young_teacher", birth_date=years_old(25), experience_years=2)
    older = mentee(a, "young_teacher", birth_date=years_old(40), experience_years=2)
    mentee(a, birth_date=years_old(14))  # waits for a pair
    left = mentee(a, birth_date=years_old(13))

    student_mentor = MentorFactory(person=PersonFactory(organization=a, birth_date=years_old(16)), category="student")
    teacher = MentorFactory(person=PersonFactory(organization=a), category="teacher", capacity=5)
    teacher2 = MentorFactory(person=PersonFactory(organization=a), category="teacher", capacity=5)
    MentorFactory(person=PersonFactory(organization=a), category="graduate")  # in the base, no pair

    group = pair(program, student_mentor, [m12, m17], "student-student")
    Meeting.objects.create(pair=group, held_on=today - timedelta(days=3), topic="Планирование")
    PairMember.objects.create(pair=group, mentee=left, joined_on=group.started_on, left_on=today - timedelta(days=30))
    pair(program, teacher, [m8, unknown], "teacher-pupil")
    teachers = pair(program, teacher2, [young, older], "traditional")
    Meeting.objects.create(pair=teachers, held_on=today - timedelta(days=1), topic="Урок")
    finished_mentee = mentee(a, birth_date=years_old(16))
    finished_mentee.status, finished_mentee.finished_on = "completed", today - timedelta(days=30)
    finished_mentee.save()
    pair(program, teacher2, [finished_mentee], "teacher-pupil", started_days_ago=200, finished_days_ago=30)

    answer_sheets(program, "mentee-satisfaction", "mentees", [[8, 10], [6]])
    answer_sheets(program, "mentee-satisfaction", "mentees", [[5]], kind=Question.Kind.SCALE5)
    answer_sheets(program, "mentee-satisfaction", "mentees", [[1, 1]], submitted=False)
    answer_sheets(program, "mentor-satisfaction", "mentors", [[9], [5]])
    answer_sheets(program, "curator", "curators", [[1, 1, 1]], kind=Question.Kind.SCALE5)

    common = {"organization": a, "program": program, "kind": "pairs", "title": "О закреплении пар", "preamble": "—"}
    Order.objects.create(**common, status="signed", year=today.year, number=1, signed_on=today)
    Order.objects.create(**common, status="submitted")
    # Another district's school: nothing of it may show.
    foreign_program = world.foreign_school.programs.create(
        title="Чужая", period_start=program.period_start, period_end=program.period_end
    )
    pair(
        foreign_program,
        MentorFactory(person=PersonFactory(organization=world.foreign_school)),
        [mentee(world.foreign_school, birth_date=years_old(12))],
        "student-student",
    )
    return world


def test_figures_of_one_school_match_the_hand_count(district):
    f = organization_figures(district.school_a)
    assert [(s.done, s.total, s.overdue) for s in f.stages] == [
        (1, 2, 1),
        (0, 0, 0),
        (0, 0, 0),
        (0, 0, 0),
        (1, 1, 0),
        (0, 0, 0),
        (0, 0, 0),
    ]
    assert (f.progress.done, f.progress.total, f.progress.percent, f.overdue) == (2, 3, 67, 1)
    assert (f.mentors, f.mentees, f.mentees_without_pair, f.pairs) == (4, 8, 2, 3)
    assert (f.participating_mentors, f.participating_mentees) == (3, 6)
    assert f.pairs_by_form == {"Ученик – ученик": 1, "Учитель – ученик": 1, "Традиционная (один на один)": 1}
    assert (f.student_mentees, f.student_count, f.mentee_coverage) == (3, 20, 15.0)
    assert (f.student_mentors, f.mentor_coverage) == (1, 5.0)
    assert (f.young_teachers, f.teacher_count, f.young_teacher_coverage) == (1, 10, 10.0)
    assert (f.satisfaction_mentees, f.satisfaction_mentors, f.satisfaction, f.satisfaction_answers) == (
        8.5,
        7.0,
        8.0,
        6,
    )
    assert (f.signed_orders, f.unsigned_orders) == (1, 1)


def test_a_school_without_a_student_count_has_no_coverage_rather_than_zero(district):
    f = organization_figures(district.school_b)
    assert f.mentee_coverage is None and f.mentor_coverage is None
    assert f.young_teacher_coverage == 0.0
    assert f.satisfaction is None


def test_district_totals_add_up_the_district_only(district):
    rows, total = district_figures(district.school_a.municipality)
    assert [r.organization for r in rows] == [district.school_a, district.school_b]
    assert (total.mentees, total.pairs, total.student_count, total.teacher_count) == (8, 3, 20, 15)
    assert (total.mentee_coverage, total.young_teacher_coverage, total.satisfaction) == (15.0, 6.7, 8.0)


def test_the_coordinator_sees_the_heat_map_and_the_figures(client, district):
    client.force_login(district.coordinator)
    response = client.get(reverse("reports:district_dashboard", args=[district.school_a.municipality.slug]))
    assert response.status_code == 200
    page = response.content.decode()
    row = page.split('data-org="school-a"')[1].split("</tr>")[0]
    assert 'data-stage="1"><a href="/o/school-a/dashboard/?stage=1"' in row
    assert "heat-late" in row.split('data-stage="1"')[0][-40:]
    assert "50%" in row and "100%" in row
    row = page.split('data-indicators-of="school-a"')[1].split("</tr>")[0]  # the people and results
    assert 'data-testid="mentee-coverage"><span class="text-nowrap">15,0%</span>' in row
    assert "3 из 20" in row and "1 из 10" in row
    assert 'data-testid="satisfaction">8,0' in row
    assert "Чужая" not in page


def test_filter_by_type_and_sort(client, district):
    OrganizationFactory(municipality=district.school_a.municipality, kind="kindergarten", short_name="МБДОУ «Сказка»")
    client.force_login(district.coordinator)
    url = reverse("reports:district_dashboard", args=[district.school_a.municipality.slug])
    page = client.get(url, {"kind": "kindergarten"}).content.decode()
    assert "МБДОУ «Сказка»" in page and 'data-org="school-a"' not in page
    page = client.get(url, {"sort": "satisfaction", "dir": "desc"}).content.decode()
    assert page.index('data-org="school-a"') < page.index('data-org="school-b"')
    page = client.get(url, {"sort": "mentees"}).content.decode()
    assert page.index('data-org="school-b"') < page.index('data-org="school-a"')


def test_the_district_dashboard_costs_the_same_queries_for_more_schools(client, district):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(district.coordinator)
    url = reverse("reports:district_dashboard", args=[district.school_a.municipality.slug])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for i in range(5):
        school = OrganizationFactory(municipality=district.school_a.municipality)
        program = school.programs.create(
            title=f"П{i}", period_start=district.program.period_start, period_end=district.program.period_end
        )
        ActivityFactory(section=SectionFactory(program=program, stage=2))
        pair(
            program,
            MentorFactory(person=PersonFactory(organization=school)),
            [mentee(school, birth_date=years_old(11))],
            "student-student",
        )
        answer_sheets(program, "mentee-satisfaction", "mentees", [[7]])
    # The new schools' figures are kept once (here by the page that finds them missing; in use, by the
    # refresh after the changes commit); from then on the page reads rows, whatever their number.
    with CaptureQueriesContext(connection) as first:
        assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)
    assert len(few) <= 20
    assert len(first) > len(many)  # counting the missing ones costs more than reading the kept rows


def test_the_school_dashboard_puts_what_needs_doing_first(client, district):
    client.force_login(district.curator)
    response = client.get(reverse("reports:organization_dashboard", args=[district.school_a.slug]))
    page = response.content.decode()
    attention = page.split('data-testid="attention"')[1].split('data-testid="figures"')[0]
    overdue = attention.split('data-testid="attention-overdue"')[1].split("</li>\n")[0]
    assert district.activity.title[:40] in overdue
    campaigns = attention.split('data-testid="attention-campaigns"')[1]
    assert "Анкета mentee-satisfaction" in campaigns  # the unsent sheet: not everyone has answered
    assert "О закреплении пар" in attention.split('data-testid="attention-orders"')[1]
    unpaired = attention.split('data-testid="attention-unpaired"')[1].split("</li>")[0]
    assert ">2</span>" in unpaired
    quiet = attention.split('data-testid="attention-quiet"')[1].split("</li>")[0]
    assert ">1</span>" in quiet  # the teacher–pupil pair: no meeting in 60 days; the others met this week
    figures = page.split('data-testid="figures"')[1]
    assert 'data-testid="progress">67%' in figures
    assert 'data-testid="people">4 / 8' in figures
    assert "15,0%" in figures and "5,0%" in figures and "10,0%" in figures
    assert 'data-testid="satisfaction">8,0' in figures


def test_drilling_down_a_stage_lists_its_activities(client, district):
    client.force_login(district.coordinator)
    page = client.get(
        reverse("reports:organization_dashboard", args=[district.school_a.slug]), {"stage": 5}
    ).content.decode()
    block = page.split('data-testid="stage-activities"')[1]
    assert "Формирование наставнических пар / групп" in block
    assert "Закрепление наставнических пар" in block
    assert district.activity.title[:40] not in block
    assert "← Сводка по району" in page


def test_a_coordinator_sees_counts_but_no_names_of_pairs(client, district):
    client.force_login(district.coordinator)
    page = client.get(reverse("reports:organization_dashboard", args=[district.school_a.slug])).content.decode()
    quiet = page.split('data-testid="attention-quiet"')[1].split("</li>")[0]
    assert ">1</span>" in quiet and "<a " not in quiet


def test_upward_csv_has_stable_codes_and_the_hand_counted_figures(client, district):
    client.force_login(district.coordinator)
    url = reverse("reports:district_upward", args=[district.school_a.municipality.slug])
    response = client.get(url, {"on": timezone.localdate().isoformat(), "format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert list(rows[0])[:4] == ["date", "organization", "organization_full_name", "organization_type"]
    a = next(r for r in rows if r["organization"] == district.school_a.short_name)
    expected = {
        "mentees_total": "6",
        "mentees_students": "4",
        "mentees_students_age_lt10": "1",
        "mentees_students_age_10_14": "1",
        "mentees_students_age_15_18": "1",
        "mentees_students_age_unknown": "1",
        "mentees_young_teachers": "1",
        "mentees_teachers": "1",
        "mentors_total": "3",
        "mentors_teachers": "2",
        "mentors_students": "1",
        "mentors_external": "0",
        "pairs_total": "3",
        "form_student_student_pairs": "1",
        "form_student_student_mentees": "2",
        "form_teacher_pupil_pairs": "1",
        "form_traditional_mentees": "2",
        # Decimal commas, as Russian Excel reads numbers (the codes and the «;» are the contract).
        "coverage_mentees_pct": "15,0",
        "coverage_mentors_pct": "5,0",
        "coverage_young_teachers_pct": "10,0",
    }
    assert {k: a[k] for k in expected} == expected
    total = rows[-1]
    assert total["organization"] == "Итого" and total["mentees_total"] == "6" and total["teacher_count"] == "15"
    assert not any(r["organization"] == "МБОУ «Чужая СОШ»" for r in rows)


def test_the_upward_csv_opens_in_russian_libreoffice_with_numbers_as_numbers(client, district):
    client.force_login(district.coordinator)
    url = reverse("reports:district_upward", args=[district.school_a.municipality.slug])
    on = timezone.localdate()

    response = client.get(url, {"on": on.isoformat(), "format": "csv"})

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert (
        f'filename="uchastniki-{district.school_a.municipality.slug}-{on:%Y-%m-%d}.csv"'
        in (response["Content-Disposition"])
    )
    assert "filename*=UTF-8''" + quote("Участники наставничества") in response["Content-Disposition"]
    rows = libreoffice_russian_import(response.content)
    codes = [c.value for c in rows[0]]
    assert codes == ["date", *upward.CODES]  # one code a column: «;» is the separator
    a = dict(zip(codes, rows[1:][[r[1].value for r in rows[1:]].index(district.school_a.short_name)], strict=True))
    assert a["date"].value == datetime(on.year, on.month, on.day)
    assert a["mentees_total"].value == 6 and a["mentees_total"].data_type == "n"
    assert a["coverage_mentees_pct"].value == 15.0 and a["coverage_mentees_pct"].data_type == "n"
    assert a["coverage_mentors_pct"].value == 5.0


def test_upward_figures_on_an_earlier_date(client, district):
    """Forty days ago the mentee who left a month ago was still in the group, and the finished pair worked."""
    client.force_login(district.coordinator)
    url = reverse("reports:district_upward", args=[district.school_a.municipality.slug])
    on = timezone.localdate() - timedelta(days=40)
    response = client.get(url, {"on": on.isoformat(), "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content))["Участники"]
    codes = [c.value for c in sheet[3]]
    a = dict(zip(codes, [c.value for c in sheet[4]], strict=True))
    assert sheet["A2"].value == "Организация"
    assert a["organization"] == district.school_a.short_name
    assert (a["mentees_total"], a["pairs_total"], a["mentors_total"]) == (8, 4, 3)
    assert a["mentees_students_age_10_14"] == 2  # 12 and 13
    assert a["mentees_students_age_15_18"] == 2  # grade 11, and the finished mentee of 15


def test_upward_page_shows_the_table_and_rejects_a_bad_date_kindly(client, district):
    client.force_login(district.coordinator)
    url = reverse("reports:district_upward", args=[district.school_a.municipality.slug])
    page = client.get(url, {"on": "31.02.2026"}).content.decode()
    assert "Дата не распознана" in page
    assert "Итого" in page and district.school_a.short_name in page


def test_a_curator_cannot_see_the_district_dashboard(client, district):
    client.force_login(district.curator)
    assert (
        client.get(reverse("reports:district_dashboard", args=[district.school_a.municipality.slug])).status_code == 404
    )
    client.force_login(district.mentor)
    assert client.get(reverse("reports:organization_dashboard", args=[district.school_a.slug])).status_code == 403


def test_the_director_sees_the_school_dashboard(client, district):
    client.force_login(member(district.school_a, "director", email="d2@a.test"))
    assert client.get(reverse("reports:organization_dashboard", args=[district.school_a.slug])).status_code == 200


@pytest.mark.parametrize("query", [{"stage": "²"}, {"stage": "99999999999999999999"}, {"stage": "abc"}])
def test_odd_stage_parameters_show_the_dashboard(client, district, query):
    client.force_login(district.curator)
    response = client.get(reverse("reports:organization_dashboard", args=[district.school_a.slug]), query)
    assert response.status_code == 200 and 'data-testid="stage-activities"' not in response.content.decode()


@pytest.mark.parametrize("on", ["0001-01-01", "0010-02-03", "9999-12-31", "2026-13-01"])
def test_an_implausible_date_falls_back_to_today(client, district, on):
    client.force_login(district.coordinator)
    url = reverse("reports:district_upward", args=[district.school_a.municipality.slug])
    assert "Дата не распознана" in client.get(url, {"on": on}).content.decode()
    assert client.get(url, {"on": on, "format": "csv"}).status_code == 200


def test_on_the_day_a_pair_finishes_neither_it_nor_its_mentees_count(client, district):
    """The finished pair of the hand count ended 30 days ago; on that day it no longer works, and its
    mentee (who left the same day) is not counted either: pairs and mentees agree."""
    client.force_login(district.coordinator)
    url = reverse("reports:district_upward", args=[district.school_a.municipality.slug])
    on = timezone.localdate() - timedelta(days=30)
    rows = list(
        csv.DictReader(
            io.StringIO(client.get(url, {"on": on.isoformat(), "format": "csv"}).content.decode("utf-8-sig")),
            delimiter=";",
        )
    )
    a = next(r for r in rows if r["organization"] == district.school_a.short_name)
    assert (a["pairs_total"], a["mentees_total"]) == ("3", "6")


def test_college_students_mentor_a_school_from_outside(district):
    """«Студент – ученик»: a college student mentoring the school's pupils is not one of its students."""
    college_mentor = MentorFactory(
        person=PersonFactory(organization=district.school_a, birth_date=years_old(17)), category="college_student"
    )
    pair(district.program, college_mentor, [mentee(district.school_a, birth_date=years_old(11))], "student-pupil")
    f = organization_figures(district.school_a)
    assert (f.participating_mentors, f.student_mentors) == (4, 1)
