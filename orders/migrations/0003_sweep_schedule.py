from django.db import migrations

TASK = "orders.tasks.sweep_lost_work"
NAME = "Повторная отправка потерянных приказов и пакетов"


def add_schedule(apps, schema_editor):
    # Every minute: work still queued past its deadline (its worker died, Redis lost its message) is
    # sent again, or marked failed after its attempts.
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    every, _ = IntervalSchedule.objects.get_or_create(every=1, period="minutes")
    PeriodicTask.objects.get_or_create(name=NAME, defaults={"task": TASK, "interval": every})


def remove_schedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("orders", "0002_work_deadlines"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]
    operations = [migrations.RunPython(add_schedule, remove_schedule)]
