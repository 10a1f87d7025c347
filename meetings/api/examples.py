"""Examples for the schema of the meetings' and documents' writes (docs/api.md, "Meetings" and
"Documents"): what a client sends and what it gets back, shown in /api/docs/."""

from drf_spectacular.utils import OpenApiExample

MEETING_CREATE = [
    OpenApiExample(
        "A planned meeting",
        request_only=True,
        value={
            "title": "Eighteenth Coordination Meeting on International Migration",
            "kind": "coordination_meeting",
            "series": 1,
            "number": 18,
            "start_date": "2027-02-15",
            "end_date": "2027-02-16",
            "venue": "United Nations Headquarters, New York",
            "organizer": 3,
            "co_organizers": [14],
            "status": "planned",
        },
    ),
    OpenApiExample(
        "A meeting known by its month",
        request_only=True,
        value={
            "title": "Expert group meeting on migration statistics",
            "kind": "expert_meeting",
            "start_date": "2027-06-01",
            "date_precision": "month",
            "dates_as_stated": "June 2027",
            "status": "planned",
        },
    ),
    OpenApiExample(
        "Recorded",
        response_only=True,
        value={
            "id": 41,
            "title": "Eighteenth Coordination Meeting on International Migration",
            "kind": "coordination_meeting",
            "series": "UN Coordination Meetings on International Migration",
            "series_id": 1,
            "number": 18,
            "start_date": "2027-02-15",
            "end_date": "2027-02-16",
            "date_precision": "day",
            "dates_as_stated": "",
            "venue": "United Nations Headquarters, New York",
            "organizer": {"id": 3, "name": "Population Division, DESA", "acronym": "UN DESA/PD"},
            "co_organizers": [{"id": 14, "name": "International Organization for Migration", "acronym": "IOM"}],
            "status": "planned",
            "summary": "",
            "updated_at": "2026-12-03T10:15:00Z",
            "agenda_items": [],
            "participants": [],
            "papers": [],
            "provenance": [],
        },
    ),
]

MEETING_CHANGE = [
    OpenApiExample("Held, with a summary", request_only=True,
                   value={"status": "held", "summary": "Agreed to publish the compilation by June."}),
    OpenApiExample("Moved by a day", request_only=True, value={"start_date": "2027-02-16", "end_date": "2027-02-17"}),
]  # fmt: skip

AGENDA_ITEM_CREATE = [
    OpenApiExample(
        "An item",
        request_only=True,
        value={"meeting": 41, "position": 1, "title": "Opening of the meeting", "notes": ""},
    ),
]

PARTICIPANT_CREATE = [
    OpenApiExample(
        "A chair",
        request_only=True,
        value={"meeting": 41, "organization": 3, "person": "Amina Diallo", "function": "Director", "role": "chair"},
    ),
    OpenApiExample(
        "A presenter of an item",
        request_only=True,
        value={"meeting": 41, "organization": 14, "person": "Jon Berg", "role": "presenter", "agenda_item": 207},
    ),
    OpenApiExample("An organization only", request_only=True, value={"meeting": 41, "organization": 22}),
]

DOCUMENT_CREATE = [
    OpenApiExample(
        "A report",
        request_only=True,
        value={
            "symbol": "A/63/265",
            "title": "International migration and development",
            "kind": "sg_report",
            "date": "2008-08-08",
            "author": 2,
        },
    ),
    OpenApiExample(
        "A meeting's paper",
        request_only=True,
        value={
            "title": "Note on the compilation of inputs",
            "kind": "paper",
            "date": "2027-02-15",
            "meeting": 41,
            "url": "https://www.un.org/development/desa/pd/events/coordination-meeting",
        },
    ),
]

DOCUMENT_CHANGE = [
    OpenApiExample("Its symbol, once issued", request_only=True, value={"symbol": "UN/POP/MIG-18CM/2027/1"}),
]
