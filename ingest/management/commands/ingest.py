"""`python manage.py ingest FILE... [--dry-run] [--encoding utf-8]`: read UN document texts and file
what they propose (mandates, obligations, meetings, organizations, cited documents) for review in
the admin (Ingest → Proposals)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from ingest.reader import read_document
from ingest.services import document_ingest, organization_index

MAX_BYTES = 5 * 1024 * 1024


class Command(BaseCommand):
    help = (
        "Read plain-text UN documents (resolutions, reports) and file the records they propose for review "
        "in the admin. Reading the same text again adds nothing. --dry-run prints the proposals and saves nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE", help="Plain-text files (.txt).")
        parser.add_argument("--dry-run", action="store_true", help="Print what would be proposed; save nothing.")
        parser.add_argument("--encoding", default="utf-8", help="The files' encoding (default: utf-8).")

    def handle(self, *args, files: list[str], dry_run: bool, encoding: str, **options):
        index = organization_index()
        failed = 0
        for number, name in enumerate(files, start=1):
            prefix = f"[{number}/{len(files)}] {name}:"
            try:
                text = self._read(Path(name), encoding)
                if dry_run:
                    self._print_dry_run(prefix, text, index)
                    continue
                outcome = document_ingest(text=text, filename=Path(name).name, index=index)
            except (OSError, UnicodeDecodeError, ValidationError, CommandError) as error:
                failed += 1
                message = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
                self.stderr.write(self.style.ERROR(f"{prefix} not read: {message}"))
                continue
            ingested = outcome.ingested
            label = ingested.symbol or "no symbol found"
            if not outcome.created:
                self.stdout.write(f"{prefix} read before ({label}): nothing new.")
                continue
            known = f", {outcome.already_known} already proposed from another copy" if outcome.already_known else ""
            found = f"{ingested.paragraphs} paragraphs: {outcome.proposed} proposals to review{known}."
            self.stdout.write(self.style.SUCCESS(f"{prefix} {label}, {found}"))
        if failed:
            raise CommandError(f"{failed} of {len(files)} files could not be read (see above).")

    def _read(self, path: Path, encoding: str) -> str:
        if not path.is_file():
            raise CommandError("no such file")
        if path.stat().st_size > MAX_BYTES:
            raise CommandError(f"larger than {MAX_BYTES // 1024 // 1024} MB: is it really a text?")
        try:
            return path.read_text(encoding=encoding)
        except UnicodeDecodeError as error:
            raise CommandError(
                f"not {encoding} text (byte {error.start}): convert it, or give --encoding (e.g. cp1252)"
            ) from None
        except LookupError:
            raise CommandError(f"unknown encoding {encoding!r}") from None

    def _print_dry_run(self, prefix: str, text: str, index) -> None:
        result = read_document(text, index)
        counts = Counter(p.kind for p in result.proposals)
        summary = ", ".join(f"{counts[kind]} {kind}" for kind in sorted(counts)) or "nothing"
        self.stdout.write(f"{prefix} {result.header.symbol or 'no symbol found'}: {summary}")
        for proposal in result.proposals:
            confidence = f"{proposal.confidence:.2f}"
            self.stdout.write(f"  para {proposal.paragraph}: {proposal.kind} {proposal.data} ({confidence})")
