"""What the database refuses is said on the admin's forms in the secretariat's words: which field to
fix and how, never a constraint's name ("Constraint “agencies_organization_not_own_parent” is
violated")."""

import pytest
from django.apps import apps
from django.urls import reverse

from agencies.choices import OrganizationCategory
from tests.factories import (
    ActivityUpdateFactory,
    AgendaItemFactory,
    DocumentFactory,
    FocalPointFactory,
    MeetingFactory,
    MeetingSeriesFactory,
    MembershipFactory,
    OrganizationFactory,
    UserFactory,
)

from .posting import form_data

pytestmark = pytest.mark.django_db

JARGON = ("Constraint “", "is violated")


def _add(model: str) -> str:
    return reverse(f"admin:{model.replace('.', '_')}_add")


def _change(model: str, pk: int) -> str:
    return reverse(f"admin:{model.replace('.', '_')}_change", args=[pk])


def _an_action_with_no_origin():
    return _add("coordination.followupaction"), {"title": "Prepare the note"}


def _an_organization_its_own_parent():
    organization = OrganizationFactory()
    return _change("agencies.organization", organization.pk), {"parent": str(organization.pk)}


def _an_acronym_taken_in_other_capitals():
    OrganizationFactory(acronym="ILO", name="International Labour Organization")
    return _add("agencies.organization"), {"acronym": "ilo", "name": "Another body", "category": "specialized_agency"}


def _a_name_taken_by_another_organization():
    OrganizationFactory(acronym="", name="Columbia University")
    return _add("agencies.organization"), {"name": "Columbia University", "category": "academic_ngo"}


def _a_group_member_of_itself():
    group = OrganizationFactory(category=OrganizationCategory.INTERAGENCY_GROUP)
    return _add("agencies.membership"), {"group": str(group.pk), "member": str(group.pk)}


def _a_membership_ending_before_it_starts():
    membership = MembershipFactory()
    return _change("agencies.membership", membership.pk), {"start_date": "2006-05-01", "end_date": "2006-04-30"}


def _a_focal_point_twice():
    focal_point = FocalPointFactory(user=UserFactory())
    values = {"user": str(focal_point.user_id), "organization": str(focal_point.organization_id), "role": "alternate"}
    return _add("agencies.focalpoint"), values


def _a_meeting_ending_before_it_starts():
    meeting = MeetingFactory()
    return _change("meetings.meeting", meeting.pk), {"start_date": "2003-10-15", "end_date": "2003-10-14"}


def _a_meeting_number_taken_in_its_series():
    series = MeetingSeriesFactory()
    MeetingFactory(series=series, number=3)
    return _add("meetings.meeting"), {"title": "Third meeting, again", "series": str(series.pk), "number": "3"}


def _a_document_with_neither_symbol_nor_title():
    return _add("meetings.document"), {"symbol": "", "title": "", "date": "2004-09-02"}


def _a_symbol_taken_in_other_capitals():
    DocumentFactory(symbol="A/59/325")
    return _add("meetings.document"), {"symbol": "a/59/325", "title": "Another report"}


def _a_paper_of_a_meeting_with_neither_symbol_nor_title():
    meeting = MeetingFactory()
    return _change("meetings.meeting", meeting.pk), {"documents-0-date": "2003-10-15"}


def _a_participant_nobody():
    meeting = MeetingFactory()
    return _add("meetings.participant"), {"meeting": str(meeting.pk), "person": "", "organization": ""}


def _two_agenda_items_with_one_number():
    item = AgendaItemFactory(position=2)
    return _add("meetings.agendaitem"), {"meeting": str(item.meeting_id), "position": "2", "title": "Other business"}


def _an_update_period_ending_before_it_starts():
    update = ActivityUpdateFactory()
    period = {"period_start": "2024-06-30", "period_end": "2024-01-01"}
    return _change("coordination.activityupdate", update.pk), period


CASES = {
    "an action with no origin": (_an_action_with_no_origin, "Choose where this action comes from"),
    "an organization its own parent": (_an_organization_its_own_parent, "An organization cannot be its own parent."),
    "an acronym taken": (
        _an_acronym_taken_in_other_capitals,
        "Another organization has this acronym",
    ),
    "a name taken": (_a_name_taken_by_another_organization, "Another organization has this name"),
    "a group member of itself": (_a_group_member_of_itself, "A group cannot be a member of itself."),
    "a membership ending first": (_a_membership_ending_before_it_starts, "The membership ends before it starts."),
    "a focal point twice": (_a_focal_point_twice, "This person is already a focal point of this organization"),
    "a meeting ending first": (_a_meeting_ending_before_it_starts, "The meeting ends before it starts."),
    "a number taken": (
        _a_meeting_number_taken_in_its_series,
        "Another meeting of this series has this number.",
    ),
    "a document unnamed": (_a_document_with_neither_symbol_nor_title, "Give the document&#x27;s symbol"),
    "a symbol taken": (_a_symbol_taken_in_other_capitals, "Another document has this symbol"),
    "a paper unnamed": (
        _a_paper_of_a_meeting_with_neither_symbol_nor_title,
        "Give the document&#x27;s symbol",
    ),
    "a participant nobody": (_a_participant_nobody, "Name the person or the organization who took part."),
    "an agenda number twice": (_two_agenda_items_with_one_number, "The agenda already has an item with this number"),
    "an update period backwards": (_an_update_period_ending_before_it_starts, "The period ends before it starts."),
}


@pytest.mark.parametrize("case", CASES)
def test_a_refused_form_says_what_to_fix_not_which_constraint(client, secretariat_user, case):
    make, message = CASES[case]
    client.force_login(secretariat_user)
    url, values = make()
    response = client.post(url, form_data(client, url, **values))
    page = response.content.decode()
    assert response.status_code == 200, f"{case}: not refused ({response.status_code})"
    assert message in page
    assert not any(jargon in page for jargon in JARGON)


def test_every_constraint_of_the_admin_apps_has_a_message_of_its_own():
    """A new constraint without a sentence would show its name to whoever breaks it on a form."""
    missing = [
        f"{model._meta.label}: {constraint.name}"
        for label in ("agencies", "meetings")
        for model in apps.get_app_config(label).get_models()
        for constraint in model._meta.constraints
        if constraint.violation_error_message == constraint.default_violation_error_message
        and not constraint.name.endswith("_seed_key_unique")  # the seed key is never edited in a form
    ]
    assert not missing
