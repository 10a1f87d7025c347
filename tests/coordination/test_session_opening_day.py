"""Due dates for other bodies (#23 point 4): a report due at a session whose opening day is not known
has no due day (not 31 December minus the lead time) and is flagged; when the secretariat fills the
session's opening day in, everything due at it gets its day."""

import datetime as dt

import pytest
from django.conf import settings
from django.urls import reverse

from agencies.choices import OrganizationCategory
from coordination import services
from coordination.choices import DeadlineState, LedgerStatus
from coordination.models import ReminderEntry, ReportingObligation, Session
from coordination.reminders.scan import reminders_scan
from core.errors import NotPermitted
from meetings.choices import DatePrecision
from tests.factories import (
    DocumentFactory,
    FollowUpActionFactory,
    InputRequestFactory,
    MandateFactory,
    OrganizationFactory,
    ReportingObligationFactory,
    SessionFactory,
    UserFactory,
)

from .admin.posting import form_data
from .reminder_helpers import NOW, TODAY, organization_with_focal_points

pytestmark = pytest.mark.django_db


def lead() -> dt.timedelta:
    return dt.timedelta(weeks=settings.DOCUMENT_LEAD_TIME_WEEKS)


@pytest.fixture
def cpd():
    return OrganizationFactory(
        acronym="CPD",
        name="Commission on Population and Development",
        category=OrganizationCategory.INTERGOVERNMENTAL_BODY,
    )


def due_at(session, **extra) -> ReportingObligation:
    return ReportingObligationFactory(
        mandate=MandateFactory(body=session.body, number=f"{session.year or 1997}/{session.number}"),
        due_precision=DatePrecision.SESSION,
        due_session=session,
        due_date=None,
        due_as_stated="at its 1998 session",
        **extra,
    )


def test_a_session_known_by_its_year_only_gives_no_due_day_not_the_years_last_day(cpd):
    session = SessionFactory(body=cpd, number=31, year=1998)
    assert session.opening_date is None and session.document_due_date() is None

    obligation = due_at(session)
    obligation.refresh_from_db()
    assert obligation.due_date is None  # not 31 December 1998 minus ten weeks, after the session met
    assert (obligation.due_precision, obligation.due_as_stated) == ("session", "at its 1998 session")
    assert obligation.waits_for_opening_day
    assert obligation.deadline_state_on(TODAY) == DeadlineState.UNDATED


def test_a_day_or_a_period_still_needs_its_day():
    with pytest.raises(Exception, match="due_date_with_precision"):
        ReportingObligation.objects.filter(pk=ReportingObligationFactory().pk).update(due_date=None)


def test_filling_in_the_opening_day_dates_everything_due_at_the_session(cpd, secretariat_user):
    session = SessionFactory(body=cpd, number=31, year=1998)
    obligation = due_at(session)
    action = FollowUpActionFactory(due_precision=DatePrecision.SESSION, due_session=session, due_date=None)
    request = InputRequestFactory(due_precision=DatePrecision.SESSION, due_session=session, due_date=None)
    elsewhere = due_at(SessionFactory(body=cpd, number=32, year=1999))

    session.stated_opening_date = dt.date(1998, 2, 23)
    saved = services.session_save(session=session, by=secretariat_user)

    assert (saved.dated, saved.moved, saved.waiting) == (3, 0, 0)
    for item in (obligation, action, request):
        item.refresh_from_db()
        assert item.due_date == dt.date(1998, 2, 23) - lead()
        assert not item.waits_for_opening_day
        latest = item.history.latest()
        assert (latest.history_user, latest.history_change_reason) == (
            secretariat_user,
            "Due day computed: CPD, session 31 opens on 23 February 1998",
        )
    elsewhere.refresh_from_db()
    assert elsewhere.due_date is None


def test_moving_the_opening_day_moves_the_due_day_and_cancels_the_old_days_reminders(cpd, secretariat_user):
    organization, _ = organization_with_focal_points("ILO", primaries=1)
    opening = TODAY + dt.timedelta(days=7) + lead()
    session = SessionFactory(body=cpd, number=40, stated_opening_date=opening)
    action = FollowUpActionFactory(
        lead_organization=organization, due_precision=DatePrecision.SESSION, due_session=session, due_date=None
    )
    assert action.due_date == TODAY + dt.timedelta(days=7)
    reminders_scan(now=NOW)
    assert ReminderEntry.objects.get(item_id=action.pk, point="before_7").status == LedgerStatus.PENDING

    session.stated_opening_date = opening + dt.timedelta(days=14)
    saved = services.session_save(session=session, by=secretariat_user)

    assert (saved.dated, saved.moved) == (0, 1)
    action.refresh_from_db()
    assert action.due_date == TODAY + dt.timedelta(days=21)
    assert ReminderEntry.objects.get(item_id=action.pk, point="before_7").status == LedgerStatus.CANCELLED


def test_clearing_the_opening_day_takes_the_due_day_away(cpd, secretariat_user):
    session = SessionFactory(body=cpd, number=41, stated_opening_date=dt.date(2008, 4, 7))
    obligation = due_at(session)
    assert obligation.due_date == dt.date(2008, 4, 7) - lead()
    session.stated_opening_date = None
    saved = services.session_save(session=session, by=secretariat_user)
    obligation.refresh_from_db()
    assert (obligation.due_date, saved.waiting) == (None, 1)


def test_only_the_secretariat_records_sessions(cpd):
    session = SessionFactory(body=cpd, number=31, year=1998)
    session.stated_opening_date = dt.date(1998, 2, 23)
    with pytest.raises(NotPermitted):
        services.session_save(session=session, by=UserFactory())
    session.refresh_from_db()
    assert session.stated_opening_date is None


def test_a_recurring_report_at_a_session_without_opening_day_is_next_due_at_the_next_one(cpd):
    session = SessionFactory(body=cpd, number=31, stated_opening_date=dt.date(1998, 2, 23))
    obligation = due_at(session, recurrence="annual")
    following = services.obligation_fulfill(obligation=obligation, document=DocumentFactory())
    assert (following.due_precision, following.due_session.number, following.due_date) == ("session", 32, None)
    assert following.waits_for_opening_day


# --- the admin ------------------------------------------------------------------------------------


def test_the_secretariat_fills_the_opening_day_in_the_admin_and_the_due_day_follows(client, secretariat_user, cpd):
    session = SessionFactory(body=cpd, number=31, year=1998)
    obligation = due_at(session)
    client.force_login(secretariat_user)
    url = reverse("admin:coordination_session_change", args=[session.pk])

    response = client.post(url, form_data(client, url, stated_opening_date="1998-02-23"), follow=True)

    assert response.status_code == 200
    shown = [str(m) for m in response.context["messages"]]
    assert any("1 item(s) due at this session now have their due day." in m for m in shown), shown
    obligation.refresh_from_db()
    assert obligation.due_date == dt.date(1998, 2, 23) - lead()
    session.refresh_from_db()
    assert (session.opening_date, session.history.latest().history_user) == (dt.date(1998, 2, 23), secretariat_user)


def test_saving_a_session_still_without_opening_day_says_what_waits(client, secretariat_user, cpd):
    session = SessionFactory(body=cpd, number=31, year=1998)
    due_at(session)
    client.force_login(secretariat_user)
    url = reverse("admin:coordination_session_change", args=[session.pk])
    response = client.post(url, form_data(client, url), follow=True)
    shown = [str(m) for m in response.context["messages"]]
    assert any("1 item(s) due at this session have no due day: fill in its opening day" in m for m in shown), shown


def test_the_sessions_list_filters_those_whose_opening_day_is_unknown(client, secretariat_user, cpd):
    SessionFactory(body=cpd, number=31, year=1998)
    SessionFactory(body=cpd, number=39, stated_opening_date=dt.date(2006, 4, 3))
    client.force_login(secretariat_user)
    url = reverse("admin:coordination_session_changelist")
    unknown = client.get(url, {"opening_day": "unknown"})
    assert [str(s) for s in unknown.context["cl"].result_list] == ["CPD, session 31"]
    known = client.get(url, {"opening_day": "known"})
    assert [str(s) for s in known.context["cl"].result_list] == ["CPD, session 39"]


def test_the_obligations_list_flags_a_report_waiting_for_an_opening_day(client, secretariat_user, cpd):
    waiting = due_at(SessionFactory(body=cpd, number=31, year=1998))
    dated = ReportingObligationFactory()
    client.force_login(secretariat_user)
    url = reverse("admin:coordination_reportingobligation_changelist")
    page = client.get(url).content.decode()
    assert "at its 1998 session (opening day unknown: fill the session&#x27;s opening day)" in page
    flagged = client.get(url, {"opening_day": "unknown"})
    assert list(flagged.context["cl"].result_list) == [waiting]
    assert dated not in flagged.context["cl"].result_list
    change = client.get(reverse("admin:coordination_reportingobligation_change", args=[waiting.pk]))
    assert "Opening day unknown: this has no due day" in change.content.decode()


def test_no_session_is_left_with_the_years_last_day_by_the_seeds_rule():
    """The year of a session says when it meets, not when its documents are due."""
    assert Session(year=1998, number=31).document_due_date() is None
