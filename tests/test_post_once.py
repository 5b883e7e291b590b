"""POST once: every form that creates or sends carries a key from the page that shows it; the same form
posted twice (a double click, the back button, a browser that posts again on reload) creates nothing
twice, and the second POST goes where the first went. One case a form, from the real page's form."""

import re
from dataclasses import dataclass
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from mentoring.models import BaseImport, Competency, Meeting, Mentee, Pair, PlanItem
from mentoring.services import create_pair
from orders.models import Order, OrderBatch
from reports.models import GeneratedReport
from roadmap.models import Activity, ActivityStatus, Comment, Evidence, Program, RoadmapImport, Section
from surveys.models import Question, Questionnaire
from surveys.services import questionnaire_copy
from tests.factories import MenteeFactory, PersonFactory, standard_form, teacher_mentor


@dataclass
class Form:
    user: str
    page: callable  # the page that shows the form
    action: callable  # where it posts
    data: callable  # what is typed (called for each POST: files are read once)
    made: callable  # how many of what it creates


def slug(w):
    return w.school_a.slug


def pair_of(w):
    w.program.forms.add(standard_form("traditional"))
    mentor = teacher_mentor(w.school_a)
    mentor.person.user = w.mentor
    mentor.person.save()
    return create_pair(
        program=w.program,
        mentor=mentor,
        mentees=[MenteeFactory(person=PersonFactory(organization=w.school_a))],
        form=standard_form("traditional"),
        started_on=date(2026, 10, 1),
    )


def pupil(w):
    return {
        "person-last_name": "Соколова",
        "person-first_name": "Вера",
        "person-birth_date": "2014-04-02",
        "person-grade": "6",
        "person-class_letter": "А",
        "person-parent_name": "Соколов Илья Петрович",
        "person-parent_phone": "+7 900 123-45-67",
        "record-category": "student",
        "record-request": "Трудности с математикой",
        "record-request_source": "class_teacher",
        "record-entered_on": "2026-09-10",
        "record-needs": [Competency.objects.get(name="Математика").pk],
        "consent-consent_on": "2026-09-05",
        "consent-consent_parent": "Соколов Илья Петрович",
    }


def own_questionnaire(w):
    if not hasattr(w, "own"):
        w.own = questionnaire_copy(
            Questionnaire.objects.get(code="feedback", organization=None), organization=w.school_a
        )
    return w.own


CSV = "Фамилия;Имя;Отчество;Дата рождения;Класс\nСоколова;Вера;Ильинична;02.04.2014;6А\n".encode()
ROADMAP = (
    "№;Мероприятие;Срок;Ответственный\n1;Подготовка условий;;\n1.1;Издание приказа;Сентябрь 2026;Куратор\n"
).encode()


def activity_url(w):
    return reverse("roadmap:activity_detail", args=[slug(w), w.activity.pk])


def done_activity_url(w):
    """Evidence is added on this form once the activity is done."""
    Activity.objects.filter(pk=w.activity.pk).update(status=ActivityStatus.DONE, completed_at=timezone.now())
    return activity_url(w)


def free_people(w):
    """A mentor and a mentee waiting for a pair, for the new pair's form."""
    w.free_mentor = teacher_mentor(w.school_a)
    w.free_mentee = MenteeFactory(person=PersonFactory(organization=w.school_a))
    return reverse("mentoring:pair_create", args=[slug(w), w.program.pk])


def employ(w):
    """The page drafting the pair's mentor's assignment under ст. 351.8, with the school's rule of pay."""
    from employment.models import PayRule

    PayRule.objects.get_or_create(
        organization=w.school_a, name="Доплата", defaults={"amount": 3000, "basis": "Положение, п. 5"}
    )
    return reverse("employment:create", args=[slug(w), w.pair.mentor_id])


def assignment_data(w):
    from employment.models import PayRule

    return {
        "pairs": [w.pair.pk],
        "form": standard_form("traditional").pk,
        "content": "Адаптация молодого педагога",
        "starts_on": "2026-10-01",
        "ends_on": "2027-05-31",
        "pay_rule": PayRule.objects.get(organization=w.school_a).pk,
    }


def assignments(w):
    from employment.models import Assignment

    return Assignment.objects.count()


FORMS = {
    "employment:create": Form("curator", employ, employ, assignment_data, assignments),
    "mentoring:pair_create": Form(
        "curator",
        free_people,
        lambda w: reverse("mentoring:pair_create", args=[slug(w), w.program.pk]),
        lambda w: {
            "mentor": w.free_mentor.pk,
            "mentees": [w.free_mentee.pk],
            "form": standard_form("traditional").pk,
            "started_on": "2026-10-01",
        },
        lambda w: Pair.objects.count(),
    ),
    "mentoring:competency_list": Form(
        "curator",
        lambda w: reverse("mentoring:competency_list", args=[slug(w)]),
        lambda w: reverse("mentoring:competency_list", args=[slug(w)]),
        lambda w: {"name": "Шахматы"},
        lambda w: Competency.objects.count(),
    ),
    "mentoring:mentee_create": Form(
        "curator",
        lambda w: reverse("mentoring:mentee_create", args=[slug(w)]),
        lambda w: reverse("mentoring:mentee_create", args=[slug(w)]),
        pupil,
        lambda w: Mentee.objects.count(),
    ),
    "mentoring:meeting_add": Form(
        "mentor",
        lambda w: w.pair.get_absolute_url(),
        lambda w: reverse("mentoring:meeting_add", args=[slug(w), w.pair.pk]),
        lambda w: {"held_on": "2026-10-15", "format": "online", "topic": "Разбор урока"},
        lambda w: Meeting.objects.count(),
    ),
    "mentoring:plan_item_add": Form(
        "mentor",
        lambda w: w.pair.get_absolute_url(),
        lambda w: reverse("mentoring:plan_item_add", args=[slug(w), w.pair.pk]),
        lambda w: {"task": "Открытый урок", "status": "planned"},
        lambda w: PlanItem.objects.count(),
    ),
    "mentoring:import_upload": Form(
        "curator",
        lambda w: reverse("mentoring:import_upload", args=[slug(w)]) + "?kind=mentees",
        lambda w: reverse("mentoring:import_upload", args=[slug(w)]),
        lambda w: {"kind": "mentees", "file": SimpleUploadedFile("база.csv", CSV, "text/csv")},
        lambda w: BaseImport.objects.filter(organization=w.school_a).count(),
    ),
    "orders:new": Form(
        "curator",
        lambda w: reverse("orders:journal", args=[slug(w)]),
        lambda w: reverse("orders:new", args=[slug(w)]),
        lambda w: {"program": w.program.pk, "kind": "curator"},
        lambda w: Order.objects.count(),
    ),
    "orders:stage_batch": Form(
        "curator",
        lambda w: reverse("orders:journal", args=[slug(w)]),
        lambda w: reverse("orders:stage_batch", args=[slug(w)]),
        lambda w: {"program": w.program.pk, "stage": 7},
        lambda w: OrderBatch.objects.count(),
    ),
    "orders:district_batch_new": Form(
        "coordinator",
        lambda w: reverse("orders:district_batch_new", args=[w.school_a.municipality.slug]),
        lambda w: reverse("orders:district_batch_new", args=[w.school_a.municipality.slug]),
        lambda w: {"kind": "implementation"},
        lambda w: OrderBatch.objects.count(),
    ),
    "roadmap:program_create": Form(
        "curator",
        lambda w: reverse("roadmap:program_create", args=[slug(w)]),
        lambda w: reverse("roadmap:program_create", args=[slug(w)]),
        lambda w: {
            "title": "Программа 2027",
            "period_start": "2027-09-01",
            "period_end": "2028-05-31",
            "status": "draft",
            "roadmap_source": "empty",
        },
        lambda w: Program.objects.count(),
    ),
    "roadmap:section_create": Form(
        "curator",
        lambda w: reverse("roadmap:section_create", args=[slug(w), w.program.pk]),
        lambda w: reverse("roadmap:section_create", args=[slug(w), w.program.pk]),
        lambda w: {"number": "9", "title": "Мониторинг"},
        lambda w: Section.objects.count(),
    ),
    "roadmap:comment_add": Form(
        "curator",
        activity_url,
        lambda w: reverse("roadmap:comment_add", args=[slug(w), w.activity.pk]),
        lambda w: {"text": "Проект приказа у директора"},
        lambda w: Comment.objects.count(),
    ),
    "roadmap:evidence_add": Form(
        "curator",
        done_activity_url,
        lambda w: reverse("roadmap:evidence_add", args=[slug(w), w.activity.pk]),
        lambda w: {"url": "https://school.test/prikaz", "title": "Приказ на сайте"},
        lambda w: Evidence.objects.count(),
    ),
    "roadmap:import_upload": Form(
        "curator",
        lambda w: reverse("roadmap:import_upload", args=[slug(w)]),
        lambda w: reverse("roadmap:import_upload", args=[slug(w)]),
        lambda w: {
            "file": SimpleUploadedFile("карта.csv", ROADMAP, "text/csv"),
            "period_start": "2026-09-01",
            "period_end": "2027-05-31",
        },
        lambda w: RoadmapImport.objects.count(),
    ),
    "surveys:question_save": Form(
        "curator",
        lambda w: reverse("surveys:questionnaire", args=[slug(w), own_questionnaire(w).pk]),
        lambda w: reverse("surveys:question_save", args=[slug(w), own_questionnaire(w).pk]),
        lambda w: {"section": "Ещё", "kind": "long", "text": "Что было самым полезным?"},
        lambda w: Question.objects.filter(questionnaire=own_questionnaire(w)).count(),
    ),
    "reports:program_report_new": Form(
        "curator",
        lambda w: reverse("reports:program_monitoring", args=[slug(w), w.program.pk]),
        lambda w: reverse("reports:program_report_new", args=[slug(w), w.program.pk]),
        lambda w: {"format": "xlsx"},
        lambda w: GeneratedReport.objects.count(),
    ),
    "reports:analytical_note_new": Form(
        "coordinator",
        lambda w: reverse("reports:analytical_note", args=[w.school_a.municipality.slug]),
        lambda w: reverse("reports:analytical_note_new", args=[w.school_a.municipality.slug]),
        lambda w: {"format": "xlsx", "on": "2026-10-10"},
        lambda w: GeneratedReport.objects.count(),
    ),
}


def key_of(page, action):
    """The key of the form that posts to `action` (or of the page's only form that has one)."""
    forms = re.findall(r"<form\b[^>]*>.*?</form>", page, flags=re.S)
    keyed = [f for f in forms if 'name="submit_key"' in f]
    mine = [f for f in keyed if f'action="{action}"' in f] or (keyed if len(keyed) == 1 else [])
    assert mine, f"no form with a submit key posts to {action}"
    return re.search(r'name="submit_key" value="(\w+)"', mine[0]).group(1)


@pytest.mark.parametrize("name", sorted(FORMS))
def test_a_form_posted_twice_creates_once(client, world, name, django_capture_on_commit_callbacks):
    form = FORMS[name]
    world.pair = pair_of(world)
    client.force_login(getattr(world, form.user))
    page = client.get(form.page(world))
    assert page.status_code == 200
    action = form.action(world)
    key = key_of(page.content.decode(), action)
    before = form.made(world)

    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(action, {**form.data(world), "submit_key": key})
        second = client.post(action, {**form.data(world), "submit_key": key})

    assert first.status_code == 302, first.content.decode()[-2000:]
    assert form.made(world) == before + 1
    assert second.status_code == 302 and second["Location"] == first["Location"]
    assert "уже отправлена" in client.get(second["Location"]).content.decode()
    # A new page of the form makes a new key: the same form can be used again.
    assert key_of(client.get(form.page(world)).content.decode(), action) != key


def test_a_form_without_a_key_still_works(client, world):
    client.force_login(world.curator)
    url = reverse("mentoring:competency_list", args=[world.school_a.slug])
    client.post(url, {"name": "Шахматы"})
    client.post(url, {"name": "Шашки"})
    assert Competency.objects.filter(name__in=["Шахматы", "Шашки"]).count() == 2
