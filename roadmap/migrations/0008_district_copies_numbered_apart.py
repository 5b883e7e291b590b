"""The district's activities sent to the organizations were numbered as in the district's roadmap
(«3.2»), next to the school's own «3.2»: mark them as the district's («М3.2»), and their section «М»."""

from django.db import migrations
from django.db.models import Q, Value
from django.db.models.functions import Concat, Left

PREFIX = "М"
SECTION_TITLE = "Мероприятия муниципальной дорожной карты"


def number_apart(apps, schema_editor):
    Activity = apps.get_model("roadmap", "Activity")
    Section = apps.get_model("roadmap", "Section")
    Activity.objects.filter(district_activity__isnull=False).exclude(
        Q(number="") | Q(number__startswith=PREFIX)
    ).update(number=Left(Concat(Value(PREFIX), "number"), 12))
    Section.objects.filter(title=SECTION_TITLE, number="").update(number=PREFIX)


class Migration(migrations.Migration):
    dependencies = [("roadmap", "0007_activity_description_note")]

    operations = [migrations.RunPython(number_apart, migrations.RunPython.noop)]
