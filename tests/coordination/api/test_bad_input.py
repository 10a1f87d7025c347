"""Input no client should send still gets an answer in words, never a 5xx (#18): a body nested too
deep, a control character in the idempotency key, and a 404 that does not name the model."""

import pytest
from django.urls import reverse

from tests.factories import InputRequestFactory

pytestmark = pytest.mark.django_db


def test_json_nested_fifty_thousand_levels_deep_is_a_400(api_client_for, focal_point_a):
    client = api_client_for(focal_point_a)
    body = "[" * 50_000 + "]" * 50_000
    answer = client.generic("POST", reverse("updates-list"), body, content_type="application/json")
    assert answer.status_code == 400
    assert answer.json() == {"detail": "JSON parse error: the body is nested too deeply."}


@pytest.mark.parametrize("key", ["abc\x00def", "tab\there", "é-accent"])
def test_an_idempotency_key_with_a_control_character_or_not_ascii_is_a_400(api_client_for, focal_point_a, key):
    client = api_client_for(focal_point_a)
    answer = client.post(reverse("updates-list"), {"title": "T", "body": "B"}, format="json", HTTP_IDEMPOTENCY_KEY=key)
    assert answer.status_code == 400
    assert "printable ASCII" in answer.json()["detail"]


def test_a_404_says_not_found_without_naming_the_model(api_client_for, focal_point_a, organization_b):
    client = api_client_for(focal_point_a)
    elsewhere = InputRequestFactory(organization=organization_b)  # another organization's: invisible
    for pk in (elsewhere.pk, 999_999_999):
        answer = client.get(reverse("input-requests-detail", args=[pk]))
        assert (answer.status_code, answer.json()) == (404, {"detail": "Not found."})


@pytest.mark.parametrize(
    "query",
    ["mandate=-9223372036854775809", "mandate=99999999999999999999", "mandate=abc", "mandate=0", "mandate=-1"],
)
def test_an_id_filter_outside_what_an_id_can_be_is_a_400_in_words(api_client_for, secretariat_user, query):
    answer = api_client_for(secretariat_user).get(f"{reverse('actions-list')}?{query}")
    assert answer.status_code == 400
    assert set(answer.json()) == {"mandate"}


def test_a_filter_by_an_unknown_id_and_by_an_invisible_one_answer_the_same_empty_page(
    api_client_for, focal_point_a, organization_b
):
    client = api_client_for(focal_point_a)
    invisible = InputRequestFactory(organization=organization_b).call_id
    answers = [client.get(reverse("input-requests-list"), {"call": pk}) for pk in (invisible, 999_999_999)]
    assert {(a.status_code, a.json()["count"]) for a in answers} == {(200, 0)}


def test_a_nul_in_a_filter_is_a_400_in_words(api_client_for, secretariat_user):
    answer = api_client_for(secretariat_user).get(f"{reverse('actions-list')}?mandate=%00")
    assert answer.status_code == 400
    assert answer.json() == {"detail": "The query parameter “mandate” holds a control character (U+0000): remove it."}


def test_an_update_for_another_organizations_request_reads_as_one_that_does_not_exist(
    api_client_for, focal_point_a, organization_b
):
    client = api_client_for(focal_point_a)
    elsewhere = InputRequestFactory(organization=organization_b)
    refusals = []
    for pk in (elsewhere.pk, 999_999_999):
        answer = client.post(reverse("updates-list"), {"title": "T", "body": "B", "input_request": pk}, format="json")
        assert answer.status_code == 422  # well formed, naming nothing the caller may see
        refusals.append(answer.json()["input_request"][0].replace(str(pk), "N"))
    assert refusals[0] == refusals[1] == 'Invalid pk "N" - object does not exist.'
