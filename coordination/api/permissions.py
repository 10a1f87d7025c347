"""Who may call the coordination API's writes, by role; the services check the same rules again.
(``ReadForMembersStepsForSecretariat``, shared with the organizations' resources, lives in agencies.)"""

from __future__ import annotations

from rest_framework.permissions import SAFE_METHODS, BasePermission

from agencies.api.permissions import ReadForMembersStepsForSecretariat

from ..selectors import may_write_updates


class WritesUpdates(BasePermission):
    """Reading is for everyone logged in (the rows are filtered by the selectors); creating an update
    is for the secretariat and focal points, refused before the body is even read."""

    message = "Only focal points of an organization and the secretariat write updates."

    def has_permission(self, request, view) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        return request.method in SAFE_METHODS or view.action != "create" or may_write_updates(request.user)


__all__ = ["ReadForMembersStepsForSecretariat", "WritesUpdates"]
