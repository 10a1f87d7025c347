"""Searching for an organization in the admin: the exact acronym first ("ILO" is the International
Labour Organization, not the first name that holds the letters i-l-o)."""

import pytest
from django.urls import reverse

from tests.factories import FocalPointFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def organizations():
    # Names holding "ilo" that sort before the ILO's.
    OrganizationFactory(name="Biloxi Migration Forum", acronym="BMF")
    OrganizationFactory(name="Philosophy of Labour Institute", acronym="PLI")
    OrganizationFactory(name="Filoxenia Network", acronym="FN")
    OrganizationFactory(name="ILO Regional Office for Africa", acronym="ILO-ROAF")
    return OrganizationFactory(name="International Labour Organization", acronym="ILO")


def test_the_list_puts_the_exact_acronym_first_then_names_starting_with_it(officer_client, organizations):
    response = officer_client.get(reverse("admin:agencies_organization_changelist"), {"q": "ilo"})
    names = [organization.name for organization in response.context["cl"].result_list]
    assert names[:2] == ["International Labour Organization", "ILO Regional Office for Africa"]
    assert set(names[2:]) == {"Biloxi Migration Forum", "Philosophy of Labour Institute", "Filoxenia Network"}


def test_a_column_clicked_to_sort_wins_over_the_best_match(officer_client, organizations):
    response = officer_client.get(reverse("admin:agencies_organization_changelist"), {"q": "ilo", "o": "1"})
    names = [organization.name for organization in response.context["cl"].result_list]
    assert names == sorted(names)


def test_every_organization_picker_offers_the_exact_acronym_first(officer_client, organizations):
    FocalPointFactory()
    response = officer_client.get(
        reverse("admin:autocomplete"),
        {"term": "ILO", "app_label": "agencies", "model_name": "focalpoint", "field_name": "organization"},
    )
    assert response.status_code == 200
    texts = [result["text"] for result in response.json()["results"]]
    assert texts[0] == "ILO (International Labour Organization)", texts
    assert texts[1] == "ILO-ROAF (ILO Regional Office for Africa)"
