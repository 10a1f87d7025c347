import pytest

from agencies.selectors import is_secretariat, organization_ids_for
from agencies.services import secretariat_group
from tests.factories import FocalPointFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_five_actors(
    secretariat_user,
    focal_point_a,
    focal_point_b,
    no_organization_user,
    anonymous_user,
    organization_a,
    organization_b,
):
    assert is_secretariat(secretariat_user)
    for user in (focal_point_a, focal_point_b, no_organization_user, anonymous_user):
        assert not is_secretariat(user)
    assert organization_ids_for(focal_point_a) == {organization_a.pk}
    assert organization_ids_for(focal_point_b) == {organization_b.pk}
    for user in (secretariat_user, no_organization_user, anonymous_user):
        assert not organization_ids_for(user)


def test_staff_outside_the_secretariat_group_is_not_secretariat():
    assert not is_secretariat(UserFactory(is_staff=True))


def test_group_membership_without_staff_status_is_not_secretariat():
    user = UserFactory(is_staff=False)
    user.groups.add(secretariat_group())
    assert not is_secretariat(user)


def test_a_focal_point_ticked_staff_by_mistake_stays_out_of_the_secretariat(organization_a):
    user = FocalPointFactory(organization=organization_a).user
    user.is_staff = True
    user.save()
    user.groups.add(secretariat_group())
    assert not is_secretariat(user)


def test_inactive_focal_points_act_for_nobody(organization_a):
    focal_point = FocalPointFactory(organization=organization_a, is_active=False)
    assert organization_ids_for(focal_point.user) == frozenset()


def test_a_person_may_act_for_several_organizations(organization_a, organization_b):
    user = FocalPointFactory(organization=organization_a).user
    FocalPointFactory(organization=organization_b, user=user)
    assert organization_ids_for(user) == {organization_a.pk, organization_b.pk}


def test_the_secretariat_group_holds_every_domain_permission():
    codenames = set(secretariat_group().permissions.values_list("content_type__app_label", "codename"))
    for expected in [
        ("agencies", "change_organization"),
        ("meetings", "add_meeting"),
        ("coordination", "change_followupaction"),
    ]:
        assert expected in codenames
    assert not any(app == "auth" for app, _ in codenames)
