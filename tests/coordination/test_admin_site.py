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


# --- The index: the secretariat's work first, the machinery in "System" ---------------------------------


def _sections(client):
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    return {app["name"]: [model["object_name"] for model in app["models"]] for app in response.context["app_list"]}


def test_the_index_puts_the_work_first_and_the_machinery_in_one_system_section_for_superusers(client):
    from tests.factories import UserFactory

    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    sections = _sections(client)
    assert list(sections)[:4] == [
        "Coordination",
        "Meetings and documents",
        "Organizations and focal points",
        "Reading documents",
    ]
    assert list(sections)[-1] == "System"
    system = set(sections["System"])
    assert {"OutboxMessage", "PeriodicTask", "AuthToken", "AccessAttempt", "User", "UpdateEvent"} <= system
    assert "CallForInputs" in sections["Coordination"] and "UpdateEvent" not in sections["Coordination"]
    assert not {"Authentication and Authorization", "Axes", "Knox", "Periodic Tasks", "Core"} & set(sections)


def test_the_secretariat_sees_no_system_section(client, secretariat_user):
    from django.contrib.auth.models import Permission

    secretariat_user.user_permissions.add(*Permission.objects.filter(codename__in=["view_outboxmessage", "view_user"]))
    client.force_login(secretariat_user)
    sections = _sections(client)
    assert "System" not in sections
    assert not any("OutboxMessage" in models or "User" in models for models in sections.values())


def test_an_apps_own_page_still_lists_all_its_models(client):
    from tests.factories import UserFactory

    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.get(reverse("admin:app_list", args=["coordination"]))
    names = [model["object_name"] for app in response.context["app_list"] for model in app["models"]]
    assert "UpdateEvent" in names and "CallForInputs" in names
