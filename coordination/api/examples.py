"""Examples for the schema of the reporting cycle's steps (docs/api.md, "The reporting cycle"): what
a client sends and what it gets back, shown in /api/docs/."""

from drf_spectacular.utils import OpenApiExample

CALL_CLOSE = [
    OpenApiExample("With a reason", request_only=True, value={"reason": "report sent to editing"}),
    OpenApiExample(
        "Closed",
        response_only=True,
        value={
            "call": {"id": 88, "title": "Inputs for the report on international migration and development",
                     "status": "closed", "opened_at": "2027-01-12T15:00:00Z", "closed_at": "2027-03-20T14:02:11Z"},
            "waived": 2,
        },
    ),
]  # fmt: skip

INPUT_REQUEST_WAIVE = [
    OpenApiExample("A reason", request_only=True, value={"reason": "Answered in a joint letter with ECE."}),
]

RECORD_REPORT = [
    OpenApiExample(
        "A new document",
        request_only=True,
        value={"symbol": "A/63/265", "title": "International migration and development", "date": "2008-08-08"},
    ),
    OpenApiExample("A document already recorded", request_only=True, value={"document": 311}),
    OpenApiExample(
        "Recorded",
        response_only=True,
        value={
            "obligation": {"id": 12, "status": "done", "fulfilled_by": 311, "completed_on": "2008-08-08"},
            "document": {"id": 311, "symbol": "A/63/265", "title": "International migration and development",
                         "kind": "sg_report", "date": "2008-08-08"},
            "following": {"id": 57, "status": "open", "due_date": "2010-06-30", "recurrence": "biennial"},
            "calls_closed": 1,
        },
    ),
]  # fmt: skip

BOARD = [
    OpenApiExample(
        "With a cut-off",
        response_only=True,
        value={
            "asked": 3, "answered": 2, "declined": 0, "waived": 1, "late": 0,
            "answers_by_day": [{"day": "2027-03-10", "answered": 1}, {"day": "2027-03-14", "answered": 2}],
            "organizations": [],
            "answered_by": {
                "cutoff": "2027-03-15",
                "categories": [
                    {"category": "regional_commission", "label": "Regional commissions", "asked": 3, "answered": 2,
                     "declined": 0},
                ],
            },
        },
    ),
]  # fmt: skip

REQUEST_DONE = [
    OpenApiExample("With a comment", request_only=True, value={"comment": "Workshop held in Bangkok, 3 March 2027."}),
    OpenApiExample("Waiting", response_only=True, value={"id": 41, "status": "done_pending", "completed_on": None}),
]
CONFIRM_DONE = [
    OpenApiExample("On a day", request_only=True, value={"completed_on": "2027-03-03"}),
    OpenApiExample("Done", response_only=True, value={"id": 41, "status": "done", "completed_on": "2027-03-03"}),
]
DECLINE_DONE = [
    OpenApiExample("A comment", request_only=True, value={"comment": "The workshop report is not yet published."}),
    OpenApiExample("Open again", response_only=True, value={"id": 41, "status": "open", "completed_on": None}),
]
