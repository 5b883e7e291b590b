from django.db import migrations

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


def add_forms(apps, schema_editor):
    MentoringForm = apps.get_model("mentoring", "MentoringForm")
    for position, (code, name, audience) in enumerate(STANDARD_FORMS):
        MentoringForm.objects.update_or_create(
            code=code, organization=None, defaults={"name": name, "audience": audience, "position": position}
        )


def remove_forms(apps, schema_editor):
    apps.get_model("mentoring", "MentoringForm").objects.filter(organization=None).delete()


class Migration(migrations.Migration):
    dependencies = [("mentoring", "0001_initial")]
    operations = [migrations.RunPython(add_forms, remove_forms)]
