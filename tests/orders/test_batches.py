"""Drafting many orders at once: a stage's orders for a program, one type for every school of a district;
progress, retries and failures that are reported, never dropped."""

from unittest import mock

from django.urls import reverse

from orders import services
from orders.kinds import KINDS
from orders.models import Order, OrderBatchItem
from tests.factories import OrganizationFactory, ProgramFactory


def test_a_curator_drafts_every_order_of_a_stage(client, world, django_capture_on_commit_callbacks):
    client.force_login(world.curator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("orders:stage_batch", args=[world.school_a.slug]), {"program": world.program.pk, "stage": 1}
        )

    batch = OrderBatchItem.objects.select_related("batch").first().batch
    assert response["Location"] == reverse("orders:batch", args=[world.school_a.slug, batch.pk])
    stage_one = sorted(code for code, kind in KINDS.items() if kind.stage == 1)
    assert sorted(Order.objects.values_list("kind", flat=True)) == stage_one
    assert set(Order.objects.values_list("pdf_status", flat=True)) == {"ready"}
    assert services.batch_progress(batch) == {"total": 4, "done": 4, "failed": 0, "percent": 100, "finished": True}
    page = client.get(response["Location"]).content.decode()
    assert "Готово 4 из 4, с ошибкой — 0" in page and "hx-trigger" not in page  # finished: no more polling


def test_the_district_drafts_one_order_for_every_school_and_reports_the_one_it_could_not(
    client, world, django_capture_on_commit_callbacks
):
    OrganizationFactory(municipality=world.school_a.municipality, short_name="МБОУ «Без программы»")
    client.force_login(world.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("orders:district_batch_new", args=[world.school_a.municipality.slug]), {"kind": "implementation"}
        )

    items = {i.organization.short_name: i for i in OrderBatchItem.objects.select_related("organization")}
    assert set(items) == {"МБОУ «СОШ №1»", "МБОУ «СОШ №2»", "МБОУ «Без программы»"}
    assert items["МБОУ «Без программы»"].status == "failed"
    assert items["МБОУ «Без программы»"].error == "У организации нет действующей программы."
    assert {items[n].status for n in ("МБОУ «СОШ №1»", "МБОУ «СОШ №2»")} == {"done"}
    assert Order.objects.filter(kind="implementation").count() == 2
    assert "МБОУ «Чужая СОШ»" not in items  # another district's school


def test_a_failing_item_is_retried_then_recorded(world):
    program = ProgramFactory(organization=world.school_b)
    batch = services.batch_for_stage(program=program, stage=5, user=world.curator_b)
    real = services.order_render_pdf
    calls = {"n": 0}

    def flaky(order_id):
        calls["n"] += 1
        if calls["n"] == 1:
            raise OSError("WeasyPrint ran out of memory")
        return real(order_id)

    from orders.tasks import run_batch_item

    items = list(batch.items.all())
    with mock.patch.object(services, "order_render_pdf", flaky):
        run_batch_item.delay(items[0].pk)
    items[0].refresh_from_db()
    assert (items[0].status, items[0].attempts) == ("done", 2)

    with mock.patch.object(services, "order_render_pdf", side_effect=OSError("disk full")):
        run_batch_item.delay(items[1].pk)
    items[1].refresh_from_db()
    assert (items[1].status, items[1].error, items[1].attempts) == ("failed", "disk full", 4)


def test_a_director_cannot_sign_another_schools_order_through_their_own_address(client, world):
    other = services.order_create(program=world.program_b, kind="curator", user=world.curator_b)
    services.order_submit(other, user=world.curator_b)
    client.force_login(world.director)
    assert client.post(reverse("orders:sign", args=[world.school_a.slug, other.pk])).status_code == 404
    assert (
        client.post(reverse("orders:return", args=[world.school_a.slug, other.pk]), {"comment": "x"}).status_code == 404
    )
    other.refresh_from_db()
    assert other.status == "submitted"


def test_the_batch_page_runs_a_fixed_number_of_queries(client, world, django_capture_on_commit_callbacks):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(4):
        OrganizationFactory(municipality=world.school_a.municipality)
    with django_capture_on_commit_callbacks(execute=True):
        small = services.batch_for_district(
            municipality=world.school_a.municipality, kind="curator", user=world.coordinator
        )
    for _ in range(6):
        school = OrganizationFactory(municipality=world.school_a.municipality)
        ProgramFactory(organization=school)
    with django_capture_on_commit_callbacks(execute=True):
        large = services.batch_for_district(
            municipality=world.school_a.municipality, kind="curator", user=world.coordinator
        )
    client.force_login(world.coordinator)

    def queries(batch):
        with CaptureQueriesContext(connection) as captured:
            url = reverse("orders:district_batch", args=[world.school_a.municipality.slug, batch.pk])
            assert client.get(url).status_code == 200
        return len(captured)

    assert large.items.count() > small.items.count() + 5
    assert queries(large) == queries(small)
