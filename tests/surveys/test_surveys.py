"""Questionnaires from the builder to the results: versions, personal links, anonymity, answers kept as
they are given, aggregates against values computed by hand, growth, the export, the district's view."""

import io
import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from surveys import results, services
from surveys.models import Answer, Campaign, Invitation, Questionnaire, Response, token_hash
from tests.factories import OrganizationFactory, PersonFactory, teacher_mentor
from tests.sheets import PAYLOADS, assert_xlsx_keeps_as_text

from .conftest import TODAY


def builtin(code):
    return Questionnaire.objects.get(code=code, organization=None)


def launch(world, people, code="mentee-satisfaction", **fields):
    defaults = {"title": "Итоговое анкетирование", "opens_on": TODAY, "closes_on": TODAY + timedelta(days=7)}
    defaults.update(fields)
    return services.campaign_create(
        program=world.program,
        questionnaire=builtin(code) if isinstance(code, str) else code,
        anonymous=defaults.pop("anonymous", False),
        phase=defaults.pop("phase", ""),
        people=people,
        user=world.curator,
        **defaults,
    )


def answer_all(client, token, values):
    """Fill the whole sheet through the pages, as a respondent would: `values` maps question text to a value."""
    url = reverse("surveys:sheet", args=[token])
    page = client.get(url)
    assert page.status_code == 200
    campaign, response = services.sheet_open(token)
    sections = list(campaign.questionnaire.sections.prefetch_related("questions"))
    for number, section in enumerate(sections, start=1):
        data = {"page": number, "action": "submit" if number == len(sections) else "next"}
        for q in section.questions.all():
            value = values.get(q.text, default_answer(q))
            if value is not None:
                data[f"q{q.pk}"] = value
        reply = client.post(url, data)
        assert reply.status_code == 302, reply.content.decode()[:3000]
    return Response.objects.get(pk=response.pk)


def default_answer(q):
    if q.scale_max:
        return "5"
    if q.kind == "yesno":
        return "yes"
    if q.kind in ("single", "multiple"):
        return q.choices[0]
    return None


def test_the_builtin_questionnaires_of_the_target_model_are_installed(db):
    codes = set(Questionnaire.objects.filter(organization=None).values_list("code", flat=True))
    assert codes == {
        "mentee-needs",
        "mentor-usefulness",
        "preferences",
        "feedback",
        "mentee-satisfaction",
        "mentor-satisfaction",
        "curator",
        "swot",
    }
    satisfaction = builtin("mentee-satisfaction")
    assert satisfaction.questions.filter(kind="scale10").count() == 12
    assert set(satisfaction.questions.exclude(indicator="").values_list("indicator", flat=True)) == {
        "confidence",
        "motivation",
        "communication",
    }


def test_editing_an_answered_questionnaire_makes_a_new_version_and_old_answers_stay(client, world, pupils):
    own = services.questionnaire_copy(builtin("feedback"), organization=world.school_a)
    data = {
        "section": "Дополнительно",
        "kind": "yesno",
        "text": "Встречи проходят регулярно?",
        "help_text": "",
        "required": False,
        "choices": [],
        "low_label": "",
        "high_label": "",
        "indicator": "",
    }
    assert services.question_save(own, data=data) == own  # nothing answered yet: the same version

    campaign, links = launch(world, pupils[:1], code=own)
    response = answer_all(client, links[0][1], {})
    first_question = own.questions.order_by("section__position", "position").first()

    newer = services.question_save(
        own, question=first_question, data={**data, "kind": "scale10", "text": "Насколько эффективны встречи сейчас?"}
    )

    assert (newer.version, newer.previous) == (2, own)
    assert own.questions.get(pk=first_question.pk).text == "Насколько эффективны ваши встречи?"
    assert (
        newer.questions.order_by("section__position", "position").first().text == "Насколько эффективны встречи сейчас?"
    )
    assert response.answers.filter(question=first_question).exists()  # the answer stays with version 1
    with pytest.raises(ValidationError, match="Это старая версия"):
        services.question_save(own, data=data)


def test_a_child_answers_through_the_personal_link_without_an_account(
    client, world, pupils, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        campaign, links = launch(world, pupils)

    assert {m.to[0] for m in mail.outbox} == {"абрамов@parents.test", "белова@parents.test", "воронин@parents.test"}
    token = links[0][1]
    assert token in mail.outbox[0].body or any(token in m.body for m in mail.outbox)
    response = answer_all(client, token, {"Насколько оправдались ожидания": "9", "Что было самым ценным?": "Проект"})

    assert response.submitted_at is not None and response.invitation.person == pupils[0]
    assert response.answers.get(question__text="Насколько оправдались ожидания").number == 9
    assert Response.objects.count() == 1


def test_answers_are_saved_as_they_are_given_and_kept_on_reload(client, world, pupils):
    campaign, links = launch(world, pupils[:1])
    token = links[0][1]
    q = campaign.questionnaire.questions.get(text="Был ли у вас опыт наставничества до этой программы?")

    reply = client.post(reverse("surveys:sheet_answer", args=[token, q.pk]), {f"q{q.pk}": "yes"})

    assert "сохранено" in reply.content.decode()
    page = client.get(reverse("surveys:sheet", args=[token])).content.decode()
    assert re.search(rf'id="q{q.pk}-yes" value="yes" checked', page)


def test_bad_answers_are_explained_next_to_the_question_and_nothing_typed_is_lost(client, world, pupils):
    campaign, links = launch(world, pupils[:1])
    token = links[0][1]
    url = reverse("surveys:sheet", args=[token])
    section = campaign.questionnaire.sections.get(title="Оцените от 1 до 10")
    scale, *others = list(section.questions.all())
    client.get(url)

    reply = client.post(url, {"page": 2, "action": "next", f"q{scale.pk}": "11", f"q{others[0].pk}": "7"})

    page = reply.content.decode()
    assert reply.status_code == 200 and "Выберите число от 1 до 10." in page
    assert "Этот вопрос требует ответа." in page  # the other required ones of the page
    assert re.search(rf'id="q{others[0].pk}-7" value="7" checked', page)  # what was typed is kept
    assert Answer.objects.filter(question=others[0], number=7).exists()
    assert not Answer.objects.filter(question=scale).exists()

    long = campaign.questionnaire.questions.get(text="Что было самым ценным?")
    reply = client.post(reverse("surveys:sheet_answer", args=[token, long.pk]), {f"q{long.pk}": "я" * 4001})
    assert "Ответ слишком длинный: 4001 символов, не больше 4000." in reply.content.decode()


def test_submitting_twice_from_two_tabs_keeps_one_response(client, world, pupils):
    campaign, links = launch(world, pupils[:1], code="feedback")
    token = links[0][1]
    answer_all(client, token, {})
    answer_all(client, token, {"Насколько эффективны ваши встречи?": "8"})

    assert Response.objects.count() == 1
    assert Answer.objects.filter(question__text="Насколько эффективны ваши встречи?").get().number == 8


def test_invalid_closed_and_replaced_links_say_so_and_reveal_nothing(client, world, pupils):
    campaign, links = launch(world, pupils[:2])

    for bad in ("x" * 32, "", "%00"):
        page = client.get(f"/s/{bad}/") if bad else None
        if page is not None:
            assert page.status_code == 404
            assert "недействительна" in page.content.decode() and "Абрамов" not in page.content.decode()

    new = dict((p.pk, t) for p, t in services.campaign_remind(campaign))
    old_token = links[0][1]
    assert client.get(reverse("surveys:sheet", args=[old_token])).status_code == 404
    assert client.get(reverse("surveys:sheet", args=[new[pupils[0].pk]])).status_code == 200

    with time_machine.travel(TODAY + timedelta(days=8), tick=False):
        page = client.get(reverse("surveys:sheet", args=[new[pupils[0].pk]]))
        assert page.status_code == 404 and "Анкета закрыта 17.10.2026" in page.content.decode()
        q = campaign.questionnaire.questions.first()
        assert (
            client.post(reverse("surveys:sheet_answer", args=[new[pupils[0].pk], q.pk]), {f"q{q.pk}": "5"}).status_code
            == 404
        )


def test_an_anonymous_campaign_keeps_no_path_from_a_response_to_a_person(client, world, pupils, settings):
    settings.SURVEY_ANONYMITY_MIN_GROUP = 3  # a district that allows groups of three (tests/surveys/test_anonymity)
    campaign, links = launch(world, pupils, anonymous=True)
    for _person, token in links[:2]:
        answer_all(client, token, {})

    responses = list(Response.objects.filter(campaign=campaign))
    assert len(responses) == 2 and all(r.invitation_id is None for r in responses)
    stored = {i.token_hash for i in Invitation.objects.filter(campaign=campaign)}
    assert not stored & {r.sheet_key for r in responses}
    assert not any(token in stored for _p, token in links)  # no token is kept in the database
    response_fields = {f.name for f in Response._meta.get_fields()}
    assert not response_fields & {"person", "user"}
    assert results.not_answered(campaign) is None
    assert results.campaign_results(campaign)["rate"] == 67  # the response rate is still known
    client.force_login(world.curator)
    page = client.get(campaign.get_absolute_url()).content.decode()
    assert "Анонимно: кто ответил, неизвестно" in page and "Абрамов" not in page


def test_the_results_match_values_computed_by_hand(client, world, pupils):
    campaign, links = launch(world, pupils, code="feedback")
    scale = "Насколько эффективны ваши встречи?"
    for (_p, token), value, text in zip(links, ("2", "9", "10"), ("Больше встреч", "", "Всё хорошо"), strict=True):
        answer_all(client, token, {scale: value, "Что стоит изменить?": text or None})

    data = results.campaign_results(campaign)
    row = next(r for r in data["rows"] if r["question"].text == scale)
    assert row["counts"] == [0, 1, 0, 0, 0, 0, 0, 0, 1, 1]
    assert (row["mean"], row["median"], row["answered"]) == (7.0, 9, 3)
    texts = next(r for r in data["rows"] if r["question"].text == "Что стоит изменить?")
    assert sorted(texts["texts"]) == ["Больше встреч", "Всё хорошо"]
    assert (data["invited"], data["submitted"], data["rate"]) == (3, 3, 100)
    assert results.median_of({1: 1, 3: 1}) == 2
    assert results.median_of({4: 2, 5: 1}) == 4


def test_choices_and_who_has_not_answered(client, world, pupils):
    campaign, links = launch(world, pupils, code="mentee-needs")
    helps = "В чём вам нужна помощь?"
    answer_all(client, links[0][1], {helps: ["Учёба и оценки", "Спорт"]})
    answer_all(client, links[1][1], {helps: ["Спорт"]})

    data = results.campaign_results(campaign)
    row = next(r for r in data["rows"] if r["question"].text == helps)
    assert dict(zip(row["labels"], row["counts"], strict=True))["Спорт"] == 2
    assert dict(zip(row["labels"], row["counts"], strict=True))["Учёба и оценки"] == 1
    assert [i.person for i in results.not_answered(campaign)] == [pupils[2]]


def test_growth_from_entry_to_exit_per_program_and_per_mentee(client, world, pupils):
    entry, entry_links = launch(world, pupils[:2], code="mentee-needs", phase="entry", title="Входное")
    exit_, exit_links = launch(world, pupils[:2], code="mentee-satisfaction", phase="exit", title="Итоговое")
    confidence = "Насколько вы уверены в себе и своих силах?"
    for (_p, token), value in zip(entry_links, ("3", "5"), strict=True):
        answer_all(client, token, {confidence: value})
    for (_p, token), value in zip(exit_links, ("7", "6"), strict=True):
        answer_all(client, token, {confidence: value})

    data = results.growth(world.program)

    item = next(i for i in data["indicators"] if i["code"] == "confidence")
    assert (item["entry"], item["exit"], item["change"]) == (4, 6.5, 2.5)
    person = next(p for p in data["people"] if p["name"] == pupils[0].full_name)
    assert person["changes"]["confidence"] == {"entry": 3, "exit": 7, "change": 4}
    client.force_login(world.director)
    page = client.get(reverse("surveys:growth", args=[world.school_a.slug, world.program.pk])).content.decode()
    # Means to two decimals in every row, so that «8» and «8,44» do not stand in one column.
    assert ">4,00<" in page and ">6,50<" in page and ">+2,50<" in page


def test_the_xlsx_has_the_raw_answers_and_the_summary(client, world, pupils):
    campaign, links = launch(world, pupils[:2], code="feedback")
    answer_all(client, links[0][1], {"Насколько эффективны ваши встречи?": "4", "Что стоит изменить?": "Время"})
    answer_all(client, links[1][1], {"Насколько эффективны ваши встречи?": "6"})
    client.force_login(world.curator)

    book = load_workbook(
        io.BytesIO(client.get(reverse("surveys:campaign_export", args=[world.school_a.slug, campaign.pk])).content)
    )

    raw = list(book["Ответы"].iter_rows(values_only=True))
    assert raw[0][:3] == ("ФИО", "Отправлено (Europe/Moscow, UTC+03:00)", "Насколько эффективны ваши встречи?")
    assert sorted((r[0], r[2]) for r in raw[1:]) == sorted([(pupils[0].full_name, 4), (pupils[1].full_name, 6)])
    # Moscow time as Excel holds it: no zone, no microseconds.
    sent = Response.objects.filter(campaign=campaign).order_by("submitted_at", "pk").first().submitted_at
    assert raw[1][1] == timezone.localtime(sent).replace(tzinfo=None, microsecond=0)
    assert raw[1][1] != sent.replace(tzinfo=None, microsecond=0)  # not UTC
    summary = list(book["Сводка"].iter_rows(values_only=True))
    assert summary[0][:4] == ("Приглашено", 2, "Ответили", 2)
    assert next(r for r in summary if r[0] == "Насколько эффективны ваши встречи?")[1:4] == (2, 5, 5)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_formula_typed_as_an_answer_stays_text_in_the_xlsx(client, world, pupils, payload):
    campaign, links = launch(world, pupils[:1], code="feedback")
    answer_all(client, links[0][1], {"Что стоит изменить?": payload + " и время"})
    client.force_login(world.curator)

    content = client.get(reverse("surveys:campaign_export", args=[world.school_a.slug, campaign.pk])).content

    typed = Answer.objects.get(response__campaign=campaign, text__contains="и время").text  # as the form kept it
    assert_xlsx_keeps_as_text(content, [typed])


def test_the_coordinator_compares_the_schools_on_one_questionnaire(client, world, pupils, settings):
    settings.SURVEY_ANONYMITY_MIN_GROUP = 1
    campaign, links = launch(world, pupils[:2], code="feedback")
    answer_all(client, links[0][1], {"Насколько эффективны ваши встречи?": "4"})
    answer_all(client, links[1][1], {"Насколько эффективны ваши встречи?": "8"})
    other = PersonFactory(organization=world.school_b)
    program_b = world.program_b
    campaign_b = services.campaign_create(
        program=program_b,
        questionnaire=builtin("feedback"),
        title="Обратная связь",
        opens_on=TODAY,
        closes_on=TODAY + timedelta(days=3),
        anonymous=True,
        phase="",
        people=[other],
        user=world.curator_b,
    )
    answer_all(client, campaign_b[1][0][1], {"Насколько эффективны ваши встречи?": "10"})
    quiet = OrganizationFactory(municipality=world.school_a.municipality, short_name="МБОУ «Тихая СОШ»")
    client.force_login(world.coordinator)

    page = client.get(
        reverse("surveys:district_compare", args=[world.school_a.municipality.slug]), {"code": "feedback"}
    )

    table = results.district_comparison(world.school_a.municipality, "feedback")
    column = [q["text"] for q in table["questions"]].index("Насколько эффективны ваши встречи?")
    means = {r["organization"]: r["means"][column] for r in table["rows"]}
    assert means == {world.school_a.short_name: 6.0, world.school_b.short_name: 10.0}
    html = page.content.decode()
    assert world.school_b.short_name in html
    assert "МБОУ «Чужая СОШ»" not in html
    # The schools without an answer are named, not left out; each question says its scale.
    assert quiet.short_name in table["without_answers"] and world.school_a.short_name not in table["without_answers"]
    assert "Нет ответов на эту анкету" in html and "Тихая СОШ" in html
    assert "Насколько эффективны ваши встречи? <span" in html and "(1–10)" in html


def test_the_results_page_runs_a_fixed_number_of_queries(client, world, pupils):
    campaign, links = launch(world, pupils[:1], code="mentee-satisfaction")
    client.force_login(world.curator)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(campaign.get_absolute_url()).status_code == 200
        return len(captured)

    answer_all(client, links[0][1], {})
    few = queries()
    more = [PersonFactory(organization=world.school_a) for _ in range(5)]
    tokens = services.campaign_create(
        program=world.program,
        questionnaire=campaign.questionnaire,
        title="x",
        opens_on=TODAY,
        closes_on=TODAY,
        anonymous=False,
        phase="",
        people=more,
        user=world.curator,
    )[1]
    Campaign.objects.filter(title="x").update(title="y")
    for _p, token in tokens:
        _c, response = services.sheet_open(token)
        Response.objects.filter(pk=response.pk).update(campaign=campaign, submitted_at=campaign.created_at)
        for q in campaign.questionnaire.questions.filter(kind="scale10"):
            Answer.objects.create(response=response, question=q, number=3)
    assert Response.objects.filter(campaign=campaign, submitted_at__isnull=False).count() == 6
    assert queries() == few


def test_the_curator_launches_a_campaign_in_the_browser_and_sees_the_links(
    client, world, pupils, django_capture_on_commit_callbacks
):
    client.force_login(world.curator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("surveys:campaign_new", args=[world.school_a.slug]),
            {
                "questionnaire": builtin("mentee-needs").pk,
                "program": world.program.pk,
                "title": "Анкета запросов, 7 класс",
                "opens_on": "2026-10-10",
                "closes_on": "2026-10-20",
                "phase": "entry",
                "audience": "program_mentees",
            },
            follow=True,
        )
    page = response.content.decode()
    assert response.redirect_chain[0][0].endswith("/links/")  # POST, then redirect: a reload launches nothing
    assert response.status_code == 200 and "Абрамов" in page and page.count("/s/") == 3
    campaign = Campaign.objects.get()
    assert (campaign.phase, campaign.invitations.count()) == ("entry", 3)
    assert len(mail.outbox) == 3
    token = re.search(r"/s/([\w-]+)/", page).group(1)
    assert Invitation.objects.filter(token_hash=token_hash(token, "invitation")).exists()
    assert not Invitation.objects.filter(token_hash=token).exists()


def test_people_with_an_account_are_reminded_before_the_close_date_until_they_answer(client, world, pupils, settings):
    settings.SURVEY_ANONYMITY_MIN_GROUP = 1
    from surveys.reminders import questionnaires, unanswered

    mentor = teacher_mentor(world.school_a)
    mentor.person.user = world.mentor
    mentor.person.save()
    campaign, links = launch(world, [mentor.person], code="mentor-satisfaction", closes_on=TODAY + timedelta(days=3))
    launch(
        world, [mentor.person], code="feedback", anonymous=True, closes_on=TODAY + timedelta(days=3), title="Анонимная"
    )

    [finding] = unanswered(TODAY)
    assert finding.user_id == world.mentor.pk and "Итоговое анкетирование" in finding.title
    assert list(unanswered(TODAY + timedelta(days=1))) == []  # two days before: not a reminder day
    assert [e.day for e in questionnaires(world.mentor)] == [TODAY + timedelta(days=3)] * 2

    answer_all(client, links[0][1], {})
    assert list(unanswered(TODAY)) == []


def test_the_curator_edits_a_question_of_their_copy_in_the_builder(client, world):
    own = services.questionnaire_copy(builtin("preferences"), organization=world.school_a)
    question = own.questions.get(text="Удобная форма встреч")
    client.force_login(world.curator)
    page = client.get(reverse("surveys:questionnaire", args=[world.school_a.slug, own.pk])).content.decode()
    assert "очно\nонлайн\nсмешанно</textarea>" in page

    client.post(
        reverse("surveys:question_save", args=[world.school_a.slug, own.pk]),
        {
            "question": question.pk,
            "section": "Ваш выбор",
            "kind": "multiple",
            "text": "Удобные форматы встреч",
            "choices": "очно\nонлайн",
            "required": "on",
        },
    )
    question.refresh_from_db()
    assert (question.kind, question.text, question.choices, question.required) == (
        "multiple",
        "Удобные форматы встреч",
        ["очно", "онлайн"],
        True,
    )
    response = client.post(
        reverse("surveys:question_save", args=[world.school_a.slug, own.pk]),
        {"question": question.pk, "section": "Ваш выбор", "kind": "single", "text": "Одна форма", "choices": "очно"},
        follow=True,
    )
    assert "хотя бы два" in response.content.decode()
    question.refresh_from_db()
    assert question.text == "Удобные форматы встреч"  # refused whole


def test_an_anonymous_reminder_reissues_no_link_so_nobody_answers_twice(
    client, world, pupils, django_capture_on_commit_callbacks, settings
):
    settings.SURVEY_ANONYMITY_MIN_GROUP = 3
    campaign, links = launch(world, pupils, anonymous=True, code="feedback")
    answer_all(client, links[0][1], {})
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        assert services.campaign_remind(campaign) == []

    assert len(mail.outbox) == 3 and all("/s/" not in m.body for m in mail.outbox)
    assert client.get(reverse("surveys:sheet", args=[links[0][1]])).status_code == 200  # the same link still works
    assert results.campaign_results(campaign)["submitted"] == 1


def test_the_links_of_an_anonymous_campaign_are_slips_without_names(client, world, pupils, settings):
    settings.SURVEY_ANONYMITY_MIN_GROUP = 3
    PersonFactory(organization=world.school_a, last_name="Безпочтин", email="")
    client.force_login(world.curator)
    page = client.post(
        reverse("surveys:campaign_new", args=[world.school_a.slug]),
        {
            "questionnaire": builtin("feedback").pk,
            "program": world.program.pk,
            "title": "Анонимная",
            "opens_on": "2026-10-10",
            "closes_on": "2026-10-20",
            "anonymous": "on",
            "audience": "program_mentees",
        },
        follow=True,
    ).content.decode()
    assert "Абрамов" not in page and page.count("/s/") == 0  # every pupil's parent was mailed
    assert "3 ссылки отправлены по почте" in page


def test_odd_input_on_the_public_sheet_never_breaks_it(client, world, pupils):
    campaign, links = launch(world, pupils[:1], code="feedback")
    url = reverse("surveys:sheet", args=[links[0][1]])
    assert client.get(url, {"page": "²"}).status_code == 200
    assert client.get(url, {"page": "9" * 5000}).status_code == 200
    assert client.post(url, {"page": "²", "action": "next"}).status_code == 200

    empty = services.questionnaire_copy(builtin("curator"), organization=world.school_a)
    for q in empty.questions.all():
        q.delete()
    with pytest.raises(ValidationError, match="нет вопросов"):
        launch(world, pupils[:1], code=empty)


def test_a_missing_answer_on_another_page_is_shown_where_it_is(client, world, pupils):
    campaign, links = launch(world, pupils[:1])
    url = reverse("surveys:sheet", args=[links[0][1]])
    client.get(url)
    last = list(campaign.questionnaire.sections.all())[-1]
    data = {"page": 4, "action": "submit"}
    for q in last.questions.all():
        if q.kind == "yesno":
            data[f"q{q.pk}"] = "yes"

    page = client.post(url, data).content.decode()

    assert "страница 1 из 4" in page and "Этот вопрос требует ответа." in page
    assert not Response.objects.get().submitted_at


def test_a_sent_required_answer_cannot_be_cleared_and_repeats_count_once(client, world, pupils):
    campaign, links = launch(world, pupils[:1], code="mentee-needs")
    response = answer_all(client, links[0][1], {})
    required = campaign.questionnaire.questions.get(text="Был ли у вас раньше наставник?")
    reply = client.post(reverse("surveys:sheet_answer", args=[links[0][1], required.pk]), {f"q{required.pk}": ""})
    assert "Этот вопрос требует ответа." in reply.content.decode()
    assert response.answers.filter(question=required).exists()

    helps = campaign.questionnaire.questions.get(text="В чём вам нужна помощь?")
    client.post(reverse("surveys:sheet_answer", args=[links[0][1], helps.pk]), {f"q{helps.pk}": ["Спорт", "Спорт"]})
    assert response.answers.get(question=helps).choices == ["Спорт"]
    row = next(r for r in results.campaign_results(campaign)["rows"] if r["question"] == helps)
    assert row["answered"] == 1


def test_editing_after_a_delete_and_an_add_finds_the_right_question(client, world, pupils):
    own = services.questionnaire_copy(builtin("feedback"), organization=world.school_a)
    data = {
        "section": "Как идёт работа",
        "kind": "yesno",
        "text": "Новый вопрос",
        "help_text": "",
        "required": False,
        "choices": [],
        "low_label": "",
        "high_label": "",
        "indicator": "",
    }
    services.question_delete(own, question=own.questions.get(text="Насколько понятны задачи?"))
    services.question_save(own, data=data)
    positions = list(own.questions.values_list("position", flat=True))
    assert len(positions) == len(set(positions))
    launch(world, pupils[:1], code=own)
    services.sheet_open(launch(world, pupils[1:2], code=own)[1][0][1])  # a sheet opened: answers exist

    newer = services.question_save(
        own, question=own.questions.get(text="Новый вопрос"), data={**data, "text": "Изменённый"}
    )
    assert newer.questions.filter(text="Изменённый").count() == 1 and not newer.questions.filter(text="Новый вопрос")


def test_a_campaign_fulfils_an_activity_of_its_own_program_only(client, world, pupils):
    from surveys.forms import CampaignForm
    from tests.factories import ActivityFactory, SectionFactory

    other = ActivityFactory(section=SectionFactory(program=world.program_b), result_kind="questionnaire")
    other.organization = world.school_a  # even an activity that claims the organization
    form = CampaignForm(
        {
            "questionnaire": builtin("feedback").pk,
            "program": world.program.pk,
            "title": "x",
            "opens_on": "2026-10-10",
            "closes_on": "2026-10-11",
            "audience": "program_mentees",
            "activity": other.pk,
        },
        organization=world.school_a,
    )
    assert not form.is_valid() and "activity" in form.errors
