"""What a file may hold before it is refused, and the refusal itself. Plain Python: the parsing
process (``ingest.extract.child``) gets the limits from the caller, which reads them from settings."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    max_pages: int  # pages of a PDF
    max_chars: int  # characters of text taken out of a PDF or a Word file
    max_unpacked_bytes: int  # a Word file's parts, unpacked (a .docx is a zip)


class Refused(ValueError):
    """A file refused before or while it is read; the message says why and what to do, in the
    words of the person who gave the file."""
