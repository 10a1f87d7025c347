"""Reading and validating the seed files (``seeds/data/*.yaml``, format in ``seeds/FORMAT.md``)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft202012Validator, FormatChecker

SEEDS_DIR = Path(__file__).resolve().parent
DATA_DIR = SEEDS_DIR / "data"
SCHEMA_PATH = SEEDS_DIR / "schema.json"
REGISTRY_FILE = "registry.yaml"

# Load order: each kind refers only to kinds loaded before it. An organization's parent is
# loaded first by ordering organizations by depth; a session learns its meeting from the
# meeting that names it; provenance (which points to documents) is written last.
KINDS = (
    "organizations",
    "meeting_series",
    "meetings",
    "sessions",
    "documents",
    "memberships",
    "mandates",
    "obligations",
    "actions",
    "updates",
)


class SeedError(Exception):
    """A problem in a seed file, naming the file, the record and the field."""

    def __init__(self, message: str, *, file: str = "", key: str = "", field: str = "") -> None:
        self.file, self.key, self.field = file, key, field
        where = ", ".join(
            part for part in (file, f"record {key!r}" if key else "", f"field {field!r}" if field else "") if part
        )
        super().__init__(f"{where}: {message}" if where else message)


# libyaml's parser when PyYAML was built with it (the wheels are): several times faster.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _DatesAsTextLoader(_SafeLoader):
    """Safe YAML without implicit timestamps: dates stay ISO text, validated by the schema."""


_DatesAsTextLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass
class SeedRecord:
    kind: str
    key: str
    data: dict[str, Any]
    file: str


@dataclass
class SeedSet:
    """Every record of every seed file, by kind, in file order, with keys checked unique."""

    records: dict[str, list[SeedRecord]] = field(default_factory=lambda: {kind: [] for kind in KINDS})
    by_key: dict[str, SeedRecord] = field(default_factory=dict)

    def add(self, record: SeedRecord) -> None:
        if record.key in self.by_key:
            first = self.by_key[record.key]
            raise SeedError(f"key already defined in {first.file} ({first.kind})", file=record.file, key=record.key)
        self.by_key[record.key] = record
        self.records[record.kind].append(record)

    def keys_of(self, kind: str) -> set[str]:
        return {record.key for record in self.records[kind]}

    def count(self) -> int:
        return len(self.by_key)


@cache
def schema_validator() -> Draft202012Validator:
    schema = json.loads(SCHEMA_PATH.read_text())
    return Draft202012Validator(schema, format_checker=FormatChecker())


def seed_files(directory: Path = DATA_DIR) -> list[Path]:
    """The registry first, then the per-document files in name order."""
    files = sorted(directory.glob("*.yaml"), key=lambda p: (p.name != REGISTRY_FILE, p.name))
    if not files:
        raise SeedError(f"no seed files (*.yaml) in {directory}")
    return files


def read_file(path: Path) -> dict[str, Any]:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_DatesAsTextLoader)  # noqa: S506 -- a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" at line {mark.line + 1}" if mark else ""
        raise SeedError(f"not valid YAML{line}: {getattr(exc, 'problem', exc)}", file=path.name) from None
    if data is None:
        return {}
    errors = sorted(schema_validator().iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        raise _schema_error(path.name, data, errors[0], more=len(errors) - 1)
    return data


def _schema_error(file: str, data: Any, error, *, more: int) -> SeedError:
    path = list(error.absolute_path)
    key = field_name = ""
    if len(path) >= 2 and isinstance(path[1], int):
        record = data[path[0]][path[1]]
        key = record.get("key", f"#{path[1] + 1} of {path[0]}") if isinstance(record, dict) else f"#{path[1] + 1}"
        field_name = ".".join(str(part) for part in path[2:])
    elif path:
        field_name = str(path[0])
    suffix = f" (and {more} more problem{'s' if more > 1 else ''} in this file)" if more else ""
    return SeedError(f"{error.message}{suffix}", file=file, key=key, field=field_name)


def read_seed_set(files: Iterable[Path] | None = None) -> SeedSet:
    """Read, validate and index every seed file; raise ``SeedError`` on the first problem."""
    seed_set = SeedSet()
    for path in files or seed_files():
        data = read_file(path)
        for kind in KINDS:
            for item in data.get(kind) or []:
                seed_set.add(SeedRecord(kind=kind, key=item["key"], data=item, file=path.name))
    return seed_set
