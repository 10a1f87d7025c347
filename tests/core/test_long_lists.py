"""core.admin's lists of large tables: the page's rows chosen before their relations are joined, and a row's
checkbox written as Django writes it."""

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coordination.models import FollowUpAction
from tests.factories import FollowUpActionFactory

pytestmark = pytest.mark.django_db


def test_a_rows_checkbox_is_the_one_django_writes():
    action = FollowUpActionFactory(title='<b>Survey</b> & "census" rounds')
    model_admin = admin.site.get_model_admin(FollowUpAction)

    assert model_admin.action_checkbox(action) == admin.ModelAdmin.action_checkbox(model_admin, action)


def test_the_page_is_chosen_in_a_subquery_before_the_relations_are_joined(admin_client, monkeypatch):
    monkeypatch.setattr(admin.site.get_model_admin(FollowUpAction), "list_per_page", 2)
    for _ in range(3):
        FollowUpActionFactory()

    with CaptureQueriesContext(connection) as context:
        response = admin_client.get(reverse("admin:coordination_followupaction_changelist"))

    assert response.status_code == 200
    changelist = response.context["cl"]
    # The rows and order Django's own slice of the whole joined query gives.
    assert [row.pk for row in changelist.result_list] == [row.pk for row in changelist.queryset[:2]]
    page = [q["sql"] for q in context.captured_queries if 'FROM "coordination_followupaction"' in q["sql"]
            and "LIMIT" in q["sql"] and " IN (SELECT " in q["sql"]]  # fmt: skip
    assert len(page) == 1
