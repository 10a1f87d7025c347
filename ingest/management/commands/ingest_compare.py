"""`python manage.py ingest_compare FILE=SEED_DOCUMENT_KEY...`: read each text (saving nothing) and
compare what the reader proposes with the records the seed data holds from that document."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ingest.compare import compare
from ingest.reader import read_document
from ingest.services import organization_index
from meetings.models import Document


class Command(BaseCommand):
    help = (
        "Compare the reader's proposals for source documents with the seed data held from them, "
        "as a Markdown table (docs/ingest.md). Arguments: FILE=DOCUMENT_KEY (the document's key in seeds/data)."
    )

    def add_arguments(self, parser):
        parser.add_argument("pairs", nargs="+", metavar="FILE=DOCUMENT_KEY")

    def handle(self, *args, pairs: list[str], **options):
        index = organization_index()
        self.stdout.write("| document | kind | held in the seed data | proposed | held and proposed |")
        self.stdout.write("| --- | --- | ---: | ---: | ---: |")
        for pair in pairs:
            name, _, key = pair.partition("=")
            document = Document.objects.filter(seed_key=key).first()
            if document is None:
                raise CommandError(f"No seeded document with the key {key!r}: load the seeds first (load_seeds).")
            result = read_document(Path(name).read_text(encoding="utf-8"), index)
            label = document.symbol or key
            for row in compare(result, document):
                share = f" ({row.found / row.held:.0%})" if row.held else ""
                self.stdout.write(f"| {label} | {row.kind} | {row.held} | {row.proposed} | {row.found}{share} |")
