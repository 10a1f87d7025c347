"""`make run`: everything a laptop needs, in one command, stopped by one Ctrl-C."""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from agencies.services import demo_focal_point_login_set, secretariat_login_set
from coordination.reminders.points import local_time
from coordination.reminders.report import reminders_preview

DEMO_USERNAME = "secretariat"


class Command(BaseCommand):
    help = (
        "Migrate, load the seeds and demo data, create a demo secretariat login, then run the web server, "
        "a Celery worker and beat together until Ctrl-C (local settings only)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--skip-seeds", action="store_true", help="Do not load the seeds and demo data.")

    def handle(self, *args, host: str, port: int, skip_seeds: bool, **options):
        if not getattr(settings, "DEMO_DATA_ALLOWED", False):
            raise CommandError("run_local is for local settings only (DJANGO_SETTINGS_MODULE=config.settings.local).")
        self.stdout.write(settings.CELERY_BROKER_CHOICE)
        # Links in mail (invitations, reminders, password resets) point where this server listens, unless set.
        site_url = os.environ.get("SITE_URL") or f"http://{_reachable(host)}:{port}"
        call_command("migrate", interactive=False, verbosity=1)
        if not skip_seeds:
            self._load_seeds()
        password = self._demo_login()
        focal_point_password = secrets.token_urlsafe(12)
        focal_point = demo_focal_point_login_set(password=focal_point_password)
        mail_line, reminders_line = self._mail_lines()
        processes = self._start(host=host, port=port, site_url=site_url)
        base = f"http://{_reachable(host)}:{port}"
        lines = [f"Admin: {base}/admin/  user: {DEMO_USERNAME}  password: {password}"]
        if focal_point is not None:
            lines.append(
                f"Focal point of {focal_point.organization.short_name}: {base}/accounts/login/  "
                f"user: {focal_point.user.username}  "
                f"password: {focal_point_password}"
            )
        lines += [mail_line, reminders_line, f"Links in mail: {site_url} (SITE_URL)."]
        self.stdout.write(
            self.style.SUCCESS(
                "\n" + "\n".join(lines) + "\nPress Ctrl-C once to stop the web server, the worker and beat.\n"
            )
        )
        # Written to a file or a pipe, stdout is buffered until the command ends: the login would
        # show only after Ctrl-C.
        self.stdout.flush()
        self._wait(processes)

    def _mail_lines(self) -> tuple[str, str]:
        """Where mail goes, and when the demo's reminders will be delivered (a scan rolled back: nothing sent)."""
        if settings.EMAIL_BACKEND == "django.core.mail.backends.console.EmailBackend":
            mail_line = (
                "Mail: printed here by the worker (EMAIL_URL=consolemail://), within a minute of being written."
            )
        else:
            mail_line = f"Mail: sent through {settings.EMAIL_HOST}:{settings.EMAIL_PORT} (EMAIL_URL)."
        now = timezone.now()
        preview = reminders_preview(now=now)
        start, end = settings.REMINDER_DELIVERY_HOURS
        hours = f"{start:02d}:00-{end:02d}:00 in each recipient's time zone"
        if not preview.due and not preview.waiting:
            return mail_line, f"Reminders: none due now (the scan runs every 10 minutes; delivery hours {hours})."
        parts = []
        if preview.due:
            parts.append(f"{len(preview.due)} go out at the first scan, within 10 minutes")
        if preview.waiting:
            when, zone = preview.first_waiting
            parts.append(
                f"{len(preview.waiting)} wait for the delivery hours ({hours}): the first at {local_time(when, zone)}"
            )
        return mail_line, f"Demo reminders: {'; '.join(parts)}. `manage.py send_reminders --dry-run` lists them."

    def _load_seeds(self) -> None:
        if "load_seeds" not in get_commands():
            self.stdout.write("No seed loader yet: starting with an empty database.")
            return
        call_command("load_seeds")
        call_command("load_seeds", demo_today=True)

    def _demo_login(self) -> str:
        """A secretariat login with a fresh random password, printed once."""
        password = secrets.token_urlsafe(12)
        secretariat_login_set(
            username=DEMO_USERNAME,
            password=password,
            email="secretariat@example.org",
            first_name="Demo",
            last_name="Officer",
        )
        return password

    def _start(self, *, host: str, port: int, site_url: str) -> list[subprocess.Popen]:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "config.settings.local"),
            "SITE_URL": site_url,
        }
        python = sys.executable
        commands = [
            [python, "manage.py", "runserver", f"{host}:{port}", "--noreload"],
            # -B runs beat inside the worker: fine for one laptop; production runs beat once, apart.
            [python, "-m", "celery", "-A", "config", "worker", "-B", "--loglevel", "INFO", "--concurrency", "2"],
        ]
        # Our own interpreter and fixed arguments: no untrusted input reaches the command line.
        return [subprocess.Popen(command, cwd=settings.BASE_DIR, env=env) for command in commands]  # noqa: S603

    def _wait(self, processes: list[subprocess.Popen]) -> None:
        stopping = False

        def stop(*_):
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        # The children share our process group, so a Ctrl-C in the terminal reaches them too;
        # SIGTERM below covers a stop sent to this process alone, and any child that died.
        while not stopping and all(p.poll() is None for p in processes):
            time.sleep(0.2)
        for process in processes:
            if process.poll() is None:
                process.terminate()
        deadline = time.monotonic() + 15
        for process in processes:
            try:
                process.wait(timeout=max(deadline - time.monotonic(), 0.1))
            except subprocess.TimeoutExpired:
                process.kill()
        self.stdout.write("Stopped the web server, the worker and beat.")


def _reachable(host: str) -> str:
    """The address a browser on this machine uses for a server listening on ``host``."""
    return "127.0.0.1" if host in ("", "0.0.0.0", "::") else host  # noqa: S104 (compared, not bound)
