"""Inserting generated rows in batches, with progress."""

from __future__ import annotations

from collections.abc import Callable, Sequence

# progress(label, done, total): called after each batch.
Progress = Callable[[str, int, int], None]

BATCH = 2_000


def no_progress(label: str, done: int, total: int) -> None:
    return None


def bulk_insert(model, rows: Sequence, *, progress: Progress, label: str, batch: int = BATCH) -> list:
    """``bulk_create`` in batches (primary keys set on the returned objects), reporting progress per batch.

    No model's save() runs: no history rows, no signals; the generator sets every derived field itself."""
    created: list = []
    for start in range(0, len(rows), batch):
        created += model.objects.bulk_create(rows[start : start + batch])
        progress(label, len(created), len(rows))
    if not rows:
        progress(label, 0, 0)
    return created
