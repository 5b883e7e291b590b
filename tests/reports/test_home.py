"""Each role's home is a to-do list: what needs this person now, most urgent first, each item one
click from where it is done (issue 14)."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from mentoring.models import OrganizationKind, Role
from mentoring.models.pairs import PlanItem
from mentoring.services import create_pair
from notifications.models import Notification
from orders import services as orders
from surveys.models import Invitation, Questionnaire
from surveys.services import campaign_create, questionnaire_copy
from tests.factories import (
    ActivityFactory,
    MenteeFactory,
    OrganizationFactory,
    PersonFactory,
    ProgramFactory,
    SectionFactory,
    standard_form,
    teacher_mentor,
)

TODAY = timezone.localdate()


def tasks(response):
    """The to-do list as the user reads it: one line per item, its badge first."""
    page = response.content.decode()
    block = page[page.index('data-testid="todo"') :]
    block = block[: block.index("</section>")]
    items = re.findall(r'data-testid="task".*?</li>', block, flags=re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", item.split(">", 1)[1]).split()) for item in items]


def a_pair(world, *, mentor_user=None):
    form = standard_form("traditional")
    world.program.forms.add(form)
    mentor = teacher_mentor(world.school_a)
    if mentor_user:
        mentor.person.user = mentor_user
        mentor.person.save()
    mentee = MenteeFactory(person=PersonFactory(organization=world.school_a, last_name="Зайцев", first_name="Иван"))
    return create_pair(program=world.program, mentor=mentor, mentees=[mentee], form=form, started_on=TODAY)


def a_campaign(world, people, *, anonymous=False):
    questionnaire = questionnaire_copy(
        Questionnaire.objects.get(code="feedback", organization=None), organization=world.school_a
    )
    campaign, links = campaign_create(
        program=world.program,
        questionnaire=questionnaire,
        title="Обратная связь за четверть",
        opens_on=TODAY - timedelta(days=1),
        closes_on=TODAY + timedelta(days=10),
        anonymous=anonymous,
        phase="",
        people=people,
        user=None,
    )
    return campaign, links


def test_the_curators_home_lists_what_is_late_waits_or_comes_next_most_urgent_first(
    client, world, django_assert_max_num_queries
):
    returned = orders.order_create(program=world.program, kind="implementation", user=world.curator)
    orders.order_submit(returned, user=world.curator)
    orders.order_return(returned, user=world.director, comment="Уточните сроки")
    MenteeFactory(person=PersonFactory(organization=world.school_a), status="applied")
    ActivityFactory(section=world.section, number="1.2", title="Анкетирование педагогов", due_date=TODAY + timedelta(5))
    pupil = PersonFactory(organization=world.school_a)
    a_campaign(world, [pupil])

    client.force_login(world.curator)
    with django_assert_max_num_queries(40):
        response = client.get(reverse("home"))
    items = tasks(response)

    assert items[0].startswith("Срочно Приказ возвращён на доработку")
    assert any(i.startswith("Срочно 1.1 Издание приказа") and "просрочено, срок был 30.09.2026" in i for i in items)
    assert any(i.startswith("Скоро Анкетирование «Обратная связь за четверть»: ответили 0 из 1") for i in items)
    assert any(i.startswith("Скоро 1 наставляемый ждёт наставника") for i in items)
    assert any(i.startswith("Следующий шаг 1.2 Анкетирование педагогов") for i in items)
    urgencies = [int(u) for u in re.findall(r'data-testid="task" data-urgency="(\d)"', response.content.decode())]
    assert urgencies == sorted(urgencies)
    # One click: the returned order's item leads to its edit page, the activity's to the activity.
    page = response.content.decode()
    assert reverse("orders:edit", args=[world.school_a.slug, returned.pk]) in page
    assert world.activity.get_absolute_url() in page


def test_the_heads_home_lists_the_orders_waiting_for_their_signature(client, world):
    order = orders.order_create(program=world.program, kind="implementation", user=world.curator)
    orders.order_submit(order, user=world.curator)

    client.force_login(world.director)
    items = tasks(client.get(reverse("home")))

    assert items[0].startswith(f"Срочно Подписать приказ «{order.title}»")
    assert order.get_absolute_url() in client.get(reverse("home")).content.decode()


def test_a_mentor_sees_each_pair_with_log_a_meeting_and_the_plan_items_due(client, world):
    pair = a_pair(world, mentor_user=world.mentor)
    PlanItem.objects.create(pair=pair, task="Посетить урок наставника", due_on=TODAY - timedelta(days=2))
    PlanItem.objects.create(pair=pair, task="Составить план на полугодие", due_on=TODAY + timedelta(days=60))
    PlanItem.objects.create(pair=pair, task="Съездить на форум", due_on=TODAY - timedelta(days=5), status="dropped")

    client.force_login(world.mentor)
    response = client.get(reverse("home"))
    items = tasks(response)

    assert any(i.startswith("Скоро Записать встречу: Зайцев И.") for i in items), items
    assert any(i.startswith("Срочно План: Посетить урок наставника") for i in items)
    assert not any("Составить план на полугодие" in i for i in items)  # not due for two months
    assert not any("Съездить на форум" in i for i in items)  # dropped: closed, as the pair's page says
    assert reverse("mentoring:meeting_add", args=[world.school_a.slug, pair.pk]) in response.content.decode()


def test_a_questionnaire_waiting_for_a_person_opens_from_their_home_in_one_click(client, world):
    person = PersonFactory(organization=world.school_a, user=world.mentee)
    campaign, _links = a_campaign(world, [person])
    invitation = Invitation.objects.get(campaign=campaign, person=person)

    client.force_login(world.mentee)
    response = client.get(reverse("home"))
    assert any(i.startswith("Скоро Анкета «Обратная связь за четверть»") for i in tasks(response))

    opened = client.post(reverse("surveys:my_sheet", args=[invitation.pk]), follow=True)
    assert opened.redirect_chain[-1][0].startswith("/s/")
    assert "Ссылка из письма больше не действует" in opened.content.decode()
    # Someone else cannot open it: nothing is said about whose it is.
    client.force_login(world.mentor)
    assert client.post(reverse("surveys:my_sheet", args=[invitation.pk])).status_code == 404


def test_an_anonymous_questionnaire_is_listed_but_opens_only_by_its_emailed_link(client, world, settings):
    settings.SURVEY_ANONYMITY_MIN_GROUP = 1
    person = PersonFactory(organization=world.school_a, user=world.mentee)
    campaign, _links = a_campaign(world, [person], anonymous=True)
    invitation = Invitation.objects.get(campaign=campaign)

    client.force_login(world.mentee)
    items = tasks(client.get(reverse("home")))
    assert any("откройте её по ссылке из письма" in i for i in items)
    response = client.post(reverse("surveys:my_sheet", args=[invitation.pk]), follow=True)
    assert "Анонимная анкета открывается только по ссылке из письма" in response.content.decode()
    assert Invitation.objects.get(pk=invitation.pk).token_hash == invitation.token_hash  # the emailed link still works


def test_a_person_with_nothing_to_do_is_told_so(client, world):
    client.force_login(world.outsider)
    response = client.get(reverse("home"))
    assert tasks(response) == []
    assert "Сейчас вас ничего не ждёт" in response.content.decode()


@pytest.fixture
def late_district_activity(world):
    office = OrganizationFactory(
        municipality=world.school_a.municipality, kind=OrganizationKind.OFFICE, slug="uo", short_name="УО"
    )
    district = ProgramFactory(organization=office)
    source = ActivityFactory(
        section=SectionFactory(program=district, number="3", position=1),
        number="3.2",
        title="Представление реестров наставников",
        due_date=TODAY - timedelta(days=3),
    )
    late = ActivityFactory(
        section=world.section, number="М3.2", title=source.title, due_date=source.due_date, district_activity=source
    )
    done = ActivityFactory(
        section=world.program_b.sections.get(),
        number="М3.2",
        title=source.title,
        due_date=source.due_date,
        district_activity=source,
        status="done",
        completed_at=timezone.now(),
    )
    return source, late, done


def test_the_coordinator_sees_who_is_late_and_reminds_them_once_a_day(
    client, world, late_district_activity, django_capture_on_commit_callbacks
):
    source, late, _done = late_district_activity
    client.force_login(world.coordinator)
    page = client.get(reverse("home")).content.decode()
    assert "«Представление реестров наставников»: не выполнили в срок 1 из 2 организаций" in page
    assert "МБОУ «СОШ №1»" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("roadmap:district_nudge", args=[world.school_a.municipality.slug]), {"next": "/"}, follow=True
        )
    assert "Напоминание отправлено кураторам (1) отстающих организаций (1)" in response.content.decode()
    notification = Notification.objects.get(kind="district_nudge")
    assert (notification.user, notification.url) == (world.curator, late.get_absolute_url())
    assert [m.to for m in mail.outbox] == [[world.curator.email]]
    assert "Представление реестров наставников" in mail.outbox[0].body
    assert 'data-testid="nudged"' in response.content.decode()

    again = client.post(reverse("roadmap:district_nudge", args=[world.school_a.municipality.slug]), follow=True)
    assert "уже получили напоминание сегодня" in again.content.decode()
    assert len(mail.outbox) == 1 and Notification.objects.filter(kind="district_nudge").count() == 1


def test_a_late_school_without_a_curator_is_named_not_skipped_in_silence(client, world, late_district_activity):
    world.curator.memberships.update(role=Role.MENTOR)

    client.force_login(world.coordinator)
    response = client.post(reverse("roadmap:district_nudge", args=[world.school_a.municipality.slug]), follow=True)
    assert "некому: у этих организаций нет куратора на портале — МБОУ «СОШ №1»" in response.content.decode()
    assert mail.outbox == []


def test_a_district_with_nobody_late_has_nobody_to_remind(client, world):
    client.force_login(world.coordinator)
    response = client.post(reverse("roadmap:district_nudge", args=[world.school_a.municipality.slug]), follow=True)
    assert "никто не опаздывает" in response.content.decode()
    assert Notification.objects.filter(kind="district_nudge").count() == 0


def test_the_head_is_asked_to_approve_a_case_proposed_for_the_practice_bank(client, world):
    from publication.models import Practice, PracticeStatus

    practice = Practice.objects.create(
        organization=world.school_a,
        title="Наставничество «учитель — учитель» в начальной школе",
        form=standard_form("traditional"),
        pair=a_pair(world),
        description="Как молодой учитель за год освоил методику урока",
        status=PracticeStatus.PROPOSED,
        proposed_at=timezone.now(),
    )
    client.force_login(world.director)
    response = client.get(reverse("home"))
    assert "Скоро Утвердить практику «Наставничество «учитель — учитель» в начальной школе»" in " ".join(
        tasks(response)
    )
    assert practice.get_absolute_url() in response.content.decode()


def test_a_cancelled_questionnaire_is_on_nobodys_list(client, world):
    person = PersonFactory(organization=world.school_a, user=world.mentee)
    campaign, _links = a_campaign(world, [person])
    campaign.cancelled_at = timezone.now()
    campaign.save()

    client.force_login(world.curator)
    assert not any("Обратная связь за четверть" in i for i in tasks(client.get(reverse("home"))))
    client.force_login(world.mentee)
    assert tasks(client.get(reverse("home"))) == []
