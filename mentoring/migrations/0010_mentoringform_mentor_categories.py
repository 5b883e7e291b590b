"""A form of mentoring names both sides: the mentor categories it joins with its audience.

The standard forms get their mentor side. Existing pairs whose form does
not fit are found and reported here, not changed: a curator decides what a wrong pair becomes (the
pair's page says it too)."""

from django.db import migrations, models

# Frozen here: a later edit of the standard list must not rewrite history.
MENTOR_SIDES = {
    "student-student": ["student"],
    "teacher-teacher": ["teacher"],
    "student-pupil": ["college_student"],
    "employer-pupil": ["employer", "graduate", "parent"],
    "employer-student": ["employer", "graduate", "parent"],
    "teacher-pupil": ["teacher"],
    "traditional": ["teacher"],
    "group": ["teacher"],
    "virtual": ["teacher"],
    "short-term": ["teacher"],
    "reverse": ["teacher"],
    "situational": ["teacher"],
    "speed": ["teacher"],
    "head-teacher": ["teacher"],
}


def two_sides(apps, schema_editor):
    MentoringForm = apps.get_model("mentoring", "MentoringForm")
    Pair = apps.get_model("mentoring", "Pair")
    for code, mentors in MENTOR_SIDES.items():
        MentoringForm.objects.filter(organization__isnull=True, code=code).update(mentor_categories=mentors)
    wrong = []
    for pair in Pair.objects.select_related("form", "mentor", "program__organization").order_by("pk"):
        sides = pair.form.mentor_categories
        if sides and pair.mentor.category not in sides:
            wrong.append(pair)
    if wrong:
        print(f"\n  {len(wrong)} pair(s) whose form does not fit the mentor (left as they are):")
        for pair in wrong:
            print(
                f"    pair {pair.pk} in {pair.program.organization.short_name}: "
                f"«{pair.form.name}» with a mentor of the category {pair.mentor.category}"
            )


class Migration(migrations.Migration):
    dependencies = [("mentoring", "0009_base_import")]

    operations = [
        migrations.AddField(
            model_name="mentoringform",
            name="mentor_categories",
            field=models.JSONField(
                blank=True,
                default=list,
                help_text="Categories of mentor this form joins with its mentees; empty: any mentor.",
                verbose_name="mentors of the form",
            ),
        ),
        migrations.RunPython(two_sides, migrations.RunPython.noop),
    ]
