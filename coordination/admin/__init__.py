"""The coordination app's admin: its records and their steps, the pages of organizations, focal
points and meetings extended with what coordination holds about them, and the ingest review queue."""

from ..ingest import admin as ingest_admin
from . import extensions, records

__all__ = ["extensions", "ingest_admin", "records"]
