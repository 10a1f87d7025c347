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


class ReadForMembersStepsForSecretariat(ReadForMembersWriteForSecretariat):
    """As ``ReadForMembersWriteForSecretariat``, except for the steps the view lists in
    ``secretariat_only_actions`` (closing a call, recording a report, changing or deleting a record):
    those reach the view, whose service refuses anyone but the secretariat. So a step answers as the
    others do: 404 for no such object (or one the caller may not see), 428 without If-Match, and only
    then 403 for a caller whose step it is not. The steps in ``focal_point_actions`` (asking to mark an
    action done) reach the view the same way; their service says who may take them."""

    def has_permission(self, request, view) -> bool:
        steps = (*getattr(view, "secretariat_only_actions", ()), *getattr(view, "focal_point_actions", ()))
        if request.user and request.user.is_authenticated and view.action in steps:
            return True
        return super().has_permission(request, view)
