"""Playwright drives Debian's chromium (never a downloaded browser: `npx playwright install` cannot
download here, and CI installs Debian's package)."""

import os
import shutil
from pathlib import Path

import pytest

from ..conftest import AXE_SCRIPT, _service_missing, _skip_or_fail

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


# WCAG 2.1 A and AA, the level issue #20 asks for; axe's "best-practice" rules are left out.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_FAILING_IMPACTS = {"serious", "critical"}


@pytest.fixture(scope="session")
def axe_source() -> str:
    # A session fixture runs before the per-test marker check: without axe-core, skip here with the
    # summary line (fail under CI=true) rather than error on a missing file.
    reason = _service_missing("axe")
    if reason:
        _skip_or_fail("axe", reason)
    return AXE_SCRIPT.read_text(encoding="utf-8")


@pytest.fixture
def axe_check(page, axe_source):
    """Run axe-core in the page as it is now and fail on any serious or critical violation of WCAG 2.1 A/AA.

    The script goes in through Playwright's evaluate (the DevTools protocol), not through a <script> tag or
    a context that bypasses the content security policy: the page keeps its strict policy, and the
    autouse fixture above would fail the test on anything it refuses. ``known`` names the rules this page
    is allowed to break for now (each must still occur, so the list shrinks when the template is fixed).
    Returns every violation found, of any impact, for the caller to look at."""

    def check(name: str, *, known: frozenset[str] = frozenset()) -> list[dict]:
        if not page.evaluate("typeof window.axe !== 'undefined'"):
            page.evaluate(axe_source)
        violations = page.evaluate(
            """tags => axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]})
                .then(results => results.violations.map(v => ({
                    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                    targets: v.nodes.map(n => n.target.join(" ")),
                })))""",
            AXE_TAGS,
        )
        failing = [v for v in violations if v["impact"] in AXE_FAILING_IMPACTS and v["id"] not in known]
        stale = known - {v["id"] for v in violations if v["impact"] in AXE_FAILING_IMPACTS}
        lines = [
            f"- {v['id']} ({v['impact']}): {v['help']} [{v['helpUrl']}] on {', '.join(v['targets'][:5])}"
            + (f" and {len(v['targets']) - 5} more" if len(v["targets"]) > 5 else "")
            for v in failing
        ]
        assert not failing, f"axe finds serious or critical accessibility violations on {name}:\n" + "\n".join(lines)
        assert not stale, f"{name} no longer breaks {sorted(stale)}: take them off its list of known violations"
        return violations

    return check
