"""The coordination app's admin: its records and their steps, the reminders, and the pages of
organizations, focal points and meetings extended with what coordination holds about them."""

from . import extensions, paragraphs, records, reminders

__all__ = ["extensions", "paragraphs", "records", "reminders"]
