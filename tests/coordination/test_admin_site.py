"""Every registered model has a working admin changelist, add page and search, for the secretariat only."""

import pytest
from django.contrib import admin
from django.urls import reverse

from tests.factories import (
    ActivityUpdateFactory,
    FollowUpActionFactory,
    InputRequestFactory,
    MembershipFactory,
    OutboxMessageFactory,
    ParticipantFactory,
    ProvenanceFactory,
    ReportingObligationFactory,
    SessionFactory,
    UserProfileFactory,
)

pytestmark = pytest.mark.django_db

OUR_APPS = {"core", "agencies", "meetings", "coordination", "ingest"}
REGISTERED = sorted(
    (model._meta.app_label, model._meta.model_name)
    for model in admin.site._registry
    if model._meta.app_label in OUR_APPS
)


@pytest.fixture
def some_of_everything(focal_point_a):
    MembershipFactory()
    UserProfileFactory()
    ParticipantFactory()
    SessionFactory()
    ReportingObligationFactory()
    FollowUpActionFactory()
    InputRequestFactory()
    ActivityUpdateFactory()
    ProvenanceFactory()
    OutboxMessageFactory()


def test_every_model_of_the_domain_apps_is_registered():
    from django.apps import apps

    models = {(m._meta.app_label, m._meta.model_name) for m in apps.get_models() if m._meta.app_label in OUR_APPS}
    historical = {key for key in models if key[1].startswith("historical")}
    assert models - historical == set(REGISTERED)


@pytest.mark.parametrize(("app_label", "model_name"), REGISTERED)
def test_changelist_search_and_filters_render_for_the_secretariat(
    client, secretariat_user, some_of_everything, app_label, model_name
):
    client.force_login(secretariat_user)
    url = reverse(f"admin:{app_label}_{model_name}_changelist")
    assert client.get(url).status_code == 200
    assert client.get(url, {"q": "migration"}).status_code == 200


@pytest.mark.parametrize("state", ["overdue", "due_7", "due_30", "later", "undated", "lapsed", "closed"])
def test_action_list_filters_by_deadline_state(client, secretariat_user, state):
    FollowUpActionFactory(title="Convene the fourth meeting")
    client.force_login(secretariat_user)
    response = client.get(reverse("admin:coordination_followupaction_changelist"), {"deadline_state": state})
    assert response.status_code == 200
    # The factory's action is due in 20 days.
    assert ("Convene the fourth meeting" in response.text) == (state == "due_30")


@pytest.mark.parametrize("actor", ["focal_point_a", "no_organization_user"])
def test_everyone_but_the_secretariat_is_sent_to_the_login_page(client, request, actor):
    client.force_login(request.getfixturevalue(actor))
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    response = client.get("/")
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 302
