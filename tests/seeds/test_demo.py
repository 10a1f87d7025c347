import datetime as dt

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from agencies.models import FocalPoint, Organization
from coordination.choices import DeadlineState
from coordination.models import CallForInputs, FollowUpAction, InputRequest, ReportingObligation
from seeds.demo import load_demo
from tests.factories import FollowUpActionFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 23)


def test_demo_data_is_a_current_cycle_around_today():
    summary = load_demo(today=TODAY)
    assert (summary.organizations, summary.input_requests, summary.actions) == (12, 12, 3)
    call = CallForInputs.objects.get(seed_key="demo-call")
    assert call.deadline == TODAY + dt.timedelta(days=10)
    assert call.input_requests.count() == 12
    assert set(InputRequest.objects.values_list("due_date", flat=True)) == {TODAY + dt.timedelta(days=10)}
    states = dict(
        FollowUpAction.objects.filter(is_demo=True)
        .with_deadline_state(today=TODAY)
        .values_list("seed_key", "deadline_state")
    )
    assert states == {
        "demo-action-in-7-days": DeadlineState.DUE_7,
        "demo-action-today": DeadlineState.DUE_7,
        "demo-action-8-days-ago": DeadlineState.OVERDUE,
    }
    obligation = ReportingObligation.objects.get(seed_key="demo-obligation")
    assert obligation.due_session.number == 82  # opens September 2027; its report is due ten weeks before
    assert obligation.due_date > TODAY
    emails = list(FocalPoint.objects.values_list("user__email", flat=True))
    assert len(emails) == 15
    assert all(email.endswith("@example.org") for email in emails)


def test_every_demo_row_is_flagged_and_a_rerun_moves_only_demo_rows():
    historical = FollowUpActionFactory(due_date=dt.date(2005, 6, 30), title="Publish the final report")
    load_demo(today=TODAY)
    load_demo(today=TODAY + dt.timedelta(days=1))
    assert FollowUpAction.objects.filter(is_demo=True).count() == 3
    assert CallForInputs.objects.get().deadline == TODAY + dt.timedelta(days=11)
    assert (
        not Organization.objects.filter(is_demo=False, seed_key="")
        .exclude(pk=historical.lead_organization_id)
        .exists()
    )
    historical.refresh_from_db()
    assert historical.due_date == dt.date(2005, 6, 30)


def test_demo_data_is_refused_outside_local_settings(settings):
    settings.DEMO_DATA_ALLOWED = False
    with pytest.raises(CommandError, match="local settings only"):
        call_command("load_seeds", demo_today=True)
