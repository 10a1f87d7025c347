"""Load the seed set into the database: one transaction, idempotent, never overwriting an edit.

Each seeded row stores ``seed_key`` (its stable key) and ``seed_digest`` (a digest of the values
the loader last wrote, children and many-to-many links included). On a rerun a record is

- **created** when no row has its key;
- **unchanged** when the seed's digest equals the stored one;
- **changed** when the seed differs and the row still holds what the loader wrote (its current
  digest equals the stored one);
- **kept** when the row was edited since it was seeded (its current digest differs from the
  stored one): the edit wins and the record is reported.

Rows are written with ``bulk_create``/``bulk_update`` and their history rows in bulk
(django-simple-history), a fixed number of queries per kind rather than per record.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from agencies.choices import SessionRule
from agencies.models import Membership, Organization
from coordination.choices import ItemStatus, ReceivedVia, Recurrence, UpdateStatus
from coordination.models import ActivityUpdate, FollowUpAction, Mandate, Provenance, ReportingObligation, Session
from coordination.sessions import ga_opening_day
from core.periods import period_end
from core.validators import one_line, one_line_values
from meetings.choices import DatePrecision, MeetingKind, MeetingStatus, ParticipantRole
from meetings.models import AgendaItem, Document, Meeting, MeetingSeries, Participant

from .files import KINDS, SeedError, SeedRecord, SeedSet

CHANGE_REASON = "Loaded from the seed files"
BATCH_SIZE = 500

# Which kind each reference field points to, for the dangling-reference check.
REFERENCES: dict[str, dict[str, str]] = {
    "organizations": {"parent": "organizations"},
    "meeting_series": {"organizer": "organizations"},
    "meetings": {
        "series": "meeting_series",
        "organizer": "organizations",
        "co_organizers": "organizations",
        "session": "sessions",
    },
    "sessions": {"body": "organizations"},
    "documents": {"author": "organizations", "meeting": "meetings"},
    "memberships": {"group": "organizations", "member": "organizations"},
    "mandates": {"body": "organizations", "session": "sessions", "document": "documents"},
    "obligations": {
        "mandate": "mandates",
        "addressee": "organizations",
        "fulfilled_by": "documents",
        "due.session": "sessions",
    },
    "actions": {
        "origin.meeting": "meetings",
        "origin.mandate": "mandates",
        "origin.document": "documents",
        "lead": "organizations",
        "supporting": "organizations",
        "due.session": "sessions",
    },
    "updates": {"organization": "organizations", "document": "documents", "meeting": "meetings"},
}
NESTED_REFERENCES = {"participants": {"organization": "organizations"}}

MODELS: dict[str, type[models.Model]] = {
    "organizations": Organization,
    "meeting_series": MeetingSeries,
    "meetings": Meeting,
    "sessions": Session,
    "documents": Document,
    "memberships": Membership,
    "mandates": Mandate,
    "obligations": ReportingObligation,
    "actions": FollowUpAction,
    "updates": ActivityUpdate,
}


@dataclass
class KindCounts:
    created: int = 0
    changed: int = 0
    unchanged: int = 0
    kept: int = 0

    @property
    def total(self) -> int:
        return self.created + self.changed + self.unchanged + self.kept


@dataclass
class LoadReport:
    counts: dict[str, KindCounts] = field(default_factory=lambda: {kind: KindCounts() for kind in KINDS})
    kept: list[tuple[str, str]] = field(default_factory=list)  # (kind, key) edited since seeded
    provenance_created: int = 0

    @property
    def created(self) -> int:
        return sum(c.created for c in self.counts.values())

    @property
    def changed(self) -> int:
        return sum(c.changed for c in self.counts.values())


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _at_precision(value: str | None, precision: str | None) -> dt.date | None:
    day = _date(value)
    if day and precision and precision != DatePrecision.DAY:
        return period_end(precision, day)
    return day


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _line(value: Any) -> str:
    """A value for a one-line field: a title folded over several lines in a seed file is one line."""
    return one_line(_text(value))


def digest_of(values: dict[str, Any]) -> str:
    encoded = json.dumps(values, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(encoded.encode()).hexdigest()


ProgressCallback = Callable[[str, int, int], None]


class SeedLoader:
    """Loads one validated ``SeedSet``. Use ``load()``; it runs in one transaction."""

    def __init__(self, seed_set: SeedSet, *, progress: ProgressCallback | None = None) -> None:
        self.seeds = seed_set
        self.progress = progress or (lambda kind, done, total: None)
        self.report = LoadReport()
        self.ids: dict[str, dict[str, int]] = {kind: {} for kind in KINDS}
        self.sessions: dict[str, Session] = {}
        # (model, pk, sources) of agenda items and participants written in this run.
        self.child_sources: list[tuple[type[models.Model], int, list[dict[str, Any]]]] = []

    # --- checks ---------------------------------------------------------------------------------

    def check_references(self) -> None:
        """Every reference resolves to a record of the right kind; every source to a document."""
        documents = self.seeds.keys_of("documents")
        for kind in KINDS:
            for record in self.seeds.records[kind]:
                for path, target in REFERENCES.get(kind, {}).items():
                    for value in _values_at(record.data, path):
                        self._require(record, path, value, target)
                for child_field, refs in NESTED_REFERENCES.items():
                    for index, child in enumerate(record.data.get(child_field) or []):
                        for name, target in refs.items():
                            if child.get(name):
                                self._require(record, f"{child_field}[{index + 1}].{name}", child[name], target)
                for index, source in enumerate(_all_sources(record.data)):
                    if source["document"] not in documents:
                        raise SeedError(
                            f"source #{index + 1} cites document {source['document']!r}, which no seed file defines",
                            file=record.file,
                            key=record.key,
                            field="sources",
                        )

    def _require(self, record: SeedRecord, path: str, value: str, target: str) -> None:
        if value not in self.seeds.keys_of(target):
            raise SeedError(
                f"refers to {value!r}, which is not a defined {target} record",
                file=record.file,
                key=record.key,
                field=path,
            )

    # --- load -----------------------------------------------------------------------------------

    def load(self) -> LoadReport:
        self.check_references()
        with transaction.atomic():
            for kind in KINDS:
                getattr(self, f"_load_{kind}")()
            self._load_provenance()
        return self.report

    def _ref(self, kind: str, key: str | None) -> int | None:
        return self.ids[kind][key] if key else None

    def _refs(self, kind: str, keys: list[str] | None) -> list[int]:
        """Many references, as sorted ids (the order of a many-to-many link does not matter)."""
        return sorted(self.ids[kind][key] for key in keys or [])

    def _load_organizations(self) -> None:
        records = self.seeds.records["organizations"]
        by_key = {r.key: r for r in records}

        def depth(record: SeedRecord, seen: tuple[str, ...] = ()) -> int:
            parent = record.data.get("parent")
            if not parent:
                return 0
            if parent in seen:
                raise SeedError(
                    "organizations form a cycle of parents", file=record.file, key=record.key, field="parent"
                )
            return 1 + depth(by_key[parent], (*seen, record.key))

        levels: dict[int, list[SeedRecord]] = {}
        for record in records:
            levels.setdefault(depth(record), []).append(record)
        done = 0
        for level in sorted(levels):
            rows = [
                (
                    r,
                    {
                        "acronym": _text(r.data.get("acronym")),
                        "name": r.data["name"],
                        "category": r.data["category"],
                        "parent_id": self._ref("organizations", r.data.get("parent")),
                        "session_rule": r.data.get("session_rule") or SessionRule.EXPLICIT,
                        "website": _text(r.data.get("website")),
                        "notes": _text(r.data.get("notes")),
                    },
                )
                for r in levels[level]
            ]
            self._upsert("organizations", rows)
            done += len(rows)
            self.progress("organizations", done, len(records))

    def _load_meeting_series(self) -> None:
        self._upsert(
            "meeting_series",
            [
                (r, {"name": r.data["name"], "organizer_id": self._ref("organizations", r.data.get("organizer"))})
                for r in self.seeds.records["meeting_series"]
            ],
        )

    def _load_meetings(self) -> None:
        rows = []
        for r in self.seeds.records["meetings"]:
            precision = r.data.get("date_precision") or (DatePrecision.DAY if r.data.get("start_date") else "")
            rows.append(
                (
                    r,
                    {
                        "series_id": self._ref("meeting_series", r.data.get("series")),
                        "number": r.data.get("number"),
                        "title": r.data["title"],
                        "kind": r.data.get("kind") or MeetingKind.OTHER,
                        "start_date": _at_precision(r.data.get("start_date"), precision),
                        "end_date": _at_precision(r.data.get("end_date"), precision),
                        "date_precision": precision,
                        "dates_as_stated": _text(r.data.get("dates_as_stated")),
                        "venue": _text(r.data.get("venue")),
                        "organizer_id": self._ref("organizations", r.data.get("organizer")),
                        "status": r.data.get("status") or MeetingStatus.HELD,
                        "summary": _text(r.data.get("summary")),
                    },
                )
            )
        self._upsert(
            "meetings",
            rows,
            m2m={"co_organizers": lambda r: self._refs("organizations", r.data.get("co_organizers"))},
            children=MeetingChildren(self),
        )

    def _load_sessions(self) -> None:
        meeting_of_session = {
            r.data["session"]: self.ids["meetings"][r.key]
            for r in self.seeds.records["meetings"]
            if r.data.get("session")
        }
        rules = dict(
            Organization.objects.filter(pk__in=self.ids["organizations"].values()).values_list("pk", "session_rule")
        )
        rows = []
        for r in self.seeds.records["sessions"]:
            body_id = self._ref("organizations", r.data["body"])
            stated = _date(r.data.get("opening_date"))
            opening = stated or (
                ga_opening_day(r.data["number"]) if rules[body_id] == SessionRule.GA_SEPTEMBER else None
            )
            rows.append(
                (
                    r,
                    {
                        "body_id": body_id,
                        "number": r.data["number"],
                        "year": r.data.get("year") or (opening.year if opening else None),
                        "stated_opening_date": stated,
                        "opening_date": opening,
                        "meeting_id": meeting_of_session.get(r.key),
                    },
                )
            )
        self._upsert("sessions", rows)
        self.sessions = {s.seed_key: s for s in Session.objects.filter(pk__in=self.ids["sessions"].values())}

    def _load_documents(self) -> None:
        rows = []
        for r in self.seeds.records["documents"]:
            precision = r.data.get("date_precision") or (DatePrecision.DAY if r.data.get("date") else "")
            rows.append(
                (
                    r,
                    {
                        "symbol": _text(r.data.get("symbol")),
                        "title": _text(r.data.get("title")),
                        "kind": r.data.get("kind") or "other",
                        "date": _at_precision(r.data.get("date"), precision),
                        "date_precision": precision,
                        "author_id": self._ref("organizations", r.data.get("author")),
                        "meeting_id": self._ref("meetings", r.data.get("meeting")),
                        "url": _text(r.data.get("url")),
                    },
                )
            )
        self._upsert("documents", rows)

    def _load_memberships(self) -> None:
        self._upsert(
            "memberships",
            [
                (
                    r,
                    {
                        "group_id": self._ref("organizations", r.data["group"]),
                        "member_id": self._ref("organizations", r.data["member"]),
                        "start_date": _at_precision(r.data.get("start_date"), r.data.get("start_precision")),
                        "end_date": _date(r.data.get("end_date")),
                        "as_of": _date(r.data.get("as_of")),
                    },
                )
                for r in self.seeds.records["memberships"]
            ],
        )

    def _load_mandates(self) -> None:
        self._upsert(
            "mandates",
            [
                (
                    r,
                    {
                        "body_id": self._ref("organizations", r.data["body"]),
                        "number": str(r.data["number"]),
                        "kind": r.data.get("kind") or "resolution",
                        "adoption_date": _date(r.data.get("adoption_date")),
                        "title": _text(r.data.get("title")),
                        "session_id": self._ref("sessions", r.data.get("session")),
                        "document_id": self._ref("documents", r.data.get("document")),
                    },
                )
                for r in self.seeds.records["mandates"]
            ],
        )

    def _due(self, record: SeedRecord, model: type[models.Model]) -> dict[str, Any]:
        due = record.data.get("due") or {}
        precision = due.get("precision") or ""
        session = self.sessions.get(due.get("session")) if due.get("session") else None
        probe = model(due_precision=precision, due_date=_date(due.get("date")), due_session=session)
        return {
            "due_precision": precision,
            "due_date": probe.compute_due_date(),
            "due_as_stated": _text(due.get("as_stated")),
            "due_session_id": session.pk if session else None,
        }

    def _load_obligations(self) -> None:
        self._upsert(
            "obligations",
            [
                (
                    r,
                    {
                        "mandate_id": self._ref("mandates", r.data["mandate"]),
                        "addressee_id": self._ref("organizations", r.data["addressee"]),
                        "description": r.data["description"],
                        **self._due(r, ReportingObligation),
                        "status": r.data.get("status") or ItemStatus.OPEN,
                        "fulfilled_by_id": self._ref("documents", r.data.get("fulfilled_by")),
                        "completed_on": _date(r.data.get("completed_on")),
                        "recurrence": r.data.get("recurrence") or Recurrence.NONE,
                    },
                )
                for r in self.seeds.records["obligations"]
            ],
        )

    def _load_actions(self) -> None:
        rows = []
        for r in self.seeds.records["actions"]:
            origin = r.data["origin"]
            rows.append(
                (
                    r,
                    {
                        "title": r.data["title"],
                        "description": _text(r.data.get("description")),
                        "origin_meeting_id": self._ref("meetings", origin.get("meeting")),
                        "origin_mandate_id": self._ref("mandates", origin.get("mandate")),
                        "origin_document_id": self._ref("documents", origin.get("document")),
                        "lead_organization_id": self._ref("organizations", r.data.get("lead")),
                        **self._due(r, FollowUpAction),
                        "status": r.data.get("status") or ItemStatus.OPEN,
                        "completed_on": _date(r.data.get("completed_on")),
                    },
                )
            )
        self._upsert(
            "actions",
            rows,
            m2m={"supporting_organizations": lambda r: self._refs("organizations", r.data.get("supporting"))},
        )

    def _load_updates(self) -> None:
        self._upsert(
            "updates",
            [
                (
                    r,
                    {
                        "organization_id": self._ref("organizations", r.data["organization"]),
                        "title": r.data["title"],
                        "body": r.data["body"],
                        "period_start": _date(r.data.get("period_start")),
                        "period_end": _date(r.data.get("period_end")),
                        "document_id": self._ref("documents", r.data.get("document")),
                        "meeting_id": self._ref("meetings", r.data.get("meeting")),
                        # Activities published in a document: accepted, as the secretariat did.
                        "status": UpdateStatus.ACCEPTED,
                        "received_via": ReceivedVia.DOCUMENT,
                    },
                )
                for r in self.seeds.records["updates"]
            ],
        )

    # --- the generic part -----------------------------------------------------------------------

    def _upsert(
        self,
        kind: str,
        rows: list[tuple[SeedRecord, dict[str, Any]]],
        *,
        m2m: dict[str, Callable[[SeedRecord], list[int]]] | None = None,
        children: MeetingChildren | None = None,
    ) -> None:
        model = MODELS[kind]
        m2m = m2m or {}
        counts = self.report.counts[kind]
        existing = {o.seed_key: o for o in model.objects.filter(seed_key__in=[r.key for r, _ in rows])}
        current_extras = self._current_extras(model, list(existing.values()), m2m, children)
        to_create, to_update, relinks = [], [], []
        for record, values in rows:
            # A title or a name that a seed file wraps over lines is stored on one line (the model refuses breaks).
            values = one_line_values(model, values)
            extras = {name: build(record) for name, build in m2m.items()}
            if children:
                extras["children"] = children.seed_state(record)
            digest = digest_of({**values, **extras})
            obj = existing.get(record.key)
            if obj is None:
                obj = model(seed_key=record.key, seed_digest=digest, **values)
                to_create.append(obj)
                relinks.append((record, obj, extras))
                counts.created += 1
            elif obj.seed_digest == digest:
                counts.unchanged += 1
            elif (
                digest_of({**{k: getattr(obj, k) for k in values}, **current_extras.get(obj.pk, {})})
                != obj.seed_digest
            ):
                counts.kept += 1
                self.report.kept.append((kind, record.key))
            else:
                for name, value in values.items():
                    setattr(obj, name, value)
                obj.seed_digest = digest
                to_update.append(obj)
                relinks.append((record, obj, extras))
                counts.changed += 1
        if to_create:
            created = bulk_create_with_history(
                to_create, model, batch_size=BATCH_SIZE, default_change_reason=CHANGE_REASON
            )
            for obj, new in zip(to_create, created, strict=True):
                obj.pk = new.pk
        if to_update:
            fields = [*rows[0][1].keys(), "seed_digest"]
            bulk_update_with_history(
                to_update, model, fields, batch_size=BATCH_SIZE, default_change_reason=CHANGE_REASON
            )
        for name in m2m:
            self._set_m2m(model, name, [(obj, extras[name]) for _, obj, extras in relinks])
        if children:
            children.replace([(record, obj) for record, obj, _ in relinks])
        self.ids[kind].update({key: obj.pk for key, obj in existing.items()})
        self.ids[kind].update({obj.seed_key: obj.pk for obj in to_create})
        if kind != "organizations":
            self.progress(kind, len(rows), len(rows))

    def _current_extras(self, model, objs, m2m, children) -> dict[int, dict[str, Any]]:
        """Many-to-many links and children as they are now, for detecting edits."""
        extras: dict[int, dict[str, Any]] = {obj.pk: {} for obj in objs}
        for name in m2m:
            through = getattr(model, name).through
            source, target = _through_columns(model, name)
            links: dict[int, list[int]] = {}
            for owner, other in through.objects.filter(**{f"{source}__in": extras}).values_list(source, target):
                links.setdefault(owner, []).append(other)
            for pk in extras:
                extras[pk][name] = sorted(links.get(pk, []))
        if children:
            for pk, state in children.current_state(list(extras)).items():
                extras[pk]["children"] = state
        return extras

    def _set_m2m(self, model, name: str, pairs: list[tuple[models.Model, list[int]]]) -> None:
        if not pairs:
            return
        through = getattr(model, name).through
        source, target = _through_columns(model, name)
        through.objects.filter(**{f"{source}__in": [obj.pk for obj, _ in pairs]}).delete()
        through.objects.bulk_create(
            [through(**{source: obj.pk, target: other}) for obj, others in pairs for other in others],
            batch_size=BATCH_SIZE,
        )

    def _load_provenance(self) -> None:
        documents = self.ids["documents"]
        wanted: set[tuple[int, int, int, str, str, str]] = set()
        for kind in KINDS:
            content_type = ContentType.objects.get_for_model(MODELS[kind])
            for record in self.seeds.records[kind]:
                for source in record.data["sources"]:
                    wanted.add(_statement(content_type.pk, self.ids[kind][record.key], documents, source))
        for model, pk, sources in self.child_sources:
            content_type = ContentType.objects.get_for_model(model)
            wanted.update(_statement(content_type.pk, pk, documents, source) for source in sources)
        existing = set(
            Provenance.objects.filter(document_id__in=documents.values()).values_list(
                "content_type_id", "object_id", "document_id", "paragraph", "field", "value_as_stated"
            )
        )
        missing = sorted(wanted - existing)
        Provenance.objects.bulk_create(
            [
                Provenance(
                    content_type_id=ct, object_id=oid, document_id=doc, paragraph=para, field=fld, value_as_stated=val
                )
                for ct, oid, doc, para, fld, val in missing
            ],
            batch_size=BATCH_SIZE,
        )
        self.report.provenance_created = len(missing)
        self.progress("provenance", len(wanted), len(wanted))


class MeetingChildren:
    """A seeded meeting's agenda items and participants, replaced together when the meeting is."""

    def __init__(self, loader: SeedLoader) -> None:
        self.loader = loader

    def seed_state(self, record: SeedRecord) -> dict[str, list]:
        organizations = self.loader.ids["organizations"]
        return {
            "agenda": [
                [index + 1, _line(item["title"]), _text(item.get("notes"))]
                for index, item in enumerate(record.data.get("agenda") or [])
            ],
            "participants": sorted(
                [
                    organizations.get(p.get("organization")) if p.get("organization") else None,
                    _line(p.get("person")),
                    _line(p.get("function")),
                    p.get("role") or ParticipantRole.PARTICIPANT,
                    p.get("agenda_item"),
                ]
                for p in record.data.get("participants") or []
            ),
        }

    def current_state(self, meeting_ids: list[int]) -> dict[int, dict[str, list]]:
        state: dict[int, dict[str, list]] = {pk: {"agenda": [], "participants": []} for pk in meeting_ids}
        positions: dict[int, int] = {}
        for pk, meeting_id, position, title, notes in (
            AgendaItem.objects.filter(meeting_id__in=meeting_ids)
            .values_list("pk", "meeting_id", "position", "title", "notes")
            .order_by("meeting_id", "position")
        ):
            state[meeting_id]["agenda"].append([position, title, notes])
            positions[pk] = position
        for meeting_id, org, person, function, role, item in Participant.objects.filter(
            meeting_id__in=meeting_ids
        ).values_list("meeting_id", "organization_id", "person", "function", "role", "agenda_item_id"):
            state[meeting_id]["participants"].append([org, person, function, role, positions.get(item)])
        for value in state.values():
            value["participants"].sort(key=lambda row: [("" if v is None else str(v)) for v in row])
        return state

    def replace(self, pairs: list[tuple[SeedRecord, Meeting]]) -> None:
        if not pairs:
            return
        meeting_ids = [meeting.pk for _, meeting in pairs]
        old_items = list(AgendaItem.objects.filter(meeting_id__in=meeting_ids).values_list("pk", flat=True))
        old_participants = list(Participant.objects.filter(meeting_id__in=meeting_ids).values_list("pk", flat=True))
        for model, pks in ((AgendaItem, old_items), (Participant, old_participants)):
            Provenance.objects.filter(
                content_type=ContentType.objects.get_for_model(model), object_id__in=pks
            ).delete()
        Participant.objects.filter(pk__in=old_participants).delete()
        AgendaItem.objects.filter(pk__in=old_items).delete()

        items = [
            (
                record,
                AgendaItem(
                    meeting_id=meeting.pk,
                    position=index + 1,
                    title=_line(item["title"]),
                    notes=_text(item.get("notes")),
                ),
                item,
            )
            for record, meeting in pairs
            for index, item in enumerate(record.data.get("agenda") or [])
        ]
        created_items = bulk_create_with_history(
            [i for _, i, _ in items], AgendaItem, batch_size=BATCH_SIZE, default_change_reason=CHANGE_REASON
        )
        item_ids = {(i.meeting_id, i.position): i.pk for i in created_items}
        organizations = self.loader.ids["organizations"]
        participants = [
            (
                record,
                Participant(
                    meeting_id=meeting.pk,
                    organization_id=organizations.get(p.get("organization")) if p.get("organization") else None,
                    person=_line(p.get("person")),
                    function=_line(p.get("function")),
                    role=p.get("role") or ParticipantRole.PARTICIPANT,
                    agenda_item_id=item_ids.get((meeting.pk, p.get("agenda_item"))),
                ),
                p,
            )
            for record, meeting in pairs
            for p in record.data.get("participants") or []
        ]
        created_participants = bulk_create_with_history(
            [p for _, p, _ in participants], Participant, batch_size=BATCH_SIZE, default_change_reason=CHANGE_REASON
        )
        # Their provenance is written at the end, once documents are loaded.
        self.loader.child_sources += [
            (AgendaItem, created.pk, item.get("sources") or [])
            for (_, _, item), created in zip(items, created_items, strict=True)
        ] + [
            (Participant, created.pk, p.get("sources") or [])
            for (_, _, p), created in zip(participants, created_participants, strict=True)
        ]


def _statement(content_type_id: int, object_id: int, documents: dict[str, int], source: dict[str, Any]) -> tuple:
    return (
        content_type_id,
        object_id,
        documents[source["document"]],
        _line(source["paragraph"]),
        _line(source.get("field")),
        _text(source.get("value")),
    )


def _through_columns(model, name: str) -> tuple[str, str]:
    field_ = model._meta.get_field(name)
    return field_.m2m_column_name(), field_.m2m_reverse_name()


def _values_at(data: dict[str, Any], path: str) -> Iterable[str]:
    node: Any = data
    for part in path.split("."):
        if not isinstance(node, dict):
            return []
        node = node.get(part)
    if node is None:
        return []
    return node if isinstance(node, list) else [node]


def _all_sources(data: dict[str, Any]) -> Iterable[dict[str, Any]]:
    yield from data.get("sources") or []
    for child_field in ("agenda", "participants"):
        for child in data.get(child_field) or []:
            yield from child.get("sources") or []
