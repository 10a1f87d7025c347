"""The API fuzzed from its own OpenAPI schema, as an integrator would try it: schemathesis's command
line against a live server (runserver, SQLite, the seeds and the demo data), every check
(``--checks all``, with ``schemathesis.toml``), as the secretariat and as a focal point, with a
fixed seed; then the stateful phase, which follows the schema's links (create, read, then change
with ``If-Match: $response.header.ETag``).

The fuzzing phase (which must reach every operation) and the stateful phase run to a number of
examples, not for a time: ``FUZZ_MAX_EXAMPLES`` per operation and ``FUZZ_STATEFUL_EXAMPLES``
scenarios; a busy machine takes longer but tests the same. The examples and coverage phases run for
``FUZZ_SECONDS`` (0: to their end, several minutes). A longer run by hand, its
command and its last result: docs/development.md, "Fuzzing the API".
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from tests.e2e.live import PROJECT_ROOT, free_port, wait_until

pytestmark = pytest.mark.source_documents  # the live server's data are the seeds and the demo cycle

SEED = 20261203
# The fuzzing phase, which must reach every operation, and the stateful phase run to a number of
# examples, not for a time: a busy machine takes longer but tests the same (a time budget missed
# operations on a loaded machine). The examples and coverage phases, whose cases grow with the schema
# (7,321 for 93 operations, 400 s on a loaded machine), run for FUZZ_SECONDS (0: to the end).
MAX_EXAMPLES = int(os.environ.get("FUZZ_MAX_EXAMPLES", "6"))
STATEFUL_EXAMPLES = int(os.environ.get("FUZZ_STATEFUL_EXAMPLES", "30"))
SECONDS = int(os.environ.get("FUZZ_SECONDS", "60"))
# However busy the machine, a schemathesis run that has not ended in this time has hung.
HUNG_AFTER = 1200

# Run by the server process itself (manage.py shell): one token per caller, printed as JSON.
MAKE_TOKENS = """
import json, secrets
from knox.models import AuthToken
from agencies.models import FocalPoint
from agencies.services import secretariat_login_set
officer = secretariat_login_set(username="fuzz-secretariat", password=secrets.token_urlsafe(24))
focal = FocalPoint.objects.filter(is_active=True, user__is_active=True, user__is_staff=False).order_by("pk").first()
tokens = {"secretariat": AuthToken.objects.create(officer)[1], "focal_point": AuthToken.objects.create(focal.user)[1]}
print(json.dumps(tokens))
"""


def _schemathesis() -> str:
    found = shutil.which("schemathesis") or str(Path(sys.executable).with_name("schemathesis"))
    assert Path(found).exists(), "schemathesis is installed with the test tools (requirements-dev.txt)"
    return found


@pytest.fixture(scope="module")
def live_api(tmp_path_factory):
    """A server as `make run` starts it (local settings, SQLite), with the seeds and the demo cycle."""
    folder = tmp_path_factory.mktemp("fuzz")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        # The test run's own Redis database (or, outside CI, the filesystem broker when none answers).
        "REDIS_URL": settings.TEST_BROKER_URL,
        "PRIVATE_MEDIA_ROOT": str(folder / "media"),
        # The fuzzer is one client sending thousands of requests: the throttles are not under test.
        "API_USER_RATE": "1000000/hour",
        "API_ANON_RATE": "1000000/hour",
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("DJANGO_DEBUG", None)
    manage = [sys.executable, str(PROJECT_ROOT / "manage.py")]
    for command in (["migrate", "-v0"], ["load_seeds", "-v0"], ["load_seeds", "--demo-today", "-v0"]):
        subprocess.run([*manage, *command], env=env, cwd=PROJECT_ROOT, check=True, capture_output=True, timeout=300)
    made = subprocess.run(
        [*manage, "shell", "-c", MAKE_TOKENS], env=env, cwd=PROJECT_ROOT, check=True, capture_output=True, timeout=120
    )
    tokens = json.loads(made.stdout.decode().strip().splitlines()[-1])
    port = int(os.environ.get("FUZZ_PORT", "0")) or free_port()  # a port of your own range, on a shared machine
    log = (folder / "server.log").open("wb")
    server = subprocess.Popen(
        [*manage, "runserver", f"127.0.0.1:{port}", "--noreload", "--nothreading"],
        env=env,
        cwd=PROJECT_ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        import urllib.request

        def schema_answers():
            try:
                with urllib.request.urlopen(f"{url}/api/schema/", timeout=5) as answer:
                    return answer.status == 200
            except OSError:
                return server.poll() is not None and pytest.fail((folder / "server.log").read_text())

        wait_until(schema_answers, timeout=90, interval=0.5, message="the live server's schema")
        with urllib.request.urlopen(f"{url}/api/schema/?format=json", timeout=30) as answer:
            paths = json.load(answer)["paths"]
        operations = [(path, method) for path, methods in paths.items() for method in methods]
        operations = [(path, method) for path, method in operations if not path.endswith("/auth/token/")]
        yield {"url": url, "tokens": tokens, "folder": folder, "operations": operations}
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def _run(
    live_api, caller: str, phases: str, report: Path, *, examples: int = MAX_EXAMPLES, budget: int = 0
) -> subprocess.CompletedProcess:
    command = [
        _schemathesis(),
        "run",
        f"{live_api['url']}/api/schema/",
        "--checks",
        "all",
        "--phases",
        phases,
        "--seed",
        str(SEED),
        "--max-examples",
        str(examples),
        *(["--max-time", str(budget)] if budget else []),
        "--workers",
        "1",
        # It would revoke the token under test; its own tests are in tests/coordination/api.
        "--exclude-path",
        "/api/v1/auth/token/",
        "--header",
        f"Authorization: Token {live_api['tokens'][caller]}",
        "--report",
        "ndjson",
        "--report-ndjson-path",
        str(report),
    ]
    # schemathesis.toml (the statuses a schema-valid request may still get) is read from here.
    return subprocess.run(command, cwd=PROJECT_ROOT, capture_output=True, timeout=HUNG_AFTER)


def _events(report: Path, kind: str) -> list[dict]:
    return [event[kind] for event in map(json.loads, report.read_text().splitlines()) if kind in event]


def _tail(result: subprocess.CompletedProcess) -> str:
    return "\n".join(result.stdout.decode(errors="replace").splitlines()[-120:])


def _keep(result: subprocess.CompletedProcess, name: str) -> None:
    """schemathesis's whole report, in test-artifacts/fuzz/ (what a longer run by hand reads)."""
    folder = PROJECT_ROOT / "test-artifacts" / "fuzz"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.txt").write_bytes(result.stdout)


@pytest.mark.parametrize("caller", ["secretariat", "focal_point"])
def test_the_api_keeps_to_its_schema_for_every_operation(live_api, caller):
    # Two runs: the examples and the coverage phase for their time, then the fuzzing phase to its end:
    # it must reach every operation (in one run with a budget, the first two spent the third's).
    for phases, name, budget in (("examples,coverage", "operations", SECONDS), ("fuzzing", "fuzzing", 0)):
        report = live_api["folder"] / f"{caller}-{name}.ndjson"
        result = _run(live_api, caller, phases, report, budget=budget)
        _keep(result, f"{caller}-{name}")
        assert result.returncode == 0, _tail(result)
        if caller == "secretariat":  # the secretariat may call every operation but a focal point's own: none else 403s
            assert _refused_outright(result.stdout.decode(errors="replace")) <= FOCAL_POINTS_OWN, _tail(result)
    fuzzed = [scenario for scenario in _events(report, "ScenarioFinished") if scenario["phase"] == "fuzzing"]
    # Every operation was fuzzed, and kept to the schema;
    # a focal point's may skip the one it may never call (opening a call).
    labels = {scenario["recorder"]["label"] for scenario in fuzzed}
    passed = {scenario["recorder"]["label"] for scenario in fuzzed if scenario["status"] == "success"}
    assert len(labels) == len(live_api["operations"]), _tail(result)
    assert len(passed) >= len(labels) - 1, _tail(result)


# Operations only a focal point may take: the secretariat is answered 403 whatever it sends (it marks an
# action done itself; asking the secretariat to confirm it is the organization's step).
FOCAL_POINTS_OWN = {"POST /api/v1/actions/{id}/request-done/"}


def _refused_outright(output: str) -> set[str]:
    """The operations schemathesis's warning "Authentication failed" lists (only 401/403 answers)."""
    if "Authentication failed" not in output:
        return set()
    section = output.split("Authentication failed", 1)[1].split("💡", 1)[0]
    return set(re.findall(r"- ((?:GET|POST|PUT|PATCH|DELETE) \S+)", section))


def _steps(scenario: dict) -> int:
    cases = scenario.get("recorder", {}).get("cases", {})
    return sum(1 for case in cases.values() if case.get("transition"))


@pytest.mark.parametrize("caller", ["secretariat", "focal_point"])
def test_multi_step_scenarios_keep_to_the_schema(live_api, caller):
    report = live_api["folder"] / f"{caller}-stateful.ndjson"
    result = _run(live_api, caller, "stateful", report, examples=STATEFUL_EXAMPLES)
    _keep(result, f"{caller}-stateful")
    assert result.returncode == 0, _tail(result)
    scenarios = [s for s in _events(report, "ScenarioFinished") if s.get("phase") == "stateful"]
    assert scenarios, _tail(result)
    # Scenarios of several requests ran: a step taken with what an earlier answer gave it.
    assert sum(_steps(scenario) for scenario in scenarios) >= 5, _tail(result)
