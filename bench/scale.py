"""The tool's pages and reads on the UN-scale data set, each against a baseline measured in the same run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/coordination .venv/bin/python bench/scale.py
    ... bench/scale.py --quick          # CI: the small profile (query counts against tiny), no time targets
    ... bench/scale.py --rebuild        # make the template databases again first

On a clone of the ``un-system`` template (bench/scale_data.py: 40,000 mandates with 400,000 paragraphs,
11,000 obligations, 200 organizations, 2,000 focal points, 20,000 follow-up actions, 300 meetings, 50
calls of 100 addressees, a year of reminders; made once, cloned for each run), each timing the median of
several rounds, the two sides alternating:

1. the admin index with the dashboard / the plain admin index (target: at most 3x);
2. the follow-up actions' changelist / a ``.values()`` page of the same 100 rows in the admin's frame
   (target: at most 3x);
3. the record of the largest meeting (400 participants, its series' actions to carry over) / a
   ``.values()`` page of the same rows (target: at most 3x);
4. a call's board and its count by a cut-off day (``call_board`` + ``answered_by``) / the same figures from
   one bare SQL query with its subquery counts, added up per category (target: at most 3x);
5. the compilation of a call's 100 answers (``compilation_for`` + ``compilation_docx``) / their text in one
   plain DOCX (bench/compile.py's baseline with the texts for the call's questions; target: at most 2x);
6. GET /api/v1/updates/ under gunicorn / the hand-written view of bench/api.py (target: at least 0.6).

Pages 1-4 must read a fixed number of SQL queries: each is counted on the ``small`` profile too (on
``tiny`` with --quick) and must be the same. Exits 1 when a count differs or (full run) a target is missed.
"""

from __future__ import annotations

import argparse
import http.client
import io
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.urls import clear_url_caches  # noqa: E402
from docx import Document  # noqa: E402
from knox.models import AuthToken  # noqa: E402

from bench.api import hammer, same_page  # noqa: E402
from bench.dashboard import get_index, logged_in_client  # noqa: E402
from bench.scale_data import scale_database  # noqa: E402
from coordination.board import _end_of, answered_by, call_board  # noqa: E402
from coordination.compilation import compilation_docx, compilation_for  # noqa: E402
from coordination.deadlines import secretariat_today  # noqa: E402
from coordination.models import (  # noqa: E402
    ActivityUpdate,
    CallForInputs,
    FollowUpAction,
    Mandate,
    PromptAnswer,
    ReminderEntry,
)
from meetings.models import Meeting  # noqa: E402
from tests.e2e.live import free_port, wait_until  # noqa: E402

FULL = {"profile": "un-system", "compare": "small", "rounds": 15, "api_seconds": 30, "api_threads": 4}
QUICK = {"profile": "small", "compare": "tiny", "rounds": 3, "api_seconds": 3, "api_threads": 2}

BOARD_SQL = """
SELECT r.id, r.status, r.closed_at, r.due_date, o.name, o.category,
       (SELECT count(*) FROM coordination_reminderentry e
         WHERE e.item_kind = 'input_request' AND e.item_id = r.id AND e.status = 'sent'),
       (SELECT count(*) FROM coordination_updateevent v JOIN coordination_activityupdate u ON u.id = v.update_id
         WHERE u.input_request_id = r.id AND v.event = 'returned')
FROM coordination_inputrequest r JOIN agencies_organization o ON o.id = r.organization_id
WHERE r.call_id = %s ORDER BY o.name"""


def plain_docx(call: CallForInputs) -> bytes:
    """The answers' text in one DOCX, ungrouped: each title, its body's paragraphs and its texts for the call's
    questions, read with two ``.values()`` queries (bench/compile.py's baseline, with the questions' texts,
    which the compilation writes too)."""
    texts: dict[int, list[str]] = {}
    for update, text in (
        PromptAnswer.objects.filter(update__input_request__call=call)
        .order_by("update_id", "prompt__position")
        .values_list("update_id", "text")
    ):
        texts.setdefault(update, []).append(text)
    document = Document()
    for pk, title, body in ActivityUpdate.objects.filter(input_request__call=call).values_list("pk", "title", "body"):
        document.add_paragraph().add_run(title).bold = True
        for paragraph in [*body.split("\n\n"), *texts.get(pk, [])]:
            document.add_paragraph(paragraph)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def alternate(sides: dict[str, Callable[[], object]], rounds: int) -> dict[str, float]:
    """The median seconds of each side over ``rounds``, the sides taking turns (after one warm-up each)."""
    for side in sides.values():
        side()
    timings: dict[str, list[float]] = {name: [] for name in sides}
    for _ in range(rounds):
        for name, side in sides.items():
            started = time.perf_counter()
            side()
            timings[name].append(time.perf_counter() - started)
    return {name: statistics.median(values) for name, values in timings.items()}


def queries_of(function: Callable[[], object]) -> int:
    with CaptureQueriesContext(connection) as queries:
        function()
    return len(queries)


def get_page(client: Client, url: str) -> Callable[[], None]:
    def get() -> None:
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"GET {url} answered {response.status_code}")

    return get


class Subjects:
    """What the benchmarks read in one data set: the largest meeting, the call answered by everyone."""

    def __init__(self) -> None:
        self.client = logged_in_client()
        self.meeting = (
            Meeting.objects.annotate(n=Count("participants")).order_by("-n", "pk").values_list("pk", flat=True)[0]
        )
        self.call = CallForInputs.objects.annotate(n=Count("input_requests__updates")).order_by("-n", "pk").first()
        self.today = secretariat_today()

    def pages(self) -> dict[str, Callable[[], object]]:
        return {
            "dashboard": lambda: get_index(self.client, dashboard=True),
            "plain admin index": lambda: get_index(self.client, dashboard=False),
            "changelist": get_page(self.client, "/admin/coordination/followupaction/"),
            "changelist baseline": get_page(self.client, "/bench/scale/actions/"),
            "meeting record": get_page(self.client, f"/admin/meetings/meeting/{self.meeting}/record/"),
            "meeting baseline": get_page(self.client, f"/bench/scale/meetings/{self.meeting}/"),
            "board": self.board,
            "board baseline": self.board_baseline,
        }

    def board(self) -> None:
        answered_by(call_board(self.call, today=self.today), self.today)

    def board_baseline(self) -> None:
        """The board's figures from one bare SQL query (each request's status, closing instant, reminders sent
        and rounds returned), and the cut-off's counts per category added up from its rows."""
        with connection.cursor() as cursor:
            cursor.execute(BOARD_SQL, [self.call.pk])
            rows = cursor.fetchall()
        end, counts = _end_of(self.today), {}
        for _, status, closed_at, _, _, category, _, _ in rows:
            asked, answered, declined = counts.get(category, (0, 0, 0))
            by_end = closed_at is not None and closed_at < end
            counts[category] = (
                asked + 1,
                answered + (by_end and status == "answered"),
                declined + (by_end and status == "declined"),
            )


COUNTED = ("dashboard", "changelist", "meeting record", "board")


def count_queries(subjects: Subjects) -> dict[str, int]:
    pages = subjects.pages()
    for name in COUNTED:
        pages[name]()  # warm: sessions, caches
    return {name: queries_of(pages[name]) for name in COUNTED}


def api_ratio(seconds: float, threads: int) -> tuple[float, float]:
    """Requests per second of GET /api/v1/updates/ and of the hand-written view, under gunicorn on the clone."""
    user = get_user_model().objects.get(username="bench-officer")
    token = AuthToken.objects.create(user)[1]
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.api_settings",
        "BENCH_DATABASE_NAME": connection.settings_dict["NAME"],
    }
    connection.close()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", "2", "--keep-alive", "30", "--log-level", "warning"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    try:

        def up() -> bool:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                conn.request("GET", "/bench/constant/")
                return conn.getresponse().status == 200
            except OSError:
                return False

        wait_until(up, timeout=60, message="gunicorn")
        auth = {"Authorization": f"Token {token}"}
        same_page(port, auth)
        for path in ("/api/v1/updates/", "/bench/updates/"):
            hammer(port, path, auth, 1, 1)
        api, by_hand = [], []
        for _ in range(3):  # median of three, alternating
            api.append(hammer(port, "/api/v1/updates/", auth, seconds / 3, threads))
            by_hand.append(hammer(port, "/bench/updates/", auth, seconds / 3, threads))
        return statistics.median(api), statistics.median(by_hand)
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="the small profile, few rounds, no time targets (CI)")
    parser.add_argument("--rebuild", action="store_true", help="make the template databases again")
    args = parser.parse_args()
    size = QUICK if args.quick else FULL
    if connection.vendor != "postgresql":
        print("bench/scale.py needs PostgreSQL: set DATABASE_URL=postgres://...")
        return 2
    setup_test_environment()  # the test client's host, mail kept in memory
    settings.ROOT_URLCONF = "bench.scale_urls"
    clear_url_caches()
    failures: list[str] = []

    with scale_database(size["compare"], rebuild=args.rebuild):
        small_counts = count_queries(Subjects())

    with scale_database(size["profile"], rebuild=args.rebuild):
        subjects = Subjects()
        counts = count_queries(subjects)
        pages = subjects.pages()
        board = {name: pages.pop(name) for name in ("board", "board baseline")}
        times = alternate(pages, size["rounds"])
        # A few milliseconds each: more rounds, so that the median is not one scheduler's hiccup.
        times.update(alternate(board, 10 * size["rounds"]))
        answers = ActivityUpdate.objects.filter(input_request__call=subjects.call).count()
        compiled = alternate(
            {
                "compilation": lambda: compilation_docx(compilation_for(subjects.call)),
                "one plain DOCX": lambda: plain_docx(subjects.call),
            },
            max(3, size["rounds"] // 3),
        )
        print(
            f"data ({size['profile']}): {Mandate.objects.count():,} mandates, {FollowUpAction.objects.count():,} "
            f"follow-up actions, {ReminderEntry.objects.count():,} reminder ledger rows; meeting #{subjects.meeting}"
            f", call #{subjects.call.pk} ({answers} answers); median of {size['rounds']} rounds, alternating"
        )
        api, by_hand = api_ratio(size["api_seconds"], size["api_threads"])

    print(f"{'':44} {'SQL queries':>12}   (on {size['compare']})")
    for name in COUNTED:
        same = counts[name] == small_counts[name]
        print(f"  {name:42} {counts[name]:>12}   ({small_counts[name]}){'' if same else '   DIFFERS'}")
        if not same:
            failures.append(f"{name}: {counts[name]} queries on {size['profile']}, {small_counts[name]} on "
                            f"{size['compare']}")  # fmt: skip
    for name, timing in {**times, **compiled}.items():
        print(f"  {name:42} {timing * 1000:9.1f} ms")
    print(f"  GET /api/v1/updates/ (page of 50)          {api:9.1f} req/s")
    print(f"  hand-written .values() + JsonResponse      {by_hand:9.1f} req/s")

    ratios = [
        ("dashboard / plain admin index", times["dashboard"] / times["plain admin index"], 3.0, "x"),
        ("changelist / .values() page", times["changelist"] / times["changelist baseline"], 3.0, "x"),
        ("meeting record / .values() page", times["meeting record"] / times["meeting baseline"], 3.0, "x"),
        ("board and cut-off / bare aggregates", times["board"] / times["board baseline"], 3.0, "x"),
        ("compilation / one plain DOCX", compiled["compilation"] / compiled["one plain DOCX"], 2.0, "x"),
        ("API update list / hand-written view", api / by_hand, 0.6, ""),
    ]
    for label, ratio, target, unit in ratios:
        at_least = unit == ""
        met = ratio >= target if at_least else ratio <= target
        words = f"at least {target:g}" if at_least else f"at most {target:g}x"
        verdict = "" if args.quick else ("   ok" if met else "   MISSED")
        print(f"{label:40} {ratio:6.2f}{unit}   (target: {words}){verdict}")
        if not met and not args.quick:
            failures.append(f"{label}: {ratio:.2f}{unit}, target {words}")
    for failure in failures:
        print(f"FAILED {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
