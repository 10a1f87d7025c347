"""The system's models, moved here from coordination with their tables and rows.

The outbox, the workers' heartbeat and the idempotency records were created by coordination's
migrations 0001, 0005 and 0010 in the tables ``coordination_*``. They keep those tables: this
migration only tells Django's state that the models are core's now (no SQL), and relabels their
content types, so the permissions given to the secretariat group follow them. Coordination's 0012
removes them from its state, also without SQL. A fresh database gets the same tables from
coordination's migrations, then the same state from these two.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MOVED = ("outboxmessage", "workerheartbeat", "idempotencyrecord")


def relabel(apps, schema_editor, *, source: str, target: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    for model in MOVED:
        if ContentType.objects.using(db).filter(app_label=target, model=model).exists():
            continue  # made already by a post_migrate signal of an earlier run
        ContentType.objects.using(db).filter(app_label=source, model=model).update(app_label=target)


def to_core(apps, schema_editor):
    relabel(apps, schema_editor, source="coordination", target="core")


def to_coordination(apps, schema_editor):
    relabel(apps, schema_editor, source="core", target="coordination")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("contenttypes", "0002_remove_content_type_name"),
        ("coordination", "0011_ingest"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="WorkerHeartbeat",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("hostname", models.CharField(max_length=255, unique=True)),
                        ("seen_at", models.DateTimeField()),
                        ("pid", models.PositiveIntegerField(blank=True, null=True)),
                    ],
                    options={
                        "db_table": "coordination_workerheartbeat",
                        "ordering": ["-seen_at"],
                    },
                ),
                migrations.CreateModel(
                    name="IdempotencyRecord",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("key", models.CharField(max_length=200)),
                        ("method_and_path", models.CharField(max_length=300)),
                        ("request_digest", models.CharField(max_length=64)),
                        ("response_status", models.PositiveSmallIntegerField()),
                        ("response_body", models.JSONField()),
                        ("created_at", models.DateTimeField(db_index=True)),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "coordination_idempotencyrecord",
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("user", "key"), name="coordination_idempotency_once_per_user"
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="OutboxMessage",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        (
                            "kind",
                            models.CharField(help_text="call_opened, update_returned, invitation ...", max_length=60),
                        ),
                        ("to_email", models.EmailField(max_length=254)),
                        ("subject", models.CharField(max_length=300)),
                        ("body_text", models.TextField()),
                        ("body_html", models.TextField(blank=True, default="")),
                        (
                            "dedupe_key",
                            models.CharField(
                                blank=True,
                                default="",
                                help_text="Writing the same notification twice is a no-op.",
                                max_length=200,
                            ),
                        ),
                        (
                            "status",
                            models.CharField(
                                choices=[("pending", "Pending"), ("sent", "Sent"), ("failed", "Failed")],
                                default="pending",
                                max_length=20,
                            ),
                        ),
                        ("attempts", models.PositiveSmallIntegerField(default=0)),
                        (
                            "available_at",
                            models.DateTimeField(help_text="Not sent before this instant (backoff after a failure)."),
                        ),
                        ("lease_token", models.UUIDField(blank=True, editable=False, null=True)),
                        ("leased_until", models.DateTimeField(blank=True, null=True)),
                        ("sent_at", models.DateTimeField(blank=True, null=True)),
                        ("last_error", models.TextField(blank=True, default="")),
                        (
                            "recipient",
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
                        "db_table": "coordination_outboxmessage",
                        "ordering": ["-created_at"],
                        "indexes": [
                            models.Index(
                                condition=models.Q(("status", "pending")),
                                fields=["available_at"],
                                name="coordination_outbox_due",
                            )
                        ],
                        "constraints": [
                            models.UniqueConstraint(
                                condition=models.Q(("dedupe_key", ""), _negated=True),
                                fields=("dedupe_key",),
                                name="coordination_outbox_dedupe_unique",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(("status__in", ["pending", "sent", "failed"])),
                                name="coordination_outbox_status_valid",
                            ),
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(to_core, to_coordination),
    ]
