"""Evidence is the school's: district staff open only what the school's curator shared with them."""

from django.core.files.base import ContentFile
from django.urls import reverse

from roadmap.models import Evidence


def file_evidence(world, name, shared=False):
    evidence = Evidence(
        activity=world.activity,
        organization=world.school_a,
        original_name=name,
        uploaded_by=world.curator,
        shared_with_district=shared,
    )
    evidence.file.save(name, ContentFile(b"%PDF-1.4 protocol"), save=True)
    return evidence


def download(world, evidence):
    return reverse("roadmap:evidence_download", args=[world.school_a.slug, evidence.pk])


def test_the_coordinator_cannot_open_an_unshared_protocol(client, world):
    protocol = file_evidence(world, "протокол-ивановы.pdf")
    client.force_login(world.coordinator)
    assert client.get(download(world, protocol)).status_code == 404
    page = client.get(world.activity.get_absolute_url()).content.decode()
    assert "протокол-ивановы" not in page
    assert "1 документ хранится в школе и не передан району" in page


def test_the_school_still_opens_its_own_evidence(client, world):
    protocol = file_evidence(world, "протокол.pdf")
    for user in (world.curator, world.director):
        client.force_login(user)
        assert client.get(download(world, protocol)).status_code == 200


def test_the_curator_shares_one_file_and_the_coordinator_then_opens_it(client, world):
    order = file_evidence(world, "приказ.pdf")
    protocol = file_evidence(world, "протокол.pdf")
    client.force_login(world.curator)
    response = client.post(
        reverse("roadmap:evidence_share", args=[world.school_a.slug, order.pk]), {"shared": "1"}, follow=True
    )
    assert "Сотрудники района теперь могут открыть «приказ.pdf»." in response.content.decode()
    client.force_login(world.coordinator)
    assert client.get(download(world, order)).status_code == 200
    assert client.get(download(world, protocol)).status_code == 404

    client.force_login(world.curator)
    client.post(reverse("roadmap:evidence_share", args=[world.school_a.slug, order.pk]), {"shared": "0"})
    client.force_login(world.coordinator)
    assert client.get(download(world, order)).status_code == 404


def test_evidence_can_be_shared_as_it_is_added(client, world):
    client.force_login(world.curator)
    client.post(
        reverse("roadmap:evidence_add", args=[world.school_a.slug, world.activity.pk]),
        {"url": "https://school.example/prikaz", "shared_with_district": "on"},
    )
    assert Evidence.objects.get(activity=world.activity).shared_with_district is True


def test_only_the_curator_shares(client, world):
    protocol = file_evidence(world, "протокол.pdf")
    for user in (world.director, world.coordinator):
        client.force_login(user)
        url = reverse("roadmap:evidence_share", args=[world.school_a.slug, protocol.pk])
        assert client.post(url, {"shared": "1"}).status_code == 403
    protocol.refresh_from_db()
    assert protocol.shared_with_district is False
