"""The reminder policy's page: days written as lists, refused in words when they are not."""

import pytest
from django.urls import reverse

from coordination.models import ReminderPolicy

pytestmark = pytest.mark.django_db

POLICY = {
    "name": "Tighter",
    "early_days": "[21, 7]",
    "coarse_early_days": "[45]",
    "coarse_precisions": '["year"]',
    "last_call_days": "1",
    "on_due_day": "on",
    "overdue_days": "[3, 10]",
    "escalation_days": "28",
}


def test_a_policy_is_saved_with_its_days(officer_client):
    response = officer_client.post(reverse("admin:coordination_reminderpolicy_add"), POLICY)
    assert response.status_code == 302, response.context["adminform"].form.errors
    policy = ReminderPolicy.objects.get(name="Tighter")
    assert (policy.early_days, policy.overdue_days, policy.coarse_precisions) == ([21, 7], [3, 10], ["year"])


@pytest.mark.parametrize(
    ("field", "typed"),
    [
        ("early_days", "[14, 7"),  # not JSON
        ("early_days", '["14"]'),  # a string
        ("overdue_days", "[0]"),  # the due day is its own point
        ("overdue_days", "1" * 5000),  # more digits than Python converts: a ValueError Django does not catch
        ("coarse_early_days", '["\\u0000"]'),  # a NUL, which PostgreSQL's jsonb refuses
        ("coarse_precisions", '["decade"]'),
    ],
)
def test_days_that_are_not_a_list_of_days_are_a_field_error(officer_client, field, typed):
    response = officer_client.post(reverse("admin:coordination_reminderpolicy_add"), {**POLICY, field: typed})
    assert response.status_code == 200
    assert "Write the" in " ".join(response.context["adminform"].form.errors[field])
    assert not ReminderPolicy.objects.filter(name="Tighter").exists()


def test_a_second_active_policy_is_refused_naming_the_active_one(officer_client):
    active = ReminderPolicy.objects.filter(is_active=True).first() or ReminderPolicy.objects.create(name="Default")
    response = officer_client.post(reverse("admin:coordination_reminderpolicy_add"), {**POLICY, "is_active": "on"})
    assert response.status_code == 200
    page = response.content.decode()
    assert f"“{active}” is the active policy" in page
    assert "is violated" not in page
