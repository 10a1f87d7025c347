"""`make run PORT=8123`: the local settings' links in mail follow the port unless SITE_URL is set (#22 point 2)."""

import pytest

from .test_settings_start import run_manage

SHOW_SITE_URL = "from django.conf import settings; print(settings.SITE_URL)"


@pytest.mark.parametrize(
    ("env", "site_url"),
    [
        ({}, "http://127.0.0.1:8000"),
        ({"PORT": "8123"}, "http://127.0.0.1:8123"),
        ({"PORT": "8123", "SITE_URL": "http://laptop.example.org:9000"}, "http://laptop.example.org:9000"),
    ],
)
def test_site_url_follows_port_unless_set(env, site_url):
    done = run_manage(
        "shell",
        "-c",
        SHOW_SITE_URL,
        env={"DJANGO_SETTINGS_MODULE": "config.settings.local", "DATABASE_URL": "sqlite:///:memory:", **env},
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == site_url
