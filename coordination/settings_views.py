"""A person's own settings page (/my/settings/): language, time zone, how reminders come, their
calendar addresses, and what the tool holds about them. Anyone logged in has one, secretariat
officers too; each person sees and changes only their own."""

from __future__ import annotations

import zoneinfo
from functools import cache

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from agencies.choices import Language, ReminderPreference
from agencies.models import FocalPoint, Organization
from agencies.services import user_profile_ensure, user_profile_update

from .personal_data import personal_data
from .reminders.calendars import (
    personal_calendar_feed_create,
    personal_calendar_feed_revoke,
    personal_calendar_feeds,
)


@cache
def time_zone_choices() -> list[tuple[str, str]]:
    """Every zone the system's tz database knows, as "Region/City" (spelled as the user reads it)."""
    names = sorted(name for name in zoneinfo.available_timezones() if "/" in name and not name.startswith("Etc/"))
    return [(name, name.replace("_", " ")) for name in names]


class SettingsForm(forms.Form):
    language = forms.ChoiceField(
        label=gettext_lazy("Language"),
        choices=[("", gettext_lazy("The language of my browser")), *Language.choices],
        required=False,
        help_text=gettext_lazy("The pages and mails will come in this language."),
    )
    time_zone = forms.ChoiceField(
        label=gettext_lazy("Time zone"),
        choices=time_zone_choices,
        help_text=gettext_lazy("Reminders arrive during your working hours in this time zone."),
    )
    reminder_preference = forms.ChoiceField(
        label=gettext_lazy("How reminders come"),
        # The labels are in the catalogues through coordination/choice_labels.py.
        choices=[(value, gettext_lazy(label)) for value, label in ReminderPreference.choices],
        widget=forms.RadioSelect,
    )
    mute_noncritical = forms.BooleanField(
        label=gettext_lazy("Stop the early reminders (14 and 7 days before a deadline)"),
        required=False,
        help_text=gettext_lazy("The reminders the day before, on the day and after a deadline always come."),
    )


def _acting_for(user) -> list[FocalPoint]:
    return list(FocalPoint.objects.active().filter(user=user).select_related("organization").order_by("organization"))


def _page(request, form: SettingsForm, *, new_feed: tuple | None = None, status: int = 200):
    acting_for = _acting_for(request.user)
    feeds = personal_calendar_feeds(request.user)
    with_feed = {feed.organization_id for feed in feeds}
    context = {
        "form": form,
        "acting_for": acting_for,
        "feeds": feeds,
        "organizations_without_feed": [fp.organization for fp in acting_for if fp.organization_id not in with_feed],
        "new_feed": new_feed,
    }
    # The page may show a secret address once: its views are never_cache, so no cache keeps it.
    return render(request, "coordination/my_settings.html", context, status=status)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def my_settings(request):
    form = SettingsForm(request.POST or None, initial=_initial(request.user))
    if request.method == "POST":
        if form.is_valid():
            try:
                profile = user_profile_update(user=request.user, **form.cleaned_data)
            except ValidationError as error:
                for field, field_messages in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, field_messages)
            else:
                # Said in the language just chosen: the next page comes in it.
                with translation.override(profile.language or translation.get_language_from_request(request)):
                    messages.success(request, _("Your settings are saved."))
                return redirect("my-settings")
        return _page(request, form, status=400)
    return _page(request, form)


@never_cache
@login_required
@require_POST
def my_calendar_create(request):
    """A new calendar address of one of my organizations, shown on the page this once."""
    chosen = request.POST.get("organization", "")
    organization = (
        Organization.objects.filter(pk=int(chosen)).first() if chosen.isdecimal() and len(chosen) < 19 else None
    )
    if organization is None:
        messages.error(request, _("Choose one of your organizations for the calendar."))
        return redirect("my-settings")
    try:
        feed, url = personal_calendar_feed_create(person=request.user, organization=organization)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("my-settings")
    return _page(request, SettingsForm(initial=_initial(request.user)), new_feed=(feed, url))


def _initial(user) -> dict:
    profile = user_profile_ensure(user=user)
    return {
        "language": profile.language,
        "time_zone": profile.time_zone,
        "reminder_preference": profile.reminder_preference,
        "mute_noncritical": profile.mute_noncritical,
    }


@login_required
@require_POST
def my_calendar_revoke(request, feed_id: int):
    try:
        feed = personal_calendar_feed_revoke(person=request.user, feed_id=feed_id)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The calendar address of %(organization)s is revoked: calendars that use it get nothing more from it.")
            % {"organization": feed.organization.short_name},
        )
    return redirect("my-settings")


@never_cache
@login_required
def my_data(request):
    """Everything the tool holds about the person asking, as a JSON file to keep."""
    response = JsonResponse(personal_data(request.user), json_dumps_params={"indent": 2, "ensure_ascii": False})
    response["Content-Disposition"] = 'attachment; filename="my-data.json"'
    return response
