"""The demo district: organizations of every kind, people in every role, and programs whose roadmaps
are the real ones from ../shared/seeds/. Building it twice changes nothing: everything is found by
its natural key first, and a program's roadmap is only built when the program is new."""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from mentoring.demo import seed_bases
from mentoring.models import Membership, MentoringForm, Municipality, Organization, Region, Role, User
from mentoring.standard_forms import install_standard_forms

from . import demo_roadmaps, services
from .models import Activity, ActivityStatus, Program, Section
from .terms import parse_term, program_month

DEMO_PASSWORD = "demo-nastavnik"
DEMO_NOTE = "Документ утверждён и размещён на сайте ОО (демонстрационные данные)."


@dataclass(frozen=True)
class DemoUser:
    email: str
    last_name: str
    first_name: str
    patronymic: str
    roles: tuple  # (role, organization slug or None for the district, position)


REGION = {
    "slug": "demo-region",
    "name": "Демонстрационная область",
    "short_name": "Демонстрационная обл.",
    "code": "99",
}

DISTRICT = {
    "slug": "demo-district",
    "name": "Управление образования администрации муниципального района «Демонстрационный»",
    "short_name": "УО района «Демонстрационный»",
}

OFFICE = {
    "slug": "uo-demo",
    "kind": "office",
    "short_name": "УО района «Демонстрационный»",
    "full_name": "Управление образования администрации муниципального района «Демонстрационный»",
    "address": "пл. Советская, 1",
    "director_name": "Григорьева Анна Михайловна",
    "director_title": "Начальник",
}

ORGANIZATIONS = [
    {
        "slug": "sosh-4",
        "kind": "school",
        "short_name": "МБОУ «СОШ №4»",
        "full_name": "Муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная школа №4»",
        "address": "ул. Школьная, 4",
        "founder": "Управление образования администрации муниципального образования «Демонстрационный район»",
        "director_name": "Соколов Андрей Петрович",
        "director_title": "Директор",
        "student_count": 812,
        "teacher_count": 54,
    },
    {
        "slug": "akbulak-sosh-3",
        "kind": "school",
        "short_name": "МБОУ «Акбулакская СОШ №3»",
        "full_name": "Муниципальное бюджетное общеобразовательное учреждение «Акбулакская средняя "
        "общеобразовательная школа №3»",
        "address": "ул. Комсомольская, 3",
        "founder": "Управление образования администрации муниципального образования «Демонстрационный район»",
        "director_name": "Ахметова Гульнара Рамилевна",
        "director_title": "Директор",
        "student_count": 640,
        "teacher_count": 41,
    },
    {
        "slug": "licey-1",
        "kind": "lyceum",
        "short_name": "МАОУ «Лицей №1»",
        "full_name": "Муниципальное автономное общеобразовательное учреждение «Лицей №1»",
        "address": "пр. Мира, 1",
        "founder": "Управление образования администрации муниципального образования «Демонстрационный район»",
        "director_name": "Лебедева Ирина Сергеевна",
        "director_title": "Директор",
        "student_count": 980,
        "teacher_count": 68,
    },
    {
        "slug": "ds-14",
        "kind": "kindergarten",
        "short_name": "МБДОУ «Детский сад №14»",
        "full_name": "Муниципальное бюджетное дошкольное образовательное учреждение «Детский сад №14»",
        "address": "ул. Молодёжная, 14",
        "founder": "Управление образования администрации муниципального образования «Демонстрационный район»",
        "director_name": "Киселёва Наталья Юрьевна",
        "director_title": "Заведующий",
        "student_count": 210,
        "teacher_count": 24,
    },
    {
        "slug": "pedcollege",
        "kind": "college",
        "short_name": "ГАПОУ «Педколледж»",
        "full_name": "Государственное автономное профессиональное образовательное учреждение "
        "«Демонстрационный педагогический колледж»",
        "address": "ул. Учительская, 10",
        "founder": "Управление образования администрации муниципального образования «Демонстрационный район»",
        "director_name": "Орлов Виктор Иванович",
        "director_title": "Директор",
        "student_count": 1150,
        "teacher_count": 85,
    },
]

USERS = [
    DemoUser(
        "koordinator@nastavnik.test",
        "Морозова",
        "Елена",
        "Викторовна",
        ((Role.COORDINATOR, None, "главный специалист, муниципальный координатор"),),
    ),
    DemoUser(
        "region@nastavnik.test",
        "Белова",
        "Наталья",
        "Сергеевна",
        ((Role.REGIONAL_COORDINATOR, None, "методист регионального методического центра, региональный координатор"),),
    ),
    DemoUser(
        "direktor.sosh4@nastavnik.test", "Соколов", "Андрей", "Петрович", ((Role.DIRECTOR, "sosh-4", "директор"),)
    ),
    DemoUser(
        "kurator.sosh4@nastavnik.test",
        "Петрова",
        "Ольга",
        "Николаевна",
        ((Role.CURATOR, "sosh-4", "заместитель директора по УВР"), (Role.MENTOR, "sosh-4", "учитель математики")),
    ),
    DemoUser(
        "nastavnik.sosh4@nastavnik.test",
        "Васильева",
        "Татьяна",
        "Игоревна",
        ((Role.MENTOR, "sosh-4", "учитель русского языка и литературы"),),
    ),
    DemoUser(
        "molodoy.pedagog.sosh4@nastavnik.test",
        "Кузнецов",
        "Дмитрий",
        "Алексеевич",
        ((Role.MENTEE, "sosh-4", "учитель истории, стаж 1 год"),),
    ),
    DemoUser(
        "direktor.akbulak@nastavnik.test",
        "Ахметова",
        "Гульнара",
        "Рамилевна",
        ((Role.DIRECTOR, "akbulak-sosh-3", "директор"),),
    ),
    DemoUser(
        "kurator.akbulak@nastavnik.test",
        "Жумабаева",
        "Айгуль",
        "Сериковна",
        ((Role.CURATOR, "akbulak-sosh-3", "заместитель директора по УВР"),),
    ),
    DemoUser(
        "direktor.licey1@nastavnik.test", "Лебедева", "Ирина", "Сергеевна", ((Role.DIRECTOR, "licey-1", "директор"),)
    ),
    DemoUser(
        "kurator.licey1@nastavnik.test",
        "Смирнов",
        "Павел",
        "Олегович",
        ((Role.CURATOR, "licey-1", "заместитель директора по НМР"),),
    ),
    DemoUser(
        "zaveduyushchiy.ds14@nastavnik.test",
        "Киселёва",
        "Наталья",
        "Юрьевна",
        ((Role.DIRECTOR, "ds-14", "заведующий"),),
    ),
    DemoUser(
        "kurator.ds14@nastavnik.test",
        "Белова",
        "Светлана",
        "Викторовна",
        ((Role.CURATOR, "ds-14", "старший воспитатель"),),
    ),
    DemoUser(
        "direktor.college@nastavnik.test", "Орлов", "Виктор", "Иванович", ((Role.DIRECTOR, "pedcollege", "директор"),)
    ),
    DemoUser(
        "kurator.college@nastavnik.test",
        "Фёдорова",
        "Марина",
        "Андреевна",
        ((Role.CURATOR, "pedcollege", "заместитель директора по УР"),),
    ),
]
SUPPORT_USER = DemoUser("admin@nastavnik.test", "Администратор", "Портала", "", ())


def academic_year(today):
    return today.year if today.month >= 8 else today.year - 1


def _user(spec, *, superuser=False):
    user = User.objects.filter(email=spec.email).first()
    if user is None:
        user = User(
            email=spec.email,
            last_name=spec.last_name,
            first_name=spec.first_name,
            patronymic=spec.patronymic,
            is_staff=superuser,
            is_superuser=superuser,
        )
        user.set_password(DEMO_PASSWORD)
        user.save()
    return user


def _form(code):
    return MentoringForm.objects.get(code=code, organization=None)


def _college_peer_form(college):
    """«Студент – студент»: a college's own form (the methodology lists it as a practice, not a
    standard form), in which its senior students mentor its junior ones."""
    form, _ = MentoringForm.objects.get_or_create(
        organization=college,
        code="college-student-student",
        defaults={
            "name": "Студент – студент",
            "audience": MentoringForm.Audience.STUDENTS,
            "mentor_categories": ["college_student"],
            "position": 20,
        },
    )
    return form


def _complete_past(program, today, *, skip_every=5):
    """Give a fresh demo program a believable history: what is long past is done, a few things are
    forgotten (overdue), what is running now is in progress."""
    for index, activity in enumerate(program.activities.order_by("section__position", "position")):
        if activity.due_date and activity.due_date < today:
            if index % skip_every == skip_every - 1:
                continue
            services.activity_set_status(
                activity=activity, status=ActivityStatus.DONE, user=program.curator, note=DEMO_NOTE
            )
        elif activity.start_date and activity.start_date <= today:
            services.activity_set_status(activity=activity, status=ActivityStatus.IN_PROGRESS, user=program.curator)


def _build_seed_roadmap(program, sections, *, years=None, documents=False):
    """`documents`: the roadmap lists the documents each stage produces, so each activity is its result."""
    for position, spec in enumerate(sections, start=1):
        section = Section.objects.create(
            program=program,
            organization=program.organization,
            number=spec["number"],
            title=spec["title"],
            stage=spec["stage"],
            position=position,
        )
        term = spec.get("term", "")
        if years:
            term = term.format(**years)
        if "months" in spec:
            first, last = spec["months"]
            start = program_month(program.period_start, program.period_end, first)[0]
            due = program_month(program.period_start, program.period_end, last)[1]
        else:
            start, due = parse_term(term, program.period_start, program.period_end)
        activities = []
        for index, item in enumerate(spec["activities"], start=1):
            if "role" in spec:
                title, kind = item
                track = ""
            else:
                track, title = item
                kind = ""
            activities.append(
                Activity(
                    program=program,
                    section=section,
                    organization=program.organization,
                    number=f"{spec['number'].rstrip('.')}.{index}",
                    position=index,
                    title=title,
                    track=track,
                    start_date=start,
                    due_date=due,
                    term_text=term,
                    responsible_role=spec.get("role", ""),
                    responsible_text=spec.get("responsible", ""),
                    result_kind=kind,
                    result_text=title if documents else "",
                )
            )
        Activity.objects.bulk_create(activities)


def _program(organization, title, start, end, curator, forms, **kwargs):
    program = Program.objects.filter(organization=organization, title=title).first()
    if program is not None:
        return program, False
    program = services.program_create(
        organization=organization,
        title=title,
        period_start=start,
        period_end=end,
        curator=curator,
        forms=forms,
        **kwargs,
    )
    return program, True


@transaction.atomic
def seed_demo(today=None):
    today = today or timezone.localdate()
    y = academic_year(today)
    install_standard_forms(MentoringForm)
    region, _ = Region.objects.get_or_create(slug=REGION["slug"], defaults=REGION)
    district, _ = Municipality.objects.get_or_create(slug=DISTRICT["slug"], defaults={**DISTRICT, "region": region})
    orgs = {}
    for spec in ORGANIZATIONS:
        orgs[spec["slug"]], _ = Organization.objects.get_or_create(
            slug=spec["slug"], defaults={**spec, "municipality": district}
        )
    users = {}
    for spec in USERS:
        user = _user(spec)
        users[spec.email] = user
        for role, org_slug, position in spec.roles:
            regional = role == Role.REGIONAL_COORDINATOR
            Membership.objects.get_or_create(
                user=user,
                role=role,
                organization=orgs.get(org_slug),
                municipality=district if org_slug is None and not regional else None,
                region=region if regional else None,
                defaults={"position": position},
            )
    _user(SUPPORT_USER, superuser=True)
    office, _ = Organization.objects.get_or_create(slug=OFFICE["slug"], defaults={**OFFICE, "municipality": district})

    def curator(slug):
        return users[f"kurator.{slug}@nastavnik.test"]

    sept, may = date(y, 9, 1), date(y + 1, 5, 31)

    program, new = _program(
        orgs["sosh-4"],
        f"Целевая программа наставничества на {y}/{y + 1} учебный год",
        sept,
        may,
        curator("sosh4"),
        [_form("teacher-teacher"), _form("student-student")],
        use_template=False,
    )
    if new:
        _build_seed_roadmap(program, demo_roadmaps.SCHOOL_4, documents=True)
        _complete_past(program, today)

    program, new = _program(
        orgs["akbulak-sosh-3"],
        f"Целевая модель наставничества на {y}/{y + 1} учебный год",
        sept,
        may,
        curator("akbulak"),
        [_form("student-student"), _form("teacher-pupil"), _form("teacher-teacher")],
        use_template=False,
    )
    if new:
        _build_seed_roadmap(program, demo_roadmaps.AKBULAK_SCHOOL_3)
        for activity in program.activities.filter(section__position__lte=2):
            services.activity_set_status(
                activity=activity, status=ActivityStatus.DONE, user=program.curator, note=DEMO_NOTE
            )
        program.activities.filter(section__position=3).update(status=ActivityStatus.IN_PROGRESS)

    program, new = _program(
        orgs["ds-14"],
        f"Система наставничества педагогических работников, {y}–{y + 1}",
        date(y, 4, 1),
        date(y + 1, 6, 30),
        curator("ds14"),
        [_form("traditional"), _form("group")],
        use_template=False,
    )
    if new:
        _build_seed_roadmap(program, demo_roadmaps.KINDERGARTEN_14, years={"Y": y, "Y1": y + 1})
        _complete_past(program, today, skip_every=6)

    program, new = _program(
        orgs["licey-1"],
        f"Программа наставничества лицея на {y}/{y + 1} учебный год",
        sept,
        may,
        curator("licey1"),
        [_form("student-student"), _form("teacher-pupil"), _form("teacher-teacher"), _form("employer-pupil")],
    )
    if new:
        _complete_past(program, today, skip_every=3)

    last_year, new = _program(
        orgs["pedcollege"],
        f"Программа наставничества колледжа на {y - 1}/{y} учебный год",
        date(y - 1, 9, 1),
        date(y, 6, 30),
        curator("college"),
        [_college_peer_form(orgs["pedcollege"]), _form("employer-student"), _form("traditional")],
        status="completed",
    )
    if new:
        _complete_past(last_year, today, skip_every=10**6)
    program, new = _program(
        orgs["pedcollege"],
        f"Программа наставничества колледжа на {y}/{y + 1} учебный год",
        sept,
        date(y + 1, 6, 30),
        curator("college"),
        [_college_peer_form(orgs["pedcollege"]), _form("employer-student"), _form("traditional")],
        copy_from=last_year,
    )
    if new:
        _complete_past(program, today, skip_every=4)

    # Last, so that the schools' own programs exist and receive the district's activities.
    program, new = _program(
        office,
        f"Дорожная карта внедрения целевой модели наставничества в районе, {y}/{y + 1}",
        sept,
        date(y + 1, 6, 30),
        None,
        [],
        use_template=False,
    )
    if new:
        _build_district_roadmap(program, years={"Y": y, "Y1": y + 1})
        services.district_cascade(program=program)
        first = program.activities.order_by("section__position", "position").first()
        services.activity_set_status(activity=first, status=ActivityStatus.DONE, user=None, note=DEMO_NOTE)
        # Two schools have already issued their orders.
        for copy in Activity.objects.filter(
            district_activity__program=program, number="1.2", organization__slug__in=["sosh-4", "licey-1"]
        ):
            services.activity_set_status(activity=copy, status=ActivityStatus.DONE, user=None, note=DEMO_NOTE)

    seed_bases(organizations=orgs, users=list(users.values()), today=today, year=y)
    return {"region": region, "district": district, "organizations": orgs, "users": [*USERS, SUPPORT_USER]}


def _build_district_roadmap(program, *, years):
    from .importing.services import match_role

    for position, (number, title, items) in enumerate(demo_roadmaps.DISTRICT, start=1):
        section = Section.objects.create(
            program=program, organization=program.organization, number=number, title=title, position=position
        )
        activities = []
        for index, (activity_number, text, term, result, responsible) in enumerate(items, start=1):
            term = term.format(**years)
            start, due = parse_term(term, program.period_start, program.period_end)
            activities.append(
                Activity(
                    program=program,
                    section=section,
                    organization=program.organization,
                    number=activity_number,
                    position=index,
                    title=text,
                    start_date=start,
                    due_date=due,
                    term_text=term,
                    responsible_role=match_role(responsible),
                    responsible_text=responsible,
                    result_text=result,
                )
            )
        Activity.objects.bulk_create(activities)
