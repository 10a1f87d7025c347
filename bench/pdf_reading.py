"""Which PDF library reads UN-style layouts best: pypdf against pdfminer.six, on PDFs made here.

    .venv/bin/python bench/pdf_reading.py            # 5 rounds for the times
    .venv/bin/python bench/pdf_reading.py --quick    # CI: 1 round

No database and no Django settings. ``tests/ingest/un_documents.py`` makes a General Assembly
resolution of our own as a four-page PDF (masthead, running heads with the symbol, running feet with
the job number and "2/4", a footnote, a two-column page) in three layouts: the columns written in
reading order; the columns drawn row by row across both (as some producers write them); page numbers
as "- 2 -". Each library's page texts go through the same stripping of running heads and feet
(``ingest.extract.pages``), then are scored against the text version of the same document:

- numbers: the operative paragraph numbers found at a line start (of 14);
- order: the share of the document's words found in their order (difflib's matching blocks);
- left over: running heads, feet and page numbers still in the text after stripping;
- facts: the reader's proposals from the text version (kind and identity) also proposed from the PDF;
- same para: of those, the ones read in the same paragraph as from the text version;
- extra: proposals from the PDF that the text version does not give;
- seconds: the median time to extract the four pages; last, the ratio of pdfminer.six's time (as
  ingest reads) to pypdf's, measured in the same run.

The figures and the choice are in docs/decisions/0017-reading-pdf-and-word.md. Exits 1 when a
library is missing or raises.
"""

from __future__ import annotations

import argparse
import difflib
import io
import re
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from ingest.extract.pages import Page, strip_running_lines  # noqa: E402
from ingest.reader import read_document  # noqa: E402
from tests.ingest import un_documents  # noqa: E402

LAYOUTS = {
    "columns in order": un_documents.Layout(),
    "columns row by row": un_documents.Layout(interleaved=True),
    "page numbers - 2 -": un_documents.Layout(page_label="- {page} -"),
}
_WORD = re.compile(r"[A-Za-z0-9]+")
_LEFT_OVER = re.compile(rf"{re.escape(un_documents.SYMBOL)}|{un_documents.JOB_NUMBER}|(?m:^\s*(?:\d/4|- \d -)\s*$)")


def pypdf_pages(data: bytes) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def pdfminer_pages(data: bytes) -> list[Page]:
    """pdfminer's text boxes as ingest assembles them: lines in the head and foot bands marked."""
    from pdfminer.high_level import extract_pages

    from ingest.extract.pdf import laid_out_page

    return [laid_out_page(page)[0] for page in extract_pages(io.BytesIO(data))]


def pdfminer_plain_pages(data: bytes) -> list[str]:
    """pdfminer's text as its extract_text gives it, page by page."""
    from pdfminer.high_level import extract_text

    return extract_text(io.BytesIO(data)).split("\f")[:-1]


LIBRARIES = {"pypdf": pypdf_pages, "pdfminer plain": pdfminer_plain_pages, "pdfminer.six": pdfminer_pages}


def facts(text: str) -> dict[tuple, str]:
    """The reader's proposals: identity (kind first) to the paragraph it was read in."""
    return {p.identity(): p.paragraph for p in read_document(text).proposals}


def score(
    pages: list[str] | list[Page], expected_words: list[str], expected_facts: dict[tuple, str]
) -> dict[str, float]:
    text, _ = strip_running_lines(pages)
    lines = text.replace("\f", "\n")
    numbers = sum(bool(re.search(rf"(?m)^\s*{n}\.\s", lines)) for n in range(1, len(un_documents.OPERATIVE) + 1))
    words = _WORD.findall(text)
    matcher = difflib.SequenceMatcher(None, expected_words, words, autojunk=False)
    in_order = sum(block.size for block in matcher.get_matching_blocks()) / len(expected_words)
    masthead_symbol = 1  # the symbol the first page states is the document's, not a running head
    left_over = len(_LEFT_OVER.findall(text)) - masthead_symbol
    found = facts(text)
    same = [identity for identity in expected_facts if identity in found]
    return {
        "numbers": numbers,
        "order": in_order,
        "left over": left_over,
        "facts": len(same) / len(expected_facts),
        "same paragraph": sum(found[i] == expected_facts[i] for i in same) / len(expected_facts),
        "extra facts": len(found.keys() - expected_facts.keys()),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1 round for the times (CI)")
    args = parser.parse_args(argv)
    rounds = 1 if args.quick else 5
    reference = un_documents.text_version()
    expected_words = _WORD.findall(strip_running_lines([reference])[0])
    expected_facts = facts(reference)
    print(f"text version: {len(expected_words)} words, {len(expected_facts)} facts; {rounds} round(s)")
    header = f"{'layout':<22} {'library':<15} {'numbers':>8} {'order':>7} {'left over':>10} {'facts':>7} "
    print(header + f"{'same para':>10} {'extra':>6} {'seconds':>8}")
    medians: dict[str, list[float]] = {library: [] for library in LIBRARIES}
    for name, layout in LAYOUTS.items():
        data = un_documents.pdf_version(layout)
        for library, pages_of in LIBRARIES.items():
            times = []
            try:
                pages_of(data)  # warm: imports and caches out of the timing
                for _ in range(rounds):
                    started = time.perf_counter()
                    pages = pages_of(data)
                    times.append(time.perf_counter() - started)
            except Exception as error:  # a missing library or a reading failure: say which
                print(f"{library} failed on {name!r}: {error!r}", file=sys.stderr)
                return 1
            medians[library].append(statistics.median(times))
            got = score(pages, expected_words, expected_facts)
            print(
                f"{name:<22} {library:<15} {got['numbers']:>5}/14 {got['order']:>7.1%} {got['left over']:>10} "
                f"{got['facts']:>7.0%} {got['same paragraph']:>10.0%} {got['extra facts']:>6} "
                f"{statistics.median(times):>8.3f}"
            )
    ratio = sum(medians["pdfminer.six"]) / sum(medians["pypdf"])
    print(f"time, pdfminer.six as ingest reads / pypdf: {ratio:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
