"""The baseline task of bench/reminders.py: one plain mail to the same SMTP server.

Loaded only by the benchmark's worker (celery worker --include bench.bench_tasks).
"""

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail


@shared_task(name="bench.send_plain_mail")
def send_plain_mail(to: str) -> None:
    send_mail("Reminder", "A deadline is near.", settings.DEFAULT_FROM_EMAIL, [to])
