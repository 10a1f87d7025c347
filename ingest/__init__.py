"""Reading UN documents into proposals for review (see ``ingest.apps.IngestConfig``)."""
