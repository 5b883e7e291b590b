"""The standard forms of mentoring (Р-145 for students, АЗ-1128/08/657 for teachers). Installed by a
data migration and again by `seed_demo`, so a flushed database gets them back."""

# A form names both sides (domain.md, «Forms of mentoring»): the mentee's audience, and the categories
# of mentor it joins them with. An outside specialist («работодатель») is an employer's specialist, or a
# graduate or a parent who mentors as one.
TEACHER, PUPIL, COLLEGE_STUDENT = "teacher", "student", "college_student"
OUTSIDE = ["employer", "graduate", "parent"]

STANDARD_FORMS = [
    # Р-145, for students
    ("student-student", "Ученик – ученик", "students", [PUPIL]),
    ("teacher-teacher", "Учитель – учитель", "teachers", [TEACHER]),
    ("student-pupil", "Студент – ученик", "students", [COLLEGE_STUDENT]),
    ("employer-pupil", "Работодатель – ученик", "students", OUTSIDE),
    ("employer-student", "Работодатель – студент", "students", OUTSIDE),
    ("teacher-pupil", "Учитель – ученик", "students", [TEACHER]),
    # АЗ-1128/08/657, for teachers: ways of working, always with a teacher (or the head) as mentor
    ("traditional", "Традиционная (один на один)", "teachers", [TEACHER]),
    ("group", "Групповая", "teachers", [TEACHER]),
    ("virtual", "Виртуальная", "teachers", [TEACHER]),
    ("short-term", "Краткосрочная (целеполагающая)", "teachers", [TEACHER]),
    ("reverse", "Реверсивная", "teachers", [TEACHER]),
    ("situational", "Ситуационная", "teachers", [TEACHER]),
    ("speed", "Скоростная", "teachers", [TEACHER]),
    ("head-teacher", "Руководитель – учитель", "teachers", [TEACHER]),
]


def install_standard_forms(mentoring_form_model):
    """Create the standard forms that are missing; leave edited ones alone. Takes the model class
    so that the data migrations can pass their historical model (the first has no mentor side yet)."""
    two_sided = any(f.name == "mentor_categories" for f in mentoring_form_model._meta.get_fields())
    for position, (code, name, audience, mentors) in enumerate(STANDARD_FORMS):
        defaults = {"name": name, "audience": audience, "position": position}
        if two_sided:
            defaults["mentor_categories"] = mentors
        mentoring_form_model.objects.get_or_create(code=code, organization=None, defaults=defaults)


# The shared vocabulary of needs and competencies: what mentees ask for and what mentors offer. An
# organization adds its own tags beside these.
STANDARD_COMPETENCIES = [
    "Адаптация в коллективе",
    "Исследовательские и проектные работы",
    "Подготовка к олимпиадам",
    "Подготовка к ОГЭ и ЕГЭ",
    "Математика",
    "Русский язык и литература",
    "Иностранный язык",
    "Естественные науки",
    "Информатика и цифровые навыки",
    "Мотивация к учёбе",
    "Неуспеваемость",
    "Профориентация",
    "Лидерство и самоуправление",
    "Творчество и искусство",
    "Спорт и здоровый образ жизни",
    "Волонтёрство",
    "Коммуникация и общение",
    "Психологическая поддержка",
    "Финансовая грамотность",
    "Методика преподавания",
    "Классное руководство",
    "Работа с родителями",
    "Дисциплина на уроке",
    "Работа с детьми с ОВЗ",
    "Современные образовательные технологии",
    "Оценивание и ФГОС",
    "Подготовка к аттестации",
    "Ведение документации",
    "Публичные выступления",
]


def install_standard_competencies(competency_model):
    for name in STANDARD_COMPETENCIES:
        competency_model.objects.get_or_create(name=name, organization=None)
