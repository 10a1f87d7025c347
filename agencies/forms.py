"""Account forms for focal points."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.template.loader import render_to_string
from django.utils import timezone, translation

from core.notifications import outbox_enqueue

from .mails import in_language_of


class OutboxPasswordResetForm(PasswordResetForm):
    """Django's password reset, with the mail written to the outbox instead of sent during the
    request: the answer takes as long whether or not the address has an account, an SMTP outage
    loses nothing, and an address gets at most one reset mail an hour however often someone asks
    (the outbox's dedupe key). The link is built from SITE_URL, never from the request's Host."""

    def save(self, **kwargs):
        kwargs["extra_email_context"] = {**(kwargs.get("extra_email_context") or {}), "site_url": settings.SITE_URL}
        return super().save(**kwargs)

    def send_mail(
        self, subject_template_name, email_template_name, context, from_email, to_email, html_email_template_name=None
    ) -> None:
        user = context["user"]
        # In the person's language when they chose one, else in the language of the page they asked from.
        with in_language_of(user, fallback=translation.get_language()):
            subject = "".join(render_to_string(subject_template_name, context).splitlines())
            body = render_to_string(email_template_name, context)
        outbox_enqueue(
            kind="password_reset",
            recipient=user,
            to_email=to_email,
            subject=subject,
            body_text=body,
            dedupe_key=f"password-reset:{user.pk}:{timezone.now():%Y%m%d%H}",
        )
