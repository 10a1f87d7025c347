"""Who may call what in the API, by role (which rows each sees is the selectors' business)."""

from __future__ import annotations

from rest_framework.permissions import SAFE_METHODS, BasePermission

from ..selectors import is_secretariat


class ReadForMembersWriteForSecretariat(BasePermission):
    """Organizations, meetings, mandates, obligations, actions, calls: any logged-in user reads;
    only the secretariat writes (docs/design.md, "Visibility")."""

    def has_permission(self, request, view) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        return request.method in SAFE_METHODS or is_secretariat(request.user)
