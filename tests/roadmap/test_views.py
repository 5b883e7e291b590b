import json
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from roadmap.models import Activity, ActivityStatus, Program
from tests.factories import ActivityFactory

PDF = b"%PDF-1.4\n%test\n"


@pytest.fixture
def today(time_machine):
    time_machine.move_to("2026-11-23 12:00:00+03:00", tick=False)
    return date(2026, 11, 23)


def timeline_url(world):
    return reverse("roadmap:program_timeline", args=[world.school_a.slug, world.program.pk])


def table_url(world):
    return reverse("roadmap:program_table", args=[world.school_a.slug, world.program.pk])


def test_timeline_shows_activities_overdue_in_red_and_todays_line(client, world, today):
    ActivityFactory(
        section=world.section,
        title="Школа наставников",
        start_date=date(2026, 11, 1),
        due_date=date(2026, 12, 15),
        status=ActivityStatus.IN_PROGRESS,
    )
    client.force_login(world.curator)
    html = client.get(timeline_url(world)).content.decode()
    assert "Школа наставников" in html
    assert 'class="text-late">1.1 Издание приказа' in html  # due 30.09, still planned
    assert "timeline-today" in html
    assert "1 сентября 2026 г." in html  # Russian dates
    assert "просрочено: 1" in html


def test_activity_with_a_term_but_no_dates_shows_the_term(client, world, today):
    ActivityFactory(
        section=world.section, title="Встречи пар", start_date=None, due_date=None, term_text="По отдельному графику"
    )
    client.force_login(world.director)
    html = client.get(timeline_url(world)).content.decode()
    assert "По отдельному графику" in html


def test_director_sees_the_roadmap_read_only(client, world, today):
    client.force_login(world.director)
    html = client.get(table_url(world)).content.decode()
    assert "Только просмотр" in html
    assert 'name="status"' not in html.split('data-testid="activities"')[1]
    assert reverse("roadmap:activity_create", args=[world.school_a.slug, world.program.pk]) not in html


@pytest.mark.parametrize(
    "query, expected",
    [
        ("overdue=on", {"1.1"}),
        ("mine=on", {"1.1", "2.1"}),
        ("this_month=on", {"2.1"}),
        ("stage=2", {"2.1", "2.2"}),
        ("status=done", {"2.2"}),
    ],
)
def test_table_filters(client, world, today, query, expected):
    from tests.factories import SectionFactory

    stage_2 = SectionFactory(program=world.program, number="2", stage=2, position=2)
    mine = ActivityFactory(
        section=stage_2, number="2.1", responsible_role="", start_date=date(2026, 11, 1), due_date=date(2026, 11, 30)
    )
    mine.responsible_users.add(world.curator)
    ActivityFactory(
        section=stage_2,
        number="2.2",
        responsible_role="director",
        status=ActivityStatus.DONE,
        completed_at="2026-10-01T10:00:00Z",
        due_date=date(2026, 10, 1),
        start_date=date(2026, 10, 1),
    )
    client.force_login(world.curator)
    response = client.get(table_url(world) + "?" + query)
    shown = {a.number for a in response.context["activities"]}
    assert shown == expected


def test_inline_status_change_with_htmx_returns_the_row(client, world, today):
    client.force_login(world.curator)
    url = reverse("roadmap:activity_status", args=[world.school_a.slug, world.activity.pk])
    response = client.post(url, {"status": "in_progress"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.strip().startswith("<tr")
    assert '<option value="in_progress" selected>' in html
    world.activity.refresh_from_db()
    assert world.activity.status == ActivityStatus.IN_PROGRESS
    # The row changes in place; the page shows a toast from the header that it was saved.
    told = json.loads(response["HX-Trigger"])["nv-toast"]
    assert told["level"] == "success"
    assert told["text"].startswith("Статус сохранён: «") and told["text"].endswith("» — в работе.")


def test_inline_done_without_evidence_explains_and_changes_nothing(client, world, today):
    client.force_login(world.curator)
    url = reverse("roadmap:activity_status", args=[world.school_a.slug, world.activity.pk])
    response = client.post(url, {"status": "done"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "is-invalid" in html
    assert "приложите подтверждение" in html
    assert "HX-Trigger" not in response  # nothing was saved: no toast says it was
    world.activity.refresh_from_db()
    assert world.activity.status == ActivityStatus.PLANNED


def test_mark_done_with_a_file_from_the_activity_page(client, world, today):
    client.force_login(world.curator)
    url = reverse("roadmap:activity_complete", args=[world.school_a.slug, world.activity.pk])
    response = client.post(url, {"file": SimpleUploadedFile("Приказ №12.pdf", PDF)}, follow=True)
    html = response.content.decode()
    assert "Мероприятие отмечено как выполненное" in html
    assert "Приказ №12.pdf" in html
    world.activity.refresh_from_db()
    assert world.activity.status == ActivityStatus.DONE
    evidence = world.activity.evidence.get()
    download = client.get(reverse("roadmap:evidence_download", args=[world.school_a.slug, evidence.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert "attachment" in download["Content-Disposition"]
    assert download["Cache-Control"] == "private, no-store"


def test_a_bad_upload_is_explained_and_nothing_is_half_saved(client, world, today):
    client.force_login(world.curator)
    url = reverse("roadmap:activity_complete", args=[world.school_a.slug, world.activity.pk])
    response = client.post(url, {"file": SimpleUploadedFile("script.js", b"alert(1)")}, follow=True)
    assert "Это текстовый файл (например, CSV), что бы ни говорило имя файла." in response.content.decode()
    world.activity.refresh_from_db()
    assert world.activity.status == ActivityStatus.PLANNED
    assert not world.activity.evidence.exists()


def test_uploads_have_no_public_url(settings):
    from config.urls import urlpatterns

    assert not any(str(p.pattern).startswith(settings.MEDIA_URL.strip("/") or "media") for p in urlpatterns)


def test_curator_creates_a_program_from_the_standard_template(client, world, today):
    client.force_login(world.curator)
    response = client.post(
        reverse("roadmap:program_create", args=[world.school_a.slug]),
        {
            "title": "Программа наставничества 2027/2028",
            "period_start": "2027-09-01",
            "period_end": "2028-05-31",
            "curator": world.curator.pk,
            "status": "draft",
            "roadmap_source": "template",
        },
    )
    program = Program.objects.get(title="Программа наставничества 2027/2028")
    assert response.status_code == 302 and response["Location"] == program.get_absolute_url()
    assert program.organization == world.school_a
    assert program.sections.count() == 7


def test_copy_needs_a_source_program(client, world, today):
    client.force_login(world.curator)
    response = client.post(
        reverse("roadmap:program_create", args=[world.school_a.slug]),
        {
            "title": "Копия",
            "period_start": "2027-09-01",
            "period_end": "2028-05-31",
            "status": "draft",
            "roadmap_source": "copy",
        },
    )
    assert response.status_code == 200
    assert "Выберите программу" in response.content.decode()
    assert not Program.objects.filter(title="Копия").exists()


def test_another_schools_program_is_not_offered_for_copying(client, world, today):
    client.force_login(world.curator)
    response = client.post(
        reverse("roadmap:program_create", args=[world.school_a.slug]),
        {
            "title": "Копия",
            "period_start": "2027-09-01",
            "period_end": "2028-05-31",
            "status": "draft",
            "roadmap_source": "copy",
            "copy_from": world.program_b.pk,
        },
    )
    assert response.status_code == 200
    assert not Program.objects.filter(title="Копия").exists()


def test_curator_adds_an_activity_with_a_term_only(client, world, today):
    client.force_login(world.curator)
    response = client.post(
        reverse("roadmap:activity_create", args=[world.school_a.slug, world.program.pk]),
        {
            "section": world.section.pk,
            "number": "1.2",
            "title": "Педсовет о внедрении целевой модели",
            "term_text": "Декабрь 2026",
            "responsible_role": "curator",
            "responsible_users": [world.director.pk],
            "result_kind": "other",
            "result_text": "Протокол",
        },
    )
    activity = Activity.objects.get(number="1.2", program=world.program)
    assert response.status_code == 302
    assert (activity.start_date, activity.due_date) == (date(2026, 12, 1), date(2026, 12, 31))


def test_activity_dates_in_the_wrong_order_are_explained(client, world, today):
    client.force_login(world.curator)
    response = client.post(
        reverse("roadmap:activity_edit", args=[world.school_a.slug, world.activity.pk]),
        {
            "section": world.section.pk,
            "number": "1.1",
            "title": "Приказ",
            "start_date": "2026-10-10",
            "due_date": "2026-10-01",
        },
    )
    assert response.status_code == 200
    assert "Срок выполнения раньше плановой даты начала" in response.content.decode()


def test_district_coordinator_sees_every_schools_progress_per_stage(client, world, today):
    client.force_login(world.coordinator)
    response = client.get(reverse("roadmap:district_programs", args=[world.school_a.municipality.slug]))
    programs = response.context["programs"]
    assert {p.organization for p in programs} == {world.school_a, world.school_b}
    row = next(p for p in programs if p.organization == world.school_a)
    assert row.stage_cells[0].total == 1 and row.stage_cells[0].overdue == 1
    assert "МБОУ «Чужая СОШ»" not in response.content.decode().replace("\xa0", " ")  # names print no-break spaces


def test_home_page_tells_each_role_what_to_do(client, world, today):
    client.force_login(world.curator)
    html = client.get(reverse("home")).content.decode()
    assert "Просрочено" in html and "1.1 Издание приказа" in html
    client.force_login(world.coordinator)
    html = client.get(reverse("home")).content.decode()
    assert "Все программы района" in html
    client.force_login(world.mentor)
    html = client.get(reverse("home")).content.decode()
    assert "Мероприятия, за которые вы отвечаете" in html


def test_status_change_without_javascript_returns_to_the_table_but_never_elsewhere(client, world, today):
    client.force_login(world.curator)
    url = reverse("roadmap:activity_status", args=[world.school_a.slug, world.activity.pk])
    back = table_url(world) + "?overdue=on"
    response = client.post(url, {"status": "in_progress", "next": back})
    assert response["Location"] == back
    response = client.post(url, {"status": "planned", "next": "https://evil.example/phish"})
    assert response["Location"] == world.activity.get_absolute_url()


def test_a_mentor_opens_the_activities_given_to_them_and_no_others(client, world, today):
    theirs = ActivityFactory(section=world.section, number="1.5", title="Встреча-знакомство пары", responsible_role="")
    theirs.responsible_users.add(world.mentor)
    client.force_login(world.mentor)
    home = client.get(reverse("home")).content.decode()
    assert "Встреча-знакомство пары" in home
    page = client.get(reverse("roadmap:activity_detail", args=[world.school_a.slug, theirs.pk]))
    assert page.status_code == 200
    assert world.program.get_absolute_url() not in page.content.decode()  # the roadmap itself is not theirs
    assert (
        client.get(reverse("roadmap:activity_detail", args=[world.school_a.slug, world.activity.pk])).status_code == 403
    )


def test_home_forgets_activities_of_an_organization_the_person_left(client, world, today):
    from mentoring.models import Membership

    theirs = ActivityFactory(section=world.section, title="Встреча пары", responsible_role="")
    theirs.responsible_users.add(world.mentor)
    Membership.objects.filter(user=world.mentor).exclude(role="mentor").delete()
    Membership.objects.create(user=world.mentor, role="mentor", organization=world.school_b)
    Membership.objects.filter(user=world.mentor, organization=world.school_a).delete()
    client.force_login(world.mentor)
    assert "Встреча пары" not in client.get(reverse("home")).content.decode()


def test_renaming_a_program_to_a_taken_title_is_explained(client, world, today):
    from tests.factories import ProgramFactory

    ProgramFactory(organization=world.school_a, title="Программа прошлого года")
    client.force_login(world.curator)
    response = client.post(
        reverse("roadmap:program_edit", args=[world.school_a.slug, world.program.pk]),
        {
            "title": "Программа прошлого года",
            "period_start": "2026-09-01",
            "period_end": "2027-05-31",
            "status": "active",
        },
    )
    assert response.status_code == 200
    assert "уже есть программа" in response.content.decode()


def test_only_curators_of_this_school_are_offered_as_the_programs_curator(client, world, today):
    from mentoring.models import Membership

    Membership.objects.create(user=world.mentor, role="curator", organization=world.school_b)
    client.force_login(world.curator)
    response = client.get(reverse("roadmap:program_edit", args=[world.school_a.slug, world.program.pk]))
    offered = set(response.context["form"].fields["curator"].queryset)
    assert world.mentor not in offered
    assert world.curator in offered


def test_markup_typed_into_a_roadmap_is_shown_as_text(client, world, today):
    ActivityFactory(
        section=world.section,
        number="<b>1.9</b>",
        title='<script>alert("x")</script> & «приказ»',
        term_text="<i>по графику</i>",
        start_date=None,
        due_date=None,
    )
    client.force_login(world.curator)
    for page in (timeline_url(world), table_url(world)):
        html = client.get(page).content.decode()
        assert "<script>alert" not in html and "<b>1.9</b>" not in html and "<i>по графику</i>" not in html
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; «приказ»" in html
