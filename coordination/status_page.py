"""``/status`` for a person as well as for monitoring: the same view as the API's (coordination/api/status.py),
answering JSON to ``Accept: application/json`` (and to clients that accept anything, like curl and monitoring
scripts), and an admin page to a browser. A browser not logged in is sent to the admin's login."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import AuthenticationFailed, NotAuthenticated
from rest_framework.renderers import JSONRenderer, TemplateHTMLRenderer
from rest_framework.response import Response

from coordination.api.status import StatusView
from coordination.operations import operations_status


class StatusPage(StatusView):
    # JSON first: what a client that names no type (Accept: */*) gets, as before; a browser asks for text/html.
    renderer_classes = [JSONRenderer, TemplateHTMLRenderer]
    template_name = "operations/status.html"

    @extend_schema(exclude=True)  # an operations endpoint, documented in docs/operations.md
    def get(self, request):
        status = operations_status()
        if request.accepted_renderer.format != "html":
            return Response(status)
        context = {
            **admin.site.each_context(request),
            "title": "Status of the background work",
            "status": status,
        }
        return Response(context, template_name=self.template_name)

    def handle_exception(self, exc):
        html = getattr(getattr(self.request, "accepted_renderer", None), "format", None) == "html"
        if html and isinstance(exc, NotAuthenticated | AuthenticationFailed):
            return redirect_to_login(self.request.get_full_path(), login_url="admin:login")
        return super().handle_exception(exc)
