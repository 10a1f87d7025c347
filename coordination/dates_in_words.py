"""A deadline in words, in the language of the page: "3 décembre 2026", "T3 2004", "mediados de 2005".

``core.periods.at_precision`` says it in English and stays plain Python (the document reader uses it);
this is its twin for the pages people read, with the same English, through the catalogues."""

from __future__ import annotations

import datetime as dt

from django.utils.formats import date_format
from django.utils.translation import gettext

from core.periods import HALF_YEAR, MONTH, QUARTER, YEAR


def due_in_words(day: dt.date | None, precision: str, *, as_stated: str = "") -> str:
    """``day`` at its precision, in the active language; a date stated as a session keeps the
    source's words (they are the document's, in English) with the day it falls due."""
    if day is None:
        return gettext("no date")
    if precision == MONTH:
        return date_format(day, "YEAR_MONTH_FORMAT")
    if precision == QUARTER:
        return gettext("Q%(quarter)s %(year)s") % {"quarter": (day.month - 1) // 3 + 1, "year": day.year}
    if precision == HALF_YEAR:
        if day.month <= 6:
            return gettext("mid-%(year)s") % {"year": day.year}
        return gettext("end of %(year)s") % {"year": day.year}
    if precision == YEAR:
        return str(day.year)
    text = date_format(day, "DATE_FORMAT")
    return f"{as_stated} ({text})" if precision == "session" and as_stated else text
