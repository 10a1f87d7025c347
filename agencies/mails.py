"""A mail to a person, in their language.

A mail has no browser to ask: it is written in the language of its recipient's setting
(``UserProfile.language``), else in the site's language, English. Its subject and body are two
templates, ``<name>_subject.txt`` and ``<name>.txt``, rendered in that language (the subject's lines
joined into one, as Django's password reset does), and written to the outbox in the caller's
transaction.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from core.mail import subject_line
from core.models import OutboxMessage
from core.notifications import outbox_enqueue

from .models import UserProfile


def language_of(user, *, fallback: str | None = None) -> str:
    """The language ``user`` reads mails in: their setting, else ``fallback`` (the site's language,
    English, unless the caller knows better, as a page asked in French does). Reads ``user.profile``,
    so a caller mailing many people selects ``profile`` with them."""
    try:
        language = user.profile.language
    except (AttributeError, UserProfile.DoesNotExist):
        language = ""
    return language or fallback or settings.LANGUAGE_CODE


@contextlib.contextmanager
def in_language_of(user, *, fallback: str | None = None) -> Iterator[str]:
    """Write what is inside (a mail's subject and body) in ``user``'s language."""
    language = language_of(user, fallback=fallback)
    with translation.override(language):
        yield language


def render_mail(template: str, context: dict) -> tuple[str, str]:
    """The subject (one line) and body of ``template`` in the active language."""
    # Lines joined, as Django's password reset does; str.split() would also take the no-break
    # spaces French puts before a colon.
    subject = "".join(render_to_string(f"{template}_subject.txt", context).splitlines())
    return subject_line(subject), render_to_string(f"{template}.txt", context)


def mail_person(
    user,
    *,
    kind: str,
    template: str,
    context: dict,
    dedupe_key: str = "",
    now: dt.datetime | None = None,
) -> OutboxMessage:
    """Write the mail ``template`` to ``user``, in their language, to the outbox."""
    with in_language_of(user):
        subject, body = render_mail(template, {**context, "user": user})
    return outbox_enqueue(
        kind=kind,
        recipient=user,
        to_email=user.email,
        subject=subject,
        body_text=body,
        dedupe_key=dedupe_key,
        now=now,
    )
