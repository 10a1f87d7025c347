"""How a reminder names an item (its title and what it is for). The kinds of items themselves are
registered once, in ``coordination.selectors.ITEM_KINDS``."""

from __future__ import annotations

from ..models import FollowUpAction, InputRequest, ReportingObligation


def item_title(item) -> str:
    if isinstance(item, InputRequest):
        return f"Answer to the call for inputs “{item.call.title}”"
    if isinstance(item, ReportingObligation):
        return f"Report under {item.mandate}: {item.description}"
    return item.title


def item_context(item) -> str:
    """For which mandate or meeting the item is."""
    if isinstance(item, FollowUpAction):
        origin = item.origin
        return f"agreed at {origin}" if item.origin_meeting_id else f"from {origin}"
    if isinstance(item, InputRequest):
        obligation = item.call.obligation
        return f"for the report under {obligation.mandate}" if obligation else "for a call for inputs"
    return f"to the {item.addressee.name}"
