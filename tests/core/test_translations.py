"""The French and Spanish catalogues stay whole, the focal points' templates say nothing outside
translation tags, the committed .mo files are what their .po say, and the pages come in the
person's language (their setting, else the browser's); the admin stays in English."""

from __future__ import annotations

import datetime as dt
import gettext
import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.base import Lexer, TokenType
from django.urls import reverse
from django.utils import translation

from agencies.models import UserProfile
from coordination.choice_labels import TRANSLATED_ENUMERATIONS
from coordination.dates_in_words import due_in_words, period_in_words
from core.periods import at_precision, reporting_period
from tests.factories import InputRequestFactory

LOCALE_DIR = Path(settings.BASE_DIR) / "locale"
TRANSLATED = ("fr", "es")

# The templates of the pages a focal point reads (and of the mails of the login's own pages): every
# word in them goes through {% translate %} or {% blocktranslate %}.
FOCAL_POINT_TEMPLATES = [
    "templates/base.html",
    "templates/registration/login.html",
    "templates/registration/locked_out.html",
    "templates/registration/invitation_confirm.html",
    "templates/registration/password_reset_form.html",
    "templates/registration/password_reset_done.html",
    "templates/registration/password_reset_confirm.html",
    "templates/registration/password_reset_email.html",
    "templates/registration/password_reset_subject.txt",
    "coordination/templates/coordination/my_home.html",
    "coordination/templates/coordination/_agenda_entry.html",
    "coordination/templates/coordination/_deadline_mark.html",
    "coordination/templates/coordination/_update_status.html",
    "coordination/templates/coordination/item_detail.html",
    "coordination/templates/coordination/my_answer.html",
    "coordination/templates/coordination/my_update.html",
    "coordination/templates/coordination/my_action_progress.html",
    "coordination/templates/coordination/my_action_request_done.html",
    "coordination/templates/coordination/my_settings.html",
    "coordination/templates/coordination/mute.html",
    "coordination/templates/coordination/mute_expired.html",
]
# Every mail a person receives (subject and body), in their language.
MAIL_TEMPLATES = sorted(
    str(path.relative_to(settings.BASE_DIR))
    for folder in ("coordination/templates/coordination/email", "templates/agencies/email")
    for path in (Path(settings.BASE_DIR) / folder).iterdir()
)

PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")
TAG = re.compile(r"<[^>]*>")
LETTER = re.compile(r"[^\W\d_]")
HIDDEN_BLOCKS = {"blocktranslate": "endblocktranslate", "blocktrans": "endblocktrans", "comment": "endcomment"}


def catalogue_faults(po: polib.POFile) -> list[str]:
    """What keeps a catalogue from being whole: untranslated, fuzzy or obsolete entries, and
    translations that drop or invent a placeholder."""
    faults = [f"untranslated: {e.msgid!r}" for e in po.untranslated_entries()]
    faults += [f"fuzzy: {e.msgid!r}" for e in po.fuzzy_entries()]
    faults += [f"obsolete: {e.msgid!r}" for e in po.obsolete_entries()]
    for entry in po.translated_entries():
        wanted = set(PLACEHOLDER.findall(entry.msgid))
        translations = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        for text in translations:
            if set(PLACEHOLDER.findall(text)) != wanted:
                faults.append(f"placeholders differ: {entry.msgid!r} -> {text!r}")
    return faults


def literal_text(source: str) -> list[str]:
    """Words of a template outside translation tags: its text tokens, with what lies inside
    {% blocktranslate %} and {% comment %} dropped, HTML tags (and the template tags within them)
    stripped, and whitespace, punctuation and symbols ignored."""
    kept: list[str] = []
    closing: str | None = None
    for token in Lexer(source).tokenize():
        name = token.contents.split()[0] if token.token_type == TokenType.BLOCK and token.contents else ""
        if closing:
            if name == closing:
                closing = None
                kept.append("\x00")
            continue
        if name in HIDDEN_BLOCKS:
            closing = HIDDEN_BLOCKS[name]
        elif token.token_type == TokenType.TEXT:
            kept.append(token.contents)
        else:
            # A variable or a tag: stands for something that is not literal text (inside an
            # attribute too, so the tag around it is still stripped whole).
            kept.append("\x00")
    text = TAG.sub(" ", "".join(kept))
    return [word for word in text.replace("\x00", " ").split() if LETTER.search(word)]


def po_messages(po: polib.POFile) -> dict:
    """The messages of a .po as gettext keys them: msgid (after "context\x04" if it has one), or
    (msgid, plural form) for plurals."""
    messages = {}
    for entry in po.translated_entries():
        msgid = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
        if entry.msgid_plural:
            for index, text in entry.msgstr_plural.items():
                messages[(msgid, int(index))] = text
        else:
            messages[msgid] = entry.msgstr
    return messages


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_catalogue_has_no_untranslated_fuzzy_or_broken_entry(language):
    po = polib.pofile(str(LOCALE_DIR / language / "LC_MESSAGES" / "django.po"))
    assert len(po) > 150
    assert catalogue_faults(po) == []
    assert po.metadata["Language"] == language


def test_the_catalogue_check_finds_an_untranslated_a_fuzzy_and_a_lost_placeholder():
    po = polib.POFile()
    po.append(polib.POEntry(msgid="Log in", msgstr=""))
    po.append(polib.POEntry(msgid="Due today", msgstr="Date limite", flags=["fuzzy"]))
    po.append(polib.POEntry(msgid="Due %(due)s", msgstr="Date limite"))
    assert catalogue_faults(po) == [
        "untranslated: 'Log in'",
        "fuzzy: 'Due today'",
        "placeholders differ: 'Due %(due)s' -> 'Date limite'",
    ]


@pytest.mark.parametrize("template", FOCAL_POINT_TEMPLATES + MAIL_TEMPLATES)
def test_a_focal_point_template_has_no_text_outside_translation_tags(template):
    source = (Path(settings.BASE_DIR) / template).read_text()
    assert "{% load i18n" in source or "{% load static i18n" in source
    assert literal_text(source) == []


def test_the_template_check_finds_literal_text_but_not_markup_or_translated_text():
    source = (
        '{% load i18n %}{% comment %}Not shown{% endcomment %}<p class="back">← <a href="{% url "my-home" %}">'
        '{% translate "Back" %}</a> · {{ title }} (“{{ x }}”)</p><input value="{% translate "Go" %}">'
        "{% blocktranslate %}Due {{ due }}{% endblocktranslate %}<h2>Next step</h2>"
        "{% if a %}, led by {{ b }}{% endif %}"
    )
    assert literal_text(source) == ["Next", "step", "led", "by"]


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_committed_mo_file_holds_what_its_po_says(language):
    """A fresh machine has no GNU gettext: the .mo files are committed, and must not lag behind."""
    directory = LOCALE_DIR / language / "LC_MESSAGES"
    with (directory / "django.mo").open("rb") as mo:
        loaded = dict(gettext.GNUTranslations(mo)._catalog)
    loaded.pop("", None)  # the header
    assert loaded == po_messages(polib.pofile(str(directory / "django.po")))


@pytest.mark.parametrize(
    ("accept", "words", "lang"),
    [("fr", "Se connecter", "fr"), ("es", "Iniciar sesión", "es"), ("en", "Log in", "en")],
)
def test_the_login_page_answers_in_the_browsers_language(client, accept, words, lang):
    page = client.get(reverse("login"), headers={"accept-language": accept})
    content = page.content.decode()
    assert page.status_code == 200 and page["Content-Language"] == lang
    assert f'<html lang="{lang}">' in content and f"<h1>{words}</h1>" in content
    assert 'action="/accounts/language/"' in content  # the switcher


def test_a_focal_points_own_language_wins_over_the_browsers(client, focal_point_a):
    UserProfile.objects.update_or_create(user=focal_point_a, defaults={"language": "es"})
    client.force_login(focal_point_a)
    page = client.get(reverse("my-home"), headers={"accept-language": "en"}).content.decode()
    assert '<html lang="es">' in page
    assert "Pendiente, por orden de plazo" in page and "Cerrar sesión" in page
    assert "To do, the soonest due first" not in page


def test_with_no_language_set_a_focal_point_reads_the_browsers(client, focal_point_a):
    client.force_login(focal_point_a)
    page = client.get(reverse("my-home"), headers={"accept-language": "fr-CH, en;q=0.5"}).content.decode()
    assert '<html lang="fr">' in page and "À faire, par date limite la plus proche" in page


def test_the_switcher_keeps_a_logged_in_persons_choice_in_their_settings(client, focal_point_a):
    client.force_login(focal_point_a)
    answer = client.post(reverse("set-language"), {"language": "fr", "next": reverse("my-settings")})
    assert answer.status_code == 302 and answer["Location"] == reverse("my-settings")
    assert UserProfile.objects.get(user=focal_point_a).language == "fr"
    page = client.get(reverse("my-settings"), headers={"accept-language": "es"}).content.decode()
    assert "<h1>Mes paramètres</h1>" in page


def test_the_switcher_refuses_a_language_we_do_not_offer(client, focal_point_a):
    client.force_login(focal_point_a)
    client.post(reverse("set-language"), {"language": "de", "next": reverse("my-home")})
    assert UserProfile.objects.filter(user=focal_point_a, language="de").exists() is False
    page = client.get(reverse("my-home"), headers={"accept-language": "en"}).content.decode()
    assert '<html lang="en">' in page


def test_an_anonymous_visitors_switch_lasts_through_the_cookie(client):
    client.post(reverse("set-language"), {"language": "es", "next": reverse("login")})
    page = client.get(reverse("login"), headers={"accept-language": "fr"}).content.decode()
    assert "<h1>Iniciar sesión</h1>" in page


def test_the_admin_stays_in_english_whatever_the_browser_or_the_setting(admin_client, django_user_model):
    user = django_user_model.objects.get(username="admin")
    UserProfile.objects.update_or_create(user=user, defaults={"language": "fr"})
    page = admin_client.get(reverse("admin:index"), headers={"accept-language": "fr"})
    assert page["Content-Language"] == "en"
    assert '<html lang="en"' in page.content.decode()


def test_dates_follow_the_language(client, focal_point_a, organization_a):
    request_id = InputRequestFactory(organization=organization_a, due_date=dt.date(2026, 12, 3)).pk
    client.force_login(focal_point_a)
    pages = {
        language: client.get(
            reverse("my-answer", args=[request_id]), headers={"accept-language": language}
        ).content.decode()
        for language in ("en", "fr", "es")
    }
    assert "3 December 2026" in pages["en"]
    assert "3 décembre 2026" in pages["fr"]
    assert "3 de diciembre de 2026" in pages["es"]


def test_saving_settings_in_another_language_says_so_in_that_language(client, focal_point_a):
    client.force_login(focal_point_a)
    form = {"language": "fr", "time_zone": "Europe/Paris", "reminder_preference": "immediate"}
    page = client.post(reverse("my-settings"), form, follow=True, headers={"accept-language": "en"}).content.decode()
    assert "Vos paramètres ont été enregistrés." in page and '<html lang="fr">' in page


@pytest.mark.parametrize(
    ("precision", "en", "fr", "es"),
    [
        ("day", "3 December 2026", "3 décembre 2026", "3 de diciembre de 2026"),
        ("month", "December 2026", "décembre 2026", "diciembre de 2026"),
        ("quarter", "Q4 2026", "4e trimestre 2026", "4.º trimestre de 2026"),
        ("half_year", "end of 2026", "fin 2026", "finales de 2026"),
        ("year", "2026", "2026", "2026"),
    ],
)
def test_a_deadline_is_said_at_its_precision_in_the_pages_language(precision, en, fr, es):
    day = dt.date(2026, 12, 3)
    for language, words in (("en", en), ("fr", fr), ("es", es)):
        with translation.override(language):
            assert due_in_words(day, precision) == words
    assert due_in_words(day, precision) == at_precision(day, precision)  # English as the admin says it


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_state_a_focal_point_reads_is_in_the_catalogue(language):
    """The focal points' templates translate the labels of these enumerations at run time:
    coordination/choice_labels.py must list each one, or it would show in English."""
    msgids = {entry.msgid for entry in polib.pofile(str(LOCALE_DIR / language / "LC_MESSAGES" / "django.po"))}
    labels = {str(label) for enumeration in TRANSLATED_ENUMERATIONS for label in enumeration.labels}
    assert labels - msgids == set()


def test_a_returned_answer_reads_its_state_and_history_in_spanish(client, focal_point_a, organization_a):
    request = InputRequestFactory(organization=organization_a)
    client.force_login(focal_point_a)
    client.post(reverse("my-answer", args=[request.pk]), {"title": "T", "body": "B", "submit": "1"})
    update = request.updates.get()
    page = client.get(reverse("my-update", args=[update.pk]), headers={"accept-language": "es"}).content.decode()
    # La respuesta: its state and steps in the feminine (a progress report, el informe, keeps the masculine).
    assert ">Presentada</span>" in page and "Página de los puntos focales" in page and "Creada por" in page
    assert "Presentado" not in page and "Creado" not in page
    home = client.get(reverse("my-home"), headers={"accept-language": "es"}).content.decode()
    assert ">Presentada</span> · presentada el " in home


@pytest.mark.parametrize(
    ("start", "end", "fr", "es"),
    [
        (dt.date(2025, 1, 1), dt.date(2026, 12, 31), "de 2025 à 2026", "de 2025 a 2026"),
        (dt.date(2025, 7, 1), dt.date(2026, 6, 30), "de juillet 2025 à juin 2026", "de julio de 2025 a junio de 2026"),
        (
            dt.date(2026, 3, 3),
            dt.date(2026, 3, 17),
            "de 3 mars 2026 à 17 mars 2026",
            "de 3 de marzo de 2026 a 17 de marzo de 2026",
        ),
        (dt.date(2026, 3, 1), dt.date(2026, 3, 31), "mars 2026", "marzo de 2026"),
        (dt.date(2026, 3, 3), None, "à partir du 3 mars 2026", "desde el 3 de marzo de 2026"),
    ],
)
def test_an_answers_period_is_said_in_the_pages_language(start, end, fr, es):
    for language, words in (("fr", fr), ("es", es)):
        with translation.override(language):
            assert period_in_words(start, end) == words
    assert period_in_words(start, end) == reporting_period(start, end)  # English as before


def test_a_services_refusal_reads_in_the_pages_language_and_in_english_through_the_api(
    client, api_client_for, focal_point_a, organization_a
):
    """The rules live in the services; their refusals are said in the language of the door that asked:
    the person's on the focal points' page, English in the API (whatever the client's header)."""
    request = InputRequestFactory(organization=organization_a)
    client.force_login(focal_point_a)
    UserProfile.objects.update_or_create(user=focal_point_a, defaults={"language": "fr"})
    program = SimpleUploadedFile("tool.exe", b"MZ\x90\x00", content_type="application/octet-stream")
    page = client.post(
        reverse("my-answer", args=[request.pk]), {"title": "T", "body": "B", "attachment": program, "save": "1"}
    )
    assert page.status_code == 200
    refused = "Ce type de fichier n\u2019est pas accepté\xa0; envoyez l\u2019un des types suivants\xa0:"
    assert refused in page.content.decode()
    assert not request.updates.exists()  # nothing half-stored

    api = api_client_for(focal_point_a)
    answer = api.post(
        reverse("updates-list"),
        {"input_request": request.pk, "title": "T\nT", "body": "B"},
        format="json",
        headers={"accept-language": "fr"},
    )
    assert answer.status_code == 400
    assert "Use one line: remove the line break." in answer.content.decode()
