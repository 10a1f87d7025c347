"""Who may see and change what, through the API: DESIGN's visibility table, in one place.

| resource | secretariat | focal point of the organization | anyone else logged in | anonymous |
| organizations, meetings, mandates, obligations, actions, calls | read, write | read | read | 401 |
| input requests, activity updates | read, write | its organizations' only | nothing (404) | 401 |

Objects a caller may not see are filtered out of the queryset, so they answer 404, never 403.
"""

from __future__ import annotations

from django.db.models import QuerySet
from rest_framework.permissions import SAFE_METHODS, BasePermission

from agencies.roles import is_secretariat, organization_ids_for


class ReadForMembersWriteForSecretariat(BasePermission):
    """Any logged-in user reads; only the secretariat writes."""

    def has_permission(self, request, view) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        return request.method in SAFE_METHODS or is_secretariat(request.user)


def restricted_to_organizations(queryset: QuerySet, user, *, organization_field: str = "organization") -> QuerySet:
    """Input requests and activity updates: all for the secretariat, the user's organizations'
    for a focal point, none for anyone else."""
    if is_secretariat(user):
        return queryset
    return queryset.filter(**{f"{organization_field}__in": organization_ids_for(user)})
