"""The documents read and the proposals are the ingest app's now (ingest 0001): removed from
coordination's state only. Their tables stay, under the names they have always had."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("coordination", "0012_system_models_moved_to_core"),
        ("ingest", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(model_name="proposal", name="ingested"),
                migrations.RemoveField(model_name="proposal", name="decided_by"),
                migrations.RemoveField(model_name="proposal", name="record_type"),
                migrations.DeleteModel(name="IngestedDocument"),
                migrations.DeleteModel(name="Proposal"),
            ],
            database_operations=[],
        ),
    ]
