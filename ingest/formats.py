"""A file given to the reader (the admin upload, ``manage.py ingest``) turned into the text the reader
takes: a plain text as it is (decoded), a PDF or a Word file through ``ingest.extract`` in a process
of its own, within the limits of the settings. Every refusal is a ``DomainError`` in the words of the
person who gave the file: the admin shows it under the file, the command as its reason.

Why a process of its own (``subprocess`` running ``ingest.extract.child``), not a signal or a
thread: a parser caught in a crafted file must be stopped from outside. SIGALRM works only in a
process's main thread (not in gunicorn's threaded workers, nor in a Celery thread pool) and cannot
interrupt a C extension; a thread cannot be stopped at all; ``multiprocessing`` forks the worker
with its database connections and threads, and Celery's prefork workers, being daemons, may not
start its children. A fresh interpreter shares nothing, is killed on time (``subprocess.run``'s
timeout kills and reaps it), and caps its own memory and processor time (``resource``).
"""

from __future__ import annotations

import hashlib
import json
import logging
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from core.errors import DomainError

logger = logging.getLogger(__name__)

TEXT, PDF, DOCX = "text", "pdf", "docx"
_OTHER_FORMATS = {
    ".doc": "a Word 97-2003 file (.doc): open it in Word, save it as .docx (or PDF), and read that",
    ".rtf": "a Rich Text file (.rtf): open it in Word, save it as .docx, and read that",
    ".odt": "an OpenDocument text (.odt): save it as .docx (or PDF), and read that",
    ".wpd": "a WordPerfect file (.wpd): save it as .docx (or PDF), and read that",
}
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word 97-2003, Excel 97-2003 ...
_ZIP = b"PK\x03\x04"


@dataclass(frozen=True)
class FileText:
    text: str
    format: str  # TEXT, PDF or DOCX
    pages: int | None  # a PDF's pages
    removed: int  # running head and foot lines taken out


class NotDecodable(DomainError):
    """A plain text that is not in the encoding it was read in; ``position`` is the first bad byte."""

    def __init__(self, *, encoding: str, position: int) -> None:
        self.encoding, self.position = encoding, position
        super().__init__(
            f"Not {encoding.upper()} text (byte {position}): save it as plain text (UTF-8) and read it again."
        )


def file_digest(content: bytes) -> str:
    """SHA-256 of the file's bytes: the same file given twice is known before it is read."""
    return hashlib.sha256(content).hexdigest()


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:,.1f}".removesuffix(".0")


def _format(content: bytes, filename: str) -> str:
    suffix = Path(filename).suffix.lower()
    if suffix in _OTHER_FORMATS or content.startswith(_OLE):
        other = _OTHER_FORMATS.get(suffix, _OTHER_FORMATS[".doc"])
        raise DomainError(f"This is {other}. Files read: .txt, .pdf and .docx.")
    is_pdf = b"%PDF-" in content[:1024]  # a PDF may have bytes before its header
    if suffix == ".pdf" and not is_pdf:
        raise DomainError("This file is named .pdf but is not a PDF: open it to see what it is, and save it as one.")
    if suffix == ".docx" and not content.startswith(_ZIP):
        raise DomainError("This file is named .docx but is not a Word document: open it in Word and save it again.")
    if is_pdf:
        return PDF
    if content.startswith(_ZIP):
        return DOCX
    return TEXT


def check_size(size: int) -> None:
    """Refuse a file larger than the setting; callers that hold only its size ask before loading it."""
    limit = settings.INGEST_MAX_FILE_BYTES
    if size > limit:
        raise DomainError(
            f"This file is {_megabytes(size)} MB, more than the {_megabytes(limit)} MB allowed: split it into parts "
            "(or save it as text) and read each."
        )


def file_text(*, content: bytes, filename: str, encoding: str = "utf-8") -> FileText:
    """The text of the file ``filename`` whose bytes are ``content`` (see the module docstring)."""
    check_size(len(content))
    if not content.strip():
        raise DomainError("The file is empty.")
    kind = _format(content, filename)
    if kind == TEXT:
        try:
            return FileText(content.decode(encoding), TEXT, None, 0)
        except UnicodeDecodeError as error:
            raise NotDecodable(encoding=encoding, position=error.start) from None
        except LookupError:
            raise DomainError(f"Unknown encoding {encoding!r}.") from None
    found = _parse(kind, content)
    return FileText(found["text"], kind, found["pages"], found["removed"])


def _parse(kind: str, content: bytes) -> dict:
    seconds = settings.INGEST_PARSE_SECONDS
    given = {
        "seconds": seconds,
        "memory_bytes": settings.INGEST_PARSE_MEMORY_BYTES,
        "max_pages": settings.INGEST_MAX_PAGES,
        "max_chars": settings.INGEST_MAX_TEXT_CHARACTERS,
        "max_unpacked_bytes": settings.INGEST_MAX_UNPACKED_BYTES,
    }
    # The interpreter running Django (the virtual environment's), in the project's folder (-m finds ingest there);
    # -E and a bare environment: the child takes nothing from PYTHON* variables and gets no secrets.
    command = [sys.executable, "-E", "-m", "ingest.extract.child", kind, json.dumps(given)]
    environment = {"PATH": "/usr/bin:/bin", "LC_ALL": "C.UTF-8"}
    try:
        done = subprocess.run(  # noqa: S603  our own interpreter and module; the file goes to its standard input
            command, input=content, capture_output=True, timeout=seconds, cwd=settings.BASE_DIR, env=environment,
            check=False,
        )  # fmt: skip
    except subprocess.TimeoutExpired:
        raise DomainError(
            f"Reading this file took longer than {seconds:g} seconds and was stopped. If it is a long document, "
            "split it into parts; if it opens in its program, save it again (or as text) and read that."
        ) from None
    try:
        found = json.loads(done.stdout)
    except ValueError:
        found = None
    if done.returncode != 0 or not isinstance(found, dict):
        logger.warning("The parsing process stopped (%s): %s", done.returncode, done.stderr[-2000:])
        raise DomainError(
            "This file could not be read: the reading stopped without an answer (the file may be damaged or "
            "crafted). If it opens in its program, save it again (or as text) and read that."
        )
    if "refused" in found:
        raise DomainError(found["refused"])
    return found
