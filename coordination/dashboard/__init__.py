"""The secretariat's dashboard: the admin site whose index it is, its panels, the timeline."""

from .panels import UPCOMING_DAYS, dashboard_data

__all__ = ["UPCOMING_DAYS", "dashboard_data"]
