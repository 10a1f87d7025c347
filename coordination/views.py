"""Pages outside the admin: an item's page, muting reminders, calendar feeds."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from agencies.selectors import is_secretariat
from agencies.services import user_profile_mute

from .choices import ReminderItemKind
from .dates_in_words import due_in_words
from .deadlines import secretariat_today
from .reminders.calendars import calendar_feed_for_token, calendar_ics
from .reminders.items import item_context, item_title
from .reminders.mail import mute_token_user_id
from .selectors import item_visible_to, updates_on_item


@login_required
def my_item(request, kind: str, item_id: int):
    """An item a reminder links to: visible to the secretariat and to the focal points of its organization."""
    item = item_visible_to(request.user, kind, item_id)
    if item is None:
        raise Http404  # never 403: whether it exists is not the caller's business
    secretariat, today = is_secretariat(request.user), secretariat_today()
    context = {
        "item": item,
        "kind": kind,
        "title": item_title(item),
        "context": item_context(item),
        "due": due_in_words(item.due_date, item.due_precision or "day", as_stated=item.due_as_stated),
        "deadline_state": item.deadline_state_on(today),
        "days_left": (item.due_date - today).days if item.due_date else None,
        "days_late": (today - item.due_date).days if item.due_date else 0,
        "waiting": item.status in getattr(type(item), "WAITING_STATUSES", ()),
        "updates": updates_on_item(request.user, item) if kind != ReminderItemKind.OBLIGATION else [],
        # The secretariat comes here from a reminder too: its way back is the item in the admin.
        "admin_url": reverse(f"admin:{item._meta.app_label}_{item._meta.model_name}_change", args=[item.pk])
        if secretariat
        else "",
    }
    return render(request, "coordination/item_detail.html", context)


@require_http_methods(["GET", "POST"])
def mute_reminders(request, token: str):
    """One-click (two, in fact: GET shows, POST mutes, so mail scanners following links mute nothing)."""
    try:
        user_id = mute_token_user_id(token)
    except signing.SignatureExpired:
        # Ours, but old: a forwarded mail should not mute someone months later. Their settings page does it.
        context = {"max_age_days": settings.MUTE_LINK_MAX_AGE_DAYS}
        return render(request, "coordination/mute_expired.html", context, status=410)
    except signing.BadSignature:
        raise Http404 from None
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        raise Http404
    if request.method == "POST":
        user_profile_mute(user=user)
        messages.success(
            request, "Early reminders are off. You will still be reminded the day before, on the day and after."
        )
        return redirect(request.path)
    return render(request, "coordination/mute.html", {"person": user})


def calendar_feed(request, token: str):
    feed = calendar_feed_for_token(token)
    if feed is None:
        raise Http404
    response = HttpResponse(calendar_ics(feed), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="deadlines.ics"'
    response["Cache-Control"] = "private, max-age=300"
    return response
