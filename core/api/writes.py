"""What every API write shares (docs/design.md, "REST API"): no lost updates, no duplicates, bad input
answered 400 with a message per field (413 for an oversized body), never a 500.

- ``ConditionalWriteMixin``: a GET of one object carries its ``ETag``; a write to an existing
  object needs ``If-Match`` with it (428 without; the service answers 412 when stale, with the
  current version). A ``DELETE`` may send it (``if_match_optional``): then it is compared as well.
- ``IdempotentPostMixin``: every POST with ``Idempotency-Key`` is answered once per user and key
  for 24 hours; a retry gets the same answer, the same key with another body a 422.
- ``StrictSerializerMixin``: unknown fields are refused instead of silently ignored.
- ``exception_handler``: services raise Django's ``ValidationError``; it becomes a 400.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json

from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from rest_framework import serializers, status
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from ..errors import NotPermitted, StaleVersion, WrongState
from ..models import IdempotencyRecord
from ..versions import version_of

IDEMPOTENCY_WINDOW = dt.timedelta(hours=24)


# The code of a serializer's refusal that the schema cannot state (one answer per question, a year
# within range): answered 422 like a service's, not 400. REST framework's "does_not_exist" (an id
# naming no record the caller may see) is answered 422 too.
REFUSED_BY_RULE = "rule"


class PreconditionRequired(APIException):
    status_code = 428
    default_detail = "Send If-Match with the ETag of the version you changed (GET the object first)."
    default_code = "precondition_required"


def etag_of(obj) -> str:
    return f'"{version_of(obj)}"'


def _unquoted(tag: str) -> str:
    tag = tag.strip()
    if tag.startswith("W/"):
        tag = tag[2:]
    return tag.strip('"')


class ConditionalWriteMixin:
    """ETag on reads of one object; ``if_match`` for the views that write to it (a view offers a write
    by defining it; this mixin adds none, so read-only resources stay read-only).

    The comparison itself is the service's: it takes the row lock, then compares the versions the
    client names with the locked row's (``core.versions.check_version``), so of two writers with one
    ETag exactly one wins. A refusal (``StaleVersion``) becomes the 412 in ``exception_handler``.
    """

    def retrieve(self, request, *args, **kwargs):
        # DRF's retrieve, with the object read once for both the body and its version.
        instance = self.get_object()
        response = Response(self.get_serializer(instance).data)
        response["ETag"] = etag_of(instance)
        return response

    def if_match(self, request) -> list[str]:
        """The versions the client says it changed (428 when it names none)."""
        wanted = request.headers.get("If-Match", "").strip()
        if not wanted:
            raise PreconditionRequired
        return [_unquoted(tag) for tag in wanted.split(",") if tag.strip()]

    def if_match_optional(self, request) -> list[str] | None:
        """The versions the client says it read, where naming one is optional (a ``DELETE``): ``None``
        without the header (the record goes whatever it became); 400 for a header that names none."""
        if "If-Match" not in request.headers:
            return None
        wanted = [_unquoted(tag) for tag in request.headers["If-Match"].split(",") if tag.strip()]
        if not wanted:
            raise ValidationError({"detail": "If-Match is empty: send the ETag you read, or no header."})
        return wanted

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        instance = getattr(self, "written_object", None)
        if instance is not None and response.status_code < 300:
            response["ETag"] = etag_of(instance)
        return response


class IdempotentReplay(APIException):
    """A POST retried with its Idempotency-Key: answered with the first answer, as it was."""

    def __init__(self, record: IdempotencyRecord) -> None:
        super().__init__()
        self.body, self.status_code = record.response_body, record.response_status


class IdempotencyKeyReused(APIException):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_detail = "This Idempotency-Key was used with another request in the last 24 hours."
    default_code = "idempotency_key_reused"


class IdempotentPostMixin:
    """Every POST of the view, sent with ``Idempotency-Key``, is answered once per user and key for
    24 hours: a retry gets the first successful answer again; the same key with another body or path
    a 422. Nothing to call from the view's actions.

    Not a middleware (as pretix's is): the user is known only once REST framework has authenticated
    the token, inside the view. So the view's own steps carry it: ``initial`` (after authentication)
    answers a retry; ``dispatch`` runs the request in one transaction; ``finalize_response`` stores a
    successful answer in that transaction, so the write and its record commit together (a dropped
    connection stores neither, and the retry writes once). A refused request (400, 403, 412 ...) is
    not remembered: corrected, it may be sent again with the same key.
    """

    idempotency: tuple[str, str, str] | None = None  # (key, digest of the body, method and path)

    def dispatch(self, request, *args, **kwargs):
        if request.method == "POST" and request.headers.get("Idempotency-Key", "").strip():
            with transaction.atomic():
                return super().dispatch(request, *args, **kwargs)
        return super().dispatch(request, *args, **kwargs)

    def initial(self, request, *args, **kwargs) -> None:
        super().initial(request, *args, **kwargs)
        if request.method != "POST" or "Idempotency-Key" not in request.headers:
            return
        key = request.headers["Idempotency-Key"].strip()
        if not key:
            raise serializers.ValidationError({"detail": "Idempotency-Key is empty: send a key, or no header."})
        if len(key) > 200:
            raise serializers.ValidationError({"detail": "Idempotency-Key is at most 200 characters."})
        if not key.isprintable() or not key.isascii():
            message = "Idempotency-Key is printable ASCII: letters, digits and punctuation, no control characters."
            raise serializers.ValidationError({"detail": message})
        digest = hashlib.sha256(json.dumps(request.data, sort_keys=True, default=str).encode()).hexdigest()
        target = f"{request.method} {request.path}"
        since = timezone.now() - IDEMPOTENCY_WINDOW
        IdempotencyRecord.objects.filter(user=request.user, created_at__lt=since).delete()
        record = IdempotencyRecord.objects.filter(user=request.user, key=key).first()
        if record is not None:
            if (record.request_digest, record.method_and_path) != (digest, target):
                raise IdempotencyKeyReused
            raise IdempotentReplay(record)
        self.idempotency = (key, digest, target)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if self.idempotency is None or not 200 <= response.status_code < 300:
            return response
        key, digest, target = self.idempotency
        try:
            with transaction.atomic():
                IdempotencyRecord.objects.create(
                    user=request.user,
                    key=key,
                    method_and_path=target,
                    request_digest=digest,
                    response_status=response.status_code,
                    # As the client received it (REST framework's encoding: the same dates on a replay).
                    response_body=json.loads(JSONRenderer().render(response.data)),
                    created_at=timezone.now(),
                )
        except IntegrityError:
            # A concurrent retry with this key committed first: undo this write, answer as it did.
            transaction.set_rollback(True)
            other = IdempotencyRecord.objects.get(user=request.user, key=key)
            response = super().finalize_response(
                request, Response(other.response_body, status=other.response_status), *args, **kwargs
            )
        return response


class StrictSerializerMixin:
    """Refuse fields the resource does not have (a typo must not be silently dropped), a number or a
    truth value where a text is meant (REST framework's ``CharField`` turns ``0`` into ``"0"``; the
    schema says ``string``), and anything but a list where a list of ids is meant."""

    def to_internal_value(self, data):
        if isinstance(data, dict):
            writable = {name for name, field in self.fields.items() if not field.read_only}
            unknown = sorted(set(data) - writable)
            if unknown:
                raise serializers.ValidationError({name: ["Unknown or read-only field."] for name in unknown})
            not_text = sorted(
                name
                for name, value in data.items()
                if isinstance(self.fields.get(name), serializers.CharField)
                and value is not None
                and not isinstance(value, str)
            )
            if not_text:
                raise serializers.ValidationError({name: ["Write a text, in quotes."] for name in not_text})
            # REST framework takes any iterable as a list of ids (an object as the list of its keys).
            not_a_list = sorted(
                name
                for name, value in data.items()
                if isinstance(self.fields.get(name), serializers.ManyRelatedField)
                and value is not None
                and not isinstance(value, list)
            )
            if not_a_list:
                raise serializers.ValidationError({name: ["Write a list of ids: [3, 14]."] for name in not_a_list})
        return super().to_internal_value(data)


def _stale_response(exc: StaleVersion, view) -> Response:
    current = exc.current
    if view is not None and hasattr(view, "get_queryset"):
        current = view.get_queryset().filter(pk=current.pk).first() or current
    body = {"detail": exc.messages[0]}
    if view is not None and hasattr(view, "get_serializer"):
        body["current"] = view.get_serializer(current).data
    response = Response(body, status=status.HTTP_412_PRECONDITION_FAILED)
    response["ETag"] = etag_of(current)
    return response


def exception_handler(exc, context):
    """Every error answer is one JSON object: ``{"detail": "..."}``, or a list of messages per field
    (``{"title": ["..."]}``), and its status says what kind of no it is:

    - 400: the request does not keep to the schema (a type, a format, a length, a pattern, a field
      that does not exist);
    - 422: it keeps to the schema, but a rule refuses it (``core.errors.DomainError``: a deadline
      already past, a reason missing) or it names a record that does not exist (or that the caller
      may not see: the same answer);
    - 409: the record's present state does not allow the step (``WrongState``);
    - 403 (``NotPermitted``), 412 (``StaleVersion``, with the current version), 404.
    """
    if isinstance(exc, Http404):
        # Django's message names the model ("No InputRequest matches the given query."): say no more
        # than that there is nothing here for the caller.
        return Response({"detail": "Not found."}, status=status.HTTP_404_NOT_FOUND)
    if isinstance(exc, RequestDataTooBig):
        return Response({"detail": "The request body is too large."}, status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE)
    if isinstance(exc, IdempotentReplay):
        return Response(exc.body, status=exc.status_code)
    if isinstance(exc, StaleVersion):
        return _stale_response(exc, context.get("view"))
    if isinstance(exc, NotPermitted):
        return Response({"detail": " ".join(exc.messages)}, status=status.HTTP_403_FORBIDDEN)
    if isinstance(exc, DjangoValidationError):
        code = status.HTTP_409_CONFLICT if isinstance(exc, WrongState) else status.HTTP_422_UNPROCESSABLE_ENTITY
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"detail": " ".join(exc.messages)}
        return Response(detail, status=code)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, ValidationError) and _codes(exc.get_codes()) <= {"does_not_exist", REFUSED_BY_RULE}:
        response.status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    response.data = error_body(response.data)
    return response


def _codes(codes) -> set[str]:
    if isinstance(codes, dict):
        return set().union(*(_codes(value) for value in codes.values())) if codes else set()
    if isinstance(codes, list):
        return set().union(*(_codes(value) for value in codes)) if codes else set()
    return {str(codes)}


def error_body(data) -> dict:
    """REST framework's error data as the API's one shape: a list (``raise ValidationError(["..."])``,
    as its search filter does) or a ``detail`` list becomes one ``detail`` text."""
    if isinstance(data, list):
        return {"detail": " ".join(str(message) for message in data)}
    if isinstance(data, dict) and isinstance(data.get("detail"), list):
        return {**data, "detail": " ".join(str(message) for message in data["detail"])}
    return data
