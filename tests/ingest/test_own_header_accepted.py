"""What a resolution's header says arrives on the records accepted from it: the mandate's title,
adoption date, session and text; the document's title; a report request described in its own words.
The resolution is our own, modelled on the General Assembly's drafting."""

import pytest

from agencies.choices import OrganizationCategory, SessionRule
from coordination.models import Mandate
from ingest.models import Proposal
from ingest.services import document_ingest, proposal_accept
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

RESOLUTION = """United Nations A/RES/81/90

General Assembly Distr.: General
4 January 2027

Eighty-first session
Agenda item 18

Resolution adopted by the General Assembly on 17 December 2026

81/90. Population ageing and sustainable development

The General Assembly,

1. Requests the Secretary-General to submit to the General Assembly at its eighty-second session a report on the
implementation of the present resolution, including on the participation of older persons in the labour market;

2. Decides to include in the provisional agenda of its eighty-second session an item entitled "Population ageing
and sustainable development".
"""


@pytest.fixture
def ga(db):
    return OrganizationFactory(
        name="General Assembly",
        acronym="",
        category=OrganizationCategory.INTERGOVERNMENTAL_BODY,
        session_rule=SessionRule.GA_SEPTEMBER,
    )


def test_the_mandate_accepted_has_the_title_adoption_date_session_and_text_of_its_header(ga, secretariat_user):
    ingested = document_ingest(text=RESOLUTION, filename="81-90.txt", by=secretariat_user).ingested
    (own,) = Proposal.objects.filter(kind="mandate", data__role="this_document")
    mandate = proposal_accept(proposal=own, by=secretariat_user)
    assert (mandate.number, mandate.title, str(mandate.adoption_date)) == (
        "81/90", "Population ageing and sustainable development", "2026-12-17"
    )  # fmt: skip
    assert (mandate.session.body, mandate.session.number) == (ga, 81)
    assert mandate.document == ingested.document


def test_a_mandate_recorded_by_its_number_alone_gets_what_the_header_adds(ga, secretariat_user):
    recorded = Mandate.objects.create(body=ga, number="81/90", title="Population ageing (as recorded)")
    document_ingest(text=RESOLUTION, filename="81-90.txt", by=secretariat_user)
    (own,) = Proposal.objects.filter(kind="mandate", data__role="this_document")
    mandate = proposal_accept(proposal=own, by=secretariat_user)
    assert mandate.pk == recorded.pk
    assert (mandate.title, str(mandate.adoption_date), mandate.session.number) == (
        "Population ageing (as recorded)", "2026-12-17", 81
    )  # fmt: skip


def test_the_document_is_titled_as_its_text_titles_it_else_by_its_file_name(ga, secretariat_user):
    titled = document_ingest(text=RESOLUTION, filename="A-RES-81-90.txt", by=secretariat_user).ingested
    assert titled.document.title == "Population ageing and sustainable development"
    untitled = document_ingest(text="Notes taken at the coordination meeting.\n", filename="notes.txt").ingested
    assert untitled.document.title == "notes.txt"


def read_and_accept_the_mandate(user) -> None:
    document_ingest(text=RESOLUTION, filename="81-90.txt", by=user)
    (own,) = Proposal.objects.filter(kind="mandate", data__role="this_document")
    proposal_accept(proposal=own, by=user)


def test_the_report_request_accepted_keeps_its_words_and_the_agenda_item_is_no_obligation(ga, secretariat_user):
    read_and_accept_the_mandate(secretariat_user)
    (request,) = Proposal.objects.filter(kind="obligation")
    obligation = proposal_accept(proposal=request, by=secretariat_user)
    assert obligation.description == (
        "submit a report on the implementation of the present resolution, including on the participation of older "
        "persons in the labour market"
    )
    assert obligation.due_session.number == 82


def test_a_request_read_before_descriptions_were_read_is_still_a_report_on_its_subject(ga, secretariat_user):
    read_and_accept_the_mandate(secretariat_user)
    (request,) = Proposal.objects.filter(kind="obligation")
    del request.data["description"]
    request.save(update_fields=["data"])
    obligation = proposal_accept(proposal=request, by=secretariat_user)
    assert obligation.description == "submit a report on the implementation of the present resolution"
