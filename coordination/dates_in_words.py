"""A deadline in words, in the language of the page: "3 décembre 2026", "T3 2004", "mediados de 2005".

``core.periods.at_precision`` says it in English and stays plain Python (the document reader uses it);
this is its twin for the pages people read, with the same English, through the catalogues."""

from __future__ import annotations

import calendar
import datetime as dt

from django.conf import settings
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext

from core.periods import HALF_YEAR, MONTH, QUARTER, YEAR, reporting_period


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


def period_in_words(start: dt.date | None, end: dt.date | None) -> str:
    """The period an answer covers, in the active language. English keeps ``reporting_period``'s
    compact forms ("3 to 17 March 2026"); French and Spanish say both ends in full, at the precision
    the days have (whole years, whole months, else days)."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    if language.startswith("en"):
        return reporting_period(start, end)
    if start is None and end is None:
        return ""
    if end is None:
        return gettext("from %(day)s") % {"day": date_format(start, "DATE_FORMAT")}
    if start is None:
        return gettext("until %(day)s") % {"day": date_format(end, "DATE_FORMAT")}
    whole_months = start.day == 1 and end.day == calendar.monthrange(end.year, end.month)[1]
    if whole_months and start.month == 1 and end.month == 12:
        first, last = str(start.year), str(end.year)
    elif whole_months:
        first, last = date_format(start, "YEAR_MONTH_FORMAT"), date_format(end, "YEAR_MONTH_FORMAT")
    else:
        first, last = date_format(start, "DATE_FORMAT"), date_format(end, "DATE_FORMAT")
    if first == last:
        return first
    return gettext("%(first)s to %(last)s") % {"first": first, "last": last}
