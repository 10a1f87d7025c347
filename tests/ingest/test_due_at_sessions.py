"""Due dates for other bodies, as read and reviewed (#23 point 4): a request for a report "at its session
in 1998" or "at its thirty-first session" of a body whose session has no opening day is proposed with
no day and says why; accepted, the obligation waits for the opening day, which dates it when filled in.

The resolution is our own, drafted as the Commission's resolutions are."""

import datetime as dt

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError

from agencies.choices import OrganizationCategory, SessionRule
from coordination import services
from coordination.models import Session
from ingest.models import Proposal
from ingest.reader import read_document
from ingest.services import document_ingest, proposal_accept
from tests.factories import OrganizationFactory, SessionFactory

CPD_RESOLUTION = """Resolution adopted by the Commission on Population and Development

1997/901. Migration statistics

The Commission on Population and Development,

1. Requests the Chairperson of the Task Force to report to it at its 1998 session on the progress made in \
organizing the technical symposium;

2. Requests the Secretary-General to submit to it at its thirty-second session a report on migration statistics;

3. Invites the Statistics Division to report to it at its session in 1999 on the handbook;
"""


def obligations(text: str) -> list[dict]:
    return [p.data for p in read_document(text).of_kind("obligation")]


def test_a_session_named_by_its_year_is_due_at_that_session_with_no_day():
    by_year, by_number, in_year = obligations(CPD_RESOLUTION)
    assert by_year == {
        "addressee": "Chairperson of the Task Force",
        "action": "report",
        "subject": "the progress made in organizing the technical symposium",
        "target_body": "Commission on Population and Development",
        "target_session": None,
        "target_session_year": 1998,
        "due_precision": "session",
        "due_date": None,  # not 1998-12-31: the Commission met in the spring
        "due_as_stated": "at its 1998 session",
        "mandate": "1997/901",
        "description": "report on the progress made in organizing the technical symposium",
    }
    assert (by_number["target_session"], by_number["due_precision"], by_number["due_date"]) == (32, "session", None)
    assert (in_year["target_session_year"], in_year["due_as_stated"]) == (1999, "at its session in 1999")


def test_the_substantive_session_of_a_year():
    text = CPD_RESOLUTION.replace("at its session in 1999", "at its substantive session of 1999")
    assert obligations(text)[2]["target_session_year"] == 1999


@pytest.fixture
def cpd(db):
    return OrganizationFactory(
        acronym="CPD",
        name="Commission on Population and Development",
        category=OrganizationCategory.INTERGOVERNMENTAL_BODY,
    )


@pytest.fixture
def read(cpd, secretariat_user):
    """The resolution read, and its own mandate accepted."""
    document_ingest(text=CPD_RESOLUTION, filename="cpd-1997-901.txt", by=secretariat_user)
    (own,) = Proposal.objects.filter(kind="mandate")
    proposal_accept(proposal=own, by=secretariat_user)


def obligation_proposal(**data) -> Proposal:
    (found,) = [
        p for p in Proposal.objects.filter(kind="obligation") if all(p.data.get(k) == v for k, v in data.items())
    ]
    return found


@pytest.mark.django_db
def test_the_proposal_says_why_it_will_have_no_due_day(read):
    proposal = obligation_proposal(target_session_year=1998)
    assert proposal.data["due_note"].startswith(
        "Opening day unknown: the 1998 session of CPD has no opening day recorded, so this report has no due day"
    )
    assert "opening day unknown" in proposal.summary
    assert obligation_proposal(target_session=32).data["due_note"].startswith("Opening day unknown: session 32 of CPD")


@pytest.mark.django_db
def test_accepted_it_waits_for_the_opening_day_and_gets_its_day_when_it_is_filled_in(read, cpd, secretariat_user):
    session = SessionFactory(body=cpd, number=31, year=1998)  # as the seeds record it: "its 1998 session"
    obligation = proposal_accept(proposal=obligation_proposal(target_session_year=1998), by=secretariat_user)
    assert (obligation.due_precision, obligation.due_session, obligation.due_date) == ("session", session, None)
    assert obligation.due_as_stated == "at its 1998 session"
    assert obligation.waits_for_opening_day

    session.stated_opening_date = dt.date(1998, 2, 23)
    services.session_save(session=session, by=secretariat_user)
    obligation.refresh_from_db()
    assert obligation.due_date == dt.date(1998, 2, 23) - dt.timedelta(weeks=settings.DOCUMENT_LEAD_TIME_WEEKS)


@pytest.mark.django_db
def test_a_numbered_session_not_yet_recorded_is_recorded_without_opening_day(read, cpd, secretariat_user):
    obligation = proposal_accept(proposal=obligation_proposal(target_session=32), by=secretariat_user)
    session = Session.objects.get(body=cpd, number=32)
    assert (session.opening_date, obligation.due_session, obligation.due_date) == (None, session, None)


@pytest.mark.django_db
def test_a_year_no_session_is_recorded_for_is_refused_with_what_to_do(read, secretariat_user):
    with pytest.raises(ValidationError, match="no session of CPD is recorded for 1999: record the session"):
        proposal_accept(proposal=obligation_proposal(target_session_year=1999), by=secretariat_user)


@pytest.mark.django_db
def test_a_session_with_its_opening_day_gives_no_note(cpd, secretariat_user):
    SessionFactory(body=cpd, number=31, year=1998, stated_opening_date=dt.date(1998, 2, 23))
    document_ingest(text=CPD_RESOLUTION, filename="cpd-1997-901.txt", by=secretariat_user)
    assert "due_note" not in obligation_proposal(target_session_year=1998).data


@pytest.mark.django_db
def test_the_general_assemblys_session_of_a_year_is_found_by_its_rule(secretariat_user):
    ga = OrganizationFactory(
        acronym="",
        name="General Assembly",
        category=OrganizationCategory.INTERGOVERNMENTAL_BODY,
        session_rule=SessionRule.GA_SEPTEMBER,
    )
    text = (
        "Resolution adopted by the General Assembly\n\n62/901. Migration\n\nThe General Assembly,\n\n"
        "1. Requests the Secretary-General to report to it at its 2008 session on the implementation of the present "
        "resolution;\n"
    )
    document_ingest(text=text, filename="62-901.txt", by=secretariat_user)
    proposal_accept(proposal=Proposal.objects.get(kind="mandate"), by=secretariat_user)
    proposal = obligation_proposal(target_session_year=2008)
    assert "due_note" not in proposal.data
    obligation = proposal_accept(proposal=proposal, by=secretariat_user)
    assert (obligation.due_session.body, obligation.due_session.number) == (ga, 63)
    assert obligation.due_date == dt.date(2008, 9, 16) - dt.timedelta(weeks=settings.DOCUMENT_LEAD_TIME_WEEKS)
