"""The review queue: a text read, its proposals accepted or rejected, the records they make (with
provenance), and reading again adding nothing; through the services, the command and the admin."""

from pathlib import Path

import pytest
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from agencies.choices import OrganizationCategory, SessionRule
from agencies.models import Organization
from coordination.models import Mandate, Provenance, ReportingObligation
from ingest.choices import ProposalStatus
from ingest.models import IngestedDocument, Proposal
from ingest.services import document_ingest, proposal_accept, proposal_reject
from meetings.models import Meeting
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

RESOLUTION = Path(__file__).with_name("resolution_60_227.txt")


@pytest.fixture
def registry(db):
    return {
        "ga": OrganizationFactory(
            name="General Assembly",
            acronym="",
            category=OrganizationCategory.INTERGOVERNMENTAL_BODY,
            session_rule=SessionRule.GA_SEPTEMBER,
        ),
        "ilo": OrganizationFactory(name="International Labour Organization", acronym="ILO"),
    }


def proposal(kind: str, **data) -> Proposal:
    """The one pending proposal of ``kind`` whose data holds ``data``."""
    (found,) = [p for p in Proposal.objects.filter(kind=kind) if all(p.data.get(k) == v for k, v in data.items())]
    return found


def test_a_resolution_read_accepted_and_rejected_in_part_makes_records_with_provenance(registry, secretariat_user):
    outcome = document_ingest(text=RESOLUTION.read_text(), filename="60-227.txt", by=secretariat_user)
    ingested = outcome.ingested
    assert (ingested.symbol, str(ingested.date), ingested.session) == ("A/RES/60/227", "2006-03-07", 60)
    assert outcome.created and outcome.proposed == Proposal.objects.count() > 0

    recalled = proposal("mandate", number="58/208")
    assert recalled.data["adoption_date"] == "2003-12-23"
    mandate = proposal_accept(proposal=recalled, by=secretariat_user)
    assert (mandate.body, mandate.number, str(mandate.adoption_date)) == (registry["ga"], "58/208", "2003-12-23")
    (statement,) = Provenance.objects.filter(object_id=mandate.pk, content_type__model="mandate")
    assert (statement.document, statement.paragraph) == (ingested.document, recalled.paragraph)
    assert "58/208 of 23 December 2003" in statement.value_as_stated

    this_one = proposal("mandate", number="60/227")
    proposal_accept(proposal=this_one, by=secretariat_user)
    report = proposal("obligation", target_session=61)
    obligation = proposal_accept(proposal=report, by=secretariat_user)
    assert isinstance(obligation, ReportingObligation)
    assert (obligation.mandate.number, obligation.addressee, obligation.due_precision) == (
        "60/227", registry["ga"], "session",
    )  # fmt: skip
    assert obligation.due_session.number == 61 and obligation.due_date is not None  # through the session rule

    dialogue = proposal("meeting", start_date="2006-09-14")
    meeting = proposal_accept(proposal=dialogue, by=secretariat_user)
    assert (str(meeting.end_date), meeting.venue, meeting.kind) == ("2006-09-15", "New York", "dialogue")

    iom = proposal("organization", acronym="IOM")
    rejected = proposal_reject(proposal=iom, by=secretariat_user, reason="Recorded under another name.")
    assert (rejected.status, rejected.reject_reason, rejected.decided_by) == (
        "rejected", "Recorded under another name.", secretariat_user,
    )  # fmt: skip
    assert not Organization.objects.filter(acronym="IOM").exists()
    with pytest.raises(ValidationError, match="already rejected"):
        proposal_accept(proposal=iom, by=secretariat_user)
    with pytest.raises(ValidationError, match="Say why"):
        proposal_reject(proposal=proposal("symbol", symbol="A/60/488/Add.3"), by=secretariat_user, reason="  ")

    # The same text again: nothing new. A corrected copy of the same document: only what is new.
    again = document_ingest(text=RESOLUTION.read_text(), filename="copy.txt", by=secretariat_user)
    assert (again.created, again.proposed, again.ingested) == (False, 0, ingested)
    corrected = RESOLUTION.read_text().replace(
        "to contribute to the dialogue.", "to contribute to the dialogue, as decided in resolution 59/241."
    )
    copy = document_ingest(text=corrected, filename="corrected.txt", by=secretariat_user)
    assert copy.created and copy.proposed == 0 and copy.ingested.document == ingested.document
    assert Mandate.objects.filter(number="58/208").count() == 1
    assert Meeting.objects.count() == 1


def test_an_obligation_waits_for_its_resolution_and_a_body_outside_the_registry_is_named(secretariat_user):
    document_ingest(text=RESOLUTION.read_text(), filename="60-227.txt")
    with pytest.raises(ValidationError, match=r"General Assembly.*not in the registry"):
        proposal_accept(proposal=proposal("mandate", number="58/208"), by=secretariat_user)
    with pytest.raises(ValidationError, match="60/227 is not recorded"):
        proposal_accept(proposal=proposal("obligation", target_session=61), by=secretariat_user)
    assert Proposal.objects.filter(status=ProposalStatus.PENDING).count() == Proposal.objects.count()


def test_the_command_reads_files_reports_progress_and_names_what_it_could_not_read(registry, tmp_path, capsys):
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("Résolution 58/208".encode("latin-1"))
    with pytest.raises(CommandError, match="2 of 3 files could not be read"):
        call_command("ingest", str(RESOLUTION), str(tmp_path / "missing.txt"), str(latin1))
    out, err = capsys.readouterr()
    assert "[1/3]" in out and "A/RES/60/227" in out and "proposals to review" in out
    assert "missing.txt: not read: no such file" in err
    assert "latin1.txt: not read: not utf-8 text" in err and "--encoding" in err
    assert IngestedDocument.objects.count() == 1

    call_command("ingest", str(RESOLUTION))
    assert "read before (A/RES/60/227): nothing new" in capsys.readouterr().out
    call_command("ingest", "--encoding", "latin-1", str(latin1))
    assert IngestedDocument.objects.count() == 2


def test_a_dry_run_prints_the_proposals_and_saves_nothing(registry, capsys):
    call_command("ingest", "--dry-run", str(RESOLUTION))
    out = capsys.readouterr().out
    assert "'number': '58/208'" in out and "'start_date': '2006-09-14'" in out
    assert not IngestedDocument.objects.exists() and not Proposal.objects.exists()


def test_the_admin_uploads_a_text_then_accepts_and_rejects_from_the_queue(client, registry, secretariat_user):
    client.force_login(secretariat_user)
    upload = client.post(
        reverse("admin:ingest_ingesteddocument_add"),
        {"file": SimpleUploadedFile("60-227.txt", RESOLUTION.read_bytes(), content_type="text/plain")},
    )
    ingested = IngestedDocument.objects.get()
    queue = reverse("admin:ingest_proposal_changelist")
    assert upload.url == f"{queue}?ingested__id__exact={ingested.pk}&status__exact=pending"
    assert "58/208" in client.get(upload.url).content.decode()

    recalled, later = proposal("mandate", number="58/208"), proposal("mandate", number="59/241")
    client.post(queue, {"action": "accept", helpers.ACTION_CHECKBOX_NAME: [recalled.pk], "index": "0"})
    assert Mandate.objects.filter(number="58/208").exists()
    asked = client.post(queue, {"action": "reject", helpers.ACTION_CHECKBOX_NAME: [later.pk], "index": "0"})
    assert "Reject the proposals" in asked.content.decode()
    client.post(
        queue,
        {"action": "reject", helpers.ACTION_CHECKBOX_NAME: [later.pk], "apply": "1", "reason": "Not this one."},
    )
    later.refresh_from_db()
    assert (later.status, later.reject_reason) == ("rejected", "Not this one.")

    binary = client.post(
        reverse("admin:ingest_ingesteddocument_add"),
        {"file": SimpleUploadedFile("scan.pdf", b"%PDF-1.4 \xff\xfe\x00", content_type="application/pdf")},
    )
    assert binary.status_code == 200 and "This PDF could not be read (it looks damaged" in binary.content.decode()
    latin1 = client.post(
        reverse("admin:ingest_ingesteddocument_add"),
        {"file": SimpleUploadedFile("notes.txt", "Résolution 58/208".encode("latin-1"), content_type="text/plain")},
    )
    assert latin1.status_code == 200 and "Not UTF-8 text (byte 1)" in latin1.content.decode()
    assert IngestedDocument.objects.count() == 1


def test_the_comparison_counts_held_records_the_reader_also_proposes(registry):
    from django.contrib.contenttypes.models import ContentType

    from ingest.compare import compare
    from ingest.reader import read_document
    from ingest.services import organization_index
    from tests.factories import DocumentFactory

    source = DocumentFactory(symbol="A/RES/60/227")
    held = [
        Mandate.objects.create(body=registry["ga"], number="58/208"),  # cited in the text
        Mandate.objects.create(body=registry["ga"], number="57/270 C"),  # not in it
    ]
    for mandate in held:
        kind = ContentType.objects.get_for_model(mandate)
        Provenance.objects.create(content_type=kind, object_id=mandate.pk, document=source, paragraph="1")
    rows = compare(read_document(RESOLUTION.read_text(), organization_index()), source)
    mandates = next(row for row in rows if row.kind == "resolution or decision")
    assert (mandates.held, mandates.found) == (2, 1)
    assert mandates.proposed >= 3  # 58/208, 59/241, 60/227
