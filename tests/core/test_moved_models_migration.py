"""Models that changed app without touching a table: the outbox, the workers' heartbeat and the
idempotency records from coordination to core (core 0001, coordination 0012), the documents read and
the proposals from coordination to ingest (ingest 0001, coordination 0013): the same rows before and after, content
types relabelled (not duplicated) with the secretariat's permissions following them, provenance
still pointing at its records, beat's stored task names still registered, old admin URLs redirected."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from agencies.selectors import SECRETARIAT_GROUP
from config.celery import app as celery_app
from coordination.models import Provenance
from core.models import IdempotencyRecord, OutboxMessage, WorkerHeartbeat
from seeds.demo import load_demo
from seeds.files import read_seed_set
from seeds.loader import SeedLoader
from tests.factories import UserFactory

MOVED_TO = {"outboxmessage": "core", "workerheartbeat": "core", "idempotencyrecord": "core",
            "ingesteddocument": "ingest", "proposal": "ingest"}  # fmt: skip
MOVED = tuple(MOVED_TO)
BEFORE_THE_MOVES = [("coordination", "0011_ingest"), ("core", None), ("ingest", None)]


def _rows_per_table() -> dict[str, int]:
    with connection.cursor() as cursor:
        counts = {}
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608 (names from the catalogue)
            counts[table] = cursor.fetchone()[0]
    return counts


def _migrate(targets=None) -> int:
    """Migrate to ``targets`` (the leaves: every migration); how many migrations were applied or unapplied."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    targets = targets or executor.loader.graph.leaf_nodes()
    steps = len(executor.migration_plan(targets))
    executor.migrate(targets)
    ContentType.objects.clear_cache()
    return steps


def _labels_of_moved() -> set[tuple[str, str]]:
    return set(ContentType.objects.filter(model__in=MOVED).values_list("app_label", "model"))


def _secretariat_permissions() -> set[tuple[int, str, str]]:
    group = Group.objects.get(name=SECRETARIAT_GROUP)
    return set(
        group.permissions.filter(content_type__model__in=MOVED).values_list(
            "pk", "content_type__app_label", "codename"
        )
    )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_moving_back_and_forth_keeps_every_row_and_relabels_the_content_types():
    SeedLoader(read_seed_set()).load()
    load_demo(today=dt.date(2026, 12, 3))
    user = UserFactory()
    OutboxMessage.objects.create(kind="invitation", to_email="a@example.org", subject="S", body_text="B",
                                 available_at=timezone.now())  # fmt: skip
    WorkerHeartbeat.objects.create(hostname="celery@node", seen_at=timezone.now())
    IdempotencyRecord.objects.create(
        user=user, key="k", method_and_path="POST /api/v1/updates/", request_digest="d", response_status=201,
        response_body={"id": 1}, created_at=timezone.now(),
    )  # fmt: skip
    rows = _rows_per_table()
    assert rows["coordination_outboxmessage"] >= 1 and rows["coordination_provenance"] > 0
    at_head = _secretariat_permissions()
    assert {label for _, label, _ in at_head} == {"core", "ingest"}

    unapplied = _migrate(BEFORE_THE_MOVES)
    assert unapplied >= 4  # the moves (core 0001, ingest 0001, coordination 0012 and 0013) and what came after
    assert _labels_of_moved() == {("coordination", model) for model in MOVED}
    # The same permission rows, now under coordination's label: relabelled, never recreated.
    assert {(pk, codename) for pk, _, codename in _secretariat_permissions()} == {
        (pk, codename) for pk, _, codename in at_head
    }
    # Every table keeps its rows; the tables of models added after the moves (empty here) are gone.
    before = _rows_per_table()
    added_later = set(rows) - set(before)
    assert all(rows[table] == 0 for table in added_later)
    assert before == {
        **{table: count for table, count in rows.items() if table not in added_later},
        "django_migrations": rows["django_migrations"] - unapplied,
    }

    _migrate()
    assert _labels_of_moved() == {(app, model) for model, app in MOVED_TO.items()}
    assert _secretariat_permissions() == at_head
    assert _rows_per_table() == rows
    assert (
        Permission.objects.filter(content_type__app_label="coordination", codename__endswith="outboxmessage").count()
        == 0
    )
    assert all(provenance.record is not None for provenance in Provenance.objects.all())


# On PostgreSQL, the production database (SQLite's schema editor refuses to run inside a test's transaction).
@pytest.mark.postgres
@pytest.mark.parametrize(
    ("app", "migration"),
    [
        ("core", "0001_initial"),
        ("coordination", "0012_system_models_moved_to_core"),
        ("ingest", "0001_initial"),
        ("coordination", "0013_ingest_moved_to_its_app"),
    ],
)
def test_the_move_writes_no_table(db, app, migration, capsys):
    call_command("sqlmigrate", app, migration)
    sql = capsys.readouterr().out.upper()
    assert "CREATE TABLE" not in sql and "DROP TABLE" not in sql and "ALTER TABLE" not in sql


def test_beat_schedule_task_names_are_still_registered(db):
    celery_app.autodiscover_tasks(force=True)
    stored = set(PeriodicTask.objects.values_list("task", flat=True))
    expected = {"coordination.send_outbox", "coordination.run_reminders"}
    assert expected <= set(celery_app.tasks)
    assert stored <= set(celery_app.tasks) | {"celery.backend_cleanup"}


def test_old_admin_addresses_of_the_moved_models_redirect(client, secretariat_user):
    client.force_login(secretariat_user)
    response = client.get("/admin/coordination/outboxmessage/?status__exact=failed")
    assert response.status_code == 301
    assert response["Location"] == reverse("admin:core_outboxmessage_changelist") + "?status__exact=failed"
    assert client.get(response["Location"]).status_code == 200
