"""Opening days of the General Assembly's sessions (docs/design.md, "Dates and deadline states").

From the 58th session (2003) on, a session opens on the Tuesday of the third week of September,
counting weeks (Monday to Sunday) from the first week that contains at least one working day
of September; before that, on the third Tuesday of September. Session N opens in 1945 + N.
"""

from __future__ import annotations

import datetime as dt

FIRST_SESSION_OF_WORKING_WEEK_RULE = 58
MONDAY, TUESDAY, FRIDAY = 0, 1, 4


def ga_session_year(number: int) -> int:
    return 1945 + number


def ga_opening_day(number: int) -> dt.date:
    """The opening day of the General Assembly's ``number``-th regular session."""
    if number < 1:
        raise ValueError("session numbers start at 1")
    september_1 = dt.date(ga_session_year(number), 9, 1)
    if number >= FIRST_SESSION_OF_WORKING_WEEK_RULE:
        week_monday = september_1 - dt.timedelta(days=september_1.weekday())
        if september_1.weekday() > FRIDAY:
            # The week holding 1 September has no working day of September: it does not count.
            week_monday += dt.timedelta(weeks=1)
        return week_monday + dt.timedelta(weeks=2, days=TUESDAY)
    first_tuesday = september_1 + dt.timedelta(days=(TUESDAY - september_1.weekday()) % 7)
    return first_tuesday + dt.timedelta(weeks=2)
