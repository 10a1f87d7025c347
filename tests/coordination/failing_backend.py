"""A mail backend that refuses every message, for the outbox's failure path."""

import smtplib

from django.core.mail.backends.base import BaseEmailBackend


class RefusingBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise smtplib.SMTPRecipientsRefused({"focal@example.org": (550, b"mailbox unavailable")})
