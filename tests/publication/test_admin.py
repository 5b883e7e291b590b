"""Support staff open the bank's models in the admin; the workflow fields stay read-only there."""

import pytest
from django.urls import reverse

from publication.models import Practice, PracticeFile, PracticePerson
from publication.services import practice_create, practice_file_add
from tests.factories import UserFactory

from .conftest import photo


@pytest.mark.parametrize("model", [Practice, PracticeFile, PracticePerson], ids=lambda m: m.__name__)
def test_every_model_of_the_bank_has_a_working_admin(client, world, bank, model):
    practice = practice_create(pair=bank.pair, user=world.curator, title="Кейс", description="Текст")
    practice_file_add(practice, user=world.curator, file=photo())
    client.force_login(UserFactory(email="support@nastavnik.test", is_staff=True, is_superuser=True))
    info = model._meta.app_label, model._meta.model_name
    changelist = reverse("admin:{}_{}_changelist".format(*info))
    assert client.get(changelist).status_code == 200
    assert client.get(changelist, {"q": "Петрова"}).status_code == 200
    first = model.objects.first()
    assert client.get(reverse("admin:{}_{}_change".format(*info), args=[first.pk])).status_code == 200


def test_the_demo_publishes_one_consented_case_once(client, world):
    """`seed_practices` on a school shaped like the demo's СОШ №4."""
    from publication.demo import seed_practices

    world.school_a.slug = "sosh-4"
    world.school_a.save()
    practice = seed_practices(organizations={"sosh-4": world.school_a})
    assert practice is not None and Practice.objects.public().filter(pk=practice.pk).exists()
    assert seed_practices(organizations={"sosh-4": world.school_a}) is None
    assert Practice.objects.filter(organization=world.school_a).count() == 1
    assert client.get(practice.get_public_url()).status_code == 200
