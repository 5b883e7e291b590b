"""Factories that keep related objects in one organization unless a test says otherwise."""

from datetime import date

import factory
from factory.django import DjangoModelFactory

from mentoring.models import (
    Consent,
    ConsentGiver,
    ConsentKind,
    Membership,
    Mentee,
    Mentor,
    MentoringForm,
    Municipality,
    Organization,
    Person,
    Region,
    Role,
    User,
)
from roadmap.models import Activity, Program, Section


class RegionFactory(DjangoModelFactory):
    class Meta:
        model = Region

    name = factory.Sequence(lambda n: f"Область №{n}")
    short_name = factory.Sequence(lambda n: f"Область №{n}")
    slug = factory.Sequence(lambda n: f"region-{n}")


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


def regional_member(region, **user_fields):
    """A regional coordinator over `region`."""
    user = UserFactory(**user_fields)
    Membership.objects.create(user=user, role=Role.REGIONAL_COORDINATOR, region=region)
    return user


def member(organization, role, **user_fields):
    user = UserFactory(**user_fields)
    if role == Role.REGIONAL_COORDINATOR:
        Membership.objects.create(user=user, role=role, region=organization.municipality.region)
    elif role == Role.COORDINATOR:
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


class PersonFactory(DjangoModelFactory):
    """An adult with a processing consent on record, unless told otherwise."""

    class Meta:
        model = Person
        skip_postgeneration_save = True

    organization = factory.SubFactory(OrganizationFactory)
    last_name = factory.Sequence(lambda n: f"Смирнова{n}")
    first_name = "Мария"
    patronymic = "Павловна"
    birth_date = date(1990, 3, 1)

    @factory.post_generation
    def consent(self, create, extracted, **kwargs):
        if create and extracted is not False:
            Consent.objects.create(
                person=self,
                kind=ConsentKind.PROCESSING,
                given_by=ConsentGiver.PARENT if self.is_minor else ConsentGiver.PERSON,
                giver_name=self.parent_name or "Родитель" if self.is_minor else "",
                given_on=date(2026, 9, 1),
            )


def child(organization, grade=7, **fields):
    """A schoolchild whose consent a parent gave."""
    return PersonFactory(
        organization=organization,
        birth_date=date(2026 - grade - 7, 5, 1),
        grade=grade,
        parent_name="Смирнов Павел Иванович",
        parent_phone="+7 900 000-00-00",
        **fields,
    )


class MenteeFactory(DjangoModelFactory):
    class Meta:
        model = Mentee

    person = factory.SubFactory(PersonFactory)
    category = "young_teacher"
    request = "Адаптация в коллективе, методика урока"
    entered_on = date(2026, 9, 1)


class MentorFactory(DjangoModelFactory):
    class Meta:
        model = Mentor

    person = factory.SubFactory(PersonFactory)
    category = "graduate"
    status = "active"
    capacity = 2
    included_on = date(2026, 9, 1)


def teacher_mentor(organization, *, mentoring_consent=True, **fields):
    mentor = MentorFactory(person=PersonFactory(organization=organization), category="teacher", **fields)
    if mentoring_consent:
        Consent.objects.create(person=mentor.person, kind=ConsentKind.MENTORING, given_on=date(2026, 9, 1))
    return mentor


def standard_form(code):
    return MentoringForm.objects.get(code=code, organization=None)
