"""Accepting what a resolution's operative paragraphs propose: the paragraph recorded under its
resolution (recorded along with it), what each became linked to it, and a responsible officer for what
has to be chased."""

import pytest
from django.core.exceptions import ValidationError

from agencies.choices import OrganizationCategory, SessionRule
from coordination.models import FollowUpAction, Mandate, OperativeParagraph, Provenance, ReportingObligation
from ingest.choices import ProposalStatus
from ingest.models import Proposal
from ingest.services import document_ingest, proposal_accept, proposal_reject
from tests.factories import OrganizationFactory, UserFactory

from .test_operative_paragraphs import RESOLUTION

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry(db):
    organizations = {
        "ga": OrganizationFactory(
            name="General Assembly",
            acronym="",
            category=OrganizationCategory.INTERGOVERNMENTAL_BODY,
            session_rule=SessionRule.GA_SEPTEMBER,
        )
    }
    for acronym, name in [
        ("", "Secretary-General of the United Nations"),
        ("ECA", "Economic Commission for Africa"),
        ("ESCAP", "Economic and Social Commission for Asia and the Pacific"),
        ("ILO", "International Labour Organization"),
        ("IOM", "International Organization for Migration"),
    ]:
        organizations[acronym or "sg"] = OrganizationFactory(name=name, acronym=acronym)
    return organizations


@pytest.fixture
def read(registry, secretariat_user):
    return document_ingest(text=RESOLUTION, filename="71-318.txt", by=secretariat_user).ingested


def pending(kind: str, paragraph: str, **data) -> list[Proposal]:
    return [
        p
        for p in Proposal.objects.filter(kind=kind, paragraph=paragraph, status=ProposalStatus.PENDING)
        if all(p.data.get(k) == v for k, v in data.items())
    ]


def test_accepting_a_paragraph_records_it_under_its_resolution_recorded_along_with_it(
    read, registry, secretariat_user
):
    (proposal,) = pending("paragraph", "4")
    paragraph = proposal_accept(proposal=proposal, by=secretariat_user)
    assert isinstance(paragraph, OperativeParagraph)
    assert (paragraph.number, paragraph.verb, paragraph.addressee, paragraph.kind) == (
        "4", "requests", "the Secretary-General", "report"
    )  # fmt: skip
    assert paragraph.text.startswith("Also requests the Secretary-General to submit")
    mandate = paragraph.mandate
    assert (mandate.body, mandate.number, str(mandate.adoption_date)) == (registry["ga"], "71/318", "2016-12-21")
    assert mandate.document == read.document  # the resolution's own text
    own = Proposal.objects.get(kind="mandate", data__number="71/318")
    assert (own.status, own.decided_by, own.record) == ("accepted", secretariat_user, mandate)
    (statement,) = Provenance.objects.filter(content_type__model="operativeparagraph", object_id=paragraph.pk)
    assert (statement.document, statement.paragraph, statement.value_as_stated) == (read.document, "4", paragraph.text)
    # Accepted again from a corrected copy: the same paragraph, updated.
    assert proposal_accept(proposal=pending("paragraph", "2")[0], by=secretariat_user).mandate == mandate
    assert OperativeParagraph.objects.filter(mandate=mandate).count() == 2


def accept_the_resolution(by) -> Mandate:
    return proposal_accept(proposal=Proposal.objects.get(kind="mandate", data__number="71/318"), by=by)


def test_an_accepted_obligation_points_to_its_paragraph_and_its_officer_is_the_reviewer(read, secretariat_user):
    accept_the_resolution(secretariat_user)
    (report,) = pending("obligation", "4")
    obligation = proposal_accept(proposal=report, by=secretariat_user)
    assert isinstance(obligation, ReportingObligation)
    assert obligation.responsible_officer == secretariat_user
    assert obligation.paragraph is not None
    assert (obligation.paragraph.number, obligation.paragraph.kind) == ("4", "report")
    assert obligation.paragraph.mandate == obligation.mandate
    assert pending("paragraph", "4") == []  # recorded along with the obligation, by the same reviewer
    assert Proposal.objects.get(kind="paragraph", paragraph="4").decided_by == secretariat_user


def test_an_officer_already_named_is_kept(read, registry, secretariat_user):
    officer = UserFactory(username="officer-2")
    accept_the_resolution(secretariat_user)
    (report,) = pending("obligation", "4")
    obligation = proposal_accept(proposal=report, by=secretariat_user)
    obligation.responsible_officer = officer
    obligation.save()
    proposal_reject(proposal=pending("paragraph", "2")[0], by=secretariat_user, reason="Not needed.")
    (convening,) = pending("action", "2")
    action = proposal_accept(proposal=convening, by=officer, lead=registry["sg"])
    assert action.responsible_officer == officer
    assert action.origin_paragraph is None  # its paragraph was rejected: the action stays, unlinked
    obligation.refresh_from_db()
    assert obligation.responsible_officer == officer


def test_continue_convening_becomes_a_recurring_action_of_the_mandate_led_by_whom_the_reviewer_chooses(
    read, registry, secretariat_user
):
    (convening,) = pending("action", "2")
    # "the Secretary-General" as the text says it is no organization of the registry: the reviewer chooses.
    with pytest.raises(ValidationError, match="“the Secretary-General”, no organization of the registry"):
        proposal_accept(proposal=convening, by=secretariat_user)
    action = proposal_accept(proposal=convening, by=secretariat_user, lead=registry["sg"])
    assert isinstance(action, FollowUpAction)
    assert action.title == "Continue convening inter-agency coordination meetings on migrant workers and remittances"
    assert (action.recurrence, action.origin_mandate.number, action.lead_organization) == (
        "annual", "71/318", registry["sg"]
    )  # fmt: skip
    assert (action.origin_paragraph.number, action.origin_paragraph.kind) == ("2", "action")
    assert action.responsible_officer == secretariat_user
    assert not ReportingObligation.objects.exists()


def test_calls_upon_organizations_become_one_action_each_led_by_the_organization(read, registry, secretariat_user):
    called = pending("action", "3", verb="calls upon")
    actions = [proposal_accept(proposal=proposal, by=secretariat_user) for proposal in called]
    assert sorted(a.lead_organization.acronym for a in actions) == ["ECA", "ESCAP", "ILO"]
    assert {a.title for a in actions} == {"Exchange data on the cost of remittances"}
    paragraph = OperativeParagraph.objects.get(number="3")
    assert set(paragraph.actions.all()) == set(actions)
    assert all(a.origin_mandate == paragraph.mandate for a in actions)

    (new,) = pending("action", "3", acronym="ICRS")
    with pytest.raises(ValidationError, match="not in the registry"):
        proposal_accept(proposal=new, by=secretariat_user)
    (organization,) = pending("organization", "3", acronym="ICRS")
    proposal_accept(proposal=organization, by=secretariat_user)
    invited = proposal_accept(proposal=new, by=secretariat_user)
    assert (invited.lead_organization.acronym, str(invited.due_date), invited.due_precision) == (
        "ICRS", "2018-06-30", "day"
    )  # fmt: skip


def test_the_meeting_a_paragraph_convenes_is_linked_to_it(read, secretariat_user):
    (meeting,) = Proposal.objects.filter(kind="meeting", paragraph="5")
    recorded = proposal_accept(proposal=meeting, by=secretariat_user)
    paragraph = OperativeParagraph.objects.get(number="5")
    assert (paragraph.kind, paragraph.meeting) == ("meeting", recorded)


def test_a_paragraph_accepted_after_what_it_became_links_it(read, secretariat_user):
    mandate = accept_the_resolution(secretariat_user)
    paragraph_proposal = pending("paragraph", "4")[0]
    # Recorded by hand in the meantime: the obligation is accepted while its paragraph waits.
    Proposal.objects.filter(pk=paragraph_proposal.pk).update(status=ProposalStatus.REJECTED, reject_reason="Later.")
    obligation = proposal_accept(proposal=pending("obligation", "4")[0], by=secretariat_user)
    assert obligation.paragraph is None
    Proposal.objects.filter(pk=paragraph_proposal.pk).update(status=ProposalStatus.PENDING, reject_reason="")
    paragraph = proposal_accept(proposal=paragraph_proposal, by=secretariat_user)
    obligation.refresh_from_db()
    assert (obligation.paragraph, paragraph.mandate) == (paragraph, mandate)


def test_a_paragraph_of_a_resolution_whose_body_is_unknown_waits_and_says_why(secretariat_user):
    document_ingest(text=RESOLUTION, filename="71-318.txt", by=secretariat_user)
    with pytest.raises(ValidationError, match=r"General Assembly.*not in the registry"):
        proposal_accept(proposal=pending("paragraph", "4")[0], by=secretariat_user)
    assert not Mandate.objects.exists() and not OperativeParagraph.objects.exists()
