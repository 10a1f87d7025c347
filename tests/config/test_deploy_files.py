"""The Procfile, the systemd units and the gunicorn configuration say the same thing."""

import re
import runpy
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def procfile() -> dict[str, str]:
    lines = [line for line in (ROOT / "Procfile").read_text().splitlines() if line and not line.startswith("#")]
    return dict(line.split(": ", 1) for line in lines)


def exec_start(unit: str) -> str:
    text = (ROOT / "deploy" / "systemd" / f"coordination-{unit}.service").read_text()
    (command,) = re.findall(r"^ExecStart=(.+)$", text, re.MULTILINE)
    return command.replace("/srv/coordination/app/.venv/bin/", "")


@pytest.mark.parametrize("process", ["web", "worker", "beat"])
def test_each_systemd_unit_runs_the_procfiles_command(process):
    expected = procfile()[process].replace("${CELERY_CONCURRENCY:-4}", "${CELERY_CONCURRENCY}")
    assert exec_start(process) == expected


def test_the_release_step_migrates_then_collects_static_files():
    assert procfile()["release"] == "python manage.py migrate --noinput && python manage.py collectstatic --noinput"


def test_gunicorn_reads_its_settings_from_the_environment(monkeypatch):
    monkeypatch.setenv("PORT", "9123")
    monkeypatch.setenv("WEB_CONCURRENCY", "3")
    monkeypatch.setenv("FORWARDED_ALLOW_IPS", "10.0.0.5")
    config = runpy.run_path(str(ROOT / "config" / "gunicorn.py"))
    assert (config["bind"], config["workers"], config["forwarded_allow_ips"]) == ("127.0.0.1:9123", 3, "10.0.0.5")


def test_a_malformed_gunicorn_setting_stops_with_its_name(monkeypatch):
    monkeypatch.setenv("WEB_CONCURRENCY", "five")
    with pytest.raises(SystemExit, match="WEB_CONCURRENCY must be a whole number"):
        runpy.run_path(str(ROOT / "config" / "gunicorn.py"))


def server_block(text: str) -> str:
    (block,) = re.findall(r"^server \{$.*?^\}$", text, re.MULTILINE | re.DOTALL)
    return block


def test_the_nginx_file_is_the_documented_example():
    documented = (ROOT / "docs" / "operations.md").read_text()
    deployed = (ROOT / "deploy" / "nginx" / "coordination.conf").read_text()
    assert server_block(deployed) == server_block(documented)


def test_nginx_replaces_the_clients_x_forwarded_for_with_the_address_it_sees():
    """Appending ($proxy_add_x_forwarded_for) would pass on whatever the client wrote in the header."""
    block = server_block((ROOT / "deploy" / "nginx" / "coordination.conf").read_text())
    assert re.search(r"^\s*proxy_set_header X-Forwarded-For \$remote_addr;", block, re.MULTILINE)
    assert "proxy_add_x_forwarded_for" not in block


def test_the_example_environment_trusts_the_one_proxy_it_documents():
    env_example = (ROOT / "deploy" / "systemd" / "env.example").read_text()
    assert re.findall(r"^TRUSTED_PROXY_COUNT=(\d+)$", env_example, re.MULTILINE) == ["1"]
