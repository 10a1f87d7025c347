"""The coordination app's admin: its records and their steps, and the pages of organizations, focal
points and meetings extended with what coordination holds about them."""

from . import extensions, records

__all__ = ["extensions", "records"]
