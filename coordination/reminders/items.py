"""How a reminder names an item (its title and what it is for). The kinds of items themselves are
registered once, in ``coordination.selectors.ITEM_KINDS``."""

from __future__ import annotations

from django.utils.translation import gettext

from ..models import FollowUpAction, InputRequest, ReportingObligation


def item_title(item) -> str:
    if isinstance(item, InputRequest):
        return gettext("Answer to the call for inputs “%(title)s”") % {"title": item.call.title}
    if isinstance(item, ReportingObligation):
        return gettext("Report under %(mandate)s: %(description)s") % {
            "mandate": item.mandate,
            "description": item.description,
        }
    return item.title


def item_context(item) -> str:
    """For which mandate or meeting the item is."""
    if isinstance(item, FollowUpAction):
        origin = item.origin
        if item.origin_meeting_id:
            return gettext("agreed at %(origin)s") % {"origin": origin}
        return gettext("from %(origin)s") % {"origin": origin}
    if isinstance(item, InputRequest):
        obligation = item.call.obligation
        if obligation:
            return gettext("for the report under %(mandate)s") % {"mandate": obligation.mandate}
        return gettext("for a call for inputs")
    return gettext("to the %(addressee)s") % {"addressee": item.addressee.name}
