import datetime as dt
import re

import pytest
from django.core import mail

from agencies.choices import ReminderPreference
from agencies.models import UserProfile
from coordination.choices import DeliveryStatus, LedgerStatus
from coordination.models import ReminderDelivery, ReminderEntry
from coordination.reminders.dispatch import reminders_claim, reminders_dispatch
from coordination.reminders.scan import reminders_scan
from coordination.services import item_mark_done, reminder_send_now

from .reminder_helpers import NOW, TODAY, action_due, organization_with_focal_points

pytestmark = pytest.mark.django_db


def sent_to() -> list[tuple[str, str]]:
    return sorted((m.to[0], m.subject) for m in mail.outbox)


def test_one_mail_per_recipient_listing_each_of_their_deadlines():
    organization, people = organization_with_focal_points("ILO")
    action_due(organization, 7, title="Circulate the outline")
    action_due(organization, 0, title="Send the estimates")
    reminders_scan(now=NOW)
    result = reminders_dispatch(now=NOW)
    assert result.sent == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in people)
    message = mail.outbox[0]
    assert message.subject == "Reminder: 2 deadlines need your attention"
    assert "Circulate the outline (ILO)" in message.body
    assert "Due in 7 days: 30 November 2026" in message.body
    assert "Due today: 23 November 2026" in message.body
    assert "http://testserver/my/action/" in message.body
    html = message.alternatives[0].content
    assert '<a href="http://testserver/my/action/' in html
    mute_link = re.search(r"(http://testserver/reminders/mute/\S+)", message.body).group(1)
    assert mute_link.endswith("/")
    assert set(ReminderEntry.objects.filter(status=LedgerStatus.PENDING).values_list("pk", flat=True)) == set()
    # Each person's rows joined that person's delivery, and both are recorded sent.
    entries = ReminderEntry.objects.filter(delivery__isnull=False).select_related("delivery")
    assert {(e.status, e.delivery.status) for e in entries} == {(LedgerStatus.SENT, DeliveryStatus.SENT)}
    assert len(entries) == 4  # two deadlines, two people
    assert not ReminderEntry.objects.filter(status__in=[LedgerStatus.PENDING, LedgerStatus.CLAIMED]).exists()
    assert all(e.delivery.recipient_id == e.recipient_id for e in entries)
    assert sorted(ReminderDelivery.objects.values_list("to_email", flat=True)) == sorted(p.email for p in people)


def test_a_dispatch_sends_its_mails_through_one_connection_to_the_mail_server(settings, smtp_server):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", smtp_server.port
    smtp_server.clear()
    for acronym in ("ILO", "IOM", "UNFPA"):
        organization, _ = organization_with_focal_points(acronym)
        action_due(organization, 7)
    reminders_scan(now=NOW)
    assert reminders_dispatch(now=NOW).sent == 6
    assert (len(smtp_server.messages), smtp_server.connections) == (6, 1)


def test_a_second_dispatch_sends_nothing():
    organization, _ = organization_with_focal_points("ILO")
    action_due(organization, 7)
    reminders_scan(now=NOW)
    reminders_dispatch(now=NOW)
    assert reminders_dispatch(now=NOW + dt.timedelta(minutes=10)).sent == 0
    assert len(mail.outbox) == 2


def test_mail_waits_for_the_recipients_delivery_hours():
    organization, people = organization_with_focal_points("ILO", primaries=1)
    UserProfile.objects.create(user=people[0], time_zone="Asia/Tokyo")  # 00:00 in Tokyo at NOW
    action_due(organization, 7)
    reminders_scan(now=NOW)
    assert reminders_dispatch(now=NOW).sent == 0
    eight_in_tokyo = dt.datetime(2026, 11, 23, 23, 0, tzinfo=dt.UTC)
    assert reminders_dispatch(now=eight_in_tokyo).sent == 1


def test_a_daily_digest_gathers_the_days_reminders_into_one_mail(settings):
    organization, people = organization_with_focal_points("ILO", primaries=1)
    UserProfile.objects.create(user=people[0], reminder_preference=ReminderPreference.DAILY_DIGEST)
    action_due(organization, 7)
    reminders_scan(now=NOW)
    action_due(organization, 1)
    reminders_scan(now=NOW + dt.timedelta(hours=2))
    assert reminders_dispatch(now=NOW + dt.timedelta(hours=3)).sent == 0
    next_morning = dt.datetime(2026, 11, 24, 13, 0, tzinfo=dt.UTC)  # 08:00 in New York
    assert reminders_dispatch(now=next_morning).sent == 1
    assert mail.outbox[0].subject == "Reminder: 2 deadlines need your attention"


def test_closing_an_item_between_claim_and_delivery_sends_nothing_for_it():
    organization, _ = organization_with_focal_points("ILO", primaries=1)
    action = action_due(organization, 7)
    reminders_scan(now=NOW)
    from coordination.reminders.dispatch import reminder_deliver

    _, [delivery_id] = reminders_claim(now=NOW)
    item_mark_done(item=action, completed_on=TODAY)
    assert reminder_deliver(delivery_id=delivery_id, now=NOW) == "cancelled"
    assert mail.outbox == []


def test_a_refused_mail_is_retried_with_backoff_then_given_up(settings):
    settings.EMAIL_BACKEND = "tests.coordination.failing_backend.RefusingBackend"
    settings.REMINDER_MAX_ATTEMPTS = 2
    organization, _ = organization_with_focal_points("ILO", primaries=1)
    action_due(organization, 7)
    reminders_scan(now=NOW)
    assert reminders_dispatch(now=NOW).failed == 1
    delivery = ReminderDelivery.objects.get()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.QUEUED, 1)
    assert "SMTPRecipientsRefused" in delivery.last_error
    assert reminders_dispatch(now=NOW + dt.timedelta(seconds=30)).failed == 0  # backing off
    assert reminders_dispatch(now=NOW + dt.timedelta(minutes=1, seconds=1)).failed == 1
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED
    assert ReminderEntry.objects.get(status__in=["failed", "claimed"]).status == LedgerStatus.FAILED


def test_a_delivery_claimed_by_a_dispatcher_that_died_is_sent_once_its_lease_expires(settings):
    organization, _ = organization_with_focal_points("ILO", primaries=1)
    action_due(organization, 7)
    reminders_scan(now=NOW)
    reminders_claim(now=NOW)  # ... and the process dies before delivering
    assert reminders_dispatch(now=NOW + dt.timedelta(seconds=60)).sent == 0  # the lease still holds
    later = NOW + dt.timedelta(seconds=settings.REMINDER_LEASE_SECONDS + 1)
    assert reminders_dispatch(now=later).sent == 1
    assert len(mail.outbox) == 1
    assert not ReminderDelivery.objects.get().possible_duplicate


def test_a_delivery_interrupted_after_the_mail_server_may_have_accepted_it_is_resent_and_flagged(settings, caplog):
    organization, _ = organization_with_focal_points("ILO", primaries=1)
    action_due(organization, 7)
    reminders_scan(now=NOW)
    _, [delivery_id] = reminders_claim(now=NOW)
    # What a worker killed inside the window leaves behind: status "sending", lease running out.
    ReminderDelivery.objects.filter(pk=delivery_id).update(status=DeliveryStatus.SENDING, attempts=1)
    later = NOW + dt.timedelta(seconds=settings.REMINDER_LEASE_SECONDS + 1)
    result = reminders_dispatch(now=later)
    assert (result.sent, result.possible_duplicates) == (1, 1)
    assert ReminderDelivery.objects.get().possible_duplicate
    assert "possible duplicate" in caplog.text


def test_send_a_reminder_now_goes_out_at_once_outside_the_schedule(
    secretariat_user, django_capture_on_commit_callbacks
):
    organization, people = organization_with_focal_points("ILO")
    action = action_due(organization, 12)  # no point due today
    with django_capture_on_commit_callbacks(execute=True):
        queued = reminder_send_now(items=[action], by=secretariat_user, now=NOW)
    assert queued == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in people)
    assert "sent by hand by officer" in ReminderEntry.objects.first().reason


def test_a_title_holding_a_line_break_still_gets_its_reminder_sent():
    organization, people = organization_with_focal_points("ILO", primaries=1)
    action_due(organization, 7, title="Circulate the outline\r\nof the report")
    reminders_scan(now=NOW)
    assert reminders_dispatch(now=NOW).sent == 1
    assert sent_to() == [(people[0].email, "Reminder: Circulate the outline of the report (due in 7 days)")]
