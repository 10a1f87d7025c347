"""The API's resources under /api/v1/ (docs/design.md, "REST API principles")."""

from rest_framework.routers import DefaultRouter

from agencies.api.views import MembershipViewSet, OrganizationViewSet
from coordination.api.focal_points import FocalPointViewSet
from coordination.api.paragraphs import OperativeParagraphViewSet
from coordination.api.views import (
    ActionViewSet,
    CallViewSet,
    InputRequestViewSet,
    MandateViewSet,
    ObligationViewSet,
    UpdateViewSet,
)
from meetings.api.views import AgendaItemViewSet, DocumentViewSet, MeetingViewSet, ParticipantViewSet

router = DefaultRouter()
router.register("agencies", OrganizationViewSet, basename="agencies")
router.register("memberships", MembershipViewSet, basename="memberships")
router.register("focal-points", FocalPointViewSet, basename="focal-points")
router.register("meetings", MeetingViewSet, basename="meetings")
router.register("agenda-items", AgendaItemViewSet, basename="agenda-items")
router.register("participants", ParticipantViewSet, basename="participants")
router.register("documents", DocumentViewSet, basename="documents")
router.register("mandates", MandateViewSet, basename="mandates")
router.register("paragraphs", OperativeParagraphViewSet, basename="paragraphs")
router.register("obligations", ObligationViewSet, basename="obligations")
router.register("actions", ActionViewSet, basename="actions")
router.register("calls", CallViewSet, basename="calls")
router.register("input-requests", InputRequestViewSet, basename="input-requests")
router.register("updates", UpdateViewSet, basename="updates")
