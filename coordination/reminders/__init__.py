"""The reminder engine (DESIGN, "Reminders"): points, scan, dispatch, mail, calendars."""
