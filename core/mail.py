"""What every mail the tool sends needs, whatever builds it."""

from __future__ import annotations

from .validators import one_line

SUBJECT_LENGTH = 300


def subject_line(text: str) -> str:
    """``text`` as a mail subject: one line (breaks and control characters become a space), no run of
    spaces, at most ``SUBJECT_LENGTH`` characters. Titles refuse line breaks now, but old data may
    still hold one, and Django refuses to send a subject holding a line break (``BadHeaderError``):
    a mail would stay stuck on its own subject."""
    line = one_line(text)
    return line if len(line) <= SUBJECT_LENGTH else line[: SUBJECT_LENGTH - 1].rstrip() + "…"
