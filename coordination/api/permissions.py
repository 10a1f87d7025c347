"""Who may call the coordination API's writes, by role; the services check the same rules again."""

from __future__ import annotations

from rest_framework.permissions import SAFE_METHODS, BasePermission

from agencies.api.permissions import ReadForMembersWriteForSecretariat

from ..selectors import may_write_updates


class WritesUpdates(BasePermission):
    """Reading is for everyone logged in (the rows are filtered by the selectors); creating an update
    is for the secretariat and focal points, refused before the body is even read."""

    message = "Only focal points of an organization and the secretariat write updates."

    def has_permission(self, request, view) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        return request.method in SAFE_METHODS or view.action != "create" or may_write_updates(request.user)


class ReadForMembersStepsForSecretariat(ReadForMembersWriteForSecretariat):
    """As ``ReadForMembersWriteForSecretariat``, except for the steps the view lists in
    ``secretariat_only_actions`` (closing a call, recording a report): those reach the view, whose
    service refuses anyone but the secretariat. So a step answers as the others do: 404 for no such
    object, 428 without If-Match, and only then 403 for a caller whose step it is not. The steps in
    ``focal_point_actions`` (asking to mark an action done) reach the view the same way; their service
    says who may take them."""

    def has_permission(self, request, view) -> bool:
        steps = (*view.secretariat_only_actions, *getattr(view, "focal_point_actions", ()))
        if request.user and request.user.is_authenticated and view.action in steps:
            return True
        return super().has_permission(request, view)
