"""Demo bases for `seed_demo`: mentors and mentees with consents, pairs with plans and meeting logs, and
children still waiting for a mentor, so that matching has something to propose."""

from datetime import date, timedelta

from django.db import transaction

from . import services
from .models import (
    Competency,
    Consent,
    ConsentGiver,
    ConsentKind,
    Meeting,
    Mentee,
    Mentor,
    MentoringForm,
    MentorTraining,
    Person,
    PlanItem,
    PlanItemStatus,
)

# (last, first, patronymic, subject, competencies, capacity, email of the account or "")
SCHOOL_4_TEACHERS = [
    (
        "Васильева",
        "Татьяна",
        "Игоревна",
        "Русский язык и литература",
        ["Методика преподавания", "Классное руководство", "Работа с родителями"],
        2,
        "nastavnik.sosh4@nastavnik.test",
    ),
    (
        "Петрова",
        "Ольга",
        "Николаевна",
        "Математика",
        ["Методика преподавания", "Подготовка к аттестации", "Ведение документации"],
        2,
        "kurator.sosh4@nastavnik.test",
    ),
    (
        "Гусева",
        "Елена",
        "Викторовна",
        "Биология",
        ["Исследовательские и проектные работы", "Современные образовательные технологии"],
        3,
        "",
    ),
    (
        "Фролов",
        "Игорь",
        "Сергеевич",
        "Физическая культура",
        ["Дисциплина на уроке", "Спорт и здоровый образ жизни"],
        2,
        "",
    ),
]

# (last, first, grade, competencies)
SCHOOL_4_STUDENT_MENTORS = [
    ("Андреева", "Полина", 10, ["Математика", "Подготовка к олимпиадам", "Мотивация к учёбе"]),
    ("Белов", "Артём", 11, ["Информатика и цифровые навыки", "Исследовательские и проектные работы"]),
    ("Егорова", "Дарья", 10, ["Русский язык и литература", "Творчество и искусство", "Коммуникация и общение"]),
    ("Зайцев", "Максим", 11, ["Спорт и здоровый образ жизни", "Лидерство и самоуправление"]),
]

# (last, first, grade, request, needs)
SCHOOL_4_PUPILS = [
    ("Абрамов", "Кирилл", 6, "Трудности с дробями, низкая мотивация", ["Математика", "Мотивация к учёбе"]),
    ("Волкова", "Алиса", 7, "Хочет участвовать в олимпиаде по математике", ["Подготовка к олимпиадам", "Математика"]),
    (
        "Григорьев",
        "Никита",
        8,
        "Проект по робототехнике",
        ["Информатика и цифровые навыки", "Исследовательские и проектные работы"],
    ),
    (
        "Данилова",
        "София",
        5,
        "Адаптация после перехода из другой школы",
        ["Адаптация в коллективе", "Коммуникация и общение"],
    ),
    ("Ефимов", "Лев", 7, "Неуспеваемость по русскому языку", ["Русский язык и литература", "Неуспеваемость"]),
    ("Жукова", "Виктория", 6, "Пишет стихи, хочет выступать", ["Творчество и искусство", "Публичные выступления"]),
    ("Захаров", "Тимур", 8, "Хочет в школьную сборную по баскетболу", ["Спорт и здоровый образ жизни"]),
    ("Ильина", "Ева", 7, "Робость, трудно отвечать у доски", ["Коммуникация и общение", "Психологическая поддержка"]),
    ("Козлов", "Марк", 9, "Выбор профиля, подготовка к ОГЭ", ["Профориентация", "Подготовка к ОГЭ и ЕГЭ"]),
]

# (last, first, patronymic, subject, experience, needs, email)
SCHOOL_4_YOUNG_TEACHERS = [
    (
        "Кузнецов",
        "Дмитрий",
        "Алексеевич",
        "История",
        1,
        ["Методика преподавания", "Работа с родителями"],
        "molodoy.pedagog.sosh4@nastavnik.test",
    ),
    ("Лебедева", "Анастасия", "Олеговна", "Английский язык", 0, ["Дисциплина на уроке", "Ведение документации"], ""),
    (
        "Морозова",
        "Юлия",
        "Дмитриевна",
        "Химия",
        2,
        ["Подготовка к аттестации", "Современные образовательные технологии"],
        "",
    ),
]

OTHER_SCHOOLS_MENTORS = {
    "licey-1": [
        ("Орлова", "Марина", "Викторовна", "Физика", ["Подготовка к олимпиадам", "Естественные науки"]),
        ("Никитин", "Павел", "Андреевич", "Информатика", ["Информатика и цифровые навыки"]),
    ],
    "pedcollege": [("Соловьёва", "Ирина", "Петровна", "Педагогика", ["Методика преподавания", "Профориентация"])],
    "akbulak-sosh-3": [("Ахметова", "Гульнара", "Рашидовна", "Начальные классы", ["Классное руководство"])],
}


def _tags(names):
    return list(Competency.objects.filter(organization=None, name__in=names))


def _consent(person, kind, on, parent=""):
    Consent.objects.create(
        person=person,
        kind=kind,
        given_on=on,
        given_by=ConsentGiver.PARENT if parent else ConsentGiver.PERSON,
        giver_name=parent,
    )


def _teacher_mentor(organization, spec, *, start, users, mentoring_consent=True, status="trained"):
    last, first, patronymic, subject, competencies, capacity, email = spec
    person = Person.objects.create(
        organization=organization,
        last_name=last,
        first_name=first,
        patronymic=patronymic,
        position=f"учитель ({subject.lower()})",
        subject=subject,
        experience_years=15,
        email=email or "",
        user=users.get(email),
    )
    _consent(person, ConsentKind.PROCESSING, start)
    if mentoring_consent:
        _consent(person, ConsentKind.MENTORING, start)
    mentor = Mentor.objects.create(
        person=person,
        category="teacher",
        workplace=organization.short_name,
        capacity=capacity,
        status=status,
        qualification="высшая",
        availability=["tue", "thu"],
        included_on=start,
    )
    mentor.competencies.set(_tags(competencies))
    return mentor


@transaction.atomic
def seed_bases(*, organizations, users, today, year):
    """Fill the bases of the demo schools once; a second run leaves them as they are."""
    school = organizations["sosh-4"]
    if Person.objects.filter(organization=school).exists():
        return
    start = date(year, 9, 5)
    users = {u.email: u for u in users}
    program = school.programs.order_by("-period_start").first()
    teacher_form = MentoringForm.objects.get(code="teacher-teacher", organization=None)
    student_form = MentoringForm.objects.get(code="student-student", organization=None)

    teachers = [_teacher_mentor(school, spec, start=start, users=users) for spec in SCHOOL_4_TEACHERS]
    # A teacher whose written consent to mentor has not come back yet: the portal will refuse to pair her.
    _teacher_mentor(
        school,
        ("Сидорова", "Наталья", "Ивановна", "География", ["Профориентация"], 2, ""),
        start=start,
        users=users,
        mentoring_consent=False,
        status="selected",
    )

    student_mentors = []
    for last, first, grade, competencies in SCHOOL_4_STUDENT_MENTORS:
        person = Person.objects.create(
            organization=school,
            last_name=last,
            first_name=first,
            birth_date=date(year - grade - 6, 3, 10),
            grade=grade,
            class_letter="А",
            parent_name=f"{last}а Наталья Сергеевна" if not last.endswith("а") else f"{last} Наталья Сергеевна",
            parent_phone="+7 900 100-20-30",
        )
        _consent(person, ConsentKind.PROCESSING, start, parent=person.parent_name)
        mentor = Mentor.objects.create(
            person=person,
            category="student",
            workplace=f"{grade}А класс",
            capacity=2,
            status="trained",
            desired_age_from=10,
            desired_age_to=14,
            availability=["mon", "wed", "fri"],
            included_on=start,
        )
        mentor.competencies.set(_tags(competencies))
        student_mentors.append(mentor)

    pupils = []
    for last, first, grade, request, needs in SCHOOL_4_PUPILS:
        person = Person.objects.create(
            organization=school,
            last_name=last,
            first_name=first,
            birth_date=date(year - grade - 7, 6, 1),
            grade=grade,
            class_letter="Б",
            # The mother, by the pupil's surname in its feminine form: a real name, as a consent prints it.
            parent_name=f"{last} Ирина Викторовна" if last.endswith("а") else f"{last}а Ирина Викторовна",
            parent_phone="+7 900 200-30-40",
        )
        _consent(person, ConsentKind.PROCESSING, start, parent=person.parent_name)
        mentee = Mentee.objects.create(
            person=person,
            category="student",
            request=request,
            request_source="class_teacher",
            preferred_form=student_form,
            availability=["mon", "wed"],
            entered_on=start,
        )
        mentee.needs.set(_tags(needs))
        pupils.append(mentee)

    young = []
    for last, first, patronymic, subject, experience, needs, email in SCHOOL_4_YOUNG_TEACHERS:
        person = Person.objects.create(
            organization=school,
            last_name=last,
            first_name=first,
            patronymic=patronymic,
            birth_date=date(year - 24, 2, 2),
            position=f"учитель ({subject.lower()})",
            subject=subject,
            experience_years=experience,
            email=email,
            user=users.get(email),
        )
        _consent(person, ConsentKind.PROCESSING, start)
        mentee = Mentee.objects.create(
            person=person,
            category="young_teacher",
            request=f"Первые годы в профессии: {', '.join(needs).lower()}",
            request_source="administration",
            preferred_form=teacher_form,
            entered_on=start,
        )
        mentee.needs.set(_tags(needs))
        young.append(mentee)

    pair_start = min(date(year, 10, 1), today)
    # The demo mentor and the demo young teacher: a working pair with a plan and a recent meeting log.
    main = services.create_pair(
        program=program,
        mentor=teachers[0],
        mentees=[young[0]],
        form=teacher_form,
        started_on=pair_start,
        ends_on=program.period_end,
        goal="Адаптация молодого педагога, методика современного урока истории",
    )
    items = [
        ("Посетить 5 уроков наставника и разобрать их", PlanItemStatus.DONE, "Посещены, выводы в тетради"),
        ("Разработать технологическую карту урока", PlanItemStatus.IN_PROGRESS, ""),
        ("Провести открытый урок для методического объединения", PlanItemStatus.PLANNED, ""),
        ("Подготовить выступление на педсовете о первом годе работы", PlanItemStatus.PLANNED, ""),
    ]
    for position, (task, status, result) in enumerate(items, start=1):
        PlanItem.objects.create(
            pair=main,
            task=task,
            status=status,
            result=result,
            position=position,
            due_on=pair_start + timedelta(days=30 * position),
        )
    for n, (topic, fmt) in enumerate(
        [
            ("Знакомство, ожидания и правила работы", "in_person"),
            ("Пробная встреча: разбор урока", "in_person"),
            ("Планирование: индивидуальный план развития", "online"),
        ]
    ):
        held = max(pair_start, today - timedelta(days=14 - 7 * n))
        meeting = Meeting.objects.create(
            pair=main, held_on=held, format=fmt, topic=topic, logged_by=teachers[0].person.user
        )
        meeting.attendees.set([young[0]])

    # A pupil pair whose meetings stopped a month ago: the curator's overview flags it.
    quiet = services.create_pair(
        program=program, mentor=student_mentors[0], mentees=[pupils[0]], form=student_form, started_on=pair_start
    )
    Meeting.objects.create(pair=quiet, held_on=pair_start, format="in_person", topic="Знакомство").attendees.set(
        [pupils[0]]
    )

    for slug, specs in OTHER_SCHOOLS_MENTORS.items():
        organization = organizations[slug]
        for last, first, patronymic, subject, competencies in specs:
            teachers.append(
                _teacher_mentor(
                    organization, (last, first, patronymic, subject, competencies, 3, ""), start=start, users=users
                )
            )
    # Every mentor the demo calls trained went through the «Школа наставников»: the registries show the course.
    for mentor in teachers + student_mentors:
        MentorTraining.objects.create(
            mentor=mentor,
            started_on=date(year, 9, 15),
            finished_on=date(year, 9, 30),
            certificate_number="ШН-0" + str(mentor.pk),
        )
