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

# --- The secretariat's records (issue #21): mandates, obligations, actions and their steps ---------

MANDATE = [
    OpenApiExample(
        "A resolution",
        request_only=True,
        value={"body": 3, "number": "58/208", "kind": "resolution", "adoption_date": "2003-12-23",
               "title": "International migration and development", "session": 14},
    ),
    OpenApiExample(
        "Recorded",
        response_only=True,
        value={"id": 77, "body": {"id": 3, "acronym": "GA", "name": "General Assembly", "category": "body"},
               "number": "58/208", "kind": "resolution", "adoption_date": "2003-12-23",
               "title": "International migration and development", "session": 14, "document": None},
    ),
]  # fmt: skip

OBLIGATION = [
    OpenApiExample(
        "Due at a session",
        request_only=True,
        value={"mandate": 77, "addressee": 3, "description": "Report on the implementation of the resolution",
               "due_precision": "session", "due_session": 15, "due_as_stated": "at its sixtieth session",
               "responsible_officer": 12, "recurrence": "biennial"},
    ),
    OpenApiExample(
        "Due in a year",
        request_only=True,
        value={"mandate": 77, "addressee": 3, "description": "Report on remittances", "due_date": "2027-01-01",
               "due_precision": "year", "due_as_stated": "in 2027"},
    ),
]  # fmt: skip

ACTION = [
    OpenApiExample(
        "From a mandate",
        request_only=True,
        value={"title": "Organize a workshop on remittance costs", "origin_mandate": 77, "lead_organization": 7,
               "supporting_organizations": [9, 23], "due_date": "2027-04-01", "due_precision": "quarter",
               "due_as_stated": "in the second quarter of 2027", "responsible_officer": 12},
    ),
]  # fmt: skip

MARK_DONE = [OpenApiExample("On a day", request_only=True, value={"completed_on": "2027-03-03"})]
CANCEL = [OpenApiExample("A reason", request_only=True, value={"reason": "Superseded by resolution 60/227."})]
EXTEND = [
    OpenApiExample(
        "A new day", request_only=True, value={"new_due_date": "2027-06-30", "reason": "Agreed at the bureau meeting."}
    )
]
