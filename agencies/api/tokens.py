"""The API token endpoint: log in for a token, or revoke the token in use."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.signals import user_login_failed
from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema
from knox.models import AuthToken
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from agencies.selectors import second_factor_required
from core.api.throttling import FailOpenScopedRateThrottle
from core.errors import DomainError
from core.services.second_factor import second_factor_verify

from .authentication import TokenAuthentication


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=128, trim_whitespace=False, style={"input_type": "password"})
    otp_token = serializers.CharField(
        max_length=32,
        required=False,
        allow_blank=True,
        help_text="Secretariat staff, where the server asks for a second factor (production): the current "
        "6-digit code of their authenticator app, or one of their recovery codes (each works once). "
        "Focal points leave it out.",
    )


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="Send it as `Authorization: Token <token>`. Shown once.")
    expires = serializers.DateTimeField()


class TokenView(APIView):
    """Get an API token for a username and password (POST), or revoke the token in use (DELETE).

    Tokens are stored as digests and expire; a new one is shown once, in this answer.
    """

    throttle_scope = "auth"

    def get_permissions(self):
        return [AllowAny()] if self.request.method == "POST" else [IsAuthenticated()]

    def get_authenticators(self):
        # Revoking needs the token itself; logging in needs nothing.
        return [TokenAuthentication()]

    def get_throttles(self):
        return [FailOpenScopedRateThrottle()] if self.request.method == "POST" else []

    @extend_schema(
        request=TokenRequestSerializer,
        responses={
            201: TokenSerializer,
            400: OpenApiResponse(description="Missing or malformed username or password."),
            401: OpenApiResponse(
                description="Wrong username or password, or an inactive account; for secretariat staff where "
                "a second factor is asked, a missing, wrong or already used otp_token."
            ),
            403: OpenApiResponse(description="The user already holds the most live tokens allowed."),
            429: OpenApiResponse(
                description="Too many attempts from this address, or this username is locked out at this "
                "address after failed logins; retry after the Retry-After header's seconds."
            ),
        },
        auth=[],
    )
    def post(self, request):
        form = TokenRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        # django-axes counts failures per (username, client address) on the underlying HttpRequest and
        # refuses a locked pair even with the right password; its middleware then answers for this view
        # (core/lockout.py: JSON with Retry-After), on the failure that locks as on every later attempt.
        user = authenticate(
            request._request, username=form.validated_data["username"], password=form.validated_data["password"]
        )
        if user is None or not user.is_active:
            return Response({"detail": "Wrong username or password."}, status=status.HTTP_401_UNAUTHORIZED)
        if second_factor_required(user):
            refused = self._second_factor_refusal(request, user, form.validated_data.get("otp_token", ""))
            if refused is not None:
                return refused
        # The user's expired tokens go now; the live ones are capped (REST_KNOX["TOKEN_LIMIT_PER_USER"]).
        AuthToken.objects.filter(user=user, expiry__lt=timezone.now()).delete()
        limit = settings.REST_KNOX["TOKEN_LIMIT_PER_USER"]
        if AuthToken.objects.filter(user=user).count() >= limit:
            return Response(
                {
                    "detail": f"You already hold {limit} live tokens: revoke one (DELETE on this path) "
                    "or wait for one to expire."
                },
                status=status.HTTP_403_FORBIDDEN,
            )
        instance, token = AuthToken.objects.create(user)
        return Response(
            TokenSerializer({"token": token, "expires": instance.expiry}).data, status=status.HTTP_201_CREATED
        )

    def _second_factor_refusal(self, request, user, code: str) -> Response | None:
        """None when ``code`` is the user's current code or one of their recovery codes (used up now)."""
        if not code:
            detail = (
                "This account needs a second factor: send the current code of its authenticator app, "
                "or a recovery code, as otp_token."
            )
        else:
            try:
                second_factor_verify(user=user, code=code)
            except DomainError as error:
                detail = f"otp_token: {' '.join(error.messages)}"
            else:
                return None
        # A missing or wrong code is a failed login, as a wrong password is: django-axes counts it (and
        # its middleware answers instead of this view when it locks the username at this address).
        user_login_failed.send(
            sender=__name__, credentials={"username": user.get_username()}, request=request._request
        )
        return Response({"detail": detail}, status=status.HTTP_401_UNAUTHORIZED)

    @extend_schema(
        request=None,
        responses={
            204: OpenApiResponse(description="The token is revoked."),
            401: OpenApiResponse(description="No valid token."),
        },
    )
    def delete(self, request):
        request.auth.delete()
        return Response(status=status.HTTP_204_NO_CONTENT)
