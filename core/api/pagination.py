"""API pagination (its own module: DRF imports it while loading its generic views)."""

from rest_framework.pagination import CursorPagination, PageNumberPagination


class Pagination(PageNumberPagination):
    """Pages of 50 by default; a client may ask for up to 200 (``?page_size=``), never more."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


class NewestFirstCursorPagination(CursorPagination):
    """For the largest, fastest-growing list (activity updates): newest first, followed by the
    ``next`` link, without counting the whole table on every page as page numbers must."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    ordering = ("-updated_at", "-id")
