"""A district imports its own roadmap; what it gives to «ОО» reaches every school, and the district
sees who has done it."""

import io
from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from mentoring.models import OrganizationKind
from roadmap import services
from roadmap.models import Activity, ActivityStatus, Program, RoadmapImport, Section
from tests.factories import OrganizationFactory

DISTRICT_PLAN = (
    "Дорожная карта муниципального района на 2026/2027 учебный год\n"
    "№ п/п;Мероприятие;Срок;Ответственные\n"
    "1.;Нормативно-правовое обеспечение;;\n"
    "1.1;Приказ управления образования о внедрении целевой модели;Сентябрь 2026 г.;Управление образования\n"
    "1.2;Приказ о внедрении целевой модели наставничества в ОО;До 30.09.2026 г;ОО\n"
    "2.;Мониторинг;;\n"
    "2.1;Представление отчёта о реализации программы наставничества;До 25.05.2027 г;Руководители ОО\n"
    "2.2;Анализ отчётов образовательных организаций;Июнь 2027;Муниципальный координатор\n"
)


def office(world):
    return OrganizationFactory(
        municipality=world.school_a.municipality,
        kind=OrganizationKind.OFFICE,
        slug="uo",
        short_name="Управление образования",
    )


def test_the_coordinator_imports_the_district_roadmap_and_schools_receive_their_activities(client, world):
    uo = office(world)
    client.force_login(world.coordinator)  # keeps the office's roadmap as its curator would
    client.post(
        reverse("roadmap:import_upload", args=[uo.slug]),
        {"file": SimpleUploadedFile("район.csv", DISTRICT_PLAN.encode("cp1251"))},
    )
    draft = RoadmapImport.objects.get()
    client.post(reverse("roadmap:import_commit", args=[uo.slug, draft.pk]), {"title": "Дорожная карта района"})
    district = Program.objects.get(organization=uo)
    assert district.activities.count() == 4

    for school in (world.school_a, world.school_b):
        copies = Activity.objects.filter(organization=school, district_activity__program=district)
        # Marked as the district's, so that they never repeat the school's own numbers.
        assert sorted(copies.values_list("number", flat=True)) == ["М1.2", "М2.1"]
        assert copies.first().section.number == "М"
    # School A's existing program for the same period receives them; nothing leaks outside the district.
    assert world.program.activities.filter(district_activity__isnull=False).count() == 2
    assert not Activity.objects.filter(organization=world.foreign_school).exists()
    order = world.program.activities.get(number="М1.2")
    assert (order.due_date, order.term_text, order.responsible_role) == (
        date(2026, 9, 30),
        "До 30.09.2026 г",
        "curator",
    )

    # Sending again gives nothing twice.
    assert services.district_cascade(program=district) == 0


def test_the_district_sees_who_has_done_what(client, world, time_machine):
    time_machine.move_to("2026-10-05 10:00:00+03:00", tick=False)
    uo = office(world)
    district = services.program_create(
        organization=uo,
        title="Дорожная карта района",
        period_start=date(2026, 9, 1),
        period_end=date(2027, 6, 30),
        use_template=False,
    )
    section = services.section_create(program=district, section=Section(title="Мониторинг"))
    source = Activity.objects.create(
        program=district,
        section=section,
        organization=uo,
        number="1.1",
        title="Приказ о внедрении целевой модели наставничества в ОО",
        due_date=date(2026, 9, 30),
        responsible_text="ОО",
    )
    services.district_cascade(program=district)
    done = Activity.objects.get(organization=world.school_a, district_activity=source)
    services.activity_set_status(activity=done, status=ActivityStatus.DONE, user=world.curator, note="Приказ №45")

    client.force_login(world.coordinator)
    page = client.get(reverse("roadmap:district_assignments", args=[world.school_a.municipality.slug]))
    [row] = page.context["activities"]
    assert (row.progress.done, row.progress.total, row.progress.overdue) == (1, 2, 1)
    html = page.content.decode().replace("\xa0", " ")  # names keep «СОШ №2» on one line
    assert 'class="text-late"' in html and world.school_b.short_name in html


def test_a_schools_roadmap_is_not_sent_anywhere(client, world):
    client.force_login(world.curator)
    response = client.post(
        reverse("roadmap:program_cascade", args=[world.school_a.slug, world.program.pk]), follow=True
    )
    assert "Рассылать в ОО можно только дорожную карту управления образования" in response.content.decode()
    assert not Activity.objects.filter(district_activity__isnull=False).exists()


def test_the_cascade_command_line(world, tmp_path):
    from django.core.management import call_command

    uo = office(world)
    district = services.program_create(
        organization=uo,
        title="Карта района",
        period_start=date(2026, 9, 1),
        period_end=date(2027, 6, 30),
        use_template=False,
    )
    path = tmp_path / "district.csv"
    path.write_text(DISTRICT_PLAN, encoding="utf-8")
    call_command("import_roadmap", str(path), "--program", str(district.pk), stdout=io.StringIO(), stderr=io.StringIO())
    assert Activity.objects.filter(organization=world.school_b, district_activity__program=district).count() == 2
