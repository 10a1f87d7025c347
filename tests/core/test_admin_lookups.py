"""What is typed into the admin's lookups is a field error or nothing found, never a server error."""

import pytest
from django.contrib.admin import helpers
from django.urls import reverse

from agencies.models import Organization
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def test_an_autocomplete_lookup_holding_a_nul_finds_nothing(officer_client):
    OrganizationFactory(name="International Labour Organization")
    lookup = {"app_label": "agencies", "model_name": "organization", "field_name": "parent", "term": "Labour\x00"}
    response = officer_client.get(reverse("admin:autocomplete"), lookup)
    assert response.status_code == 200
    assert response.json()["results"] == []


@pytest.mark.parametrize("posted", ["abc", "\x00\x0b", str(10**20)])
def test_an_autocomplete_field_posted_something_that_is_not_a_record_says_so(officer_client, posted):
    data = {"name": "Regional office", "category": "secretariat", "session_rule": "explicit", "parent": posted}
    response = officer_client.post(reverse("admin:agencies_organization_add"), data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["parent"]
    assert not Organization.objects.filter(name="Regional office").exists()


def test_an_export_of_a_selection_that_is_not_ids_exports_nothing(officer_client):
    OrganizationFactory()
    data = {"resource": "0", "format": "0", "export_items": ["", "abc"]}
    response = officer_client.post(reverse("admin:agencies_organization_export"), data)
    assert response.status_code < 500


@pytest.mark.parametrize("selected", ["abc", "\x00", str(10**30)])
def test_a_tampered_selection_for_a_list_action_is_refused_in_words(client, secretariat_user, selected):
    client.force_login(secretariat_user)
    url = reverse("admin:coordination_activityupdate_changelist")
    answer = client.post(
        url, {"action": "accept", helpers.ACTION_CHECKBOX_NAME: [selected], "index": "0"}, follow=True
    )
    assert answer.status_code == 200
    assert "The selection was not understood" in answer.content.decode()


def test_every_admin_form_takes_an_address_without_its_scheme_as_https(rf):
    """ "www.ilo.org" typed into a website or a document's address is https://www.ilo.org (Django 6's
    default; Django 5 warns without it), in every model admin and inline."""
    from django.contrib import admin
    from django.db import models

    request = rf.get("/")
    seen = 0
    for model, model_admin in admin.site._registry.items():
        admins = [model_admin, *(inline(model, admin.site) for inline in model_admin.inlines)]
        for each in admins:
            for field in each.model._meta.fields:
                if isinstance(field, models.URLField):
                    formfield = each.formfield_for_dbfield(field, request)
                    assert formfield.assume_scheme == "https", (each, field.name)
                    seen += 1
    assert seen >= 3  # organizations' websites, documents' addresses (their admin and the meeting's inline)
