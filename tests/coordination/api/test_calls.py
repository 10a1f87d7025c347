"""Opening a call for inputs through the API: whom it asks, what they are told, what is refused."""

import datetime as dt

import pytest
from django.urls import reverse

from agencies.choices import OrganizationCategory
from coordination.deadlines import secretariat_today
from coordination.models import CallForInputs, InputRequest
from core.models import OutboxMessage
from tests.factories import FocalPointFactory, MembershipFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


def test_a_call_asks_chosen_organizations_a_category_and_a_groups_members_once_each(officer, secretariat_user):
    ilo = OrganizationFactory(acronym="ILO", category=OrganizationCategory.SPECIALIZED_AGENCY)
    commission = OrganizationFactory(acronym="ECA", category=OrganizationCategory.REGIONAL_COMMISSION)
    gmg = OrganizationFactory(acronym="GMG", category=OrganizationCategory.INTERAGENCY_GROUP)
    iom = OrganizationFactory(acronym="IOM", category=OrganizationCategory.OTHER_INTERGOVERNMENTAL)
    MembershipFactory(group=gmg, member=iom)
    MembershipFactory(group=gmg, member=ilo)  # also chosen by hand: asked once
    former = OrganizationFactory(acronym="OLD")
    MembershipFactory(group=gmg, member=former, end_date=secretariat_today() - dt.timedelta(days=1))
    person = FocalPointFactory(organization=iom, user__email="fp@iom.example.org").user
    FocalPointFactory(organization=ilo, user=person)  # acts for two addressees: one mail

    deadline = secretariat_today() + dt.timedelta(days=30)
    response = officer.post(
        reverse("calls-list"),
        {
            "title": "Inputs for the report on international migration and development",
            "deadline": deadline.isoformat(),
            "organizations": [ilo.pk],
            "categories": [OrganizationCategory.REGIONAL_COMMISSION],
            "groups": [gmg.pk],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    call = CallForInputs.objects.get(pk=response.json()["id"])
    assert (call.status, call.responsible_officer) == ("open", secretariat_user)
    asked = InputRequest.objects.filter(call=call)
    assert sorted(asked.values_list("organization__acronym", flat=True)) == ["ECA", "ILO", "IOM"]
    assert {(r.due_date, r.status) for r in asked} == {(deadline, "open")}
    assert sorted(response.json()["addressees"]) == sorted([ilo.pk, commission.pk, iom.pk])
    (mail,) = OutboxMessage.objects.filter(kind="call_opened")
    assert mail.to_email == "fp@iom.example.org"
    assert "ILO, IOM" in mail.body_text and f"{deadline.day} {deadline:%B %Y}" in mail.subject


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"title": "x", "deadline": "2020-01-01", "categories": ["regional_commission"]}, 422, "deadline"),
        ({"title": "x", "deadline": "2099-01-01"}, 422, "addressees"),
        ({"title": "x", "deadline": "2099-01-01", "categories": ["no_such_category"]}, 400, "categories"),
        ({"title": "x", "deadline": "2099-01-01", "organizations": [999999]}, 422, "organizations"),
    ],
)
def test_a_call_that_cannot_be_opened_is_refused_naming_the_field_and_leaves_nothing(officer, body, status, field):
    OrganizationFactory(category=OrganizationCategory.REGIONAL_COMMISSION)
    response = officer.post(reverse("calls-list"), body, format="json")
    assert response.status_code == status
    assert field in response.json()
    assert not CallForInputs.objects.exists()
    assert not InputRequest.objects.exists()


def test_retrying_with_the_same_idempotency_key_opens_one_call(officer):
    OrganizationFactory(category=OrganizationCategory.REGIONAL_COMMISSION)
    body = {"title": "Once", "deadline": "2099-01-01", "categories": ["regional_commission"]}
    first = officer.post(reverse("calls-list"), body, format="json", HTTP_IDEMPOTENCY_KEY="open-1")
    again = officer.post(reverse("calls-list"), body, format="json", HTTP_IDEMPOTENCY_KEY="open-1")
    assert (first.status_code, again.status_code) == (201, 201)
    assert first.json() == again.json()
    assert CallForInputs.objects.count() == 1


def test_the_board_and_the_compilation_are_the_secretariats(officer, api_client_for, focal_point_a):
    import io

    from docx import Document

    from tests.factories import ActivityUpdateFactory, CallForInputsFactory, InputRequestFactory

    call = CallForInputsFactory(title="Report on migration", status="open", deadline=dt.date(2026, 7, 15))
    answered = InputRequestFactory(call=call, organization__name="Answering Fund", status="answered")
    ActivityUpdateFactory(organization=answered.organization, input_request=answered, status="accepted")
    InputRequestFactory(call=call, organization__name="Silent Programme", due_date=dt.date(2026, 7, 15))

    board = officer.get(reverse("calls-board", args=[call.pk]))
    assert board.status_code == 200
    body = board.json()
    assert (body["asked"], body["answered"], body["late"]) == (2, 1, 1)
    silent = next(row for row in body["organizations"] if row["organization"]["name"] == "Silent Programme")
    assert silent["status"] == "open" and silent["days_late"] > 0

    docx = officer.get(f"/api/v1/calls/{call.pk}/compilation.docx/")
    assert docx.status_code == 200
    assert docx["Content-Type"].startswith("application/vnd.openxmlformats-officedocument")
    paragraphs = [p.text for p in Document(io.BytesIO(docx.content)).paragraphs]
    assert paragraphs[0] == "Report on migration" and "Silent Programme: no answer" in paragraphs
    markdown = officer.get(f"/api/v1/calls/{call.pk}/compilation.md/")
    assert markdown.status_code == 200 and "# Report on migration" in markdown.content.decode()

    focal = api_client_for(focal_point_a)
    for url in (reverse("calls-board", args=[call.pk]), f"/api/v1/calls/{call.pk}/compilation.docx/"):
        refused = focal.get(url)
        assert refused.status_code == 403
        assert refused["Content-Type"] == "application/json"
        assert api_client_for(None).get(url).status_code == 401
