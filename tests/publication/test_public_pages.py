"""The organization's public «Наставничество» section: its signed orders with the Положение, the
Программа and the roadmap they approved, its programs' roadmaps, and the embeddable variant; never
a draft, never a list of people."""

from datetime import date

from django.urls import reverse

from orders import services as orders
from roadmap.models import ProgramStatus
from tests.factories import ActivityFactory, ProgramFactory, SectionFactory


def signed(world, kind, on=date(2026, 10, 5)):
    order = orders.order_create(program=world.program, kind=kind, user=world.curator)
    orders.order_submit(order, user=world.curator)
    return orders.order_sign(order, user=world.director, on=on)


def public_url(world):
    return reverse("publication:org_public", args=[world.school_a.slug])


def test_anyone_sees_the_signed_orders_with_the_regulation_and_not_the_drafts(client, world):
    world.school_a.address = "ул. Школьная, 1"
    world.school_a.save()
    regulation = signed(world, "regulation")
    draft = orders.order_create(program=world.program, kind="program", user=world.curator)

    response = client.get(public_url(world))
    assert response.status_code == 200
    text = response.content.decode()
    assert world.school_a.full_name in text and "ул. Школьная, 1" in text
    assert "№ 1-ОД" in text and "5 октября 2026 г." in text
    assert "Об утверждении Положения о наставничестве" in text
    assert reverse("orders:verify", args=[regulation.verification_code]) in text
    assert "1.1. Настоящее Положение о наставничестве" in text  # the text as signed
    assert draft.title not in text
    assert reverse("orders:verify", args=[draft.verification_code]) not in text
    # «Как разместить на сайте школы» is for the school's staff (tests/publication/test_public_face.py).
    assert 'data-testid="embed-code"' not in text
    assert reverse("publication:org_embed", args=[world.school_a.slug]) not in text


def test_the_public_page_shows_no_personal_data_of_a_signed_pairs_order(client, world):
    from mentoring.services import create_pair
    from tests.factories import MenteeFactory, PersonFactory, standard_form, teacher_mentor

    form = standard_form("traditional")
    world.program.forms.add(form)
    mentor = teacher_mentor(world.school_a)
    mentor.person.last_name, mentor.person.first_name = "Вишнева", "Анна"
    mentor.person.save()
    mentee = MenteeFactory(person=PersonFactory(organization=world.school_a, last_name="Никитин", first_name="Илья"))
    create_pair(program=world.program, mentor=mentor, mentees=[mentee], form=form, started_on=date(2026, 10, 1))
    pairs_order = signed(world, "pairs")
    registry = signed(world, "registry", on=date(2026, 10, 6))
    appendix_names = str(pairs_order.snapshot["appendices"]) + str(registry.snapshot["appendices"])
    assert "Вишнева" in appendix_names and "Никитин" in appendix_names  # they are in what was signed
    assert "Вишнева" in " ".join(pairs_order.snapshot["acquainted"])

    text = client.get(public_url(world)).content.decode()
    assert "О закреплении наставнических пар (групп)" not in text  # not even listed
    assert reverse("orders:verify", args=[pairs_order.verification_code]) not in text
    assert "Вишнева" not in text and "Никитин" not in text
    assert "Смирнова" not in text  # nobody of the bases
    assert "С приказом ознакомлены" not in text
    embed = client.get(reverse("publication:org_embed", args=[world.school_a.slug])).content.decode()
    assert "Вишнева" not in embed and "Никитин" not in embed


def test_the_roadmap_appendix_is_shown_without_the_responsible_people(client, world):
    world.activity.title = "Разработать Положение о наставничестве"
    world.activity.responsible_text = "Годжаева С.В., ст. воспитатель"
    world.activity.result_text = "Положение на сайте"
    world.activity.save()
    signed(world, "implementation")

    text = client.get(public_url(world)).content.decode()
    assert "Дорожная карта внедрения целевой модели наставничества" in text
    assert "Разработать Положение о наставничестве" in text and "Положение на сайте" in text
    assert "Годжаева" not in text and "Ответственные" not in text


def test_the_public_roadmap_shows_terms_status_and_result_but_no_names(client, world):
    world.activity.term_text = "Сентябрь 2026"
    world.activity.responsible_text = "Петрова О.С., заместитель директора по УВР"
    world.activity.result_text = "Приказ о внедрении"
    world.activity.save()
    world.activity.responsible_users.add(world.curator)
    url = reverse("publication:org_public_program", args=[world.school_a.slug, world.program.pk])

    assert url in client.get(public_url(world)).content.decode()
    response = client.get(url)
    assert response.status_code == 200
    text = response.content.decode()
    assert world.program.title in text and world.section.title in text
    assert world.activity.title in text and "Сентябрь 2026" in text and "Приказ о внедрении" in text
    assert "куратор" in text.lower()  # the role, not the name
    assert "Петрова" not in text and "Ольга" not in text


def test_drafts_and_other_organizations_programs_are_not_public(client, world):
    draft = ProgramFactory(organization=world.school_a, status=ProgramStatus.DRAFT, title="Черновик программы")
    ActivityFactory(section=SectionFactory(program=draft))
    assert "Черновик программы" not in client.get(public_url(world)).content.decode()
    draft_url = reverse("publication:org_public_program", args=[world.school_a.slug, draft.pk])
    assert client.get(draft_url).status_code == 404
    other = reverse("publication:org_public_program", args=[world.school_a.slug, world.program_b.pk])
    assert client.get(other).status_code == 404
    assert world.program_b.title not in client.get(public_url(world)).content.decode()


def test_unknown_organizations_are_404(client, world):
    assert client.get(reverse("publication:org_public", args=["no-such-school"])).status_code == 404
    assert client.get(reverse("publication:org_embed", args=["no-such-school"])).status_code == 404


def test_only_the_embeddable_variant_may_be_framed_and_it_has_no_portal_nav(client, world):
    signed(world, "regulation")
    page = client.get(public_url(world))
    assert page["X-Frame-Options"] == "DENY"
    embed = client.get(reverse("publication:org_embed", args=[world.school_a.slug]))
    assert embed.status_code == 200 and "X-Frame-Options" not in embed
    text = embed.content.decode()
    assert "navbar" not in text and "Об утверждении Положения о наставничестве" in text
    assert "1.1. Настоящее Положение о наставничестве" in text


def test_public_pages_look_the_same_for_a_logged_in_user(client, world):
    client.force_login(world.mentee)
    assert client.get(public_url(world)).status_code == 200
    district = reverse("publication:public_practices", args=[world.school_a.municipality.slug])
    assert client.get(district).status_code == 200
