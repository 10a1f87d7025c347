"""The labels of the states a focal point reads on their pages, for the catalogues.

The enumerations (``choices.py``) keep plain English labels: the admin, the API's schema and the
spreadsheets say them in English. The focal points' templates translate the label they show
(``{% translate update.get_status_display %}``); ``makemessages`` finds the labels here, and
tests/core/test_translations.py checks that every label of these enumerations is in each catalogue.
"""

from django.utils.translation import gettext_noop, pgettext_lazy

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
    # An answer's states and steps (la réponse, la respuesta: feminine), shown with the context "answer";
    # a progress report's (le rapport d'étape, el informe: masculine) use the plain labels above.
    pgettext_lazy("answer", "Draft"),
    pgettext_lazy("answer", "Submitted"),
    pgettext_lazy("answer", "Accepted"),
    pgettext_lazy("answer", "Returned"),
    pgettext_lazy("answer", "Withdrawn by the secretariat"),
    pgettext_lazy("answer", "Created"),
    pgettext_lazy("answer", "Edited"),
    pgettext_lazy("answer", "Withdrawn"),
    # FocalPointRole (the invitation says it)
    gettext_noop("Primary focal point"),
    gettext_noop("Alternate focal point"),
    gettext_noop("Head of organization"),
)
