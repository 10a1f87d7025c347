"""The OpenAPI schema documents the error answers every operation can give, not only its 2xx, and
the headers every write reads (If-Match, Idempotency-Key): clients (and the fuzzer) can rely on them."""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers

from ..validators import single_line
from .filters import BIGINT
from .writes import ConditionalWriteMixin, IdempotentPostMixin, StrictSerializerMixin

# What the doors accept in text (core.validators, core.api.middleware), as JSON Schema patterns: a
# generated client, and the fuzzer, then send only what the server takes.
_CONTROL = "\\u0000-\\u001f\\u007f-\\u009f\\u2028\\u2029"
# What Python's str.strip() removes (str.isspace()): REST framework trims a text before it checks
# that a required one is not blank, so a text of these alone is blank.
_SPACE = "\\u0009-\\u000d\\u001c-\\u0020\\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000"
ONE_LINE_PATTERN = f"^[^{_CONTROL}]*$"
NO_NUL_PATTERN = "^[^\\u0000]*$"


def text_pattern(*, one_line: bool, blank: bool) -> str:
    """The pattern of a text field: one line (no control character) or any text without NUL; and,
    when it may not be blank, at least one character that is neither space nor control.

    A text that may be blank gets the pattern of a text that is not empty: drf-spectacular then
    states "this, or an empty text" (``oneOf``), which the empty text must match only once."""
    if blank:
        return f"^[^{_CONTROL}]+$" if one_line else "^[^\\u0000]+$"
    allowed = f"[^{_CONTROL}]" if one_line else "[^\\u0000]"
    visible = f"[^{_CONTROL}{_SPACE}]" if one_line else f"[^\\u0000{_SPACE}]"
    return f"^{allowed}*{visible}{allowed}*$"


ERROR_BODY = {
    "type": "object",
    "description": 'Either {"detail": "..."} or a list of messages per field: {"title": ["..."]}.',
    "properties": {"detail": {"type": "string"}},
    # Per field: a list of messages; for a list or an object of fields (the answers of an update),
    # the same shape again per item ({"answers": {"0": {"text": ["..."]}}}).
    "additionalProperties": {"anyOf": [{"type": "array"}, {"type": "object"}]},
}
STALE_BODY = {
    "type": "object",
    "description": "The refusal and the object as it is now (its ETag in the header): apply your change to it.",
    "properties": {"detail": {"type": "string"}, "current": {"type": "object"}},
    "required": ["detail"],
}


IF_MATCH = OpenApiParameter(
    "If-Match",
    {"type": "string", "minLength": 1},
    OpenApiParameter.HEADER,
    required=True,
    description="The ETag of the version you read (GET the object first); 428 without it, 412 when stale.",
)
IF_MATCH_ON_DELETE = OpenApiParameter(
    "If-Match",
    {"type": "string", "minLength": 1},
    OpenApiParameter.HEADER,
    required=False,
    description="The ETag of the version you read: the record is deleted only if it is still that version "
    "(412 otherwise). Without it, the record is deleted whatever it became.",
)
IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key",
    {"type": "string", "minLength": 1, "maxLength": 200, "pattern": "^[!-~]([ -~]*[!-~])?$"},
    OpenApiParameter.HEADER,
    description="Any unique string of yours (at most 200 characters): a retry with the same key and body within "
    "24 hours gets the first answer again and changes nothing; the same key with another body is a 422.",
)


ETAG = OpenApiParameter(
    "ETag",
    str,
    OpenApiParameter.HEADER,
    response=["200", "201", "412"],
    description="The version of the object in the body: send it as If-Match to change the object.",
)


class TheRecord:
    """In ``extend_schema(responses={201: THE_RECORD})``: the answer is the record as the view's own GET
    shows it (its ``get_serializer_class()``). A view that a higher layer extends with more fields (the
    records' provenance, coordination/api/extensions.py) then documents them without declaring its
    writes again."""

    def __repr__(self) -> str:
        return "THE_RECORD"


THE_RECORD = TheRecord()


class CoordinationAutoSchema(AutoSchema):
    def _get_response_for_code(self, serializer, status_code, media_types=None, direction="response"):
        if serializer is THE_RECORD:
            serializer = self._get_serializer()
        return super()._get_response_for_code(serializer, status_code, media_types, direction)

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        """Text fields say what they accept: one line without control characters, or no NUL; not
        blank where a text is required. Ids say they are ids."""
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if direction != "request":
            return schema
        if isinstance(field, serializers.PrimaryKeyRelatedField):
            schema["minimum"], schema["maximum"] = 1, BIGINT  # an id; one naming no record is a 422
        if not isinstance(field, serializers.CharField):
            return schema
        one_line = single_line in field.validators
        if schema.get("type") == "string" and "format" not in schema and ("pattern" not in schema or one_line):
            # (another rule's own pattern, a symbol's, stays)
            schema["pattern"] = text_pattern(one_line=one_line, blank=field.allow_blank or not field.trim_whitespace)
        return schema

    def _map_serializer(self, serializer, direction, bypass_extensions=False):
        """A strict serializer (core.api.writes.StrictSerializerMixin) refuses unknown fields: the
        schema says so (``additionalProperties: false``)."""
        schema = super()._map_serializer(serializer, direction, bypass_extensions)
        if direction == "request" and isinstance(serializer, StrictSerializerMixin):
            schema["additionalProperties"] = False
        return schema

    def get_override_parameters(self):
        """If-Match on every write to an existing object of a conditional view (core.api.writes): required,
        optional on a DELETE; and Idempotency-Key on every POST of an idempotent one."""
        parameters = list(super().get_override_parameters())
        method = self.method.upper()
        if isinstance(self.view, ConditionalWriteMixin) and "{id}" in self.path and method in ("POST", "PUT", "PATCH"):
            parameters.append(IF_MATCH)
        if isinstance(self.view, ConditionalWriteMixin) and "{id}" in self.path and method == "DELETE":
            parameters.append(IF_MATCH_ON_DELETE)
        if isinstance(self.view, ConditionalWriteMixin) and (
            ("{id}" in self.path and method in ("GET", "POST", "PUT", "PATCH")) or method == "POST"
        ):
            parameters.append(ETAG)
        if isinstance(self.view, IdempotentPostMixin) and method == "POST":
            parameters.append(IDEMPOTENCY_KEY)
        return parameters

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        method = self.method.upper()
        has_id = "{id}" in self.path
        errors = {"401": "Not authenticated: no token, or an expired or revoked one.", "429": "Too many requests."}
        if method == "GET" and not has_id:
            errors["400"] = "A filter or ordering value is not valid."
            errors["404"] = "No such page (the page number is past the last page, or not a number)."
        if has_id:
            errors["404"] = "No such object, or one the caller may not see."
        if method in ("POST", "PUT", "PATCH"):
            errors["400"] = "The request does not keep to this schema: a message per field."
            errors["403"] = "The caller may read but not do this."
            errors["413"] = "The request body is too large."
            errors["422"] = (
                "Well formed, but a rule refuses it (a deadline already past, a reason missing ...) or an id "
                "names no record the caller may see: a message per field."
            )
        if getattr(self.view, "action", None) in getattr(self.view, "secretariat_only_actions", ()):
            errors["403"] = "Only the secretariat may do this."
        if method == "POST":
            errors["422"] += " Also: this Idempotency-Key was used with another request."
        if has_id and method in ("POST", "PUT", "PATCH", "DELETE"):
            errors["409"] = "The record's present state does not allow this step (an answer accepted already ...)."
        if has_id and method in ("POST", "PUT", "PATCH"):
            errors["412"] = "The object changed since it was read: the body holds its current version."
            errors["428"] = "If-Match with the object's ETag is required."
        if has_id and method == "DELETE" and isinstance(self.view, ConditionalWriteMixin):
            errors["400"] = "If-Match is sent empty: send the ETag you read, or no header."
            errors["412"] = "It changed since it was read (If-Match): not deleted; the body holds its current version."
        if self.path.endswith("/auth/token/"):
            errors.pop("404", None)
        for code, description in errors.items():
            body = STALE_BODY if code == "412" else ERROR_BODY
            responses.setdefault(code, {"description": description, "content": {"application/json": {"schema": body}}})
        return responses


# --- The whole schema, once built ------------------------------------------------------------------

# Multi-step scenarios (OpenAPI links): what a client does next with what an answer gave it. The
# ETag of the answer is the If-Match of the next write; the fuzzer's stateful phase follows them.
NEXT_STEPS = {
    ("/api/v1/updates/", "post", "201"): [
        ("read", "/api/v1/updates/{id}/", "get", {}),
        ("edit", "/api/v1/updates/{id}/", "patch", {"header.If-Match": "$response.header.ETag"}),
        ("replace", "/api/v1/updates/{id}/", "put", {"header.If-Match": "$response.header.ETag"}),
        ("submit", "/api/v1/updates/{id}/submit/", "post", {"header.If-Match": "$response.header.ETag"}),
    ],
    ("/api/v1/updates/{id}/", "get", "200"): [
        ("edit", "/api/v1/updates/{id}/", "patch", {"header.If-Match": "$response.header.ETag"}),
        ("submit", "/api/v1/updates/{id}/submit/", "post", {"header.If-Match": "$response.header.ETag"}),
        ("accept", "/api/v1/updates/{id}/accept/", "post", {"header.If-Match": "$response.header.ETag"}),
        ("return", "/api/v1/updates/{id}/return/", "post", {"header.If-Match": "$response.header.ETag"}),
        ("withdraw", "/api/v1/updates/{id}/withdraw/", "post", {"header.If-Match": "$response.header.ETag"}),
    ],
    ("/api/v1/updates/{id}/submit/", "post", "200"): [
        ("accept", "/api/v1/updates/{id}/accept/", "post", {"header.If-Match": "$response.header.ETag"}),
        ("return", "/api/v1/updates/{id}/return/", "post", {"header.If-Match": "$response.header.ETag"}),
    ],
    ("/api/v1/updates/{id}/return/", "post", "200"): [
        ("edit", "/api/v1/updates/{id}/", "patch", {"header.If-Match": "$response.header.ETag"}),
    ],
    ("/api/v1/calls/", "post", "201"): [
        ("read", "/api/v1/calls/{id}/", "get", {}),
        ("board", "/api/v1/calls/{id}/board/", "get", {}),
        ("close", "/api/v1/calls/{id}/close/", "post", {"header.If-Match": "$response.header.ETag"}),
    ],
    ("/api/v1/calls/{id}/", "get", "200"): [
        ("close", "/api/v1/calls/{id}/close/", "post", {"header.If-Match": "$response.header.ETag"}),
    ],
    ("/api/v1/input-requests/{id}/", "get", "200"): [
        ("decline", "/api/v1/input-requests/{id}/decline/", "post", {"header.If-Match": "$response.header.ETag"}),
        ("waive", "/api/v1/input-requests/{id}/waive/", "post", {"header.If-Match": "$response.header.ETag"}),
    ],
    ("/api/v1/actions/{id}/", "get", "200"): [
        ("request_done", "/api/v1/actions/{id}/request-done/", "post", {"header.If-Match": "$response.header.ETag"}),
        ("confirm_done", "/api/v1/actions/{id}/confirm-done/", "post", {"header.If-Match": "$response.header.ETag"}),
        ("decline_done", "/api/v1/actions/{id}/decline-done/", "post", {"header.If-Match": "$response.header.ETag"}),
    ],
    ("/api/v1/actions/{id}/request-done/", "post", "200"): [
        ("confirm_done", "/api/v1/actions/{id}/confirm-done/", "post", {"header.If-Match": "$response.header.ETag"}),
        ("decline_done", "/api/v1/actions/{id}/decline-done/", "post", {"header.If-Match": "$response.header.ETag"}),
    ],
    ("/api/v1/obligations/{id}/", "get", "200"): [
        (
            "record_report",
            "/api/v1/obligations/{id}/record-report/",
            "post",
            {"header.If-Match": "$response.header.ETag"},
        ),
    ],
}


# The secretariat's records of meetings (docs/decisions/0015-api-writes.md): made, read, changed with
# the ETag the answer gave, and deleted; an agenda item, a participant and a paper of the meeting made.
_IF_MATCH_FROM_ANSWER = {"header.If-Match": "$response.header.ETag"}
for _resource in ("meetings", "agenda-items", "participants", "documents"):
    _one = f"/api/v1/{_resource}/{{id}}/"
    NEXT_STEPS[(f"/api/v1/{_resource}/", "post", "201")] = [
        ("read", _one, "get", {}),
        ("edit", _one, "patch", _IF_MATCH_FROM_ANSWER),
        ("replace", _one, "put", _IF_MATCH_FROM_ANSWER),
        ("delete", _one, "delete", _IF_MATCH_FROM_ANSWER),
    ]
    NEXT_STEPS[(_one, "get", "200")] = [
        ("edit", _one, "patch", _IF_MATCH_FROM_ANSWER),
        ("delete", _one, "delete", _IF_MATCH_FROM_ANSWER),
    ]


def _operation_id(schema: dict, path: str, method: str) -> str | None:
    return schema["paths"].get(path, {}).get(method, {}).get("operationId")


def postprocess(result, generator, request, public):
    """drf-spectacular's hook over the finished schema:

    - optional query parameters of one value say that an empty value is taken as no value
      (``?search=``), as the filters, the search and the pagination take it (a list of choices,
      ``?status=``, is not: an empty choice is none of them, a 400); their text holds no control character
      (``core.api.middleware`` answers 400);
    - links between operations (``NEXT_STEPS``).
    """
    for operations in result["paths"].values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                if parameter.get("in") != "query":
                    continue
                schema = parameter.get("schema", {})
                if not parameter.get("required") and schema.get("type") != "array":
                    parameter["allowEmptyValue"] = True
                target = schema.get("items", schema) if schema.get("type") == "array" else schema
                if target.get("type") == "string" and not ({"enum", "format", "pattern"} & set(target)):
                    target["pattern"] = ONE_LINE_PATTERN
    for (path, method, code), steps in NEXT_STEPS.items():
        response = result["paths"].get(path, {}).get(method, {}).get("responses", {}).get(code)
        if response is None:
            continue
        links = response.setdefault("links", {})
        for name, target_path, target_method, parameters in steps:
            operation_id = _operation_id(result, target_path, target_method)
            if operation_id is None:
                continue
            links[name] = {"operationId": operation_id, "parameters": {"path.id": "$response.body#/id", **parameters}}
    return result
