from django.db import migrations

from surveys.standard import install_standard_questionnaires


def install(apps, schema_editor):
    install_standard_questionnaires(
        apps.get_model("surveys", "Questionnaire"), apps.get_model("surveys", "Section"), apps.get_model("surveys", "Question")
    )


class Migration(migrations.Migration):
    dependencies = [("surveys", "0001_initial")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
