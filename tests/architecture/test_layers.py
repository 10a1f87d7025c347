"""Every write to the domain goes through a service (docs/design.md, "Layers").

A door (a view, a form, an admin class, a serializer, a command, a task) that calls ``.save()``,
``.delete()``, ``.update()`` or a manager's ``create``/``get_or_create``/``update_or_create``/``bulk_*``
writes around the rules the services hold; this test finds such calls in the source and fails,
naming the file and line. The exceptions are listed below, each with its reason.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APPS = ("agencies", "config", "coordination", "core", "ingest", "meetings", "seeds")

WRITES = {"save", "delete", "update", "bulk_create", "bulk_update", "get_or_create", "update_or_create"}
MANAGER_WRITES = {"create"}  # only on a manager or queryset (``X.objects.create``), not any ``create``

# Modules whose job is to write: the services, and the migrations.
SERVICE_MODULES = ("*/services.py", "*/services/*.py", "*/migrations/*.py")
ALLOWED_MODULES = {
    # The reminder engine's own services: the scan writes the ledger, the dispatch claims and marks it,
    # one function cancels, a run records its counts, calendars make and revoke their feeds.
    "coordination/reminders/scan.py": "the reminder scan (a service of the reminders package)",
    "coordination/reminders/dispatch.py": "the reminder dispatch (a service of the reminders package)",
    "coordination/reminders/cancel.py": "the one function that cancels pending reminders",
    "coordination/reminders/handover.py": "turnover: a focal point's waiting reminders to the next recipient",
    "coordination/reminders/run.py": "a reminder run: scan, dispatch, its counts",
    "coordination/reminders/calendars.py": "calendar feeds: calendar_feed_create / calendar_feed_revoke",
    # The system's own services: writing to the outbox, sending it, the workers' heartbeat.
    "core/notifications.py": "outbox_enqueue: a notification written with the change it announces",
    "core/outbox.py": "the outbox sender's claim and send, and the workers' heartbeat",
    # The seeds' loader internals: they write what the source documents state, idempotently.
    "seeds/loader.py": "the seed loader",
    "seeds/demo.py": "the demo data of the quick start",
    "seeds/scale/registry.py": "the generated registry of the benchmarks and scale profiles: made-up rows in bulk",
    # generate_scale_data (decision 0020): made-up rows in bulk into a scratch database, no history, no mail.
    "seeds/scale/bulk.py": "the scale data set's batches of bulk_create",
    "seeds/scale/generate.py": "the scale data set: its parts in one transaction, and a digest of its rows",
    "seeds/scale/ledger.py": "the scale data set's reminder ledger and its scans' counts",
    "seeds/scale/people.py": "the scale data set's officers joining the secretariat's group",
}
# Single calls that are not writes to the domain, or are the framework's own plumbing.
ALLOWED_CALLS = {
    ("coordination/compilation.py", "document.save"): "python-docx writes the Word file to a buffer",
    ("ingest/reader/dates.py", "MONTHS.update"): "a dict of month names",
    ("coordination/models/domain.py", "super().save"): "a model computes derived fields before saving",
    ("meetings/models.py", "super().save"): "a model computes derived fields before saving",
    ("agencies/forms.py", "super().save"): "Django's password reset form: sends the mail, writes nothing",
    ("agencies/apps.py", "Group.objects.using(using).get_or_create"): "post_migrate makes the secretariat group",
    ("agencies/api/tokens.py", "AuthToken.objects.filter(user=user, expiry__lt=timezone.now()).delete"): (
        "API tokens (authentication infrastructure, not the domain): expired tokens pruned at login"
    ),
    ("agencies/api/tokens.py", "AuthToken.objects.create"): "API tokens: a login issues one",
    ("agencies/api/tokens.py", "request.auth.delete"): "API tokens: a logout revokes one",
    ("agencies/api/authentication.py", "auth_token.delete"): "API tokens: an expired token is removed when seen",
    ("core/api/writes.py", "IdempotencyRecord.objects.filter(user=request.user, created_at__lt=since).delete"): (
        "idempotency records (API infrastructure): stored with the answer they replay"
    ),
    ("core/api/writes.py", "IdempotencyRecord.objects.create"): "idempotency records (API infrastructure)",
}


def _sources() -> list[Path]:
    return sorted(path for app in APPS for path in (ROOT / app).rglob("*.py"))


def _is_service(relative: str) -> bool:
    return any(Path(relative).match(pattern) for pattern in SERVICE_MODULES) or relative in ALLOWED_MODULES


def _writes_in(path: Path) -> list[tuple[int, str]]:
    """(line, receiver.method) of each call that looks like a write."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        name = node.func.attr
        if any(
            k.arg == "commit" and isinstance(k.value, ast.Constant) and k.value.value is False for k in node.keywords
        ):
            continue  # a form's save(commit=False) builds objects and writes nothing
        receiver = ast.unparse(node.func.value)
        if receiver in ("super()", "self") and node.args and ast.unparse(node.args[0]) == "request":
            # A view's own handler handed the request (an API view's update(request, ...) calling REST
            # framework's): the HTTP method, whose save goes through the view's service call.
            continue
        on_manager = "objects" in receiver.split(".") or receiver.endswith(("_set", ".all()"))
        if name in WRITES or (name in MANAGER_WRITES and on_manager):
            found.append((node.lineno, f"{receiver}.{name}"))
    return found


def writes_outside_services() -> list[str]:
    offenders = []
    for path in _sources():
        relative = path.relative_to(ROOT).as_posix()
        if _is_service(relative):
            continue
        for line, call in _writes_in(path):
            if (relative, call) not in ALLOWED_CALLS:
                offenders.append(f"{relative}:{line}: {call}(...)")
    return offenders


def test_nothing_outside_the_services_writes_to_the_domain():
    offenders = writes_outside_services()
    assert not offenders, "Write through a service (or list the exception here, with its reason):\n" + "\n".join(
        offenders
    )


def test_every_listed_exception_is_still_there():
    """An exception whose call went away is removed from the list, so the list stays true."""
    present = {(path.relative_to(ROOT).as_posix(), call) for path in _sources() for _, call in _writes_in(path)}
    stale = sorted(f"{relative}: {call}" for relative, call in ALLOWED_CALLS if (relative, call) not in present)
    assert not stale, "Remove these from ALLOWED_CALLS: " + "; ".join(stale)
    missing = sorted(relative for relative in ALLOWED_MODULES if not (ROOT / relative).exists())
    assert not missing, "Remove these from ALLOWED_MODULES: " + "; ".join(missing)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("def view(request, obj):\n    obj.save()\n", ["obj.save"]),
        ("def view(request):\n    Thing.objects.create(name='x')\n", ["Thing.objects.create"]),
        ("def view(request, qs):\n    qs.filter(a=1).update(b=2)\n", ["qs.filter(a=1).update"]),
        ("def view(request, form):\n    form.create_widget()\n", []),
        ("def view(request, formset):\n    formset.save(commit=False)\n", []),
        ("def update(self, request):\n    return super().update(request, partial=True)\n", []),
        ("def update(self, request, obj):\n    obj.save(request)\n", ["obj.save"]),
    ],
)
def test_the_guard_sees_the_writes_a_door_could_make(tmp_path, source, expected):
    module = tmp_path / "door.py"
    module.write_text(source)
    assert [call for _, call in _writes_in(module)] == expected


STRING_LOOKUPS = {"get_model", "import_string"}


def test_no_model_or_class_is_looked_up_by_name_outside_migrations():
    """``apps.get_model("coordination", ...)`` or ``import_string(...)`` in a lower layer would reach
    upward where import-linter cannot see it. Migrations need ``apps.get_model`` (historical models)."""
    found = []
    for path in _sources():
        relative = path.relative_to(ROOT).as_posix()
        if Path(relative).match("*/migrations/*.py"):
            continue
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if isinstance(node, ast.Call):
                name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
                if name in STRING_LOOKUPS:
                    found.append(f"{relative}:{node.lineno}: {ast.unparse(node.func)}(...)")
    assert not found, "Import the module instead (the layers are checked on imports):\n" + "\n".join(found)
