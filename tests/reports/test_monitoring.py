"""The monitoring of a program against figures computed by hand: satisfaction by question and by form,
the curator's questionnaire, the SWOT texts, growth and response rates; the page and its permissions."""

import secrets
from datetime import date, timedelta

import pytest
import time_machine
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from mentoring.services import create_pair
from reports import monitoring
from surveys.models import Answer, Questionnaire, Response
from surveys.services import campaign_create
from tests.factories import MenteeFactory, PersonFactory, child, standard_form, teacher_mentor

TODAY = date(2026, 10, 10)
PUPILS = "Учитель – ученик"
TEACHERS = "Учитель – учитель"


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(TODAY, tick=False):
        yield


def builtin(code):
    return Questionnaire.objects.get(code=code, organization=None)


def launch(world, code, people, **fields):
    campaign, _links = campaign_create(
        program=world.program,
        questionnaire=builtin(code),
        title=fields.pop("title", code),
        opens_on=TODAY - timedelta(days=5),
        closes_on=TODAY + timedelta(days=5),
        anonymous=fields.pop("anonymous", False),
        phase=fields.pop("phase", ""),
        people=people,
        user=world.curator,
    )
    return campaign


def respond(campaign, person, values):
    """A submitted sheet: `values` maps a question's text to a number (scales), a text or a choice; the
    other required scale questions get 5. An anonymous campaign keeps no link to the person."""
    invitation = None if campaign.anonymous else campaign.invitations.get(person=person)
    response = Response.objects.create(
        campaign=campaign,
        questionnaire=campaign.questionnaire,
        invitation=invitation,
        sheet_key=secrets.token_hex(16),
        submitted_at=timezone.now(),
    )
    answers = []
    for q in campaign.questionnaire.questions.all():
        value = values.get(q.text, 5 if q.scale_max and q.required else None)
        if value is None:
            continue
        if q.scale_max or q.kind == "yesno":
            answers.append(Answer(response=response, question=q, number=value))
        elif q.kind in ("single", "multiple"):
            answers.append(Answer(response=response, question=q, choices=[value]))
        else:
            answers.append(Answer(response=response, question=q, text=value))
    Answer.objects.bulk_create(answers)
    return response


@pytest.fixture
def monitored(world):
    return build_monitored(world)


def build_monitored(world):
    """School A's program: three pupils in «учитель – ученик» pairs and a young teacher in an
    «учитель – учитель» one; questionnaires answered with numbers chosen for hand computation."""
    pupils_form, teachers_form = standard_form("teacher-pupil"), standard_form("teacher-teacher")
    world.program.forms.add(pupils_form, teachers_form)
    mentees, mentors = [], []
    for name in ("Абрамов", "Белова", "Воронин"):
        mentee = MenteeFactory(person=child(world.school_a, grade=7, last_name=name), category="student")
        mentor = teacher_mentor(world.school_a)
        create_pair(
            program=world.program, mentor=mentor, mentees=[mentee], form=pupils_form, started_on=date(2026, 10, 1)
        )
        mentees.append(mentee.person)
        mentors.append(mentor.person)
    teacher = MenteeFactory(person=PersonFactory(organization=world.school_a, last_name="Гусева"))
    mentor = teacher_mentor(world.school_a)
    create_pair(
        program=world.program, mentor=mentor, mentees=[teacher], form=teachers_form, started_on=date(2026, 10, 1)
    )
    mentees.append(teacher.person)
    mentors.append(mentor.person)
    a, b, c, t = mentees

    entry = launch(world, "mentee-needs", [a, b], title="Входное анкетирование", phase="entry")
    respond(entry, a, {"Насколько вы уверены в себе и своих силах?": 4})
    respond(entry, b, {"Насколько вы уверены в себе и своих силах?": 6})

    exit_ = launch(world, "mentee-satisfaction", mentees, title="Итоговое анкетирование", phase="exit")
    effective, comfort = "Эффективность программы наставничества", "Комфортность общения с наставником"
    confidence = "Насколько вы уверены в себе и своих силах?"
    respond(exit_, a, {effective: 8, comfort: 9, confidence: 7})
    respond(exit_, b, {effective: 6, comfort: 7, confidence: 8})
    respond(exit_, t, {effective: 10, comfort: 5, confidence: 9})  # Воронин (c) has not answered

    # Small anonymous groups, as made before the minimum group existed (tests/surveys/test_anonymity).
    with override_settings(SURVEY_ANONYMITY_MIN_GROUP=1):
        mentors_campaign = launch(world, "mentor-satisfaction", mentors, title="Анкета наставников", anonymous=True)
    respond(mentors_campaign, None, {"Поддержка куратора": 10})
    respond(mentors_campaign, None, {"Поддержка куратора": 8})

    curator = PersonFactory(organization=world.school_a, last_name="Петрова")
    curator_campaign = launch(world, "curator", [curator], title="Анкета куратора")
    respond(
        curator_campaign,
        curator,
        {"Поддержка администрации": 4, "Сильные и слабые стороны программы": "Высокая вовлечённость наставников"},
    )

    group = PersonFactory(organization=world.school_a, last_name="Рабочая группа")
    with override_settings(SURVEY_ANONYMITY_MIN_GROUP=1):
        swot = launch(world, "swot", [curator, group], title="SWOT-анализ", anonymous=True)
    respond(
        swot,
        None,
        {
            "Форма наставничества": PUPILS,
            "Сильные стороны": "Дети помогают друг другу",
            "Угрозы": "Нехватка времени у наставников",
        },
    )
    respond(swot, None, {"Форма наставничества": TEACHERS, "Сильные стороны": "Опыт наставника"})
    world.exit_campaign, world.mentors_campaign, world.entry_campaign = exit_, mentors_campaign, entry
    return world


def row(rows, text):
    return next((r for r in rows if r["text"] == text), None)


def test_the_swot_questionnaire_is_built_in(db):
    swot = builtin("swot")
    assert swot.title == "SWOT-анализ реализуемой формы наставничества"
    assert (swot.audience, swot.stage) == ("curators", 7)
    kinds = list(swot.questions.order_by("section__position", "position").values_list("kind", "text"))
    assert kinds[0] == ("single", "Форма наставничества")
    assert kinds[1:] == [
        ("long", "Сильные стороны"),
        ("long", "Слабые стороны"),
        ("long", "Возможности"),
        ("long", "Угрозы"),
    ]
    assert PUPILS in swot.questions.get(kind="single").choices


def test_the_swot_questionnaire_is_in_the_list(client, world):
    client.force_login(world.curator)
    page = client.get(reverse("surveys:list", args=[world.school_a.slug])).content.decode()
    assert "SWOT-анализ реализуемой формы наставничества" in page


def test_satisfaction_by_question_and_by_form(monitored):
    data = monitoring.monitoring(monitored.program)
    mentees = data["satisfaction"]["mentees"]
    assert mentees["respondents"] == 3
    effective = row(mentees["questions"], "Эффективность программы наставничества")
    assert (effective["n"], effective["mean"], effective["scale"]) == (3, 8.0, 10)  # (8 + 6 + 10) / 3
    comfort = row(mentees["questions"], "Комфортность общения с наставником")
    assert comfort["mean"] == 7.0  # (9 + 7 + 5) / 3
    # Forms in their standard order: «учитель – учитель» comes before «учитель – ученик».
    assert [(c["form"], c["mean"], c["n"]) for c in effective["cells"]] == [
        (TEACHERS, 10.0, 1),
        (PUPILS, 7.0, 2),
        ("форма не указана", None, 0),
    ]
    assert [(c["form"], c["mean"]) for c in comfort["cells"]][:2] == [(TEACHERS, 5.0), (PUPILS, 8.0)]

    # The mentors' campaign is anonymous: every answer counts under «форма не указана».
    mentors = data["satisfaction"]["mentors"]
    support = row(mentors["questions"], "Поддержка куратора")
    assert (support["n"], support["mean"]) == (2, 9.0)
    assert data["forms"] == [TEACHERS, PUPILS, "форма не указана"]
    by_form = {f["form"]: f for f in data["by_form"]}
    assert by_form["форма не указана"]["mentees"] is None and by_form["форма не указана"]["mentors_n"] == 18
    # Form «учитель – ученик»: 9 satisfaction questions × 2 sheets; 8+6, 9+7 and the other 14 answers 5.
    # The three self-assessments (confidence 7+8 among them) measure growth, not satisfaction.
    assert by_form[PUPILS]["mentees_n"] == 18
    assert by_form[PUPILS]["mentees"] == round((8 + 6 + 9 + 7 + 14 * 5) / 18, 2)
    assert row(mentees["questions"], "Насколько вы уверены в себе и своих силах?") is None
    # The mentors' mean: 2 sheets × 9 questions, one question 10 and 8, the others 5.
    assert by_form["форма не указана"]["mentors"] == round((10 + 8 + 16 * 5) / 18, 2)
    assert mentors["mean"] == by_form["форма не указана"]["mentors"]


def test_curator_questionnaire_swot_and_growth(monitored):
    data = monitoring.monitoring(monitored.program)
    curator = data["curator"]
    assert row(curator["questions"], "Поддержка администрации")["mean"] == 4.0
    assert row(curator["questions"], "Поддержка администрации")["scale"] == 5
    assert curator["texts"] == [
        {"question": "Сильные и слабые стороны программы", "text": "Высокая вовлечённость наставников"}
    ]
    swot = {s["form"]: {p["code"]: p["texts"] for p in s["parts"]} for s in data["swot"]}
    assert list(swot) == [TEACHERS, PUPILS]
    assert swot[PUPILS] == {
        "strengths": ["Дети помогают друг другу"],
        "weaknesses": [],
        "opportunities": [],
        "threats": ["Нехватка времени у наставников"],
    }
    assert swot[TEACHERS]["strengths"] == ["Опыт наставника"]

    confidence = next(i for i in data["growth"]["indicators"] if i["code"] == "confidence")
    assert (confidence["entry"], confidence["exit"], confidence["change"]) == (5.0, 8.0, 3.0)  # (4+6)/2 → (7+8+9)/3


def test_response_rate_per_campaign(monitored):
    rates = {c.title: (c.n_invited, c.n_submitted, c.rate) for c in monitoring.campaigns(monitored.program)}
    assert rates["Итоговое анкетирование"] == (4, 3, 75)
    assert rates["Анкета наставников"] == (4, 2, 50)
    assert rates["Входное анкетирование"] == (2, 2, 100)


def test_program_figures(monitored):
    figures = monitoring.program_figures(monitored.program)
    assert (figures["mentors"], figures["mentees"], figures["pairs"], figures["pairs_working"]) == (4, 4, 4, 4)
    assert [(r["form"], r["total"]) for r in figures["pairs_by_form"]] == [(TEACHERS, 1), (PUPILS, 3)]
    stage1 = figures["stages"][0]["progress"]
    assert (stage1.total, stage1.done, stage1.overdue) == (1, 0, 1)  # the world's activity was due 30.09.2026
    assert figures["progress"].overdue == 1


def test_the_queries_do_not_grow_with_the_responses(monitored):
    with CaptureQueriesContext(connection) as few:
        monitoring.monitoring(monitored.program)
    for i in range(5):
        person = PersonFactory(organization=monitored.school_a)
        monitored.exit_campaign.invitations.create(person=person, token_hash=f"extra-{i}")
        respond(monitored.exit_campaign, person, {"Эффективность программы наставничества": 3})
        respond(monitored.mentors_campaign, None, {})
    with CaptureQueriesContext(connection) as many:
        monitoring.monitoring(monitored.program)
    assert len(many.captured_queries) == len(few.captured_queries) <= 13


def test_the_monitoring_page(client, monitored):
    client.force_login(monitored.director)
    url = reverse("reports:program_monitoring", args=[monitored.school_a.slug, monitored.program.pk])
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Эффективность программы наставничества" in html
    assert "Дети помогают друг другу" in html
    assert "vendor/chartjs/chart.umd.min.js" in html
    assert 'data-testid="rate-' in html and "75%" in html
    assert reverse("reports:program_report_new", args=[monitored.school_a.slug, monitored.program.pk]) in html


def test_the_monitoring_page_permissions(client, monitored):
    url = reverse("reports:program_monitoring", args=[monitored.school_a.slug, monitored.program.pk])
    for role in ("curator_b", "foreign_coordinator", "outsider"):
        client.force_login(getattr(monitored, role))
        assert client.get(url).status_code == 404, role
    for role in ("mentor", "mentee"):
        client.force_login(getattr(monitored, role))
        assert client.get(url).status_code == 403, role
    client.force_login(monitored.curator)
    foreign = reverse("reports:program_monitoring", args=[monitored.school_a.slug, monitored.program_b.pk])
    assert client.get(foreign).status_code == 404
