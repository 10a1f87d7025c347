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

from agencies.services import secretariat_login_set

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
        call_command("migrate", interactive=False, verbosity=1)
        if not skip_seeds:
            self._load_seeds()
        password = self._demo_login()
        processes = self._start(host=host, port=port)
        self.stdout.write(
            self.style.SUCCESS(
                f"\nAdmin: http://{host}:{port}/admin/  user: {DEMO_USERNAME}  password: {password}\n"
                "Press Ctrl-C once to stop the web server, the worker and beat.\n"
            )
        )
        # Written to a file or a pipe, stdout is buffered until the command ends: the login would
        # show only after Ctrl-C.
        self.stdout.flush()
        self._wait(processes)

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

    def _start(self, *, host: str, port: int) -> list[subprocess.Popen]:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "config.settings.local"),
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
