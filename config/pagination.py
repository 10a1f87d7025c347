"""API pagination (its own module: DRF imports it while loading its generic views)."""

from rest_framework.pagination import PageNumberPagination


class Pagination(PageNumberPagination):
    """Pages of 50 by default; a client may ask for up to 200 (``?page_size=``), never more."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
