"""``/status``: how the background machinery is doing, for the secretariat and its monitoring.

It answers 200 with what it found (coordination/operations.py); ``"ok": false`` and the list of
``problems`` say what to look at. Authenticate with a secretariat session or token.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from agencies.selectors import is_secretariat
from coordination.operations import operations_status


class IsSecretariat(BasePermission):
    def has_permission(self, request, view) -> bool:
        return bool(request.user and request.user.is_authenticated and is_secretariat(request.user))


class StatusView(APIView):
    permission_classes = [IsSecretariat]

    @extend_schema(exclude=True)  # an operations endpoint, documented in docs/operations.md
    def get(self, request):
        return Response(operations_status())
