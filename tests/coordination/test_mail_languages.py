"""Every mail goes in its recipient's language: their setting, else English. The same steps, three
recipients' settings, and the words each mail must say (its subject, its body, its dates)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from agencies.models import UserProfile
from agencies.services import focal_point_invite
from coordination import services
from coordination.choices import CallStatus, LedgerStatus, ReminderItemKind
from coordination.models import ReminderEntry
from coordination.reminders.mail import reminder_message
from core.models import OutboxMessage
from tests.factories import CallForInputsFactory, FocalPointFactory, FollowUpActionFactory

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 12, 3, 12, 0, tzinfo=dt.UTC)
DEADLINE = dt.date(2026, 12, 17)

# What each mail says in each language: (subject starts with, words of the body).
SAYS = {
    "call_opened": {
        "en": ("Call for inputs: Remittances (answer by 17 December 2026)", ["Dear", "Answer by 17 December 2026."]),
        "fr": (
            "Appel à contributions\xa0: Remittances (réponse attendue au plus tard le 17 décembre 2026)",
            ["Bonjour Ana Ruiz,", "Réponse attendue au plus tard le 17 décembre 2026."],
        ),
        "es": (
            "Convocatoria de contribuciones: Remittances (respuesta a más tardar el 17 de diciembre de 2026)",
            ["Respuesta a más tardar el 17 de diciembre de 2026.", "Responder en línea"],
        ),
    },
    "answer_arrived": {
        "en": ("Answer to review: ORGA, Remittances", ["answered the call “Remittances”"]),
        "fr": ("Réponse à examiner\xa0: ORGA, Remittances", ["a répondu à l\u2019appel «\xa0Remittances\xa0»"]),
        "es": ("Respuesta por examinar: ORGA, Remittances", ["respondió a la convocatoria «Remittances»"]),
    },
    "update_returned": {
        "en": ("Returned for revision: Our inputs", ["returned the answer “Our inputs”", "Add the 2025 figures."]),
        "fr": ("Renvoyée pour révision\xa0: Our inputs", ["a renvoyé pour révision", "Add the 2025 figures."]),
        "es": ("Devuelta para su revisión: Our inputs", ["devolvió para su revisión", "Add the 2025 figures."]),
    },
    "progress_arrived": {
        "en": ("Progress report to review: ORGA, Hold the workshop", ["reported progress", "“Venue booked”"]),
        "fr": ("Rapport d\u2019étape à examiner\xa0: ORGA, Hold the workshop", ["a rendu compte des progrès"]),
        "es": ("Informe sobre los progresos por examinar: ORGA", ["informó sobre los progresos"]),
    },
    "action_done_requested": {
        "en": ("Done, to be confirmed: Hold the workshop", ["says the follow-up action “Hold the workshop” is done"]),
        "fr": ("Exécutée, à confirmer\xa0: Hold the workshop", ["indique que la mesure de suivi"]),
        "es": ("Cumplida, pendiente de confirmación: Hold the workshop", ["indica que la medida de seguimiento"]),
    },
    "action_done_declined": {
        "en": ("Not confirmed done: Hold the workshop", ["did not confirm", "It is open again"]),
        "fr": ("Exécution non confirmée\xa0: Hold the workshop", ["n\u2019a pas confirmé", "de nouveau ouverte"]),
        "es": ("Cumplimiento no confirmado: Hold the workshop", ["no confirmó", "Vuelve a estar abierta"]),
    },
    "action_done_confirmed": {
        "en": ("Confirmed done: Hold the workshop", ["is done (on 3 December 2026). Thank you."]),
        "fr": ("Exécution confirmée\xa0: Hold the workshop", ["est exécutée (le 3 décembre 2026). Merci."]),
        "es": ("Cumplimiento confirmado: Hold the workshop", ["está cumplida (el 3 de diciembre de 2026). Gracias."]),
    },
    "invitation": {
        "en": ("Invitation: set your password", ["ORGA (Organization A): Primary focal point", "works once, until"]),
        "fr": (
            "Invitation\xa0: choisissez votre mot",
            ["ORGA (Organization A)\xa0: Point focal principal", "jusqu\u2019au"],
        ),
        "es": ("Invitación: elija su contraseña", ["- ORGA (Organization A): Punto focal principal", "hasta el"]),
    },
}
GREETING = {"en": "Dear Ana Ruiz,", "fr": "Bonjour Ana Ruiz,", "es": "Estimado/a Ana Ruiz:"}


def _reads(user, language: str) -> None:
    UserProfile.objects.update_or_create(user=user, defaults={"language": "" if language == "en" else language})


@pytest.fixture
def people(organization_a, focal_point_a, secretariat_user):
    focal_point_a.first_name, focal_point_a.last_name = "Ana", "Ruiz"
    focal_point_a.email = "ana@example.org"
    focal_point_a.save()
    secretariat_user.first_name, secretariat_user.last_name = "Ana", "Ruiz"
    secretariat_user.save()
    return focal_point_a, secretariat_user


def _mail(kind: str) -> OutboxMessage:
    if kind == "progress_arrived":  # the same mail as an answer's, about an action
        return OutboxMessage.objects.get(kind="answer_arrived", subject__contains="Hold the workshop")
    return OutboxMessage.objects.get(kind=kind)


def _says(message: OutboxMessage, kind: str, language: str) -> None:
    subject, words = SAYS[kind][language]
    assert message.subject.startswith(subject), message.subject
    for text in words:
        assert text in message.body_text, (text, message.body_text)


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_each_mail_of_an_answer_goes_in_its_recipients_language(people, organization_a, language):
    focal_point, officer = people
    _reads(focal_point, language)
    _reads(officer, language)
    call = CallForInputsFactory(
        title="Remittances", deadline=DEADLINE, responsible_officer=officer, status=CallStatus.DRAFT
    )
    (request,) = services.call_open(call=call, addressees=[organization_a], by=officer, now=NOW)
    update = services.update_create(
        by=focal_point, title="Our inputs", body="Figures.", input_request=request, now=NOW
    )
    services.update_submit(update=update, by=focal_point, now=NOW)
    services.update_return(update=update, by=officer, comment="Add the 2025 figures.", now=NOW)

    for kind in ("call_opened", "answer_arrived", "update_returned"):
        _says(_mail(kind), kind, language)
    assert _mail("update_returned").body_text.startswith(GREETING[language])
    assert f"/my/updates/{update.pk}/" in _mail("update_returned").body_text
    # Whatever the mails said, the request went on in English.
    assert translation.get_language() == "en-us" or translation.get_language().startswith("en")


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_each_mail_of_a_done_action_goes_in_its_recipients_language(people, organization_a, language):
    focal_point, officer = people
    _reads(focal_point, language)
    _reads(officer, language)
    action = FollowUpActionFactory(
        title="Hold the workshop", lead_organization=organization_a, responsible_officer=officer
    )
    services.action_progress_report(
        action=action, by=focal_point, title="Venue booked", body="For May.", submit=True, now=NOW
    )
    services.action_request_done(action=action, by=focal_point, now=NOW)
    services.action_decline_done(action=action, by=officer, comment="The report is missing.", now=NOW)
    services.action_request_done(action=action, by=focal_point, now=NOW)
    services.action_confirm_done(action=action, by=officer, now=NOW)

    for kind in ("progress_arrived", "action_done_declined", "action_done_confirmed"):
        _says(_mail(kind), kind, language)
    requested = OutboxMessage.objects.filter(kind="action_done_requested").order_by("pk")
    assert requested.count() == 2
    _says(requested[0], "action_done_requested", language)


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_the_invitation_goes_in_the_invited_persons_language(organization_a, secretariat_user, language):
    focal_point = FocalPointFactory(organization=organization_a, user__email="new@example.org")
    focal_point.user.set_unusable_password()
    focal_point.user.save()
    _reads(focal_point.user, language)

    focal_point_invite(focal_point=focal_point, by=secretariat_user, now=NOW)

    _says(_mail("invitation"), "invitation", language)


@pytest.mark.parametrize(
    ("language", "subject", "words"),
    [
        ("en", "Reminder: Hold the workshop (due in 7 days)", ["Due in 7 days: 10 December 2026", "it works until"]),
        ("fr", "Rappel\xa0: Hold the workshop (date limite dans 7 jours)", ["10 décembre 2026", "il fonctionne"]),
        ("es", "Recordatorio: Hold the workshop (el plazo vence en 7 días)", ["10 de diciembre de 2026", "siga"]),
    ],
)
def test_a_reminder_goes_in_its_recipients_language(people, organization_a, language, subject, words):
    focal_point, _officer = people
    _reads(focal_point, language)
    action = FollowUpActionFactory(
        title="Hold the workshop", lead_organization=organization_a, due_date=dt.date(2026, 12, 10)
    )
    entry = ReminderEntry(
        item_kind=ReminderItemKind.ACTION, item_id=action.pk, point="before_7", status=LedgerStatus.CLAIMED
    )

    message = reminder_message(focal_point, [entry], {(ReminderItemKind.ACTION, action.pk): action}, now=NOW)

    assert message.subject == subject
    for text in words:
        assert text in message.body
    html = message.alternatives[0][0]
    assert f'<html lang="{language}">' in html
    assert words[0].split(": ")[-1] in html


@pytest.mark.parametrize(
    ("setting", "page", "subject"),
    [
        ("", "es", "Elija una nueva contraseña"),  # no setting: the page's language
        ("fr", "es", "Choisissez un nouveau mot de passe"),  # the person's setting wins
        ("", "en", "Choose a new password"),
    ],
)
def test_the_password_reset_mail_goes_in_the_persons_language_else_the_pages(
    client, focal_point_a, setting, page, subject
):
    focal_point_a.email = "ana@example.org"
    focal_point_a.save()
    _reads(focal_point_a, setting or "en")

    client.post(reverse("password_reset"), {"email": "ana@example.org"}, headers={"accept-language": page})

    assert _mail("password_reset").subject.startswith(subject)
