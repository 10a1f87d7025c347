import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from agencies.choices import FocalPointRole, OrganizationCategory
from agencies.models import FocalPoint, Organization
from agencies.services import focal_point_assign
from tests.factories import FocalPointFactory, MembershipFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


def assert_rejected(create) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


def test_acronyms_are_unique_ignoring_case():
    OrganizationFactory(acronym="IOM", name="International Organization for Migration")
    assert_rejected(lambda: OrganizationFactory(acronym="iom", name="Another body"))


def test_many_organizations_may_have_no_acronym():
    OrganizationFactory(acronym="", name="Columbia University")
    OrganizationFactory(acronym="", name="Georgetown University")
    assert Organization.objects.filter(acronym="").count() == 2


def test_division_names_are_unique_within_their_department_only():
    desa = OrganizationFactory(acronym="DESA", name="Department of Economic and Social Affairs")
    ece = OrganizationFactory(acronym="ECE", name="Economic Commission for Europe")
    OrganizationFactory(acronym="", name="Statistics Division", parent=desa)
    OrganizationFactory(acronym="", name="Statistics Division", parent=ece)
    assert_rejected(lambda: OrganizationFactory(acronym="", name="Statistics Division", parent=desa))


def test_an_organization_is_not_its_own_parent():
    organization = OrganizationFactory()
    organization.parent_id = organization.pk
    assert_rejected(organization.save)


def test_category_must_be_one_of_the_enum():
    assert_rejected(lambda: OrganizationFactory(category="club"))


def test_report_order_follows_the_secretary_generals_reports():
    OrganizationFactory(name="ILO", category=OrganizationCategory.SPECIALIZED_AGENCY)
    OrganizationFactory(name="UNFPA", category=OrganizationCategory.FUND_PROGRAMME)
    OrganizationFactory(name="Population Division", category=OrganizationCategory.SECRETARIAT)
    OrganizationFactory(name="ECLAC", category=OrganizationCategory.REGIONAL_COMMISSION)
    ordered = list(Organization.objects.in_report_order().values_list("name", flat=True))
    assert ordered == ["Population Division", "ECLAC", "UNFPA", "ILO"]


def test_membership_ends_after_it_starts_and_is_not_of_itself():
    membership = MembershipFactory()
    assert_rejected(lambda: MembershipFactory(start_date="2006-05-01", end_date="2006-04-30"))
    assert_rejected(lambda: MembershipFactory(group=membership.group, member=membership.group))


def test_one_role_per_person_and_organization():
    focal_point = FocalPointFactory(role=FocalPointRole.PRIMARY)
    assert_rejected(
        lambda: FocalPoint.objects.create(
            user=focal_point.user, organization=focal_point.organization, role=FocalPointRole.ALTERNATE
        )
    )


def test_focal_point_role_must_be_known():
    assert_rejected(lambda: FocalPointFactory(role="deputy"))


def test_staff_users_cannot_be_made_focal_points():
    staff = UserFactory(is_staff=True)
    with pytest.raises(ValidationError, match="Staff users cannot be focal points"):
        focal_point_assign(user=staff, organization=OrganizationFactory())
    with pytest.raises(ValidationError):
        FocalPoint(user=staff, organization=OrganizationFactory()).full_clean()


def test_assigning_again_changes_the_role_instead_of_adding_one():
    user, organization = UserFactory(), OrganizationFactory()
    focal_point_assign(user=user, organization=organization, role=FocalPointRole.PRIMARY)
    focal_point_assign(user=user, organization=organization, role=FocalPointRole.ALTERNATE)
    assert list(FocalPoint.objects.filter(user=user).values_list("role", flat=True)) == [FocalPointRole.ALTERNATE]


def test_seed_keys_are_unique_when_set():
    OrganizationFactory(seed_key="ilo")
    OrganizationFactory(seed_key="")
    OrganizationFactory(seed_key="")
    assert_rejected(lambda: OrganizationFactory(seed_key="ilo"))
