"""Playwright drives Debian's chromium (never a downloaded browser: `npx playwright install` cannot
download here, and CI installs Debian's package)."""

import os
import shutil
from pathlib import Path

import pytest

from ..conftest import _service_missing, _skip_or_fail

# Playwright's sync API runs an event loop in the test thread, so Django would refuse the ORM
# calls of fixtures in that thread; they are synchronous and safe (pytest-django's documented
# DJANGO_ALLOW_ASYNC_UNSAFE escape for Playwright). Set at
# import because the page fixture starts the loop before any fixture of ours could run.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ARTIFACTS = Path(__file__).resolve().parent.parent.parent / "test-artifacts"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # The browser starts (a session fixture) before the per-test marker check: without chromium,
    # skip here with the summary line (fail under CI=true) rather than error in Playwright's launch.
    reason = _service_missing("browser")
    if reason:
        _skip_or_fail("browser", reason)
    return {
        **browser_type_launch_args,
        "executable_path": shutil.which("chromium"),
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            "--disable-sync",
            "--disable-quic",
        ],
    }


@pytest.fixture
def screenshot(page):
    def take(name: str) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture(autouse=True)
def no_content_security_policy_violations(page):
    """Every browser test also proves its pages work under the content security policy: chromium
    reports each refused script, style or image on the console, and any such report fails the test."""
    refused: list[str] = []
    page.on(
        "console",
        lambda message: (
            refused.append(f"{message.text} {message.location}") if "Content Security Policy" in message.text else None
        ),
    )
    yield refused
    assert refused == [], f"the content security policy refused: {refused}"
