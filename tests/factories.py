"""Factories that keep related objects in one organization unless a test says otherwise."""

from datetime import date

import factory
from factory.django import DjangoModelFactory

from mentoring.models import Membership, Municipality, Organization, Role, User
from roadmap.models import Activity, Program, Section


class MunicipalityFactory(DjangoModelFactory):
    class Meta:
        model = Municipality

    name = factory.Sequence(lambda n: f"Управление образования района №{n}")
    short_name = factory.Sequence(lambda n: f"УО №{n}")
    slug = factory.Sequence(lambda n: f"district-{n}")


class OrganizationFactory(DjangoModelFactory):
    class Meta:
        model = Organization

    municipality = factory.SubFactory(MunicipalityFactory)
    kind = "school"
    full_name = factory.Sequence(lambda n: f"Муниципальное бюджетное общеобразовательное учреждение «СОШ №{n}»")
    short_name = factory.Sequence(lambda n: f"МБОУ «СОШ №{n}»")
    slug = factory.Sequence(lambda n: f"school-{n}")
    director_name = "Иванов Иван Иванович"
    student_count = 500
    teacher_count = 40


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@nastavnik.test")
    last_name = "Иванова"
    first_name = "Анна"
    patronymic = "Сергеевна"
    password = factory.PostGenerationMethodCall("set_password", "secret-password-1")

    @factory.post_generation
    def save_password(self, create, extracted, **kwargs):
        if create:
            self.save()


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    role = Role.CURATOR
    organization = factory.SubFactory(OrganizationFactory)


def member(organization, role, **user_fields):
    user = UserFactory(**user_fields)
    if role == Role.COORDINATOR:
        Membership.objects.create(user=user, role=role, municipality=organization.municipality)
    else:
        Membership.objects.create(user=user, role=role, organization=organization)
    return user


class ProgramFactory(DjangoModelFactory):
    class Meta:
        model = Program

    organization = factory.SubFactory(OrganizationFactory)
    title = factory.Sequence(lambda n: f"Программа наставничества №{n}")
    period_start = date(2026, 9, 1)
    period_end = date(2027, 5, 31)
    status = "active"


class SectionFactory(DjangoModelFactory):
    class Meta:
        model = Section

    program = factory.SubFactory(ProgramFactory)
    organization = factory.SelfAttribute("program.organization")
    number = factory.Sequence(str)
    title = "Подготовка условий для запуска программы наставничества"
    stage = 1
    position = factory.Sequence(int)


class ActivityFactory(DjangoModelFactory):
    class Meta:
        model = Activity

    section = factory.SubFactory(SectionFactory)
    program = factory.SelfAttribute("section.program")
    organization = factory.SelfAttribute("section.organization")
    number = factory.Sequence(lambda n: f"1.{n}")
    position = factory.Sequence(int)
    title = "Издание приказа о внедрении целевой модели наставничества"
    start_date = date(2026, 9, 1)
    due_date = date(2026, 9, 30)
    responsible_role = "curator"
