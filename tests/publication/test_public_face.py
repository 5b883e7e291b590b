"""The portal's public face: «/» shows a visitor the district and its schools (not the login page), a
school's section lets anyone read the signed orders that name no child, the code to embed the section
is for the school's staff, and «Версия для слабовидящих» is one link away on every public page."""

from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from mentoring.models import Municipality
from mentoring.services import create_pair
from orders import services as orders
from orders.models import Order
from tests.factories import (
    MenteeFactory,
    MunicipalityFactory,
    OrganizationFactory,
    ProgramFactory,
    RegionFactory,
    child,
    standard_form,
    teacher_mentor,
)

PDF = b"%PDF-1.4 signed order"


def signed(world, kind, on=date(2026, 10, 5), pdf=True):
    order = orders.order_create(program=world.program, kind=kind, user=world.curator)
    orders.order_submit(order, user=world.curator)
    order = orders.order_sign(order, user=world.director, on=on)
    if pdf:  # as the worker leaves it (tests/orders cover the rendering itself)
        name = order.pdf.storage.save(f"orders/{order.pk}.pdf", ContentFile(PDF))
        Order.objects.filter(pk=order.pk).update(pdf=name, pdf_status=Order.PdfStatus.READY)
        order.refresh_from_db()
    return order


def section_url(world):
    return reverse("publication:org_public", args=[world.school_a.slug])


# --- «/» for a visitor ---


def test_a_visitor_at_the_root_sees_the_district_and_its_schools(client, db, django_assert_max_num_queries):
    district = MunicipalityFactory(
        name="Управление образования Заречного района", region=RegionFactory(name="Тверская область")
    )
    with_section = OrganizationFactory(municipality=district, full_name="МБОУ «Гимназия № 5» г. Заречный")
    ProgramFactory(organization=with_section)
    quiet = OrganizationFactory(municipality=district, full_name="МБДОУ «Детский сад № 12»")
    OrganizationFactory(municipality=district, kind="office", full_name="Управление образования (сама)")
    for _ in range(5):  # more schools, no more queries
        ProgramFactory(organization=OrganizationFactory(municipality=district))

    with django_assert_max_num_queries(6):
        response = client.get("/")
    assert response.status_code == 200  # not a redirect to the login page
    text = response.content.decode()
    assert "Управление образования Заречного района" in text and "Тверская область" in text
    assert "Что такое целевая модель наставничества" in text
    assert reverse("publication:org_public", args=[with_section.slug]) in text
    assert "МБДОУ «Детский сад № 12»" in text and "пока ничего не опубликовано" in text
    assert reverse("publication:org_public", args=[quiet.slug]) not in text
    assert "Управление образования (сама)" not in text  # the office keeps the district's roadmap, not a section
    assert reverse("publication:public_practices", args=[district.slug]) in text
    assert f'href="{reverse("login")}"' in text and "Войти" in text
    assert "Версия для слабовидящих" in text


def test_with_several_districts_the_root_lists_them_and_each_has_its_page(client, world):
    assert Municipality.objects.count() == 2
    text = client.get("/").content.decode()
    for district in Municipality.objects.all():
        assert reverse("publication:public_district", args=[district.slug]) in text
        assert district.name in text
    page = client.get(reverse("publication:public_district", args=[world.school_a.municipality.slug]))
    assert page.status_code == 200
    text = page.content.decode()
    assert world.school_a.full_name in text and world.school_b.full_name in text
    assert world.foreign_school.full_name not in text
    assert client.get(reverse("publication:public_district", args=["no-such-district"])).status_code == 404


def test_a_signed_in_user_still_gets_the_to_do_list_at_the_root(client, world):
    client.force_login(world.curator)
    response = client.get("/")
    assert response.status_code == 200
    assert "home.html" in [t.name for t in response.templates]
    assert 'data-testid="district-organizations"' not in response.content.decode()


# --- the school's section ---


def test_the_section_offers_the_safe_orders_and_never_a_pairs_order_or_a_childs_name(client, world):
    form = standard_form("traditional")
    world.program.forms.add(form)
    pupil = MenteeFactory(person=child(world.school_a, last_name="Никитин", first_name="Илья"), category="pupil")
    create_pair(
        program=world.program,
        mentor=teacher_mentor(world.school_a),
        mentees=[pupil],
        form=form,
        started_on=date(2026, 10, 1),
    )
    implementation = signed(world, "implementation", on=date(2026, 9, 2))
    regulation = signed(world, "regulation", on=date(2026, 9, 3))
    pairs = signed(world, "pairs", on=date(2026, 10, 6))
    assert "Никитин" in str(pairs.snapshot)  # the child is in what was signed

    text = client.get(section_url(world)).content.decode()
    for order in (implementation, regulation):
        assert order.title in text
        assert reverse("publication:org_public_order_pdf", args=[world.school_a.slug, order.pk]) in text
        assert reverse("orders:verify", args=[order.verification_code]) in text
    assert pairs.title not in text and "Никитин" not in text
    assert reverse("publication:org_public_order_pdf", args=[world.school_a.slug, pairs.pk]) not in text

    pdf = client.get(reverse("publication:org_public_order_pdf", args=[world.school_a.slug, regulation.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content) == PDF
    closed = reverse("publication:org_public_order_pdf", args=[world.school_a.slug, pairs.pk])
    assert client.get(closed).status_code == 404
    other_school = reverse("publication:org_public_order_pdf", args=[world.school_b.slug, regulation.pk])
    assert client.get(other_school).status_code == 404


def test_an_order_whose_pdf_is_not_made_yet_is_read_on_the_page_without_a_download(client, world):
    regulation = signed(world, "regulation", pdf=False)
    text = client.get(section_url(world)).content.decode()
    assert regulation.title in text and 'data-testid="public-order-pdf"' not in text
    url = reverse("publication:org_public_order_pdf", args=[world.school_a.slug, regulation.pk])
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    "role, shown",
    [
        (None, False),
        ("mentee", False),
        ("mentor", False),
        ("coordinator", False),
        ("curator_b", False),
        ("curator", True),
        ("director", True),
    ],
)
def test_the_embed_code_is_for_the_schools_staff_only(client, world, role, shown):
    if role:
        client.force_login(getattr(world, role))
    text = client.get(section_url(world)).content.decode()
    assert ('data-testid="embed-code"' in text) is shown
    assert (reverse("publication:org_embed", args=[world.school_a.slug]) in text) is shown


# --- «Версия для слабовидящих» ---


def public_pages(world):
    district = world.school_a.municipality.slug
    return [
        "/",
        reverse("publication:public_district", args=[district]),
        reverse("publication:public_practices", args=[district]),
        section_url(world),
        reverse("publication:org_public_program", args=[world.school_a.slug, world.program.pk]),
    ]


def test_the_low_vision_link_sets_the_cookie_and_every_public_page_follows_it(client, world):
    pages = public_pages(world)
    for url in pages:
        text = client.get(url).content.decode()
        assert "Версия для слабовидящих" in text and "Перейти к содержанию" in text, url
        assert "css/low-vision.css" not in text and '<html lang="ru">' in text, url

    response = client.get(reverse("publication:low_vision"), {"mode": "on", "next": section_url(world)})
    assert response.status_code == 302 and response["Location"] == section_url(world)
    assert response.cookies["low_vision"].value == "bw-150"
    for url in pages:
        text = client.get(url).content.decode()
        assert '<html lang="ru" class="low-vision low-vision-bw low-vision-150">' in text, url
        assert "css/low-vision.css" in text and "Обычная версия" in text and "белым по чёрному" in text, url

    client.get(reverse("publication:low_vision"), {"scheme": "wb", "size": "200", "next": "/"})
    assert client.cookies["low_vision"].value == "wb-200"
    assert 'class="low-vision low-vision-wb low-vision-200"' in client.get("/").content.decode()

    response = client.get(reverse("publication:low_vision"), {"mode": "off", "next": "/"})
    assert response.cookies["low_vision"].value == ""  # deleted
    assert "low-vision.css" not in client.get("/").content.decode()


def test_the_low_vision_link_goes_back_only_within_the_portal(client, world):
    response = client.get(reverse("publication:low_vision"), {"mode": "on", "next": "https://evil.example/"})
    assert response["Location"] == reverse("home")
    client.cookies["low_vision"] = "huge-900"  # a forged value is the usual version
    assert "low-vision.css" not in client.get("/").content.decode()


def test_in_low_vision_mode_photos_are_replaced_by_their_text(client, world):
    from publication.models import PracticeStatus
    from publication.services import practice_create, practice_file_add
    from tests.publication.conftest import completed_pair, photo

    practice = practice_create(
        pair=completed_pair(world.program), user=world.curator, title="Кейс", description="Текст"
    )
    item = practice_file_add(practice, user=world.curator, file=photo())
    item.caption = "Открытый урок"
    item.save()
    type(practice).objects.filter(pk=practice.pk).update(status=PracticeStatus.APPROVED, approved_at=timezone.now())
    url = reverse("publication:public_practice", args=[world.school_a.municipality.slug, practice.pk])
    assert client.get(url).status_code == 200
    assert "<img" in client.get(url).content.decode()

    client.cookies["low_vision"] = "bw-200"
    text = client.get(url).content.decode()
    assert "<img" not in text and "Фото: Открытый урок" in text
