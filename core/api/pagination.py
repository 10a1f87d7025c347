"""API pagination (its own module: DRF imports it while loading its generic views)."""

from rest_framework.exceptions import ValidationError
from rest_framework.pagination import CursorPagination, PageNumberPagination


class PageSizeMixin:
    """``?page_size=`` as the schema states it: a whole number from 1 to ``max_page_size``. REST
    framework's own reading falls back to the default page size for anything else (``false``, ``0``,
    ``500``), so a client's mistake went unnoticed; here it is a 400. Empty (``?page_size=``) is the
    default, as every empty parameter is no parameter."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param, "").strip()
        if not raw:  # absent, or empty as any empty parameter: the default
            return self.page_size
        size = int(raw) if raw.isascii() and raw.isdigit() else 0
        if not 1 <= size <= self.max_page_size:
            raise ValidationError(
                {self.page_size_query_param: [f"Give a whole number from 1 to {self.max_page_size}."]}
            )
        return size

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"] = {**parameter["schema"], "minimum": 1, "maximum": self.max_page_size}
            if parameter["name"] == getattr(self, "page_query_param", None):
                parameter["schema"] = {**parameter["schema"], "minimum": 1}
        return parameters


class Pagination(PageSizeMixin, PageNumberPagination):
    """Pages of 50 by default; a client may ask for up to 200 (``?page_size=``)."""


class NewestFirstCursorPagination(PageSizeMixin, CursorPagination):
    """For the largest, fastest-growing list (activity updates): newest first, followed by the
    ``next`` link, without counting the whole table on every page as page numbers must."""

    ordering = ("-updated_at", "-id")

    def decode_cursor(self, request):
        # ``?cursor=`` with nothing after it is the first page, as any empty parameter is no parameter.
        if not request.query_params.get(self.cursor_query_param, "").strip():
            return None
        return super().decode_cursor(request)
