"""Enumerations of the agencies app."""

from django.db import models


class OrganizationCategory(models.TextChoices):
    """How the Secretary-General's reports group organizations, in their report order."""

    SECRETARIAT = "secretariat", "United Nations Secretariat"
    REGIONAL_COMMISSION = "regional_commission", "Regional commissions"
    FUND_PROGRAMME = "fund_programme", "Funds and programmes"
    INSTITUTE = "institute", "Research and training institutes"
    SPECIALIZED_AGENCY = "specialized_agency", "Specialized agencies and related organizations"
    OTHER_INTERGOVERNMENTAL = "other_intergovernmental", "Other intergovernmental organizations"
    REGIONAL_ORGANIZATION = "regional_organization", "Regional organizations and consultative processes"
    INTERAGENCY_GROUP = "interagency_group", "Inter-agency groups"
    GOVERNMENT = "government", "Governments"
    ACADEMIC_NGO = "academic_ngo", "Academic and non-governmental bodies"
    OTHER = "other", "Other bodies"
    INTERGOVERNMENTAL_BODY = "intergovernmental_body", "Intergovernmental bodies"

    @property
    def report_order(self) -> int:
        return CATEGORY_REPORT_ORDER[self]


# Explicit, not the declaration order: a report's structure must not change because someone
# reordered an enum. Intergovernmental bodies adopt mandates and are never addressees of a call.
CATEGORY_REPORT_ORDER: dict[str, int] = {
    OrganizationCategory.SECRETARIAT: 10,
    OrganizationCategory.REGIONAL_COMMISSION: 20,
    OrganizationCategory.FUND_PROGRAMME: 30,
    OrganizationCategory.INSTITUTE: 40,
    OrganizationCategory.SPECIALIZED_AGENCY: 50,
    OrganizationCategory.OTHER_INTERGOVERNMENTAL: 60,
    OrganizationCategory.REGIONAL_ORGANIZATION: 70,
    OrganizationCategory.INTERAGENCY_GROUP: 80,
    OrganizationCategory.GOVERNMENT: 90,
    OrganizationCategory.ACADEMIC_NGO: 100,
    OrganizationCategory.OTHER: 110,
    OrganizationCategory.INTERGOVERNMENTAL_BODY: 120,
}


class SessionRule(models.TextChoices):
    """How the opening day of an intergovernmental body's numbered sessions is known."""

    EXPLICIT = "explicit", "Stated for each session"
    GA_SEPTEMBER = "ga_september", "General Assembly rule (third week of September)"


class FocalPointRole(models.TextChoices):
    PRIMARY = "primary", "Primary focal point"
    ALTERNATE = "alternate", "Alternate focal point"
    HEAD = "head", "Head of organization"


class ReminderPreference(models.TextChoices):
    IMMEDIATE = "immediate", "Each reminder when it falls due"
    DAILY_DIGEST = "daily_digest", "One daily digest"


class Language(models.TextChoices):
    """The working languages a person may read the focal points' pages and mails in ("" = the browser's)."""

    ENGLISH = "en", "English"
    FRENCH = "fr", "Français"
    SPANISH = "es", "Español"
