"""How long compiling a call's answers takes, against writing the same text into one DOCX.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/coordination .venv/bin/python bench/compile.py
    ... bench/compile.py --quick        # CI: fewer answers, one round, no target

In a scratch database: 200 organizations across the report's categories (some divisions under a
department), a call with an input request and an answer for each (two in three accepted, the rest
received and not yet reviewed), each of two paragraphs, with a reporting period and two attached
files. Times, in the same run (median of the rounds), the compilation (`compilation_for` +
`compilation_docx`: four queries, grouping, report order, the section of answers under review,
paragraphs, periods, files, the text cleaned for XML, headings, annex, document properties) and a
baseline that reads the same titles and bodies with one `.values()` query and writes them into one
python-docx document, ungrouped. Prints both and the ratio (target: at most 2x; measured in
docs/decisions/0014-compiled-draft.md).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402
from docx import Document  # noqa: E402

from agencies.choices import OrganizationCategory  # noqa: E402
from agencies.models import Organization  # noqa: E402
from bench.scratch import scratch_database  # noqa: E402
from coordination.compilation import compilation_docx, compilation_for  # noqa: E402
from coordination.models import ActivityUpdate, Attachment, CallForInputs, InputRequest  # noqa: E402

TARGET = 2.0
BODY = (
    "The organization convened an expert group meeting on international migration statistics, "
    "published a report on remittances and supported national surveys of migrant workers.\n\n"
    "It also contributed to the inter-agency preparations for the High-level Dialogue."
)


def fill(answers: int) -> CallForInputs:
    categories = list(OrganizationCategory.values)
    departments = Organization.objects.bulk_create(
        Organization(name=f"Department {n}", category=OrganizationCategory.SECRETARIAT) for n in range(5)
    )
    organizations = Organization.objects.bulk_create(
        Organization(
            name=f"Organization {n:03d}",
            category=categories[n % len(categories)],
            parent=departments[n % 5] if n % len(categories) == 0 else None,
        )
        for n in range(answers)
    )
    call = CallForInputs.objects.create(title="Bench call", deadline=timezone.localdate(), status="open")
    requests = InputRequest.objects.bulk_create(
        InputRequest(call=call, organization=o, status="answered", due_precision="day", due_date=call.deadline)
        for o in organizations
    )
    now = timezone.now()
    updates = ActivityUpdate.objects.bulk_create(
        ActivityUpdate(
            organization=r.organization, input_request=r, title=f"Activities of {r.organization.name}", body=BODY,
            status="submitted" if n % 3 == 2 else "accepted", submitted_at=now,
            period_start=dt.date(2026, 1, 1), period_end=dt.date(2026, 6, 30),
        )
        for n, r in enumerate(requests)
    )  # fmt: skip
    Attachment.objects.bulk_create(
        Attachment(
            update=u, file=f"attachments/{u.pk}/{n}", original_name=name, content_type="application/pdf", size=size
        )
        for u in updates
        for n, (name, size) in enumerate((("Annex 1.pdf", 1_250_000), ("Survey results.xlsx", 48_000)))
    )
    return call


def baseline(call: CallForInputs) -> bytes:
    document = Document()
    rows = ActivityUpdate.objects.filter(input_request__call=call).values_list("title", "body")
    for title, body in rows:
        document.add_paragraph().add_run(title).bold = True
        for paragraph in body.split("\n\n"):
            document.add_paragraph(paragraph)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def timed(function, rounds: int) -> float:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="50 answers, one round, no target (CI)")
    args = parser.parse_args()
    answers, rounds = (50, 1) if args.quick else (200, 7)
    with scratch_database():
        call = fill(answers)
        compiled = timed(lambda: compilation_docx(compilation_for(call)), rounds)
        plain = timed(lambda: baseline(call), rounds)
        print(f"{answers} answers; {rounds} round(s), median; database: {connection.vendor}")
        print(f"compilation (grouped, ordered, annex)   {compiled * 1000:8.1f} ms")
        print(f"the same text in one DOCX, ungrouped    {plain * 1000:8.1f} ms")
        print(f"  ratio {compiled / plain:5.2f}x" + ("" if args.quick else f"   (target: at most {TARGET:g}x)"))
        return 0


if __name__ == "__main__":
    sys.exit(main())
