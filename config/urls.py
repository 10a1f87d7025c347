"""Root URLconf."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path, reverse_lazy
from django.utils.text import format_lazy
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from agencies.api.tokens import TokenView
from agencies.forms import OutboxPasswordResetForm
from agencies.language import language_choose
from agencies.services import invitation_token_generator
from coordination.metrics import metrics
from coordination.status_page import StatusPage
from core import health
from core.api.views import not_found as api_not_found

from .api_router import router

urlpatterns = [
    # Models that moved from coordination to core and to ingest: bookmarks and links keep working.
    re_path(
        r"^admin/coordination/(?P<model>outboxmessage|workerheartbeat|idempotencyrecord)/(?P<rest>.*)$",
        RedirectView.as_view(url="/admin/core/%(model)s/%(rest)s", permanent=True, query_string=True),
    ),
    re_path(
        r"^admin/coordination/(?P<model>ingesteddocument|proposal)/(?P<rest>.*)$",
        RedirectView.as_view(url="/admin/ingest/%(model)s/%(rest)s", permanent=True, query_string=True),
    ),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("status", StatusPage.as_view(), name="status"),
    path("metrics", metrics, name="metrics"),
    path("", RedirectView.as_view(pattern_name="admin:index", permanent=False)),
    path("admin/", admin.site.urls),
    path("api/v1/auth/token/", TokenView.as_view(), name="api-token"),
    path("api/v1/", include(router.urls)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    # Last of the API's routes: anything else under /api/ is a JSON 404, never an HTML page.
    re_path(r"^api/(?P<rest>.*)$", api_not_found),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    # The language switcher of the login page and the focal points' pages (agencies/language.py).
    path("accounts/language/", language_choose, name="set-language"),
    # Invitations and forgotten passwords: both end on the login page, which then says the password is set.
    path(
        "accounts/invitation/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            token_generator=invitation_token_generator,
            template_name="registration/invitation_confirm.html",
            success_url=format_lazy("{}?password_set=1", reverse_lazy("login")),
        ),
        name="invitation",
    ),
    path(
        "accounts/password-reset/",
        auth_views.PasswordResetView.as_view(form_class=OutboxPasswordResetForm),
        name="password_reset",
    ),
    path("accounts/password-reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "accounts/password-reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            success_url=format_lazy("{}?password_set=1", reverse_lazy("login"))
        ),
        name="password_reset_confirm",
    ),
    path("", include("coordination.urls")),
]

handler404 = "core.views.page_not_found"
handler500 = "core.views.server_error"
