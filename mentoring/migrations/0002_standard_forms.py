from django.db import migrations

from mentoring.standard_forms import install_standard_forms


def add_forms(apps, schema_editor):
    install_standard_forms(apps.get_model("mentoring", "MentoringForm"))


def remove_forms(apps, schema_editor):
    apps.get_model("mentoring", "MentoringForm").objects.filter(organization=None).delete()


class Migration(migrations.Migration):
    dependencies = [("mentoring", "0001_initial")]
    operations = [migrations.RunPython(add_forms, remove_forms)]
