"""The secretariat's staff directory through the API (issue #21): organizations with their parent and
category, inter-agency groups and dated memberships, and focal points (named by e-mail address, invited,
given another role, deactivated, reactivated), each through the service the admin uses, so that
inviting or deactivating someone through the API does to reminders what the admin's action does."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.contrib.admin import helpers
from django.urls import reverse

from agencies.choices import FocalPointRole, OrganizationCategory
from agencies.models import FocalPoint, Membership, Organization
from agencies.services import focal_point_save, person_create
from coordination.models import ReminderEntry
from coordination.reminders.scan import reminders_scan
from core.models import OutboxMessage
from tests.coordination.admin.posting import posting_of
from tests.coordination.reminder_helpers import NOW, action_due, organization_with_focal_points
from tests.factories import FocalPointFactory, MembershipFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


def etag_of(client, name: str, pk: int) -> str:
    answer = client.get(reverse(f"{name}-detail", args=[pk]))
    assert answer.status_code == 200, answer.content
    return answer["ETag"]


# --- Organizations ----------------------------------------------------------------------------------


def test_an_organization_made_through_the_api_is_the_one_the_admin_makes(officer, client, secretariat_user):
    department = OrganizationFactory(acronym="DESA", name="Department of Economic and Social Affairs")
    data = {"name": "Population Division", "acronym": "PD", "category": "secretariat", "parent": department.pk}
    made = officer.post(reverse("agencies-list"), data, format="json", HTTP_IDEMPOTENCY_KEY="pd")
    assert made.status_code == 201, made.content
    assert made.json()["parent"]["id"] == department.pk

    client.force_login(secretariat_user)
    add = reverse("admin:agencies_organization_add")
    posting = posting_of(client.get(add), {"_save": "Save"})
    values = {"name": "Statistics Division", "acronym": "SD", "category": "secretariat", "parent": str(department.pk)}
    saved = client.post(add, posting.data(values))
    assert saved.status_code == 302, saved.context["adminform"].form.errors if saved.context else saved

    fields = ("category", "parent_id", "session_rule", "website", "notes")
    by_api, by_admin = Organization.objects.get(acronym="PD"), Organization.objects.get(acronym="SD")
    assert [getattr(by_api, name) for name in fields] == [getattr(by_admin, name) for name in fields]
    history = [[(row.history_type, row.history_user.username) for row in o.history.all()] for o in (by_api, by_admin)]
    assert history[0] == history[1] == [("+", "officer")]


def test_organizations_are_corrected_with_if_match_and_refused_in_words(officer):
    division = OrganizationFactory(acronym="PD", name="Population Division")
    other = OrganizationFactory(acronym="ILO")
    url = reverse("agencies-detail", args=[division.pk])
    tag = etag_of(officer, "agencies", division.pk)
    assert officer.patch(url, {"acronym": "UNPD"}, format="json").status_code == 428
    taken = officer.patch(url, {"acronym": "ilo"}, format="json", HTTP_IF_MATCH=tag)
    assert taken.status_code == 422
    assert "Another organization has this acronym" in str(taken.json())
    own_parent = officer.patch(url, {"parent": division.pk}, format="json", HTTP_IF_MATCH=tag)
    assert own_parent.status_code == 422
    renamed = officer.patch(url, {"acronym": "UNPD", "category": "secretariat"}, format="json", HTTP_IF_MATCH=tag)
    assert (renamed.status_code, renamed.json()["acronym"]) == (200, "UNPD")
    assert officer.patch(url, {"name": "X"}, format="json", HTTP_IF_MATCH=tag).status_code == 412
    OrganizationFactory(parent=division)
    assert officer.delete(url).status_code == 409  # a division still belongs to it
    assert officer.delete(reverse("agencies-detail", args=[other.pk])).status_code == 204


def test_a_focal_point_may_read_organizations_but_not_change_them(api_client_for, focal_point_a, organization_a):
    focal = api_client_for(focal_point_a)
    tag = etag_of(focal, "agencies", organization_a.pk)
    url = reverse("agencies-detail", args=[organization_a.pk])
    assert focal.patch(url, {"name": "Mine"}, format="json", HTTP_IF_MATCH=tag).status_code == 403
    assert focal.delete(url).status_code == 403
    assert focal.post(reverse("agencies-list"), {"name": "N", "category": "other"}, format="json").status_code == 403
    assert focal.delete(reverse("agencies-detail", args=[10**9])).status_code == 404


# --- Groups and dated memberships -------------------------------------------------------------------


def test_memberships_of_a_group_with_their_dates(officer, organization_a, organization_b):
    group = OrganizationFactory(acronym="GMG", category=OrganizationCategory.INTERAGENCY_GROUP)
    joined = officer.post(
        reverse("memberships-list"),
        {"group": group.pk, "member": organization_a.pk, "start_date": "2006-05-01"},
        format="json",
    )
    assert joined.status_code == 201, joined.content
    left = officer.post(
        reverse("memberships-list"),
        {"group": group.pk, "member": organization_b.pk, "start_date": "2006-05-01", "end_date": "2010-12-31"},
        format="json",
    )
    assert left.status_code == 201
    members_in_2012 = officer.get(reverse("memberships-list"), {"group": group.pk, "on": "2012-01-01"}).json()
    assert [row["member"]["id"] for row in members_in_2012["results"]] == [organization_a.pk]

    not_a_group = officer.post(
        reverse("memberships-list"), {"group": organization_b.pk, "member": organization_a.pk}, format="json"
    )
    assert not_a_group.status_code == 422
    assert "is not an inter-agency group" in not_a_group.json()["group"][0]
    backwards = officer.patch(
        reverse("memberships-detail", args=[joined.json()["id"]]),
        {"end_date": "2001-01-01"},
        format="json",
        HTTP_IF_MATCH=joined["ETag"],
    )
    assert backwards.status_code == 422
    assert "ends before it starts" in str(backwards.json())
    ended = officer.patch(
        reverse("memberships-detail", args=[joined.json()["id"]]),
        {"end_date": "2020-06-30"},
        format="json",
        HTTP_IF_MATCH=joined["ETag"],
    )
    assert ended.json()["end_date"] == "2020-06-30"
    assert officer.delete(reverse("memberships-detail", args=[left.json()["id"]])).status_code == 204
    assert list(Membership.objects.values_list("member_id", flat=True)) == [organization_a.pk]


# --- Focal points -----------------------------------------------------------------------------------


def test_a_focal_point_is_named_by_email_and_a_new_person_waits_for_an_invitation(officer, organization_a):
    made = officer.post(
        reverse("focal-points-list"),
        {
            "organization": organization_a.pk,
            "email": "A.Ndiaye@ILO.example.org",
            "first_name": "Awa",
            "role": "alternate",
        },
        format="json",
    )
    assert made.status_code == 201, made.content
    body = made.json()
    assert (body["email"], body["role"], body["is_active"], body["can_log_in"]) == (
        "a.ndiaye@ilo.example.org", "alternate", True, False,
    )  # fmt: skip
    focal_point = FocalPoint.objects.get(pk=body["id"])
    assert not focal_point.user.is_active and not focal_point.user.has_usable_password()
    twice = officer.post(
        reverse("focal-points-list"),
        {"organization": organization_a.pk, "email": "a.ndiaye@ilo.example.org"},
        format="json",
    )
    assert twice.status_code == 422
    assert "already a focal point of this organization" in str(twice.json())
    staff = UserFactory(is_staff=True, email="staff@un.example.org")
    refused = officer.post(
        reverse("focal-points-list"), {"organization": organization_a.pk, "email": staff.email}, format="json"
    )
    assert refused.status_code == 422
    assert "Staff users cannot be focal points" in str(refused.json())


def test_a_role_changes_with_if_match_and_is_in_the_history(officer, organization_a, focal_point_a):
    focal_point = FocalPoint.objects.get(user=focal_point_a)
    url = reverse("focal-points-detail", args=[focal_point.pk])
    changed = officer.patch(
        url, {"role": "head"}, format="json", HTTP_IF_MATCH=etag_of(officer, "focal-points", focal_point.pk)
    )
    assert (changed.status_code, changed.json()["role"]) == (200, "head")
    assert officer.patch(url, {"is_active": False}, format="json", HTTP_IF_MATCH=changed["ETag"]).status_code == 400
    latest = focal_point.history.first()
    assert (latest.history_type, latest.role, latest.history_user.username) == ("~", "head", "officer")


def test_focal_points_see_their_organizations_focal_points_only_and_change_none(
    api_client_for, focal_point_a, focal_point_b, organization_a
):
    colleague = FocalPointFactory(organization=organization_a, role=FocalPointRole.ALTERNATE)
    other = FocalPoint.objects.get(user=focal_point_b)
    focal = api_client_for(focal_point_a)
    listed = focal.get(reverse("focal-points-list")).json()
    assert {row["id"] for row in listed["results"]} == {colleague.pk, FocalPoint.objects.get(user=focal_point_a).pk}
    assert focal.get(reverse("focal-points-detail", args=[other.pk])).status_code == 404
    tag = etag_of(focal, "focal-points", colleague.pk)
    for name in ("focal-points-deactivate", "focal-points-invite", "focal-points-reactivate"):
        assert focal.post(reverse(name, args=[colleague.pk]), {}, format="json", HTTP_IF_MATCH=tag).status_code == 403
        assert focal.post(reverse(name, args=[other.pk]), {}, format="json", HTTP_IF_MATCH=tag).status_code == 404
    assert focal.delete(reverse("focal-points-detail", args=[colleague.pk])).status_code == 403


# --- The same effect on reminders as the admin's actions ----------------------------------------------


def waiting(organization, action) -> list[tuple]:
    prefix = organization.acronym.lower()
    return sorted(
        (
            (
                e.point,
                e.recipient.username.replace(prefix, "org") if e.recipient else None,
                e.status,
                e.reason.replace(organization.acronym, "ORG"),
            )
            for e in ReminderEntry.objects.filter(item_id=action.pk)
        ),
        key=str,
    )


def deactivate_through_the_api(client, secretariat_user, focal_point, api_client_for):
    api = api_client_for(secretariat_user)
    tag = etag_of(api, "focal-points", focal_point.pk)
    answer = api.post(reverse("focal-points-deactivate", args=[focal_point.pk]), {}, format="json", HTTP_IF_MATCH=tag)
    assert (answer.status_code, answer.json()["is_active"]) == (200, False)


def admin_action(client, secretariat_user, focal_point, action):
    client.force_login(secretariat_user)
    data = {"action": action, helpers.ACTION_CHECKBOX_NAME: [focal_point.pk], "index": "0"}
    answer = client.post(reverse("admin:agencies_focalpoint_changelist"), data, follow=True)
    assert answer.status_code == 200


def invite_through_the_api(client, secretariat_user, focal_point, api_client_for):
    api = api_client_for(secretariat_user)
    tag = etag_of(api, "focal-points", focal_point.pk)
    answer = api.post(reverse("focal-points-invite", args=[focal_point.pk]), {}, format="json", HTTP_IF_MATCH=tag)
    assert answer.status_code == 200, answer.content


DOORS = {
    "deactivate": {
        "api": deactivate_through_the_api,
        "admin": lambda c, s, fp, _: admin_action(c, s, fp, "deactivate"),
    },
    "invite": {"api": invite_through_the_api, "admin": lambda c, s, fp, _: admin_action(c, s, fp, "invite")},
}


def deactivation_world(acronym: str):
    organization, (primary, _alternate) = organization_with_focal_points(acronym, primaries=1, alternates=1)
    return organization, FocalPoint.objects.get(user=primary, organization=organization)


def invitation_world(acronym: str):
    """An organization whose only primary was imported from a spreadsheet: an account without a
    password, inactive until invited, so nobody is reminded yet."""
    organization = OrganizationFactory(acronym=acronym, name=f"Organization {acronym}")
    person = person_create(email=f"{acronym.lower()}.primary@example.org", first_name="New", last_name="Person")
    person.username = f"{acronym.lower()}-primary"
    person.save()
    return organization, focal_point_save(focal_point=FocalPoint(user=person, organization=organization))


@pytest.mark.parametrize(("step", "world"), [("deactivate", deactivation_world), ("invite", invitation_world)])
def test_inviting_or_deactivating_through_the_api_does_to_reminders_what_the_admin_does(
    client, secretariat_user, api_client_for, step, world
):
    worlds = {door: world(acronym) for door, acronym in (("api", "ILO"), ("admin", "IOM"))}
    actions = {door: action_due(organization, 7) for door, (organization, _) in worlds.items()}
    reminders_scan(now=NOW)
    outcomes = {door: [waiting(worlds[door][0], actions[door])] for door in worlds}
    for door, (organization, focal_point) in worlds.items():
        mail_before = set(OutboxMessage.objects.values_list("pk", flat=True))
        with time_machine.travel(NOW + dt.timedelta(hours=1), tick=False):
            DOORS[step][door](client, secretariat_user, focal_point, api_client_for)
        outcomes[door].append([m.kind for m in OutboxMessage.objects.exclude(pk__in=mail_before)])
        outcomes[door].append(waiting(organization, actions[door]))
    reminders_scan(now=NOW + dt.timedelta(days=6))  # the day before the deadline: its next point
    for door, (organization, _) in worlds.items():
        outcomes[door].append(waiting(organization, actions[door]))

    assert outcomes["api"] == outcomes["admin"]
    before, mail, after_step, next_day = outcomes["api"]
    if step == "deactivate":
        assert ("before_7", "org-alternate-0", "pending") in [row[:3] for row in after_step]
        assert ("before_7", "org-primary-0", "cancelled") in [row[:3] for row in after_step]
        assert mail == []
    else:
        assert not any(row[1] == "org-primary" for row in before)  # not reachable before the invitation
        assert mail == ["invitation"]
        assert any(row[1] == "org-primary" for row in next_day)  # reminded from the next scan on


# --- Lists: a fixed number of queries at two sizes ----------------------------------------------------


def make(name: str, count: int, organization) -> None:
    for _ in range(count):
        if name == "agencies":
            OrganizationFactory(parent=organization)
        elif name == "memberships":
            MembershipFactory(member=organization)
        else:
            FocalPointFactory(organization=organization)


# The token and its user's roles, the count, the page; and the page's provenance, for organizations and
# memberships (a focal point has none).
@pytest.mark.parametrize(("name", "queries"), [("agencies", 4), ("memberships", 4), ("focal-points", 3)])
def test_lists_take_the_same_number_of_queries_for_3_and_for_30_records(
    officer, organization_a, django_assert_num_queries, name, queries
):
    make(name, 3, organization_a)
    officer.get(reverse(f"{name}-list"))
    with django_assert_num_queries(queries):
        first = officer.get(reverse(f"{name}-list"), {"ordering": "-updated_at"}).json()["count"]
    make(name, 27, organization_a)
    with django_assert_num_queries(queries):
        assert officer.get(reverse(f"{name}-list"), {"ordering": "-updated_at"}).json()["count"] == first + 27
