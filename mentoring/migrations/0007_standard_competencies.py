from django.db import migrations

from mentoring.standard_forms import install_standard_competencies


def install(apps, schema_editor):
    install_standard_competencies(apps.get_model("mentoring", "Competency"))


class Migration(migrations.Migration):
    dependencies = [("mentoring", "0006_bases_pairs_matching")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
