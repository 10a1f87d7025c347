"""The parsing process: ``python -E -m ingest.extract.child KIND LIMITS`` reads a PDF or a Word file
(KIND "pdf" or "docx") on its standard input and writes one JSON object on its standard output:
``{"text": ..., "pages": ..., "removed": ...}`` or ``{"refused": "why, in the user's words"}``.

It caps its own address space and processor time first (``resource``; the caller also stops it after
a wall-clock limit), so a crafted file that makes a parser loop or balloon ends this process, not
the web or Celery worker that started it. No Django: it starts in a fraction of a second.
"""

from __future__ import annotations

import json
import math
import resource
import sys

from .limits import Limits, Refused
from .pdf import read_pdf
from .word import read_docx


def _cap(name: int, value: int) -> None:
    _, hard = resource.getrlimit(name)
    if hard != resource.RLIM_INFINITY:
        value = min(value, hard)
    resource.setrlimit(name, (value, hard))


def read(kind: str, data: bytes, limits: Limits) -> dict:
    try:
        if kind == "pdf":
            text, pages, removed = read_pdf(data, limits)
            return {"text": text, "pages": pages, "removed": removed}
        if kind == "docx":
            return {"text": read_docx(data, limits), "pages": None, "removed": 0}
        return {"refused": f"Unknown kind of file: {kind}."}
    except Refused as refusal:
        return {"refused": str(refusal)}


def main(argv: list[str]) -> int:
    kind, given = argv[1], json.loads(argv[2])
    _cap(resource.RLIMIT_AS, given["memory_bytes"])
    _cap(resource.RLIMIT_CPU, math.ceil(given["seconds"]) + 1)
    limits = Limits(given["max_pages"], given["max_chars"], given["max_unpacked_bytes"])
    try:
        result = read(kind, sys.stdin.buffer.read(), limits)
    except MemoryError:
        result = {"refused": "This file needs more memory to read than is allowed: it may be crafted to do so."}
    sys.stdout.write(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
