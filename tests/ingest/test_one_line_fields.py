"""What a document gives for a one-line field may wrap over lines of its text: it is stored on one line
(#18), not refused, so accepting a proposal never trips the rule the forms apply."""

import pytest

from ingest.models import Proposal
from ingest.services import document_ingest, proposal_accept
from tests.ingest.test_review import RESOLUTION, proposal, registry  # noqa: F401  (registry: a fixture)

pytestmark = pytest.mark.django_db


def test_a_meeting_and_an_organization_named_over_several_lines_are_recorded_on_one_line(
    registry,  # noqa: F811
    secretariat_user,
):
    outcome = document_ingest(text=RESOLUTION.read_text(), filename="60-227\n(corrected).txt", by=secretariat_user)
    assert outcome.ingested.filename == "60-227 (corrected).txt"

    dialogue = proposal("meeting", start_date="2006-09-14")
    dialogue.data["name"] = "High-level Dialogue on\nInternational Migration and Development"
    dialogue.data["venue"] = "United Nations Headquarters,\r\nNew York"
    dialogue.matched_text = "on 14 and 15 September\n2006"
    dialogue.save()
    meeting = proposal_accept(proposal=dialogue, by=secretariat_user)
    assert meeting.title == "High-level Dialogue on International Migration and Development"
    assert (meeting.venue, meeting.dates_as_stated) == (
        "United Nations Headquarters, New York",
        "on 14 and 15 September 2006",
    )

    iom = proposal("organization", acronym="IOM")
    iom.data["name"] = "International Organization\u2028for Migration"
    iom.save()
    organization = proposal_accept(proposal=iom, by=secretariat_user)
    assert organization.name == "International Organization for Migration"

    for record in (meeting, organization):
        record.full_clean()
    # The meeting's operative paragraph (1) is recorded along with it, under its resolution (60/227).
    accepted = Proposal.objects.filter(status="accepted")
    assert sorted(accepted.values_list("kind", flat=True)) == ["mandate", "meeting", "organization", "paragraph"]
