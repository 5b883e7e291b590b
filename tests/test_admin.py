"""Support staff open every model's list, search, filters and forms in the admin without errors."""

import pytest
from django.contrib import admin
from django.urls import reverse

from tests.factories import UserFactory

OUR_APPS = {"mentoring", "roadmap", "notifications", "orders", "surveys", "reports", "publication", "consents"}


@pytest.fixture
def support(client, world):
    client.force_login(UserFactory(email="support@nastavnik.test", is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize(
    "model", [m for m in admin.site._registry if m._meta.app_label in OUR_APPS], ids=lambda m: m._meta.label
)
def test_every_model_has_a_working_admin(support, model):
    info = model._meta.app_label, model._meta.model_name
    changelist = reverse("admin:{}_{}_changelist".format(*info))
    assert support.get(changelist).status_code == 200
    assert support.get(changelist, {"q": "Петрова"}).status_code == 200
    model_admin = admin.site._registry[model]
    if model_admin.has_add_permission(support.get(changelist).wsgi_request):
        assert support.get(reverse("admin:{}_{}_add".format(*info))).status_code == 200
    first = model.objects.first()
    if first is not None:
        assert support.get(reverse("admin:{}_{}_change".format(*info), args=[first.pk])).status_code == 200


def test_all_our_models_are_registered():
    from django.apps import apps

    ours = {m for app in OUR_APPS for m in apps.get_app_config(app).get_models()}
    assert ours <= set(admin.site._registry)
