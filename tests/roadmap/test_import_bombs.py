"""Roadmap files that unpack to far more than they weigh are refused before they are read: an ODT
like any zip part, a PDF by its compressed streams (which PDFium would otherwise inflate whole)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reports import hostile
from roadmap.models import RoadmapImport


@pytest.mark.parametrize(
    "name, build, says",
    [
        ("Дорожная карта.odt", hostile.odt_bomb, "Часть файла «content.xml» распаковывается в 50 МБ"),
        ("Дорожная карта.pdf", hostile.pdf_bomb, "Файл распаковывается больше чем в 80 МБ."),
    ],
)
def test_a_roadmap_that_unpacks_to_far_more_than_it_weighs_is_refused(client, world, name, build, says):
    client.force_login(world.curator)
    response = client.post(
        reverse("roadmap:import_upload", args=[world.school_a.slug]),
        {"file": SimpleUploadedFile(name, build())},
        follow=True,
    )
    assert says in response.content.decode()
    assert not RoadmapImport.objects.exists()
