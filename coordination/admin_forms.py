"""Forms of the secretariat's admin: due dates that say what to fix, and the action pages."""

from __future__ import annotations

import datetime as dt

from django import forms

from agencies.choices import OrganizationCategory
from agencies.models import Organization
from core.admin import KeyRangeModelMultipleChoiceField
from core.validators import single_line
from meetings.choices import DatePrecision

from .choices import ReceivedVia
from .deadlines import secretariat_today
from .models import ReminderPolicy
from .services.updates import RECORDED_BY_SECRETARIAT


class DueDateForm(forms.ModelForm):
    """A due date as a day (the usual case), a period, or a session.

    The secretariat types a day; with no precision chosen that day is the deadline. For a month,
    quarter, half or year, any day in the period will do: the deadline is the period's last day.
    For a session, the session sets the day.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if "due_date" in self.fields:
            self.fields["due_date"].help_text = (
                "The day it is due. With a month, quarter, half or year as precision, any day in that period: "
                "the deadline is the period's last day."
            )
        if "due_session" in self.fields and getattr(self.instance, "waits_for_opening_day", False):
            self.fields["due_session"].help_text = (
                "Opening day unknown: this has no due day (and no reminders) until the session's opening day is "
                "filled in on its page (Sessions, Stated opening date)."
            )

    def _error(self, field: str, message: str) -> None:
        # An inline may show only some of the due-date fields: the message goes where it can be seen.
        self.add_error(field if field in self.fields else None, message)

    def clean(self):
        data = super().clean()
        if any(self.has_error(name) for name in ("due_precision", "due_date", "due_session")):
            # "31 Feb 2027" already says what to fix; the fields are checked together once each is valid.
            return data
        # A field the form does not show keeps the record's value.
        precision = data.get("due_precision") if "due_precision" in self.fields else self.instance.due_precision
        due_date = data.get("due_date") if "due_date" in self.fields else self.instance.due_date
        session = data.get("due_session") if "due_session" in self.fields else self.instance.due_session
        if precision == DatePrecision.SESSION:
            if session is None:
                self._error("due_session", "Choose the session this is due at, or another precision.")
        elif precision and due_date is None:
            self._error("due_date", "Give a day in the period, or clear the precision for an undated item.")
        elif not precision and due_date is not None:
            data["due_precision"] = DatePrecision.DAY
            self.instance.due_precision = DatePrecision.DAY
        if precision != DatePrecision.SESSION and session is not None and "due_session" in self.fields:
            self._error("due_session", 'A session is only used with the precision "session".')
        return data


class MarkDoneForm(forms.Form):
    completed_on = forms.DateField(
        label="Completed on",
        help_text="For input requests: the day the answer came in.",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["completed_on"].initial = secretariat_today()

    def clean_completed_on(self) -> dt.date:
        day = self.cleaned_data["completed_on"]
        if day > secretariat_today():
            raise forms.ValidationError("That day has not come yet.")
        return day


class ConfirmDoneForm(forms.Form):
    completed_on = forms.DateField(
        label="Done on",
        help_text="The day the action was done (the focal point's comment may say it).",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["completed_on"].initial = secretariat_today()


class DeclineDoneForm(forms.Form):
    comment = forms.CharField(
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What is still missing: the lead organization's focal points receive it by mail and see it on "
        "their page.",
    )


class ExtendDeadlineForm(forms.Form):
    new_due_date = forms.DateField(label="New deadline", widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Kept with each item's deadline history, and shown to whoever looks later.",
    )

    def clean_new_due_date(self) -> dt.date:
        day = self.cleaned_data["new_due_date"]
        if day < secretariat_today():
            raise forms.ValidationError("A new deadline cannot be in the past.")
        return day


class CancelForm(forms.Form):
    reason = forms.CharField(
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Why it will not be done: kept in each item's history.",
    )


class ReturnForm(forms.Form):
    comment = forms.CharField(
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What to change: the organization's focal points receive it by mail and see it on their page.",
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented pattern for ``<input type=file multiple>``)."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None) -> list:
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data]
        return [super().clean(data, initial)] if data else []


class RecordReceivedForm(forms.ModelForm):
    """An answer that came by e-mail or letter, recorded by the secretariat: submitted at once, and
    counted as received on the day given; the letter and its annexes attached."""

    attachments = MultipleFileField(
        required=False,
        help_text="The scanned letter or the e-mail, and its annexes (PDF, Word, spreadsheets, images).",
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if "received_via" in self.fields:
            self.fields["received_via"].choices = [
                (value, label) for value, label in ReceivedVia.choices if value in RECORDED_BY_SECRETARIAT
            ]
            self.fields["received_via"].required = True
        if "received_on" in self.fields:
            self.fields["received_on"].required = True
            self.fields["received_on"].help_text = "The day the e-mail or letter came in."

    def clean_received_on(self) -> dt.date:
        day = self.cleaned_data["received_on"]
        if day and day > secretariat_today():
            raise forms.ValidationError("That day has not come yet.")
        return day


class OpenCallForm(forms.Form):
    """Whom a call asks, besides the organizations already listed on it."""

    categories = forms.MultipleChoiceField(
        choices=OrganizationCategory.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Every organization of these categories is asked.",
    )
    groups = KeyRangeModelMultipleChoiceField(
        queryset=Organization.objects.filter(memberships__isnull=False).distinct().order_by("name"),
        required=False,
        help_text="The current members of these groups (the Global Migration Group ...) are asked.",
    )


class ReasonForm(forms.Form):
    """A step that needs a reason, kept with the record (waive, withdraw, record a nil return)."""

    reason = forms.CharField(max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))


class WaiveForm(ReasonForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].help_text = "Why the organization is no longer asked: kept with its request."


class NilReturnForm(ReasonForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = "Their reason"
        self.fields[
            "reason"
        ].help_text = (
            "As the organization gave it (by e-mail or letter): the report lists the organizations that declined."
        )


class WithdrawForm(ReasonForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields[
            "reason"
        ].help_text = (
            "Why it no longer counts (recorded for the wrong organization, sent twice ...): kept with the answer."
        )


class CloseCallForm(forms.Form):
    reason = forms.CharField(
        max_length=1000,
        initial="call closed",
        help_text="Recorded on each request still open, which is waived: nobody is asked or reminded any more.",
    )


class RecordReportForm(forms.Form):
    """The report that fulfils an obligation: a document of the registry (by its symbol) or a new one."""

    symbol = forms.CharField(
        max_length=120,
        required=False,
        help_text="A/63/265, E/CN.9/2009/5 ... A document already in the registry under this symbol is used as it is.",
        validators=[single_line],
    )
    title = forms.CharField(
        max_length=500,
        required=False,
        help_text="For a new document; optional with a symbol.",
        validators=[single_line],
    )
    date = forms.DateField(
        label="Issued on",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="For a new document.",
    )


class CutoffForm(forms.Form):
    cutoff = forms.DateField(
        label="Answered by",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Counted at the end of this day.",
    )


class JSONListField(forms.JSONField):
    """A JSON list whose items ``valid_item`` accepts. Anything else is the field's "invalid" error: not
    JSON, an item of another kind (a string holding a NUL, which PostgreSQL's jsonb refuses), or an
    integer of more digits than Python converts (a ValueError that Django's field does not catch)."""

    def valid_item(self, item) -> bool:
        """Any JSON value but a text holding a NUL; the fields below say which items they take."""
        return not (isinstance(item, str) and "\x00" in item)

    def to_python(self, value):
        try:
            items = super().to_python(value)
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
        if items is not None and not (isinstance(items, list) and all(self.valid_item(item) for item in items)):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return items

    def bound_data(self, data, initial):
        try:
            return super().bound_data(data, initial)
        except ValueError:
            return forms.fields.InvalidJSONInput(data)


class DaysField(JSONListField):
    default_error_messages = {
        "invalid": "Write the days as a list of whole numbers from 1 to 365, for example [14, 7]."
    }

    def valid_item(self, item) -> bool:
        return type(item) is int and 1 <= item <= 365


class PrecisionsField(JSONListField):
    default_error_messages = {
        "invalid": 'Write the precisions as a list, for example ["year", "half_year"], of: '
        f"{', '.join(DatePrecision.values)}."
    }

    def valid_item(self, item) -> bool:
        return item in DatePrecision.values


class ReminderPolicyForm(forms.ModelForm):
    class Meta:
        model = ReminderPolicy
        fields = [
            "name",
            "is_active",
            "early_days",
            "coarse_early_days",
            "coarse_precisions",
            "last_call_days",
            "on_due_day",
            "overdue_days",
            "escalation_days",
            "escalate_to_head",
        ]
        field_classes = {
            "early_days": DaysField,
            "coarse_early_days": DaysField,
            "overdue_days": DaysField,
            "coarse_precisions": PrecisionsField,
        }

    def clean(self):
        data = super().clean()
        if data.get("is_active"):
            # The database keeps one policy active; say which one is, rather than the constraint's name.
            active = ReminderPolicy.objects.filter(is_active=True).exclude(pk=self.instance.pk).first()
            if active is not None:
                self.add_error(
                    "is_active", f"“{active}” is the active policy, and one is active at a time: untick it first."
                )
        return data
