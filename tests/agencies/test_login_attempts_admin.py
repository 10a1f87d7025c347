"""The failed logins' list, where the secretariat lifts lockouts."""

import datetime as dt

import pytest
from axes.models import AccessAttempt
from django.contrib.admin import helpers
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db


def test_cleaning_up_expired_attempts_removes_only_the_expired(client, secretariat_user):
    row = {"user_agent": "curl", "ip_address": "192.0.2.1", "username": "officer", "path_info": "/admin/login/"}
    old = AccessAttempt.objects.create(**row, failures_since_start=5)
    AccessAttempt.objects.filter(pk=old.pk).update(attempt_time=timezone.now() - dt.timedelta(days=1))
    recent = AccessAttempt.objects.create(**{**row, "username": "someone"}, failures_since_start=2)
    client.force_login(secretariat_user)
    data = {"action": "cleanup_expired_attempts", helpers.ACTION_CHECKBOX_NAME: [recent.pk], "index": "0"}
    response = client.post(reverse("admin:axes_accessattempt_changelist"), data, follow=True)
    assert response.status_code == 200
    assert list(AccessAttempt.objects.values_list("pk", flat=True)) == [recent.pk]
