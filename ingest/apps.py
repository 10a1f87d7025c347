from django.apps import AppConfig


class IngestConfig(AppConfig):
    """Reading UN documents into proposals a person reviews: the reader (``ingest.reader``, plain
    Python), the review queue, and accepting a proposal into the records of coordination and meetings."""

    name = "ingest"
    verbose_name = "Reading documents"
