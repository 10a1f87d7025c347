"""How fast the document reader goes, against only splitting the same text into paragraphs, and
whether its time stays linear on one long paragraph.

    .venv/bin/python bench/ingest.py                   # 7 rounds, median and best; worst case 1 and 2 MB
    .venv/bin/python bench/ingest.py --quick           # CI: 2 rounds, worst case 64 and 128 kB, no target
    .venv/bin/python bench/ingest.py --seeds DIR       # other documents (*.txt)

No database and no Django settings: the reader is pure Python. Reads the five source documents
(``../shared/seeds/*.txt`` beside the repository), builds an organization index from
``seeds/data/registry.yaml`` as the caller would from the registry (outside the timing), then
times, in the same run, ``read_document`` over all the documents and a plain pass of
``split_paragraphs`` over the same texts. Prints paragraphs per second for both and the ratio
(target: under 10x). Exits non-zero if the reader raises on any document.

The worst case (``worst_case``): one numbered paragraph, one sentence of clauses joined by
semicolons, full of dates, session references, symbols, citations of bodies, requests and meetings,
read at two sizes, the second twice the first (CPU time, median of five); the line "worst case
ratio" gives the time for twice the size (target: at most 2.5x, which a linear reader meets; a
quadratic one takes 4x). The full run also reads crafted 2 MB paragraphs (runs of letters,
capitals, meeting words, dates ...) that would make a backtracking pattern or a rescanning loop
take minutes, and prints each time.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from ingest.reader import OrganizationIndex, read_document, split_paragraphs  # noqa: E402

TARGET = 10.0
WORST_CASE_TARGET = 2.5
# The project's setting SOURCE_DOCUMENTS_DIR, read without Django: the reader needs none.
DEFAULT_SEEDS = Path(os.environ.get("SOURCE_DOCUMENTS_DIR", str(REPO.parent / "shared" / "seeds")))
REGISTRY = REPO / "seeds" / "data" / "registry.yaml"


def organization_index() -> OrganizationIndex | None:
    if not REGISTRY.exists():
        return None
    import yaml

    registry = yaml.safe_load(REGISTRY.read_text(encoding="utf-8"))
    return OrganizationIndex(
        (o["key"], o.get("acronym") or "", o["name"], o.get("other_names") or ())
        for o in registry.get("organizations", [])
    )


_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_UNITS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")  # fmt: skip
_CLAUSES = (
    "recalling its resolutions {ga}/{n} of {d} {month} {y} and {ga2}/{n2}, Economic and Social Council decision "
    "{y}/{k} and document E/CN.9/{y}/{k}",
    "at its {ordinal} session in {y}, the Commission on Population and Development took note of the report "
    "of the Secretary-General (A/{ga}/{n}/Add.1) and of A/RES/{ga2}/{n2}",
    "requests the Secretary-General to submit to the General Assembly at its {ordinal2} session a report on "
    "the implementation of resolution {ga}/{n}",
    "invites the International Labour Organization (ILO) and IOM to provide inputs by {d} {month} {y}",
    "the {unit} Coordination Meeting on International Migration, held in New York from {d} to {d2} {month} {y}, "
    "and a workshop organized by ESCAP in Bangkok in {month} {y}",
    "the high-level dialogue, to be held on {d} and {d2} {month2} {y2} during its {ordinal2} session in {y2}, "
    "and a seminar held in Geneva in mid-{y}",
)


def worst_case(size: int) -> str:
    """One numbered paragraph of about ``size`` characters: one sentence, its clauses full of dates,
    session references, symbols and citations (no two clauses alike), as the reader's worst case."""
    clauses, length, i = [], 0, 0
    while length < size:
        values = {
            "ga": 40 + i % 30, "ga2": 50 + i % 20, "n": 100 + i % 211, "n2": 1 + i % 97, "k": 1 + i % 53,
            "y": 1990 + i % 35, "y2": 1991 + i % 33, "d": 1 + i % 27, "d2": 2 + i % 27,
            "month": _MONTHS[i % 12], "month2": _MONTHS[(i + 5) % 12],
            "ordinal": f"{_TENS[i % 8]}-{_UNITS[i % 9]}", "ordinal2": f"{_TENS[(i + 3) % 8]}-{_UNITS[(i + 4) % 9]}",
            "unit": _UNITS[i % 9],
        }  # fmt: skip
        clause = _CLAUSES[i % len(_CLAUSES)].format(**values)
        clauses.append(clause)
        length += len(clause) + 2
        i += 1
    return "1. The General Assembly, " + "; ".join(clauses) + ".\n"


def _crafted(size: int) -> dict[str, str]:
    """Paragraphs made to defeat a reader: long runs a backtracking pattern or a rescanning loop chokes on."""

    def run(unit: str) -> str:
        return (unit * (size // len(unit) + 1))[:size]

    return {
        "one long word, then a hyphen": "1. " + "a" * size + " x- y.\n",
        "capitalised words, then 'was requested'": "1. " + run("Aaa ") + "was requested to act.\n",
        "'decides to include' without a session": "1. " + run("Decides to include in the agenda of its " + "x " * 30),
        "a request for a report report ...": "1. Requests the Secretary-General to submit a " + run("report ") + ".\n",
        "a title that never ends": "1. " + run("Aaa Bbb of the ") + "Meeting held in 2004.\n",
        "'one hundred' and hyphens": "1. " + run("one hundred" + "- " * 40 + "x ") + ".\n",
        "a symbol that never ends": "1. A" + run("/1")[: size // 2] + "/ and resolution " + run("1/")[: size // 2],
        "dates only": "1. " + run("held in 2004 on 12 March 2004 to 13 March 2005 in early 2005, mid-2006 ") + ".\n",
        "meeting words only": "1. " + run("the meeting conference forum workshop ") + "held in 2004.\n",
        "session references only": "1. " + run("at its sixty-first session in 2006 the Commission ") + ".\n",
        "citations only": "1. Recalling its resolutions " + run("58/208, ") + "and decision 2004/5.\n",
        "acronyms in brackets": "1. " + run("International Centre for Migration (ICMPD) ") + ".\n",
    }


def timed(function: Callable[[], object], rounds: int, clock: Callable[[], float] = time.perf_counter) -> list[float]:
    times = []
    for _ in range(rounds):
        started = clock()
        function()
        times.append(clock() - started)
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="2 rounds, no target (CI)")
    parser.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS, help="folder of *.txt documents")
    parser.add_argument(
        "--worst-size", type=int, default=None, help="characters of the smaller worst case (64,000 quick, 1,000,000)"
    )
    args = parser.parse_args(argv)
    rounds = 2 if args.quick else 7
    paths = sorted(args.seeds.glob("*.txt"))
    if not paths:
        print(f"no *.txt documents in {args.seeds}", file=sys.stderr)
        return 2
    texts = [path.read_text(encoding="utf-8") for path in paths]
    index = organization_index()

    failures = 0
    proposals = 0
    for path, text in zip(paths, texts, strict=True):
        try:
            proposals += len(read_document(text, index).proposals)
        except Exception:
            failures += 1
            print(f"reader failed on {path.name}:", file=sys.stderr)
            traceback.print_exc()
    if failures:
        return 1

    paragraphs = sum(len(split_paragraphs(text)) for text in texts)
    split_times = timed(lambda: [split_paragraphs(text) for text in texts], rounds)
    read_times = timed(lambda: [read_document(text, index) for text in texts], rounds)
    split, read = statistics.median(split_times), statistics.median(read_times)
    print(
        f"{len(texts)} documents, {sum(map(len, texts)) // 1000} kB, {paragraphs} paragraphs, {proposals} proposals;"
        f" organization index: {len(index) if index else 0} entries; {rounds} round(s), median (best)"
    )
    print(f"split_paragraphs only   {paragraphs / split:9.0f} paragraphs/s  ({paragraphs / min(split_times):.0f})")
    print(f"read_document           {paragraphs / read:9.0f} paragraphs/s  ({paragraphs / min(read_times):.0f})")
    print(f"  ratio {read / split:5.2f}x" + ("" if args.quick else f"   (target: under {TARGET:g}x)"))

    size = args.worst_size or (64_000 if args.quick else 1_000_000)
    small, large = worst_case(size), worst_case(2 * size)
    # CPU time of this process, the median of five: the reader is one thread of pure Python, and on a
    # machine shared with other work the wall clock also counts the time others had the processor.
    worst_rounds = 5
    small_time = statistics.median(timed(lambda: read_document(small, index), worst_rounds, time.process_time))
    large_time = statistics.median(timed(lambda: read_document(large, index), worst_rounds, time.process_time))
    print(
        f"worst case: one paragraph of {len(small) // 1000} kB {small_time:.2f} s,"
        f" {len(large) // 1000} kB {large_time:.2f} s (CPU); median of {worst_rounds}"
    )
    print(
        f"worst case ratio {large_time / small_time:5.2f}x for twice the size"
        + ("" if args.quick else f"   (target: at most {WORST_CASE_TARGET:g}x)")
    )
    if not args.quick:
        for name, text in _crafted(2_000_000).items():
            started = time.process_time()
            read_document(text, index)
            print(f"crafted, 2 MB: {name:42s} {time.process_time() - started:6.2f} s (CPU)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
