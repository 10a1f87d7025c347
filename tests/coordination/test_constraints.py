import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from coordination.choices import InputRequestStatus, ItemStatus, UpdateStatus
from meetings.choices import DatePrecision
from tests.factories import (
    ActivityUpdateFactory,
    CallForInputsFactory,
    DocumentFactory,
    FollowUpActionFactory,
    InputRequestFactory,
    MandateFactory,
    MeetingFactory,
    OrganizationFactory,
    ReportingObligationFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db


def assert_rejected(create) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


def test_mandates_are_unique_on_body_and_number():
    mandate = MandateFactory(number="58/208")
    assert_rejected(lambda: MandateFactory(body=mandate.body, number="58/208"))
    MandateFactory(body=OrganizationFactory(acronym="ECOSOC"), number="58/208")


def test_a_follow_up_action_has_exactly_one_origin():
    meeting, mandate, document = MeetingFactory(), MandateFactory(), DocumentFactory()
    assert_rejected(lambda: FollowUpActionFactory(origin_meeting=None))
    assert_rejected(lambda: FollowUpActionFactory(origin_meeting=meeting, origin_mandate=mandate))
    assert_rejected(
        lambda: FollowUpActionFactory(origin_meeting=None, origin_mandate=mandate, origin_document=document)
    )
    assert FollowUpActionFactory(origin_meeting=None, origin_document=document).origin == document
    assert FollowUpActionFactory(origin_meeting=None, origin_mandate=mandate).origin == mandate


def test_a_due_precision_must_be_one_of_the_allowed_values():
    assert_rejected(lambda: FollowUpActionFactory(due_precision="fortnight", due_date=dt.date(2026, 1, 1)))


def test_a_dated_item_has_a_precision_and_an_undated_one_has_none():
    action = FollowUpActionFactory(due_precision="", due_date=None)
    assert action.due_date is None
    action.due_date = dt.date(2026, 1, 1)
    # save() recomputes from the precision, so write past it to test the database's own check.
    assert_rejected(lambda: type(action).objects.filter(pk=action.pk).update(due_date=dt.date(2026, 1, 1)))


def test_session_precision_needs_a_session():
    assert_rejected(
        lambda: type(FollowUpActionFactory()).objects.update(due_precision=DatePrecision.SESSION, due_session=None)
    )
    FollowUpActionFactory(due_precision=DatePrecision.SESSION, due_session=SessionFactory(number=61), due_date=None)


def test_a_coarse_due_date_is_stored_as_the_last_day_of_its_period():
    action = FollowUpActionFactory(
        due_precision=DatePrecision.HALF_YEAR, due_date=dt.date(2005, 1, 1), due_as_stated="mid-2005"
    )
    action.refresh_from_db()
    assert action.due_date == dt.date(2005, 6, 30)


def test_one_input_request_per_call_and_organization():
    request = InputRequestFactory()
    assert_rejected(lambda: InputRequestFactory(call=request.call, organization=request.organization))
    InputRequestFactory(call=CallForInputsFactory(), organization=request.organization)


def test_a_declined_input_request_gives_its_reason():
    assert_rejected(lambda: InputRequestFactory(status=InputRequestStatus.DECLINED, declined_reason=""))
    InputRequestFactory(status=InputRequestStatus.DECLINED, declined_reason="No activities in the period")


def test_an_obligation_fulfilled_by_a_document_is_done():
    assert_rejected(lambda: ReportingObligationFactory(status=ItemStatus.OPEN, fulfilled_by=DocumentFactory()))
    ReportingObligationFactory(status=ItemStatus.DONE, fulfilled_by=DocumentFactory())


def test_an_update_period_ends_after_it_starts_and_a_returned_update_says_why():
    assert_rejected(lambda: ActivityUpdateFactory(period_start=dt.date(2004, 1, 1), period_end=dt.date(2003, 12, 31)))
    assert_rejected(lambda: ActivityUpdateFactory(status=UpdateStatus.RETURNED, return_comment=""))
    ActivityUpdateFactory(status=UpdateStatus.RETURNED, return_comment="Please cover 2008 only.")


def test_status_values_are_checked_by_the_database():
    assert_rejected(lambda: FollowUpActionFactory(status="finished"))
    assert_rejected(lambda: InputRequestFactory(status="late"))
    assert_rejected(lambda: ActivityUpdateFactory(status="published"))
