"""The OpenAPI schema documents the error answers every operation can give, not only its 2xx, and
the headers every write reads (If-Match, Idempotency-Key): clients (and the fuzzer) can rely on them."""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter

from .writes import ConditionalWriteMixin, IdempotentPostMixin

ERROR_BODY = {
    "type": "object",
    "description": 'Either {"detail": "..."} or a message list per field: {"title": ["..."]}.',
    "additionalProperties": True,
}


IF_MATCH = OpenApiParameter(
    "If-Match",
    str,
    OpenApiParameter.HEADER,
    required=True,
    description="The ETag of the version you read (GET the object first); 428 without it, 412 when stale.",
)
IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key",
    {"type": "string", "minLength": 1, "maxLength": 200},
    OpenApiParameter.HEADER,
    description="Any unique string of yours (at most 200 characters): a retry with the same key and body within "
    "24 hours gets the first answer again and changes nothing; the same key with another body is a 422.",
)


class CoordinationAutoSchema(AutoSchema):
    def get_override_parameters(self):
        """If-Match on every write to an existing object of a conditional view (core.api.writes), and
        Idempotency-Key on every POST of an idempotent one."""
        parameters = list(super().get_override_parameters())
        method = self.method.upper()
        if isinstance(self.view, ConditionalWriteMixin) and "{id}" in self.path and method in ("POST", "PUT", "PATCH"):
            parameters.append(IF_MATCH)
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
            errors["400"] = "Bad input: a message per field."
            errors["403"] = "The caller may read but not do this."
            errors["413"] = "The request body is too large."
        if getattr(self.view, "action", None) in getattr(self.view, "secretariat_only_actions", ()):
            errors["403"] = "Only the secretariat may do this."
        if method == "POST":
            errors["422"] = "This Idempotency-Key was used with another request."
        if has_id and method in ("POST", "PUT", "PATCH"):
            errors["412"] = "The object changed since it was read: the body holds its current version."
            errors["428"] = "If-Match with the object's ETag is required."
        if self.path.endswith("/auth/token/"):
            errors.pop("404", None)
        for code, description in errors.items():
            responses.setdefault(
                code, {"description": description, "content": {"application/json": {"schema": ERROR_BODY}}}
            )
        return responses
