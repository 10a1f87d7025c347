import pytest
from knox.models import AuthToken
from rest_framework.test import APIClient


@pytest.fixture
def api_client_for():
    """An API client authenticated with a real token of the given user (or anonymous for None)."""

    def make(user) -> APIClient:
        client = APIClient()
        if user is not None and user.is_authenticated:
            _, token = AuthToken.objects.create(user)
            client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        return client

    return make
