"""`make run` prints a demo focal point's login (#22 point 2): the service sets a password for a demo focal
point only, never for a real person."""

import pytest
from django.urls import reverse

from agencies.services import demo_focal_point_login_set
from core.errors import NotPermitted
from tests.factories import FocalPointFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a-new-random-password"


def test_a_demo_focal_point_gets_the_password_and_can_log_in(client):
    demo = FocalPointFactory(is_demo=True, user__username="demo-ilo-primary")
    assert demo_focal_point_login_set(password=PASSWORD) == demo
    response = client.post(reverse("login"), {"username": "demo-ilo-primary", "password": PASSWORD})
    assert response.status_code == 302 and response.url == reverse("my-home")


def test_a_real_focal_point_is_refused_and_keeps_their_password():
    real = FocalPointFactory(is_demo=False, user__username="demo-ilo-primary")
    before = real.user.password
    with pytest.raises(NotPermitted, match="not a demo focal point"):
        demo_focal_point_login_set(password=PASSWORD)
    real.user.refresh_from_db()
    assert real.user.password == before


def test_without_the_demo_data_there_is_no_focal_point_login():
    assert demo_focal_point_login_set(password=PASSWORD) is None
