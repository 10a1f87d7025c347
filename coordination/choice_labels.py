"""The labels of the states a focal point reads on their pages, for the catalogues.

The enumerations (``choices.py``) keep plain English labels: the admin, the API's schema and the
spreadsheets say them in English. The focal points' templates translate the label they show
(``{% translate update.get_status_display %}``); ``makemessages`` finds the labels here, and
tests/core/test_translations.py checks that every label of these enumerations is in each catalogue.
"""

from django.utils.translation import gettext_noop

from agencies.choices import FocalPointRole, ReminderPreference

from .choices import ActionStatus, InputRequestStatus, ReceivedVia, UpdateEventKind, UpdateStatus

TRANSLATED_ENUMERATIONS = (
    ActionStatus,
    InputRequestStatus,
    UpdateStatus,
    ReceivedVia,
    UpdateEventKind,
    ReminderPreference,
    FocalPointRole,
)

LABELS = (
    # ActionStatus (ItemStatus's, and one more)
    gettext_noop("Open"),
    gettext_noop("Done, to be confirmed"),
    gettext_noop("Done"),
    gettext_noop("Cancelled"),
    # InputRequestStatus
    gettext_noop("Answered"),
    gettext_noop("Declined (nil return)"),
    gettext_noop("Waived by the secretariat"),
    # UpdateStatus
    gettext_noop("Draft"),
    gettext_noop("Submitted"),
    gettext_noop("Accepted"),
    gettext_noop("Returned"),
    gettext_noop("Withdrawn by the secretariat"),
    # ReceivedVia
    gettext_noop("API"),
    gettext_noop("Focal points' page"),
    gettext_noop("E-mail (recorded by the secretariat)"),
    gettext_noop("Letter (recorded by the secretariat)"),
    gettext_noop("Reported in a document"),
    # UpdateEventKind
    gettext_noop("Created"),
    gettext_noop("Edited"),
    gettext_noop("Withdrawn"),
    # ReminderPreference (the settings page's choices)
    gettext_noop("Each reminder when it falls due"),
    gettext_noop("One daily digest"),
    # FocalPointRole (the invitation says it)
    gettext_noop("Primary focal point"),
    gettext_noop("Alternate focal point"),
    gettext_noop("Head of organization"),
)
