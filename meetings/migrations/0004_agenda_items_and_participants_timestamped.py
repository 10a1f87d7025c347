# An agenda item's and a participant's version (the API's ETag) is derived from updated_at
# (core.versions): both get the timestamps the meeting and its documents already have.

import django.utils.timezone
from django.db import migrations, models


def _timestamps(model_name: str) -> list:
    return [
        migrations.AddField(
            model_name=model_name,
            name="created_at",
            field=models.DateTimeField(auto_now_add=True, default=django.utils.timezone.now),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name=model_name,
            name="updated_at",
            field=models.DateTimeField(auto_now=True),
        ),
    ]


def _historical_timestamps(model_name: str) -> list:
    return [
        migrations.AddField(
            model_name=model_name,
            name="created_at",
            field=models.DateTimeField(blank=True, editable=False, default=django.utils.timezone.now),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name=model_name,
            name="updated_at",
            field=models.DateTimeField(blank=True, editable=False, default=django.utils.timezone.now),
            preserve_default=False,
        ),
    ]


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0003_one_line_and_no_nul_text"),
    ]

    operations = [
        *_timestamps("agendaitem"),
        *_timestamps("participant"),
        *_historical_timestamps("historicalagendaitem"),
        *_historical_timestamps("historicalparticipant"),
    ]
