"""Regions above the districts (issue 19): a region's coordinator is placed over a region, sees its
districts and organizations, and nothing of another region."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from mentoring.access import municipalities_for, roles_in
from mentoring.models import Membership, Municipality, Organization, Role
from tests.factories import MunicipalityFactory, OrganizationFactory, RegionFactory, UserFactory, regional_member


@pytest.fixture
def regions(db):
    """Two districts of Тверская область and one of another region, with a regional coordinator."""
    tver, other = RegionFactory(name="Тверская область", code="69"), RegionFactory(name="Другая область")
    zarechny = MunicipalityFactory(slug="zarechny", region=tver)
    lesnoy = MunicipalityFactory(slug="lesnoy", region=tver)
    foreign = MunicipalityFactory(slug="foreign", region=other)
    schools = {
        "zarechny": OrganizationFactory(municipality=zarechny),
        "lesnoy": OrganizationFactory(municipality=lesnoy),
        "foreign": OrganizationFactory(municipality=foreign),
    }
    coordinator = regional_member(tver, email="region@tver.test")
    return tver, schools, coordinator


def test_a_regional_coordinator_sees_every_district_and_organization_of_the_region_only(regions):
    tver, schools, coordinator = regions
    assert set(municipalities_for(coordinator).values_list("slug", flat=True)) == {"zarechny", "lesnoy"}
    assert set(Organization.objects.for_user(coordinator)) == {schools["zarechny"], schools["lesnoy"]}
    assert roles_in(coordinator, schools["lesnoy"]) == {Role.REGIONAL_COORDINATOR}
    assert roles_in(coordinator, schools["foreign"]) == set()
    # Acting in a district stays with the district's own coordinators.
    assert list(Municipality.objects.coordinated_by(coordinator)) == []


def test_a_regional_coordinator_is_given_a_region_and_nothing_else(regions):
    tver, schools, _coordinator = regions
    user = UserFactory()
    with pytest.raises(ValidationError):
        Membership(user=user, role=Role.REGIONAL_COORDINATOR, municipality=schools["lesnoy"].municipality).clean()
    with pytest.raises(ValidationError):
        Membership(user=user, role=Role.COORDINATOR, region=tver).clean()
    with pytest.raises(ValidationError):
        Membership(user=user, role=Role.CURATOR, organization=schools["lesnoy"], region=tver).clean()
    for wrong in (
        {"role": Role.REGIONAL_COORDINATOR, "region": tver, "municipality": schools["lesnoy"].municipality},
        {"role": Role.REGIONAL_COORDINATOR, "organization": schools["lesnoy"]},
        {"role": Role.COORDINATOR, "municipality": schools["lesnoy"].municipality, "region": tver},
        {"role": Role.DIRECTOR, "organization": schools["lesnoy"], "region": tver},
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            Membership.objects.create(user=user, **wrong)


@pytest.mark.django_db(transaction=True)
def test_the_migration_turns_the_free_text_regions_into_regions():
    executor = MigrationExecutor(connection)
    before, after = [("mentoring", "0014_consent_revocation_scan")], [("mentoring", "0015_region")]
    executor.migrate(before)
    old = executor.loader.project_state(before).apps.get_model("mentoring", "Municipality")
    old.objects.create(name="УО Заречного района", short_name="Заречный", slug="zarechny", region="Тверская область")
    old.objects.create(name="УО Лесного района", short_name="Лесной", slug="lesnoy", region=" Тверская  область")
    old.objects.create(
        name="УО Приморского района", short_name="Приморский", slug="primorsky", region="Приморский край"
    )
    old.objects.create(name="УО без региона", short_name="Без", slug="none", region="")

    executor = MigrationExecutor(connection)
    executor.migrate(after)
    new = executor.loader.project_state(after).apps
    Region = new.get_model("mentoring", "Region")
    Municipality_ = new.get_model("mentoring", "Municipality")
    assert sorted(Region.objects.values_list("name", "slug")) == [
        ("Приморский край", "primorskii-krai"),
        ("Тверская область", "tverskaia-oblast"),
    ]
    regions = dict(Municipality_.objects.values_list("slug", "region__name"))
    assert regions == {
        "zarechny": "Тверская область",
        "lesnoy": "Тверская область",
        "primorsky": "Приморский край",
        "none": None,
    }

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
