"""/status for a person and for scripts (#22 point 4): an admin page to a browser, JSON to
Accept: application/json (and to clients that accept anything), and no alarm before the first scan is due."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from coordination.operations import SCAN_TASK
from core.tasks import send_outbox

pytestmark = pytest.mark.django_db

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@pytest.fixture
def scan_scheduled_minutes_ago():
    def schedule(minutes: int) -> None:
        every_ten_minutes, _ = IntervalSchedule.objects.get_or_create(every=10, period="minutes")
        task, _ = PeriodicTask.objects.get_or_create(
            name="Scan and send reminders", defaults={"task": SCAN_TASK, "interval": every_ten_minutes}
        )
        PeriodicTask.objects.filter(pk=task.pk).update(
            date_changed=timezone.now() - dt.timedelta(minutes=minutes), enabled=True
        )

    return schedule


def test_a_person_gets_a_page_that_names_the_problems(client, secretariat_user, scan_scheduled_minutes_ago):
    scan_scheduled_minutes_ago(60)
    client.force_login(secretariat_user)
    response = client.get(reverse("status"), HTTP_ACCEPT=BROWSER)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert "<title>Status of the background work | Migration coordination</title>" in page
    assert "No worker has run the outbox sender lately" in page
    assert "The first reminder scan has not run 30 minutes after it was scheduled" in page
    assert "No worker has reported yet" in page


def test_json_for_scripts_that_ask_for_it_or_accept_anything(client, secretariat_user):
    client.force_login(secretariat_user)
    for accept in ("application/json", "*/*"):
        response = client.get(reverse("status"), HTTP_ACCEPT=accept)
        assert response["Content-Type"] == "application/json"
        assert set(response.json()) == {"ok", "problems", "now", "workers", "reminders", "outbox"}


def test_eight_minutes_after_a_fresh_start_all_is_well(client, secretariat_user, scan_scheduled_minutes_ago):
    scan_scheduled_minutes_ago(8)
    send_outbox.apply()  # the worker's first heartbeat
    client.force_login(secretariat_user)
    status = client.get(reverse("status"), HTTP_ACCEPT="application/json").json()
    assert (status["ok"], status["problems"]) == (True, [])
    page = client.get(reverse("status"), HTTP_ACCEPT=BROWSER).content.decode()
    assert "All is well" in page
    assert "No scan has run yet; the first is expected by" in page


def test_a_browser_not_logged_in_is_sent_to_the_login_and_a_focal_point_is_refused(client, focal_point_a):
    response = client.get(reverse("status"), HTTP_ACCEPT=BROWSER)
    assert response.status_code == 302
    assert response.url == f"{reverse('admin:login')}?next=/status"
    client.force_login(focal_point_a)
    assert client.get(reverse("status"), HTTP_ACCEPT=BROWSER).status_code == 403
