"""The periodic outbox sender, stored in django-celery-beat's tables (editable in the admin)."""

from django.db import migrations

TASK_NAME = "Send the notification outbox"


def create_schedule(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    every_minute, _ = IntervalSchedule.objects.get_or_create(every=1, period="minutes")
    PeriodicTask.objects.get_or_create(
        name=TASK_NAME,
        defaults={
            "task": "coordination.send_outbox",
            "interval": every_minute,
            # A run that waited longer than this in the queue is dropped: the next one covers it.
            "expire_seconds": 55,
            "description": "Sends pending notifications (calls opened, updates returned, invitations).",
        },
    )


def remove_schedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=TASK_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("coordination", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
