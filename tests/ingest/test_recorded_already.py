"""Accepting what is recorded already: resolution 58/208 read after the seed data recorded its High-level
Dialogue and the coordination meetings it asks for. The meeting and the action are linked to the records
there are (paragraph and provenance) instead of made again, unless the reviewer asks for new ones; an action
whose request names no organization of the registry waits for the reviewer to choose its lead."""

import datetime as dt
from pathlib import Path

import pytest
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.urls import reverse

from agencies.choices import OrganizationCategory
from coordination.models import FollowUpAction, OperativeParagraph, Provenance
from ingest.choices import ProposalStatus
from ingest.matching import recorded_matches, titles_alike
from ingest.models import Proposal
from ingest.services import document_ingest, proposal_accept, proposals_accept
from meetings.choices import DatePrecision, MeetingKind
from meetings.models import Meeting
from tests.factories import (
    FollowUpActionFactory,
    GeneralAssemblyFactory,
    MandateFactory,
    MeetingFactory,
    OrganizationFactory,
)

pytestmark = pytest.mark.django_db

RESOLUTION = Path(__file__).with_name("resolution_58_208.txt").read_text(encoding="utf-8")


@pytest.fixture
def recorded(db):
    """What the seed data holds of 58/208: the resolution, the Dialogue it decided, the action it asked for."""
    ga = GeneralAssemblyFactory()
    secretary_general = OrganizationFactory(
        name="Secretary-General of the United Nations", acronym="", category=OrganizationCategory.SECRETARIAT
    )
    for acronym, name in [
        ("ILO", "International Labour Organization"),
        ("IOM", "International Organization for Migration"),
    ]:
        OrganizationFactory(acronym=acronym, name=name)
    mandate = MandateFactory(body=ga, number="58/208")
    dialogue = MeetingFactory(
        title="High-level Dialogue on International Migration and Development",
        kind=MeetingKind.DIALOGUE,
        start_date=dt.date(2006, 9, 14),
        end_date=dt.date(2006, 9, 15),
        venue="New York",
    )
    convening = FollowUpActionFactory(
        title="Continue convening coordination meetings on international migration (third meeting, 2004)",
        origin_meeting=None,
        origin_mandate=mandate,
        lead_organization=secretary_general,
        due_precision="",
        due_date=None,
    )
    return {"ga": ga, "mandate": mandate, "dialogue": dialogue, "convening": convening, "sg": secretary_general}


@pytest.fixture
def read(recorded, secretariat_user):
    return document_ingest(text=RESOLUTION, filename="A-RES-58-208.txt", by=secretariat_user).ingested


def pending(kind: str, paragraph: str) -> Proposal:
    (found,) = Proposal.objects.filter(kind=kind, paragraph=paragraph, status=ProposalStatus.PENDING)
    return found


def test_titles_are_alike_when_the_shorter_ones_words_are_all_in_the_longer_or_two_thirds_are_shared():
    assert titles_alike(
        "Continue convening coordination meetings on international migration",
        "Continue convening coordination meetings on international migration (third meeting, 2004)",
    )
    assert titles_alike("high-level dialogue on international migration and development",
                        "High-level Dialogue on International Migration and Development")  # fmt: skip
    assert not titles_alike(
        "Continue to address the issue of international migration and development",
        "Continue convening coordination meetings on international migration (third meeting, 2004)",
    )
    assert not titles_alike("the", "of the")


def test_a_meeting_recorded_already_is_linked_with_its_paragraph_and_provenance_not_made_again(
    read, recorded, secretariat_user
):
    dialogue = pending("meeting", "2")
    assert dialogue.summary == "high-level dialogue on international migration and development, 2006"
    assert recorded_matches([dialogue])[dialogue.pk].record == recorded["dialogue"]

    meeting = proposal_accept(proposal=dialogue, by=secretariat_user)
    assert meeting == recorded["dialogue"] and Meeting.objects.count() == 1
    assert OperativeParagraph.objects.get(number="2").meeting == recorded["dialogue"]
    (statement,) = Provenance.objects.filter(content_type__model="meeting", object_id=meeting.pk)
    assert (statement.document, statement.paragraph) == (read.document, "2")
    assert "during its sixty-first session in 2006" in statement.value_as_stated


def test_a_meeting_of_another_year_is_not_the_one_recorded(read, recorded, secretariat_user):
    Meeting.objects.filter(pk=recorded["dialogue"].pk).update(start_date=dt.date(2013, 10, 3), end_date=None)
    dialogue = pending("meeting", "2")
    assert recorded_matches([dialogue]) == {}
    meeting = proposal_accept(proposal=dialogue, by=secretariat_user)
    assert meeting != recorded["dialogue"] and meeting.date_precision == DatePrecision.YEAR


def test_the_reviewer_can_still_make_a_new_meeting(read, recorded, secretariat_user):
    meeting = proposal_accept(proposal=pending("meeting", "2"), by=secretariat_user, as_new=True)
    assert meeting != recorded["dialogue"] and Meeting.objects.count() == 2


def test_an_action_recorded_already_is_linked_to_its_paragraph_not_made_again(read, recorded, secretariat_user):
    convening = pending("action", "5")
    assert recorded_matches([convening])[convening.pk].record == recorded["convening"]
    action = proposal_accept(proposal=convening, by=secretariat_user)
    assert action == recorded["convening"] and FollowUpAction.objects.count() == 1
    action.refresh_from_db()
    assert (action.origin_paragraph.number, action.lead_organization) == ("5", recorded["sg"])
    assert Provenance.objects.filter(content_type__model="followupaction", object_id=action.pk).exists()

    ilo = Proposal.objects.get(kind="action", paragraph="4", data__acronym="ILO")
    new = proposal_accept(proposal=ilo, by=secretariat_user)  # nothing of it recorded
    assert new != recorded["convening"] and new.lead_organization.acronym == "ILO"


def test_of_several_actions_alike_the_standing_one_of_the_same_recurrence_is_the_one_recorded(
    read, recorded, secretariat_user
):
    FollowUpAction.objects.filter(pk=recorded["convening"].pk).update(
        status="done", completed_on=dt.date(2004, 10, 28)
    )
    standing = FollowUpActionFactory(
        title="Continue convening coordination meetings on international migration (annually)",
        recurrence="annual",
        origin_meeting=None,
        origin_mandate=recorded["mandate"],
        lead_organization=recorded["sg"],
    )
    convening = pending("action", "5")
    assert convening.data["recurrence"] == "annual"
    assert recorded_matches([convening])[convening.pk].record == standing
    assert proposal_accept(proposal=convening, by=secretariat_user) == standing


def test_an_action_naming_no_organization_of_the_registry_waits_for_the_reviewer_to_choose_its_lead(
    read, recorded, secretariat_user
):
    system = pending("action", "3")
    assert system.data["addressee"].startswith("the United Nations system")
    with pytest.raises(ValidationError, match="no organization of the registry: open the proposal, choose the lead"):
        proposal_accept(proposal=system, by=secretariat_user)
    assert (
        not FollowUpAction.objects.filter(origin_mandate=recorded["mandate"])
        .exclude(pk=recorded["convening"].pk)
        .exists()
    )
    system.refresh_from_db()
    assert system.status == ProposalStatus.PENDING

    action = proposal_accept(proposal=system, by=secretariat_user, lead=recorded["sg"])
    assert (action.lead_organization, action.origin_paragraph.number) == (recorded["sg"], "3")
    with pytest.raises(ValidationError, match="Only a follow-up action"):
        proposal_accept(proposal=pending("meeting", "2"), by=secretariat_user, lead=recorded["sg"])


def test_accepting_a_whole_document_counts_what_was_accepted_along_with_another_as_accepted(read, secretariat_user):
    proposals = list(Proposal.objects.order_by("pk"))
    outcome = proposals_accept(proposals=proposals, by=secretariat_user)
    (refused,) = outcome.refused  # the United Nations system: no lead chosen
    assert refused[0].paragraph == "3" and "choose the lead organization" in refused[1]
    assert sorted(p.paragraph for p in outcome.along) == ["4", "5", "6"]
    assert len(outcome.accepted) + len(outcome.along) == len(proposals) - 1
    assert Proposal.objects.filter(status=ProposalStatus.ACCEPTED).count() == len(proposals) - 1


# --- The review queue and a proposal's own page --------------------------------------------------------


def test_the_queue_says_what_is_recorded_already_and_dates_a_meeting_at_its_precision(
    client, read, recorded, secretariat_user
):
    client.force_login(secretariat_user)
    page = client.get(reverse("admin:ingest_proposal_changelist"), {"ingested__id__exact": read.pk}).content.decode()
    meeting_url = reverse("admin:meetings_meeting_change", args=[recorded["dialogue"].pk])
    action_url = reverse("admin:coordination_followupaction_change", args=[recorded["convening"].pk])
    assert f'already recorded: <a href="{meeting_url}"' in page
    assert f'already recorded: <a href="{action_url}"' in page
    assert "Meeting: High-level Dialogue on International Migration and Development, 14 to 15 September 2006" in page
    assert "international migration and development, 2006<" in page
    assert "2006-12-31" not in page
    assert "delete_selected" not in page  # proposals are rejected, never deleted


def test_accepting_a_selection_counts_what_was_accepted_along_with_another_as_accepted(
    client, read, recorded, secretariat_user
):
    client.force_login(secretariat_user)
    everything = list(Proposal.objects.values_list("pk", flat=True))
    answer = client.post(
        reverse("admin:ingest_proposal_changelist"),
        {"action": "accept", helpers.ACTION_CHECKBOX_NAME: everything, "index": "0"},
        follow=True,
    )
    said = [str(message) for message in answer.context["messages"]]
    assert said[0].startswith(f"Accepted {len(everything) - 1} of {len(everything)}. 3 of them along with another")
    assert "operative paragraph 4, operative paragraph 5, operative paragraph 6" in said[0]
    (refusal,) = said[1:]
    assert refusal.startswith("Not accepted: Follow-up action: the United Nations system")
    assert "choose the lead organization" in refusal and "already accepted" not in refusal
    assert (
        Meeting.objects.count() == 1 and FollowUpAction.objects.filter(title__startswith="Continue conv").count() == 1
    )


def test_a_proposals_page_shows_its_data_as_labelled_fields_with_accept_and_reject_and_no_delete(
    client, read, recorded, secretariat_user
):
    client.force_login(secretariat_user)
    system = pending("action", "3")
    url = reverse("admin:ingest_proposal_change", args=[system.pk])
    page = client.get(url).content.decode()
    assert reverse("admin:ingest_proposal_accept", args=[system.pk]) in page
    assert reverse("admin:ingest_proposal_reject", args=[system.pk]) in page
    assert '<th scope="row">Addressed to (as stated)</th><td>the United Nations system' in page
    assert '{"key"' not in page and "deletelink" not in page
    dialogue = client.get(reverse("admin:ingest_proposal_change", args=[pending("meeting", "2").pk]))
    assert '<th scope="row">Dates</th><td>2006</td>' in dialogue.content.decode()
    assert "2006-12-31" not in dialogue.content.decode()
    assert client.get(reverse("admin:ingest_proposal_delete", args=[system.pk])).status_code == 403

    accept = reverse("admin:ingest_proposal_accept", args=[system.pk])
    refused = client.post(accept, {})
    assert refused.status_code == 200 and "choose the lead organization" in refused.content.decode()
    done = client.post(accept, {"lead_organization": recorded["sg"].pk})
    assert done.status_code == 302
    system.refresh_from_db()
    assert (system.status, system.record.lead_organization) == ("accepted", recorded["sg"])
    assert reverse("admin:ingest_proposal_accept", args=[system.pk]) not in client.get(url).content.decode()


def test_on_its_page_the_reviewer_links_a_meeting_to_the_one_recorded_or_makes_a_new_one(
    client, read, recorded, secretariat_user
):
    client.force_login(secretariat_user)
    dialogue = pending("meeting", "2")
    accept = reverse("admin:ingest_proposal_accept", args=[dialogue.pk])
    form = client.get(accept).content.decode()
    assert "Already recorded: Meeting: High-level Dialogue" in form and "lead_organization" not in form
    client.post(accept, {"record": "new"})
    dialogue.refresh_from_db()
    assert dialogue.record != recorded["dialogue"] and Meeting.objects.count() == 2

    (ilo,) = [p for p in Proposal.objects.filter(kind="action", paragraph="4") if p.data["acronym"] == "ILO"]
    client.post(reverse("admin:ingest_proposal_reject", args=[ilo.pk]), {"reason": "Asked of IOM alone."})
    ilo.refresh_from_db()
    assert (ilo.status, ilo.reject_reason) == ("rejected", "Asked of IOM alone.")
