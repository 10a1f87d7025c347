import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import REQUIRED, EnvReader


@pytest.mark.parametrize(
    ("name", "value", "read"),
    [
        ("DJANGO_DEBUG", "maybe", lambda e: e.bool("DJANGO_DEBUG", default=False)),
        ("DATABASE_URL", "notaurl", lambda e: e.database("DATABASE_URL", default="sqlite:///x")),
        ("DATABASE_URL", "postgres://u@h:port/db", lambda e: e.database("DATABASE_URL", default="sqlite:///x")),
        ("DATABASE_URL", "mysql://u@h/db", lambda e: e.database("DATABASE_URL", default="sqlite:///x")),
        ("EMAIL_URL", "bogus", lambda e: e.email("EMAIL_URL", default="consolemail://")),
        ("EMAIL_URL", "smtp://host:notaport", lambda e: e.email("EMAIL_URL", default="consolemail://")),
        ("REDIS_URL", "http://127.0.0.1:6379", lambda e: e.redis_url("REDIS_URL", default="redis://x")),
        ("SITE_URL", "coordination.example.org", lambda e: e.url("SITE_URL", default="http://x")),
        ("SECRETARIAT_TIME_ZONE", "Mars/Olympus_Mons", lambda e: e.time_zone("SECRETARIAT_TIME_ZONE", default="UTC")),
        ("STALENESS_HORIZON_DAYS", "ninety", lambda e: e.int("STALENESS_HORIZON_DAYS", default=90)),
        ("STALENESS_HORIZON_DAYS", "0", lambda e: e.int("STALENESS_HORIZON_DAYS", default=90, minimum=1)),
        ("DJANGO_ALLOWED_HOSTS", " , ", lambda e: e.list("DJANGO_ALLOWED_HOSTS", default=["x"])),
    ],
)
def test_malformed_value_is_refused_with_the_variable_named(name, value, read):
    with pytest.raises(ImproperlyConfigured, match=name):
        read(EnvReader({name: value}))


def test_urls_that_may_carry_passwords_are_not_echoed_in_errors():
    with pytest.raises(ImproperlyConfigured) as excinfo:
        EnvReader({"DATABASE_URL": "postgres://user:hunter2@host:nope/db"}).database("DATABASE_URL")
    assert "hunter2" not in str(excinfo.value)


def test_required_variable_missing_names_it_and_the_context():
    with pytest.raises(ImproperlyConfigured, match=r"REDIS_URL is required under production settings"):
        EnvReader({}, context="production settings").redis_url("REDIS_URL", default=REQUIRED)


def test_well_formed_values_are_parsed():
    env = EnvReader(
        {
            "DJANGO_DEBUG": "yes",
            "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/coordination",
            "DJANGO_ALLOWED_HOSTS": "a.example.org, b.example.org",
            "SITE_URL": "https://coordination.example.org/",
            "SECRETARIAT_TIME_ZONE": "Europe/Zurich",
        }
    )
    assert env.bool("DJANGO_DEBUG") is True
    assert env.database("DATABASE_URL")["NAME"] == "coordination"
    assert env.list("DJANGO_ALLOWED_HOSTS") == ["a.example.org", "b.example.org"]
    assert env.url("SITE_URL") == "https://coordination.example.org"
    assert env.time_zone("SECRETARIAT_TIME_ZONE") == "Europe/Zurich"
