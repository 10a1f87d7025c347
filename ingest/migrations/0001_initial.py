"""The documents read and the proposals waiting for review, moved here from coordination with their
tables and rows.

Coordination's migration 0011 created them in ``coordination_ingesteddocument`` and
``coordination_proposal``. They keep those tables: this migration only tells Django's state that
the models are ingest's now (no SQL), and relabels their content types so permissions follow;
coordination's 0013 removes them from its state, also without SQL.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MOVED = ("ingesteddocument", "proposal")


def relabel(apps, schema_editor, *, source: str, target: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    for model in MOVED:
        if ContentType.objects.using(db).filter(app_label=target, model=model).exists():
            continue  # made already by a post_migrate signal of an earlier run
        ContentType.objects.using(db).filter(app_label=source, model=model).update(app_label=target)


def to_ingest(apps, schema_editor):
    relabel(apps, schema_editor, source="coordination", target="ingest")


def to_coordination(apps, schema_editor):
    relabel(apps, schema_editor, source="ingest", target="coordination")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("meetings", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("coordination", "0012_system_models_moved_to_core"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="IngestedDocument",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("filename", models.CharField(max_length=255)),
                        ("text", models.TextField()),
                        (
                            "text_digest",
                            models.CharField(help_text="SHA-256 of the text as read.", max_length=64, unique=True),
                        ),
                        ("symbol", models.CharField(blank=True, default="", max_length=120)),
                        ("date", models.DateField(blank=True, null=True)),
                        ("session", models.PositiveSmallIntegerField(blank=True, null=True)),
                        ("body", models.CharField(blank=True, default="", max_length=200)),
                        ("paragraphs", models.PositiveIntegerField(default=0)),
                        ("ingested_at", models.DateTimeField()),
                        (
                            "document",
                            models.ForeignKey(
                                help_text="Provenance of what is accepted.",
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="ingestions",
                                to="meetings.document",
                            ),
                        ),
                        (
                            "ingested_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "coordination_ingesteddocument",
                        "ordering": ["-ingested_at"],
                    },
                ),
                migrations.CreateModel(
                    name="Proposal",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("mandate", "Resolution or decision"),
                                    ("obligation", "Reporting obligation"),
                                    ("meeting", "Meeting"),
                                    ("organization", "Organization"),
                                    ("symbol", "Document cited"),
                                ],
                                max_length=20,
                            ),
                        ),
                        (
                            "identity",
                            models.CharField(
                                help_text="The reader's key for the fact: one proposal per fact.", max_length=500
                            ),
                        ),
                        ("paragraph", models.CharField(max_length=60)),
                        ("matched_text", models.TextField()),
                        ("confidence", models.DecimalField(decimal_places=2, max_digits=3)),
                        ("data", models.JSONField()),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("pending", "Waiting for review"),
                                    ("accepted", "Accepted"),
                                    ("rejected", "Rejected"),
                                ],
                                default="pending",
                                max_length=20,
                            ),
                        ),
                        ("reject_reason", models.TextField(blank=True, default="")),
                        ("decided_at", models.DateTimeField(blank=True, null=True)),
                        ("record_id", models.PositiveBigIntegerField(blank=True, null=True)),
                        (
                            "decided_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "ingested",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="proposals",
                                to="ingest.ingesteddocument",
                            ),
                        ),
                        (
                            "record_type",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                to="contenttypes.contenttype",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "coordination_proposal",
                        "ordering": ["ingested", "pk"],
                        "indexes": [models.Index(fields=["status", "kind"], name="coordination_proposal_queue")],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("ingested", "identity"), name="coordination_proposal_one_per_fact"
                            ),
                            models.CheckConstraint(
                                condition=models.Q(
                                    ("kind__in", ["mandate", "obligation", "meeting", "organization", "symbol"])
                                ),
                                name="coordination_proposal_kind_valid",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(("status__in", ["pending", "accepted", "rejected"])),
                                name="coordination_proposal_status_valid",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(
                                    models.Q(("status", "rejected"), _negated=True),
                                    models.Q(("reject_reason", ""), _negated=True),
                                    _connector="OR",
                                ),
                                name="coordination_proposal_rejected_has_reason",
                            ),
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(to_ingest, to_coordination),
    ]
