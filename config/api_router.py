"""The API's resources under /api/v1/ (docs/design.md, "REST API principles")."""

from rest_framework.routers import DefaultRouter

# Organizations, memberships, meetings and documents as agencies/ and meetings/ serve them, with their
# provenance (kept in coordination/).
from coordination.api.extensions import (
    AgendaItemViewSet,
    DocumentViewSet,
    MeetingViewSet,
    MembershipViewSet,
    OrganizationViewSet,
    ParticipantViewSet,
)
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
