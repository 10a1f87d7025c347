"""The updates list, read from ``.values()`` and written out by one plain function.

The list is the API's busiest read (agencies' systems poll it). Through ``UpdateListSerializer`` a
page of 50 built 50 model instances and walked every field of each; here one query reads the
columns and ``update_rows`` writes each row as the serializer would, field by field, in plain sight.
``tests/coordination/api/test_lists.py`` holds the two to the same JSON, and fails when the
serializer gains a field this function does not write (decision 0006).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils import timezone

# What a row of the list needs; the cursor pagination orders by updated_at and id, both among them.
UPDATE_ROW_COLUMNS = (
    "id",
    "organization_id",
    "organization__acronym",
    "organization__name",
    "organization__category",
    "input_request_id",
    "action_id",
    "title",
    "body",
    "period_start",
    "period_end",
    "status",
    "return_comment",
    "received_via",
    "received_on",
    "document_id",
    "meeting_id",
    "submitted_at",
    "updated_at",
)


def _day(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _instant(value: dt.datetime | None, zone: dt.tzinfo) -> str | None:
    """As REST framework writes a datetime: ISO 8601 in the current time zone, UTC as "Z"."""
    if value is None:
        return None
    text = value.astimezone(zone).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def update_rows(rows: Iterable[dict]) -> list[dict]:
    """Each ``.values(*UPDATE_ROW_COLUMNS)`` row as ``UpdateListSerializer`` writes the update."""
    zone = timezone.get_current_timezone()
    return [
        {
            "id": row["id"],
            "organization": {
                "id": row["organization_id"],
                "acronym": row["organization__acronym"],
                "name": row["organization__name"],
                "category": row["organization__category"],
            },
            "input_request": row["input_request_id"],
            "action": row["action_id"],
            "title": row["title"],
            "body": row["body"],
            "period_start": _day(row["period_start"]),
            "period_end": _day(row["period_end"]),
            "status": row["status"],
            "return_comment": row["return_comment"],
            "received_via": row["received_via"],
            "received_on": _day(row["received_on"]),
            "document": row["document_id"],
            "meeting": row["meeting_id"],
            "submitted_at": _instant(row["submitted_at"], zone),
            "updated_at": _instant(row["updated_at"], zone),
        }
        for row in rows
    ]
