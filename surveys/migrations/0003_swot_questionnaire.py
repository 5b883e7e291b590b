from django.db import migrations

from surveys.standard import install_standard_questionnaires


def install(apps, schema_editor):
    """Install the built-in questionnaires added since 0002 (the SWOT one); existing ones stay as they are."""
    install_standard_questionnaires(
        apps.get_model("surveys", "Questionnaire"),
        apps.get_model("surveys", "Section"),
        apps.get_model("surveys", "Question"),
    )


class Migration(migrations.Migration):
    dependencies = [("surveys", "0002_standard_questionnaires")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
