"""A recurring obligation, once its report is recorded, gets its next occurrence."""

import datetime as dt

import pytest
from django.urls import reverse

from coordination import services
from coordination.models import ReportingObligation
from tests.factories import DocumentFactory, GeneralAssemblyFactory, ReportingObligationFactory, SessionFactory

pytestmark = pytest.mark.django_db


def test_an_annual_report_due_at_a_session_is_next_due_at_the_following_session():
    session = SessionFactory(body=GeneralAssemblyFactory(), number=63)
    obligation = ReportingObligationFactory(
        due_precision="session", due_session=session, due_date=None, recurrence="annual"
    )
    report = DocumentFactory(symbol="A/63/265", date=dt.date(2008, 8, 8))
    following = services.obligation_fulfill(obligation=obligation, document=report)

    obligation.refresh_from_db()
    assert (obligation.status, obligation.fulfilled_by, obligation.completed_on) == ("done", report, report.date)
    assert following.due_session.number == 64
    assert following.due_date == following.due_session.document_due_date()
    assert following.due_date.year == 2009
    assert (following.status, following.mandate, following.addressee) == (
        "open",
        obligation.mandate,
        obligation.addressee,
    )


def test_a_biennial_report_due_on_a_day_is_next_due_two_years_later_and_a_single_one_has_no_next():
    biennial = ReportingObligationFactory(due_precision="day", due_date=dt.date(2024, 2, 29), recurrence="biennial")
    following = services.obligation_fulfill(obligation=biennial, document=DocumentFactory())
    assert (following.due_precision, following.due_date) == ("day", dt.date(2026, 2, 28))

    once = ReportingObligationFactory(due_precision="day", due_date=dt.date(2025, 5, 1), recurrence="none")
    assert services.obligation_fulfill(obligation=once, document=DocumentFactory()) is None


def test_recording_the_report_in_the_admin_creates_the_next_one_once(client, secretariat_user):
    obligation = ReportingObligationFactory(due_precision="day", due_date=dt.date(2026, 9, 1), recurrence="annual")
    report = DocumentFactory(symbol="A/81/123", date=dt.date(2026, 8, 20))
    client.force_login(secretariat_user)
    url = reverse("admin:coordination_reportingobligation_record_report", args=[obligation.pk])
    data = {"symbol": "a/81/123", "title": "", "date": ""}  # the registry's document, by its symbol
    response = client.post(url, data, follow=True)
    assert response.status_code == 200
    assert any("next report is due 1 September 2027" in str(m) for m in response.context["messages"]), [
        str(m) for m in response.context["messages"]
    ]
    obligation.refresh_from_db()
    assert (obligation.fulfilled_by, obligation.completed_on) == (report, dt.date(2026, 8, 20))
    again = client.post(url, data)  # sent again: refused, nothing new
    assert "This obligation is done (report A/81/123" in again.content.decode()
    assert ReportingObligation.objects.filter(mandate=obligation.mandate).count() == 2
