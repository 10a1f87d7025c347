"""English dates as the secretariat writes them ("3 December 2026"), not Django's American default."""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATE_FORMAT = "j M Y"
