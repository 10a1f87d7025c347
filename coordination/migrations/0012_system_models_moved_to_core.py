"""The outbox, the workers' heartbeat and the idempotency records are core's now (core 0001): removed
from coordination's state only. Their tables stay, under the names they have always had."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("coordination", "0011_ingest"),
        ("core", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(model_name="idempotencyrecord", name="user"),
                migrations.RemoveField(model_name="outboxmessage", name="recipient"),
                migrations.DeleteModel(name="WorkerHeartbeat"),
                migrations.DeleteModel(name="IdempotencyRecord"),
                migrations.DeleteModel(name="OutboxMessage"),
            ],
            database_operations=[],
        ),
    ]
