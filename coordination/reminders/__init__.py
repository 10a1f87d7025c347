"""The reminder engine (docs/design.md, "Reminders"): points, scan, dispatch, mail, calendars."""
