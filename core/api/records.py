"""Create, change and delete a record through its service, as the admin does (issue #21): what the
secretariat's resources (mandates, obligations, actions, organizations, memberships, focal points)
share. The view names its write serializer and the service calls; the rest is here:

- ``POST`` checks the body (400), fills a new record, checks it as the admin's form does (the model's
  validators and constraints: a 422 naming the field), and hands it to the service, whose refusal is
  answered in its own status (403, 409, 422). ``Idempotency-Key`` is the view's
  (``core.api.writes.IdempotentPostMixin``).
- ``PUT`` and ``PATCH`` need ``If-Match`` (428 without); the service compares it under the row lock
  (412 when stale). A ``PATCH`` changes only the fields it names.
- ``DELETE``, where the admin lets the secretariat delete, goes through the service too (409 while
  other records refer to it). ``If-Match`` is optional (400 when sent empty): sent, the service
  compares it under the row lock and deletes only that version (412 otherwise); without it the
  record goes whatever it became. The API's one ``DELETE`` (docs/decisions/0016).

The answer is the record as a ``GET`` shows it, with its new ``ETag``.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from rest_framework import status
from rest_framework.response import Response


class ServiceWritesMixin:
    """For a ``ConditionalWriteMixin`` view: ``create``, ``update`` and ``destroy`` through services.

    A view sets ``write_serializer_class`` and defines ``save_record(instance, *, changed,
    expected_version)`` (``changed``: the fields written, ``None`` for a new record) and, where the
    admin deletes, ``delete_record(instance, *, expected_version)`` (``expected_version``: the
    If-Match sent, or ``None``; the service compares it under the row lock). Many-to-many fields
    named in ``related_fields`` are set after the save, in the same transaction (``save_related``)."""

    write_serializer_class = None
    related_fields: tuple[str, ...] = ()
    # Fields of the model the API never writes (workflow-owned, computed) left out of full_clean's
    # checks of single fields; constraints are still checked on the whole record.
    clean_exclude: tuple[str, ...] = ()

    def get_write_serializer(self, *args, **kwargs):
        return self.write_serializer_class(*args, context=self.get_serializer_context(), **kwargs)

    def fill(self, instance, data: dict) -> list[str]:
        """Set the written values on ``instance``; the names of the fields set (many-to-many apart)."""
        changed = []
        for name, value in data.items():
            if name in self.related_fields:
                continue
            setattr(instance, name, value)
            changed.append(name)
        return changed

    def check_record(self, instance, data: dict) -> None:
        """The checks the admin's form makes: the model's validators on the fields written (a record
        stored before a validator came is not refused for a field the change leaves alone), then its
        ``clean``, its unique fields and its constraints on the whole record. Django's
        ``ValidationError`` is answered 422, naming the field (``core.api.writes.exception_handler``)."""
        names = {field.name for field in instance._meta.concrete_fields}
        written = set(data) if not instance._state.adding else names
        errors = {}
        try:
            instance.clean_fields(exclude=sorted((names - written) | set(self.clean_exclude)))
        except DjangoValidationError as error:
            errors = error.update_error_dict(errors)
        for check in (instance.clean, instance.validate_unique, instance.validate_constraints):
            try:
                check()
            except DjangoValidationError as error:
                errors = error.update_error_dict(errors)
        if errors:
            raise DjangoValidationError(errors)

    def save_related(self, instance, data: dict) -> None:
        for name in self.related_fields:
            if name in data:
                getattr(instance, name).set(data[name])

    def _answer(self, instance, code: int = status.HTTP_200_OK) -> Response:
        self.written_object = self.get_queryset().get(pk=instance.pk)
        return Response(self.get_serializer(self.written_object).data, status=code)

    def create(self, request, *args, **kwargs):
        form = self.get_write_serializer(data=request.data)
        form.is_valid(raise_exception=True)
        with transaction.atomic():  # what new_record makes (a person's account) goes if the save is refused
            instance = self.new_record(form.validated_data)
            self.fill(instance, form.validated_data)
            self.check_record(instance, form.validated_data)
            saved = self.save_record(instance, changed=None, expected_version=None) or instance
            self.save_related(saved, form.validated_data)
        return self._answer(saved, status.HTTP_201_CREATED)

    def new_record(self, data: dict):
        return self.get_queryset().model()

    def update(self, request, *args, **kwargs):
        instance = self.get_object()
        expected = self.if_match(request)
        form = self.get_write_serializer(instance, data=request.data, partial=kwargs.get("partial", False))
        form.is_valid(raise_exception=True)
        changed = self.fill(instance, form.validated_data)
        self.check_record(instance, form.validated_data)
        with transaction.atomic():
            saved = self.save_record(instance, changed=changed, expected_version=expected) or instance
            self.save_related(saved, form.validated_data)
        return self._answer(saved)

    def partial_update(self, request, *args, **kwargs):
        return self.update(request, *args, partial=True, **kwargs)

    def destroy(self, request, *args, **kwargs):
        # 404 for no such record (or one the caller may not see), 400 for an empty If-Match, then the
        # service's answers: 403 for anyone but the secretariat, 412 when stale, 409 while referred to.
        instance = self.get_object()
        self.delete_record(instance, expected_version=self.if_match_optional(request))
        return Response(status=status.HTTP_204_NO_CONTENT)

    def delete_record(self, instance, *, expected_version) -> None:  # pragma: no cover - views that delete define it
        raise NotImplementedError
