"""API token authentication: knox's tokens (SHA-512 digests with an expiry), checked in one query.

knox's own check reads the token and then every token of its user, on every request, to delete
the expired ones. Here one query reads the token, its user and what the permission checks need
to know of the user's roles (``agencies.selectors.role_annotations``). An expired token is refused
and deleted when presented; a user's other expired tokens go when the user next logs in for a
token (``agencies.api.tokens.TokenView``).
"""

from __future__ import annotations

import binascii
from functools import cache
from hmac import compare_digest

from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.authentication import SessionScheme as DrfSessionScheme
from drf_spectacular.contrib.knox_auth_token import KnoxTokenScheme
from knox import auth as knox_auth
from knox.crypto import hash_token
from knox.models import AuthToken
from knox.settings import CONSTANTS
from rest_framework import authentication
from rest_framework.exceptions import AuthenticationFailed

from agencies.selectors import role_annotations, roles_remember, second_factor_missing


@cache
def _tokens_with_roles() -> QuerySet:
    """Tokens with their user and its roles: built once per process (building it took a third of the
    check's time) and only ever filtered into new querysets, never evaluated itself."""
    return AuthToken.objects.select_related("user").annotate(**role_annotations("user"))


class TokenAuthentication(knox_auth.TokenAuthentication):
    def authenticate_credentials(self, token: bytes):
        token = token.decode("utf-8", errors="replace")
        if "\x00" in token:
            raise AuthenticationFailed("Invalid token.")
        try:
            digest = hash_token(token)
        except (TypeError, binascii.Error, ValueError):
            raise AuthenticationFailed("Invalid token.") from None
        for auth_token in _tokens_with_roles().filter(token_key=token[: CONSTANTS.TOKEN_KEY_LENGTH]):
            if not compare_digest(digest, auth_token.digest):
                continue
            if auth_token.expiry is not None and auth_token.expiry < timezone.now():
                auth_token.delete()
                raise AuthenticationFailed("Invalid token.")
            user, auth_token = self.validate_user(auth_token)
            roles_remember(
                user,
                in_secretariat_group=auth_token.user_in_secretariat_group,
                acts_for_organization=auth_token.user_acts_for_organization,
            )
            return user, auth_token
        raise AuthenticationFailed("Invalid token.")


class TokenScheme(KnoxTokenScheme):
    """The schema documents this authentication as knox's: ``Authorization: Token <key>``."""

    target_class = TokenAuthentication
    name = "tokenAuth"


class SessionAuthentication(authentication.SessionAuthentication):
    """DRF's session authentication (the browsable API), except that a session of staff who must give a
    second factor and have not yet is no session here: a password alone never reads the API."""

    def authenticate(self, request):
        authenticated = super().authenticate(request)
        if authenticated is not None and second_factor_missing(authenticated[0]):
            return None
        return authenticated


class SessionScheme(DrfSessionScheme):
    """The schema documents this authentication as DRF's: the session cookie."""

    target_class = SessionAuthentication
