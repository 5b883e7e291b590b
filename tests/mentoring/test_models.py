import pytest
from django.db import IntegrityError

from mentoring.models import Membership, MentoringForm, Organization, Role, User
from tests.factories import OrganizationFactory, UserFactory, member


def test_user_logs_in_by_email_case_insensitively(db):
    user = User.objects.create_user(
        "Curator@School.test", "pw-12345678", last_name="Петрова", first_name="Ольга", patronymic="Николаевна"
    )
    assert user.email == "curator@school.test"
    assert User.objects.get_by_natural_key("CURATOR@school.TEST") == user
    assert user.short_name == "Петрова О.Н."
    assert user.full_name == "Петрова Ольга Николаевна"


def test_coordinator_membership_must_name_a_municipality_not_an_organization(db):
    school = OrganizationFactory()
    user = UserFactory()
    with pytest.raises(IntegrityError):
        Membership.objects.create(user=user, role=Role.COORDINATOR, organization=school)


def test_school_role_must_name_an_organization(db):
    school = OrganizationFactory()
    with pytest.raises(IntegrityError):
        Membership.objects.create(user=UserFactory(), role=Role.CURATOR, municipality=school.municipality)


def test_same_role_twice_in_one_organization_is_refused(db):
    school = OrganizationFactory()
    user = member(school, Role.CURATOR)
    with pytest.raises(IntegrityError):
        Membership.objects.create(user=user, role=Role.CURATOR, organization=school)


def test_one_person_may_hold_several_roles_in_several_organizations(db):
    school, lyceum = OrganizationFactory(), OrganizationFactory()
    user = member(school, Role.CURATOR)
    Membership.objects.create(user=user, role=Role.MENTOR, organization=school)
    Membership.objects.create(user=user, role=Role.MENTOR, organization=lyceum)
    assert set(Organization.objects.for_user(user)) == {school, lyceum}


def test_organizations_for_user_follow_memberships(world):
    assert list(Organization.objects.for_user(world.curator)) == [world.school_a]
    assert set(Organization.objects.for_user(world.coordinator)) == {world.school_a, world.school_b}
    assert list(Organization.objects.for_user(world.foreign_coordinator)) == [world.foreign_school]
    assert not Organization.objects.for_user(world.outsider).exists()


def test_a_deactivated_user_sees_nothing(world):
    world.curator.is_active = False
    world.curator.save()
    assert not Organization.objects.for_user(world.curator).exists()


def test_standard_forms_of_mentoring_are_installed(db):
    names = set(MentoringForm.objects.filter(organization=None).values_list("name", flat=True))
    assert {
        "Ученик – ученик",
        "Учитель – учитель",
        "Студент – ученик",
        "Работодатель – ученик",
        "Работодатель – студент",
        "Реверсивная",
        "Групповая",
    } <= names


def test_negative_student_count_is_refused(db):
    with pytest.raises(IntegrityError):
        OrganizationFactory(student_count=-1)


def test_emails_differing_only_in_case_are_one_account(db):
    UserFactory(email="teacher@school.test")
    with pytest.raises(IntegrityError):
        User.objects.create(email="Teacher@School.test", last_name="Б", first_name="Б")


def test_admin_form_normalises_the_email(db):
    user = User(email="New.Teacher@School.TEST", last_name="Новикова", first_name="Анна")
    user.set_unusable_password()
    user.full_clean()
    assert user.email == "new.teacher@school.test"


def test_organizations_for_user_with_roles(world):
    from mentoring.models import Membership

    Membership.objects.create(user=world.mentor, role=Role.CURATOR, organization=world.school_b)
    assert list(Organization.objects.for_user(world.mentor, roles={Role.CURATOR})) == [world.school_b]
    assert set(Organization.objects.for_user(world.mentor)) == {world.school_a, world.school_b}
    assert set(Organization.objects.for_user(world.coordinator, roles={Role.COORDINATOR})) == {
        world.school_a,
        world.school_b,
    }
