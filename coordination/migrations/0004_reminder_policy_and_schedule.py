"""DESIGN's default reminder policy, and the periodic reminder run in django-celery-beat's tables."""

from django.db import migrations

TASK_NAME = "Scan and send reminders"


def create(apps, schema_editor):
    apps.get_model("coordination", "ReminderPolicy").objects.get_or_create(
        name="Default", defaults={"is_active": True}
    )
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    every_ten_minutes, _ = IntervalSchedule.objects.get_or_create(every=10, period="minutes")
    PeriodicTask.objects.get_or_create(
        name=TASK_NAME,
        defaults={
            "task": "coordination.run_reminders",
            "interval": every_ten_minutes,
            # A run that waited in the queue past the next one is dropped: the next covers it.
            "expire_seconds": 9 * 60,
            "description": "Records the reminder points due now in the ledger and sends them (DESIGN, Reminders).",
        },
    )


def remove(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=TASK_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("coordination", "0003_reminders"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create, remove)]
