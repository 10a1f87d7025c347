"""How fast the document reader goes, against only splitting the same text into paragraphs.

    .venv/bin/python bench/ingest.py                   # 7 rounds, median and best
    .venv/bin/python bench/ingest.py --quick           # CI: 2 rounds, no target
    .venv/bin/python bench/ingest.py --seeds DIR       # other documents (*.txt)

No database and no Django settings: the reader is pure Python. Reads the five source documents
(``../shared/seeds/*.txt`` beside the repository), builds an organization index from
``seeds/data/registry.yaml`` as the caller would from the registry (outside the timing), then
times, in the same run, ``read_document`` over all the documents and a plain pass of
``split_paragraphs`` over the same texts. Prints paragraphs per second for both and the ratio
(target: under 10x). Exits non-zero if the reader raises on any document.
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


def timed(function: Callable[[], object], rounds: int) -> list[float]:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="2 rounds, no target (CI)")
    parser.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS, help="folder of *.txt documents")
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
    return 0


if __name__ == "__main__":
    sys.exit(main())
