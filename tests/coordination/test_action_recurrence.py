"""A standing follow-up action ("continue convening coordination meetings"), once done, starts again
for the next period: through the secretariat's Mark done and through a focal point's done, confirmed."""

import datetime as dt

import pytest

from coordination import services
from coordination.models import FollowUpAction
from tests.factories import (
    FollowUpActionFactory,
    GeneralAssemblyFactory,
    OperativeParagraphFactory,
    OrganizationFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db


def test_an_annual_action_marked_done_is_next_due_a_year_later_with_its_origin_and_organizations(
    secretariat_user,
):
    paragraph = OperativeParagraphFactory(kind="action")
    supporter = OrganizationFactory()
    action = FollowUpActionFactory(
        origin_meeting=None,
        origin_mandate=paragraph.mandate,
        origin_paragraph=paragraph,
        recurrence="annual",
        due_precision="day",
        due_date=dt.date(2027, 3, 31),
        responsible_officer=secretariat_user,
    )
    action.supporting_organizations.add(supporter)
    services.item_mark_done(item=action, completed_on=dt.date(2027, 3, 20), by=secretariat_user)

    action.refresh_from_db()
    assert (action.status, action.completed_on) == ("done", dt.date(2027, 3, 20))
    following = FollowUpAction.objects.exclude(pk=action.pk).get(origin_mandate=paragraph.mandate)
    assert (following.status, following.due_date, following.due_precision) == ("open", dt.date(2028, 3, 31), "day")
    assert (following.title, following.recurrence, following.origin_paragraph) == (action.title, "annual", paragraph)
    assert (following.lead_organization, following.responsible_officer) == (
        action.lead_organization, secretariat_user
    )  # fmt: skip
    assert list(following.supporting_organizations.all()) == [supporter]


def test_a_biennial_action_due_at_a_session_is_next_due_two_sessions_on(secretariat_user):
    session = SessionFactory(body=GeneralAssemblyFactory(), number=72)
    action = FollowUpActionFactory(recurrence="biennial", due_precision="session", due_session=session, due_date=None)
    services.item_mark_done(item=action, completed_on=dt.date(2017, 9, 1), by=secretariat_user)
    following = FollowUpAction.objects.exclude(pk=action.pk).get()
    assert (following.due_session.number, following.due_precision) == (74, "session")
    assert following.due_date == following.due_session.document_due_date()


def test_an_undated_standing_action_starts_again_undated_and_a_one_off_action_ends(secretariat_user):
    standing = FollowUpActionFactory(recurrence="annual", due_precision="", due_date=None)
    services.item_mark_done(item=standing, completed_on=dt.date(2027, 1, 5), by=secretariat_user)
    following = FollowUpAction.objects.exclude(pk=standing.pk).get()
    assert (following.status, following.due_date, following.due_precision) == ("open", None, "")

    once = FollowUpActionFactory(recurrence="none")
    services.item_mark_done(item=once, completed_on=dt.date(2027, 1, 5), by=secretariat_user)
    assert FollowUpAction.objects.count() == 3  # the two, and the standing one's next occurrence only
    services.item_cancel(item=following, reason="The meetings are no longer held.", by=secretariat_user)
    assert FollowUpAction.objects.count() == 3  # a cancelled standing action does not start again


def test_a_standing_action_confirmed_done_starts_again(secretariat_user, focal_point_a, organization_a):
    action = FollowUpActionFactory(
        lead_organization=organization_a, recurrence="annual", due_precision="day", due_date=dt.date(2026, 11, 30)
    )
    services.action_request_done(action=action, by=focal_point_a, comment="Held on 12 November.")
    services.action_confirm_done(action=action, by=secretariat_user, completed_on=dt.date(2026, 11, 12))
    following = FollowUpAction.objects.exclude(pk=action.pk).get()
    assert (following.status, following.due_date, following.lead_organization) == (
        "open", dt.date(2027, 11, 30), organization_a
    )  # fmt: skip
