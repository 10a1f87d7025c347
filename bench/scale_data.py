"""The scale data set as template databases: generated once, cloned for each benchmark run (PostgreSQL).

    with scale_database("un-system") as name:   # the default connection now points at a fresh clone
        ...

For a DATABASE_URL naming database ``N``:

- ``N_template_migrated``: an empty database with every migration applied;
- ``N_template_<profile>``: a copy of it filled by ``generate_scale_data --profile <profile>`` (seed 0,
  around the day it was made);
- ``N_bench_<profile>``: ``CREATE DATABASE ... TEMPLATE N_template_<profile>``, made for one run and
  dropped after it, so a benchmark may write what it likes.

Each template carries a comment (``COMMENT ON DATABASE``) naming what made it: the generator's version, a
digest of seeds/scale's sources and of the migrations, the profile, the seed and the day. A template whose
comment differs, or older than ``MAX_AGE_DAYS``, is made again; so is one without a comment (a build that
failed half-way never writes it). ``N`` itself is never touched.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from collections.abc import (
    Callable,
    Iterator,
)
from contextlib import contextmanager
from pathlib import Path

from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from coordination.deadlines import secretariat_today
from seeds.scale.generate import GENERATOR_VERSION, generate_scale_data
from seeds.scale.profiles import PROFILES

ROOT = Path(__file__).resolve().parent.parent
MAX_AGE_DAYS = 7


def _say(message: str) -> None:
    print(message, flush=True)


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def _admin(statement: str, params: list | None = None) -> list[tuple]:
    """A statement on the server's maintenance database (CREATE/DROP DATABASE cannot run in the one in use)."""
    with connection._nodb_cursor() as cursor:
        cursor.execute(statement, params or [])
        return cursor.fetchall() if cursor.description else []


def _comment(name: str) -> str | None:
    rows = _admin("SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s", [name])
    return rows[0][0] if rows else None


def _exists(name: str) -> bool:
    return bool(_admin("SELECT 1 FROM pg_database WHERE datname = %s", [name]))


def migrations_digest() -> str:
    loader = MigrationLoader(None, ignore_no_migrations=True)
    names = sorted(f"{app}.{name}" for app, name in loader.disk_migrations)
    return hashlib.sha256("\n".join(names).encode()).hexdigest()[:16]


def sources_digest() -> str:
    digest = hashlib.sha256(str(GENERATOR_VERSION).encode())
    for path in sorted((ROOT / "seeds" / "scale").glob("*.py")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@contextmanager
def _connected_to(name: str) -> Iterator[None]:
    """The default connection on database ``name`` for the block, then back (closed either side, so that no
    session stays open on a database about to be copied or dropped)."""
    original = connection.settings_dict["NAME"]
    connection.close()
    connection.settings_dict["NAME"] = name
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict["NAME"] = original


def _marker(kind: str, **parts: str) -> str:
    return f"bench {kind}: " + " ".join(f"{key}={value}" for key, value in parts.items())


def _fresh(name: str, marker_without_day: str) -> bool:
    comment = _comment(name)
    if not comment or not comment.startswith(marker_without_day + " day="):
        return False
    made = dt.date.fromisoformat(comment.rsplit("day=", 1)[1])
    return (secretariat_today() - made).days <= MAX_AGE_DAYS


def _migrated_template(base: str, say: Callable[[str], None]) -> str:
    name = f"{base}_template_migrated"
    marker = _marker("migrated", migrations=migrations_digest())
    if _comment(name) == marker:
        return name
    say(f"making {name}: every migration on an empty database ...")
    started = time.monotonic()
    _admin(f"DROP DATABASE IF EXISTS {_quote(name)}")
    _admin(f"CREATE DATABASE {_quote(name)}")
    with _connected_to(name):
        call_command("migrate", verbosity=0, interactive=False)
    _admin(f"COMMENT ON DATABASE {_quote(name)} IS %s", [marker])
    say(f"  done in {time.monotonic() - started:.0f} s")
    return name


def ensure_template(profile: str, *, seed: int = 0, rebuild: bool = False, say: Callable[[str], None] = _say) -> str:
    """The name of ``profile``'s template database, made (or made again) when missing or stale."""
    base = connection.settings_dict["NAME"]
    name = f"{base}_template_{profile.replace('-', '_')}"
    marker = _marker(
        "scale data", generator=sources_digest(), migrations=migrations_digest(), profile=profile, seed=str(seed)
    )
    if not rebuild and _fresh(name, marker):
        return name
    migrated = _migrated_template(base, say)
    say(f"making {name}: generate_scale_data --profile {profile} --seed {seed} ...")
    started = time.monotonic()
    _admin(f"DROP DATABASE IF EXISTS {_quote(name)}")
    _admin(f"CREATE DATABASE {_quote(name)} TEMPLATE {_quote(migrated)}")
    today = secretariat_today()
    last = [0.0]

    def progress(label: str, done: int, total: int) -> None:
        if done >= total or time.monotonic() - last[0] > 10:
            last[0] = time.monotonic()
            say(f"  {label:<28} {done:>9,}/{total:<9,} {time.monotonic() - started:6.0f} s")

    with _connected_to(name):
        counts = generate_scale_data(profile=PROFILES[profile], seed=seed, today=today, progress=progress)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    _admin(f"COMMENT ON DATABASE {_quote(name)} IS %s", [f"{marker} day={today.isoformat()}"])
    say(f"  done in {time.monotonic() - started:.0f} s: {counts.get('mandates', 0):,} mandates, "
        f"{counts.get('actions', 0):,} actions, {counts.get('ledger_rows', 0):,} ledger rows")  # fmt: skip
    return name


@contextmanager
def scale_database(profile: str, *, seed: int = 0, rebuild: bool = False) -> Iterator[str]:
    """A fresh clone of ``profile``'s template for the block; the default connection points at it meanwhile."""
    if connection.vendor != "postgresql":
        raise SystemExit("the scale benchmarks need PostgreSQL: set DATABASE_URL=postgres://...")
    template = ensure_template(profile, seed=seed, rebuild=rebuild)
    clone = f"{connection.settings_dict['NAME']}_bench_{profile.replace('-', '_')}"
    _admin(f"DROP DATABASE IF EXISTS {_quote(clone)}")
    _admin(f"CREATE DATABASE {_quote(clone)} TEMPLATE {_quote(template)}")
    try:
        with _connected_to(clone):
            yield clone
    finally:
        # WITH (FORCE): a server the benchmark started may not have closed its sessions yet.
        _admin(f"DROP DATABASE IF EXISTS {_quote(clone)} WITH (FORCE)")
