"""What every mail the tool sends needs, whatever builds it."""

from __future__ import annotations

import re

# Line breaks, tabs and the other control characters: a mail header is one line, and Django refuses
# to send a subject holding a line break (BadHeaderError), so a title typed with one would keep a mail stuck.
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u0085\u2028\u2029]+")
_SPACES = re.compile(r"\s{2,}")

SUBJECT_LENGTH = 300


def subject_line(text: str) -> str:
    """``text`` as a mail subject: one line (breaks and control characters become a space), no run of
    spaces, at most ``SUBJECT_LENGTH`` characters."""
    line = _SPACES.sub(" ", _CONTROL.sub(" ", text)).strip()
    return line if len(line) <= SUBJECT_LENGTH else line[: SUBJECT_LENGTH - 1].rstrip() + "…"
