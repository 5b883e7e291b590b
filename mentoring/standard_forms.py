"""The standard forms of mentoring (Р-145 for students, АЗ-1128/08/657 for teachers). Installed by a
data migration and again by `seed_demo`, so a flushed database gets them back."""

STANDARD_FORMS = [
    # Р-145, for students
    ("student-student", "Ученик – ученик", "students"),
    ("teacher-teacher", "Учитель – учитель", "teachers"),
    ("student-pupil", "Студент – ученик", "students"),
    ("employer-pupil", "Работодатель – ученик", "students"),
    ("employer-student", "Работодатель – студент", "students"),
    ("teacher-pupil", "Учитель – ученик", "students"),
    # АЗ-1128/08/657, for teachers
    ("traditional", "Традиционная (один на один)", "teachers"),
    ("group", "Групповая", "teachers"),
    ("virtual", "Виртуальная", "teachers"),
    ("short-term", "Краткосрочная (целеполагающая)", "teachers"),
    ("reverse", "Реверсивная", "teachers"),
    ("situational", "Ситуационная", "teachers"),
    ("speed", "Скоростная", "teachers"),
    ("head-teacher", "Руководитель – учитель", "teachers"),
]


def install_standard_forms(mentoring_form_model):
    """Create the standard forms that are missing; leave edited ones alone. Takes the model class
    so that the data migration can pass its historical model."""
    for position, (code, name, audience) in enumerate(STANDARD_FORMS):
        mentoring_form_model.objects.get_or_create(
            code=code, organization=None, defaults={"name": name, "audience": audience, "position": position}
        )


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
