"""A respondent's submission costs a few round trips to the database, whatever the number of
questions: the sheet and its invitation in one read, the questions in one, the answers in one upsert,
at most one check of the required ones on other pages, one update of the sheet, in one transaction."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from surveys.models import Answer, Response

from .test_surveys import launch

# The invitation with its campaign and sheet, the questions with their sections, the answers' upsert,
# the sheet marked submitted (every required question is on its one page: nothing else to look up).
SUBMIT_QUERIES = 4


def statements(captured):
    """What the request asked of the database, without the savepoints the test's own transaction adds."""
    return [q["sql"] for q in captured.captured_queries if "SAVEPOINT" not in q["sql"]]


def submit(client, campaign, token, index=0):
    url = reverse("surveys:sheet", args=[token])
    assert client.get(url).status_code == 200
    data = {"page": "1", "action": "submit"}
    for q in campaign.questionnaire.questions.all():
        data[f"q{q.pk}"] = str(1 + index % q.scale_max) if q.scale_max else "Всё хорошо"
    with CaptureQueriesContext(connection) as captured:
        reply = client.post(url, data)
    assert reply.status_code == 302 and reply["Location"].endswith("?done=1")
    return statements(captured)


def test_a_submission_of_the_feedback_sheet_costs_four_queries(client, world, pupils):
    campaign, links = launch(world, pupils, code="feedback")
    n_questions = campaign.questionnaire.questions.count()

    for index, (_person, token) in enumerate(links):
        assert len(submit(client, campaign, token, index)) == SUBMIT_QUERIES

    assert Response.objects.filter(campaign=campaign, submitted_at__isnull=False).count() == len(pupils)
    assert Answer.objects.filter(response__campaign=campaign).count() == len(pupils) * n_questions


def test_submitting_again_updates_the_same_answers_in_as_many_queries(client, world, pupils):
    campaign, links = launch(world, pupils[:1], code="feedback")
    token = links[0][1]
    submit(client, campaign, token, index=0)
    first = Response.objects.get().submitted_at

    assert len(submit(client, campaign, token, index=1)) == SUBMIT_QUERIES  # a refresh that posts again

    response = Response.objects.get()
    assert response.submitted_at == first
    assert response.answers.count() == campaign.questionnaire.questions.count()
    assert {a.number for a in response.answers.exclude(number=None)} == {2}


def test_the_last_page_of_a_long_questionnaire_looks_up_the_other_pages_once(client, world, pupils):
    from .test_surveys import default_answer

    campaign, links = launch(world, pupils[:1], code="mentee-satisfaction")
    url = reverse("surveys:sheet", args=[links[0][1]])
    client.get(url)
    sections = [s for s in campaign.questionnaire.sections.prefetch_related("questions") if s.questions.all()]
    assert len(sections) > 2
    for number, section in enumerate(sections, start=1):
        data = {"page": number, "action": "submit" if number == len(sections) else "next"}
        data |= {f"q{q.pk}": default_answer(q) for q in section.questions.all() if default_answer(q) is not None}
        with CaptureQueriesContext(connection) as captured:
            reply = client.post(url, data)
        assert reply.status_code == 302

    # The last page: the same four, one delete of what was left empty (its open question), and one look
    # at the required answers given on the other pages.
    assert len(statements(captured)) == SUBMIT_QUERIES + 2
    assert Response.objects.get().submitted_at is not None
