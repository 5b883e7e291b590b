import io

from django.apps import apps
from django.core.management import call_command

from mentoring.models import Membership, Organization, Role, User
from roadmap.models import Activity, ActivityStatus, Program
from roadmap.services import DISTRICT_SECTION_TITLE


def snapshot():
    """Every row of every project model, as values: equal snapshots mean an unchanged database."""
    rows = {}
    for app in ("mentoring", "roadmap", "orders", "surveys", "employment"):
        for model in apps.get_app_config(app).get_models():
            rows[model._meta.label] = sorted(
                (tuple(sorted((k, str(v)) for k, v in row.items())) for row in model.objects.values()), key=str
            )
    return rows


def test_seed_demo_builds_the_district_and_running_it_twice_changes_nothing(db, time_machine):
    time_machine.move_to("2026-11-23 10:00:00+03:00", tick=False)
    out = io.StringIO()
    call_command("seed_demo", force=True, stdout=out)
    first = snapshot()
    call_command("seed_demo", force=True, stdout=io.StringIO())
    assert snapshot() == first

    from orders.models import Order

    school_orders = Order.objects.filter(organization__slug="sosh-4")
    assert sorted(school_orders.values_list("status", "kind")) == [
        ("signed", "esign"),
        ("signed", "implementation"),
        ("submitted", "pairs"),
    ]
    assert school_orders.get(kind="esign").display_number == "1-ОД"
    # Its regulation signed, the school's signature marks cite it.
    assert school_orders.get(kind="esign").organization.order_settings.esign_act.endswith("№ 1-ОД")

    from employment.figures import statement
    from employment.models import Assignment

    employed = Assignment.objects.filter(organization__slug="sosh-4")
    assert sorted(employed.values_list("status", "ended_by")) == [("active", ""), ("ended_early", "employer")]
    working = employed.get(status="active")
    assert working.number and working.mentor.person.user.email == "nastavnik.sosh4@nastavnik.test"
    # Notice on Monday 23 November 2026: 24, 25 and 26 November are the three working days.
    assert str(employed.get(status="ended_early").ended_on) == "2026-11-26"
    november = statement(working.organization, 2026, 11)
    assert {p.assignment.pk for p in november} == set(employed.values_list("pk", flat=True))
    assert all(p.total > 0 for p in november)

    from surveys.models import Campaign, Response
    from surveys.results import growth

    campaigns = Campaign.objects.filter(organization__slug="sosh-4")
    assert sorted(campaigns.values_list("phase", flat=True)) == ["", "entry", "exit"]
    # A title says the phase it has: the exit survey is «Итоговый…», never «Промежуточный…».
    assert campaigns.get(phase="exit").title.startswith("Итоговый замер")
    assert not any("промежуточн" in c.title.lower() for c in campaigns.filter(phase="exit"))
    lyceum_feedback = Response.objects.filter(
        campaign__organization__slug="licey-1", campaign__questionnaire__code="feedback"
    )
    assert lyceum_feedback.filter(submitted_at__isnull=False).count() == 5
    assert growth(campaigns.first().program)["indicators"]  # the growth page has something to compare

    kinds = set(Organization.objects.values_list("kind", flat=True))
    assert {"school", "lyceum", "kindergarten", "college"} <= kinds
    assert {m.role for m in Membership.objects.all()} == set(Role)
    printed = out.getvalue()
    for user in User.objects.all():
        assert user.email in printed
    assert "demo-nastavnik" in printed
    # The demo district lies in a demo region, whose coordinator is printed with the others.
    assert Organization.objects.get(slug="sosh-4").municipality.region.slug == "demo-region"
    assert "региональный координатор — Демонстрационная обл." in printed
    assert "муниципальный координатор — УО района «Демонстрационный»" in printed


def test_demo_roadmaps_are_the_real_ones(db, time_machine):
    time_machine.move_to("2026-11-23 10:00:00+03:00", tick=False)
    call_command("seed_demo", force=True, stdout=io.StringIO())
    sosh4 = Program.objects.get(organization__slug="sosh-4", status="active")
    own = sosh4.sections.exclude(title=DISTRICT_SECTION_TITLE)
    assert own.count() == 7
    # The district's roadmap gave every school its «ОО» activities, numbered as the district's.
    district = sosh4.sections.get(title=DISTRICT_SECTION_TITLE)
    assert [a.number for a in district.activities.all()] == ["М1.2", "М1.3", "М2.2", "М3.1", "М3.2"]
    numbers = list(sosh4.activities.values_list("number", flat=True))
    assert len(numbers) == len(set(numbers)), "a number appears twice in one roadmap"
    assert sosh4.activities.filter(title__startswith="Анкеты-опросы «Чем я могу быть полезен").exists()
    pairs = sosh4.activities.filter(section__number="5").first()
    assert pairs.term_text == "В течение месяца после издания приказа о внедрении целевой модели наставничества в ОО"
    assert pairs.responsible_text == "Заместитель директора по УВР, куратор"

    kindergarten = Program.objects.get(organization__slug="ds-14")
    work = kindergarten.activities.get(number="6.2")
    assert work.term_text == "июль 2026 г. – май 2027 г."
    assert (work.start_date.isoformat(), work.due_date.isoformat()) == ("2026-07-01", "2027-05-31")
    assert "Годжаева С.В." in work.responsible_text

    akbulak = Program.objects.get(organization__slug="akbulak-sosh-3")
    assert [s.number for s in akbulak.sections.exclude(title=DISTRICT_SECTION_TITLE)] == [
        "I",
        "II",
        "III",
        "IV",
        "V",
        "VI",
    ]
    assert akbulak.activities.filter(track="external").count() == 11

    assert Activity.objects.filter(status=ActivityStatus.DONE).exists()
    assert Activity.objects.filter(program__status="active").overdue().exists()
    college = Program.objects.get(organization__slug="pedcollege", status="active")
    assert college.copied_from is not None


def test_seed_demo_refuses_a_deployed_database_without_force(db, settings):
    import pytest
    from django.core.management.base import CommandError

    settings.EMBEDDED, settings.DEBUG = False, False
    with pytest.raises(CommandError, match="--force"):
        call_command("seed_demo", stdout=io.StringIO())
    assert not User.objects.exists()
