"""PDF and Word files in, text out (#23 point 1): the command and the admin read the PDF and the Word
file that tests/ingest/un_documents.py makes of a resolution of our own, and the same facts come out
as from its text; the same file given twice proposes nothing twice; scans, oversize files, too many
pages, zip bombs and parses over the time limit are refused in the user's words."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from agencies.choices import OrganizationCategory, SessionRule
from ingest.extract.limits import Limits, Refused
from ingest.extract.pages import Page, strip_running_lines
from ingest.extract.word import read_docx
from ingest.formats import file_digest, file_text
from ingest.models import IngestedDocument, Proposal
from ingest.services import document_ingest_file
from meetings.models import Document
from tests.factories import OrganizationFactory

from . import un_documents

pytestmark = pytest.mark.django_db

FOOTNOTE_SYMBOL = ("symbol", un_documents.FOOTNOTE.rstrip("."))


@pytest.fixture
def registry(db):
    return {
        "ga": OrganizationFactory(
            name="General Assembly", acronym="", category=OrganizationCategory.INTERGOVERNMENTAL_BODY,
            session_rule=SessionRule.GA_SEPTEMBER,
        ),
        "ilo": OrganizationFactory(name="International Labour Organization", acronym="ILO"),
        "iom": OrganizationFactory(name="International Organization for Migration", acronym="IOM"),
    }  # fmt: skip


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, object]:
    folder = tmp_path_factory.mktemp("un")
    made = {
        "A-RES-62-270.txt": un_documents.text_version().encode(),
        "A-RES-62-270.pdf": un_documents.pdf_version(),
        "A-RES-62-270.docx": un_documents.docx_version(),
    }
    for name, content in made.items():
        (folder / name).write_bytes(content)
    return {name: folder / name for name in made}


def facts_read_from(path) -> dict[tuple, tuple]:
    """What ``manage.py ingest`` proposes from the file: identity (kind first) to (paragraph, data); then
    forgets it, so that the next file is read afresh and not as another copy of the same document."""
    call_command("ingest", str(path))
    proposals = Proposal.objects.filter(ingested__filename=path.name)
    found = {tuple(json.loads(p.identity)): (p.paragraph, p.data) for p in proposals}
    assert len(found) == proposals.count()
    Proposal.objects.all().delete()
    IngestedDocument.objects.all().delete()
    Document.objects.all().delete()
    return found


def test_the_command_reads_the_pdf_and_the_word_file_into_the_facts_of_their_text(registry, files, capsys):
    from_text = facts_read_from(files["A-RES-62-270.txt"])
    from_pdf = facts_read_from(files["A-RES-62-270.pdf"])
    from_word = facts_read_from(files["A-RES-62-270.docx"])
    out = capsys.readouterr().out
    assert "A-RES-62-270.pdf: A/RES/62/270, 4 pages (" in out and "running head and foot lines left out" in out

    kinds = {identity[0] for identity in from_text}
    assert kinds == {"mandate", "obligation", "meeting", "organization", "symbol", "paragraph", "action"}
    assert ("mandate", "General Assembly", "resolution", "62/270") in from_text
    report = next(i for i in from_text if i[0] == "obligation" and i[3] == 63 and i[2] == "report")
    assert from_text[report][0] == "5"  # the paragraph number, kept
    assert from_word == from_text  # paragraph numbers by Word's automatic numbering, the footnote at the end
    assert from_pdf.keys() == from_text.keys()
    assert {i: from_pdf[i][1] for i in from_pdf} == {i: from_text[i][1] for i in from_text}
    # The PDF sets its footnote at the foot of the first page, the text at the end: the only paragraph that differs.
    differs = {i for i in from_text if from_pdf[i][0] != from_text[i][0]}
    assert differs == {FOOTNOTE_SYMBOL}


def test_the_pdf_text_has_no_running_heads_feet_or_page_numbers_and_keeps_paragraph_numbers():
    for layout in (un_documents.Layout(), un_documents.Layout(interleaved=True, page_label="- {page} -")):
        read = file_text(content=un_documents.pdf_version(layout), filename="resolution.pdf")
        assert (read.format, read.pages) == ("pdf", 4)
        assert read.text.count(un_documents.SYMBOL) == 1  # the masthead's, not the three running heads
        assert un_documents.JOB_NUMBER not in read.text
        lines = [line.strip() for line in read.text.replace("\f", "\n").splitlines()]
        assert not {"2/4", "3/4", "4/4", "- 2 -", "- 3 -", "- 4 -"} & set(lines)
        starts = [int(line.split(".")[0]) for line in lines if line.split(".")[0].strip().isdigit()]
        assert [n for n in starts if n <= 14] == list(range(1, 15))  # every number, in order (both columns)
        assert "1 A/62/158." in lines  # the footnote with its number


def test_running_lines_go_and_a_paragraph_number_at_the_top_of_a_page_stays():
    pages = [
        "United Nations A/59/325\nGeneral Assembly\n1. First paragraph,\n07-48210",
        "A/59/325\n2. Second paragraph at the top,\nand more\n07-48210\n2/3",
        "A/59/325\n3. Third,\n07-48210\n- 3 -",
    ]
    text, removed = strip_running_lines(pages)
    assert text.split("\f") == [
        "United Nations A/59/325\nGeneral Assembly\n1. First paragraph,",
        "2. Second paragraph at the top,\nand more",
        "3. Third,",
    ]
    assert removed == 7
    # Where the layout is known, only lines in the bands are candidates: the same line in the body stays.
    banded = [Page(("A/59/325", "Body", "A/59/325"), frozenset({0}), frozenset()) for _ in range(3)]
    assert strip_running_lines(banded)[0].split("\f")[1] == "Body\nA/59/325"


def test_the_same_file_given_twice_proposes_nothing_the_second_time(registry, files, capsys):
    content = files["A-RES-62-270.pdf"].read_bytes()
    first = document_ingest_file(content=content, filename="A-RES-62-270.pdf")
    assert first.created and first.proposed > 0 and first.pages == 4
    assert first.ingested.file_digest == file_digest(content)
    again = document_ingest_file(content=content, filename="copy.pdf")
    assert (again.created, again.proposed, again.ingested) == (False, 0, first.ingested)
    call_command("ingest", str(files["A-RES-62-270.pdf"]))
    assert "read before (A/RES/62/270): nothing new" in capsys.readouterr().out
    # Another file of the same document (its Word version): only what is new, here nothing.
    word = document_ingest_file(content=files["A-RES-62-270.docx"].read_bytes(), filename="A-RES-62-270.docx")
    assert word.created and word.proposed == 0 and word.already_known == first.proposed
    assert IngestedDocument.objects.count() == 2 and Proposal.objects.count() == first.proposed


def refusal(content: bytes, filename: str) -> str:
    with pytest.raises(ValidationError) as refused:
        file_text(content=content, filename=filename)
    return " ".join(refused.value.messages)


def test_a_scanned_pdf_without_text_is_refused_by_the_command_in_words(registry, tmp_path, capsys):
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(un_documents.image_only_pdf(pages=3))
    with pytest.raises(CommandError, match="1 of 1 files could not be read"):
        call_command("ingest", str(scan))
    err = capsys.readouterr().err
    assert "scan.pdf: not read: This PDF has no text layer (a scan?): 3 of its 3 pages hold no text." in err
    assert "Traceback" not in err and not IngestedDocument.objects.exists()


def _write(path, content: bytes):
    path.write_bytes(content)
    return path


def test_files_over_the_limits_are_refused_with_the_limit_named(settings, tmp_path, capsys):
    settings.INGEST_MAX_FILE_BYTES = 2 * 1024 * 1024
    assert refusal(b"x" * (3 * 1024 * 1024), "long.txt").startswith("This file is 3 MB, more than the 2 MB allowed")
    with pytest.raises(CommandError):
        call_command("ingest", str(_write(tmp_path / "long.pdf", b"%PDF-" + bytes(3 * 1024 * 1024))))
    assert "long.pdf: not read: This file is 3 MB, more than the 2 MB allowed" in capsys.readouterr().err
    settings.INGEST_MAX_PAGES = 3
    assert refusal(un_documents.blank_pages_pdf(4), "long.pdf").startswith("This PDF has more than 3 pages")
    assert file_text(content=un_documents.blank_pages_pdf(3), filename="short.pdf").pages == 3
    settings.INGEST_MAX_PAGES = 200
    settings.INGEST_MAX_TEXT_CHARACTERS = 1000
    assert "more than 1,000 characters of text" in refusal(un_documents.pdf_version(), "resolution.pdf")
    assert "more than 1,000 characters of text" in refusal(un_documents.docx_version(), "resolution.docx")


def zip_bomb(unpacked_megabytes: int) -> bytes:
    """A .docx of a few kilobytes whose parts unpack to ``unpacked_megabytes`` (zeros compress well)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        with archive.open("word/media/image1.bin", "w") as member:
            for _ in range(unpacked_megabytes):
                member.write(bytes(1024 * 1024))
    return out.getvalue()


def test_a_word_file_that_unpacks_beyond_the_limit_is_refused_before_it_is_parsed(settings):
    bomb = zip_bomb(150)
    assert len(bomb) < 200 * 1024
    assert refusal(bomb, "bomb.docx").startswith("This Word file unpacks to 150 MB, more than the 100 MB allowed")
    limits = Limits(max_pages=10, max_chars=10_000, max_unpacked_bytes=1024 * 1024)
    with pytest.raises(Refused, match="unpacks to 150 MB"):
        read_docx(bomb, limits)  # the check itself, in the parsing process's code


def test_other_and_damaged_files_are_refused_in_words():
    assert "a Word 97-2003 file (.doc)" in refusal(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "old.doc")
    assert "named .pdf but is not a PDF" in refusal(b"<html>not a pdf</html>", "page.pdf")
    assert "named .docx but is not a Word document" in refusal(b"plain words", "notes.docx")
    assert "This PDF could not be read (it looks damaged" in refusal(b"%PDF-1.4\n1 0 obj << /Type /Cat", "cut.pdf")
    not_word = zip_bomb(0).replace(b"word/document.xml", b"word/documenX.xml")
    assert "a zip file, not a Word document" in refusal(not_word, "archive.docx")


def encrypted(*, user_password: str) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(un_documents.pdf_version())))
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_pdf_that_needs_a_password_is_refused_and_one_that_only_restricts_copying_is_read():
    assert refusal(encrypted(user_password="secret"), "closed.pdf").startswith("This PDF is protected by a password")
    assert file_text(content=encrypted(user_password=""), filename="no-copying.pdf").pages == 4


def test_a_parse_over_the_time_limit_is_stopped(settings):
    settings.INGEST_PARSE_SECONDS = 0.001
    message = refusal(un_documents.pdf_version(), "resolution.pdf")
    assert message.startswith("Reading this file took longer than 0.001 seconds and was stopped.")


def test_a_parse_over_the_memory_limit_is_stopped(settings):
    settings.INGEST_PARSE_MEMORY_BYTES = 32 * 1024 * 1024
    message = refusal(un_documents.pdf_version(), "resolution.pdf")
    assert message == "This file needs more memory to read than is allowed: it may be crafted to do so."


def test_the_admin_reads_an_uploaded_pdf_and_shows_a_refusal_under_the_file(client, registry, secretariat_user):
    client.force_login(secretariat_user)
    add = reverse("admin:ingest_ingesteddocument_add")
    pdf = un_documents.pdf_version()
    upload = client.post(add, {"file": SimpleUploadedFile("A-RES-62-270.pdf", pdf)})
    ingested = IngestedDocument.objects.get()
    assert upload.status_code == 302 and f"ingested__id__exact={ingested.pk}" in upload.url
    assert (ingested.symbol, ingested.filename, ingested.file_digest) == (
        "A/RES/62/270", "A-RES-62-270.pdf", file_digest(pdf),
    )  # fmt: skip
    queue = client.get(upload.url).content.decode()
    assert "4 pages, running heads and feet left out" in queue and "62/270" in queue

    scan = client.post(add, {"file": SimpleUploadedFile("scan.pdf", un_documents.image_only_pdf())})
    assert scan.status_code == 200
    page = scan.content.decode()
    assert "This PDF has no text layer (a scan?)" in page and 'class="errorlist' in page
    assert IngestedDocument.objects.count() == 1


def numbered_docx(paragraphs: list[tuple[str, int, int]]) -> bytes:
    """A Word file whose paragraphs (text, list, level) Word numbers itself: list 1 is "1." with "(a)"
    below it, list 2 the same definition continued, list 3 the same definition restarted at 1."""
    from docx import Document
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls, qn

    document = Document()
    numbering = document.part.numbering_part.element
    w = nsdecls("w")
    numbering.append(parse_xml(
        f'<w:abstractNum {w} w:abstractNumId="7">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="(%2)"/></w:lvl>'
        '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerRoman"/><w:lvlText w:val="%3)"/></w:lvl>'
        "</w:abstractNum>"
    ))  # fmt: skip
    for num_id, restart in (
        (1, ""),
        (2, ""),
        (3, '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>'),
    ):
        numbering.append(parse_xml(f'<w:num {w} w:numId="{num_id}"><w:abstractNumId w:val="7"/>{restart}</w:num>'))
    for text, num_id, level in paragraphs:
        paragraph = document.add_paragraph(text)
        properties = paragraph._p.get_or_add_pPr()
        properties.append(parse_xml(f'<w:numPr {w}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'))
        assert properties.find(qn("w:numPr")) is not None
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_word_numbers_its_paragraphs_and_the_text_shows_them_as_the_document_does():
    content = numbered_docx([
        ("Decides:", 1, 0), ("to meet;", 1, 1), ("to report, in particular on:", 1, 1), ("costs;", 1, 2),
        ("fees;", 1, 2), ("Requests:", 1, 0), ("a note;", 1, 1), ("Invites the Forum;", 2, 0),
        ("Stands alone, numbered afresh;", 3, 0),
    ])  # fmt: skip
    limits = Limits(max_pages=10, max_chars=10_000, max_unpacked_bytes=10 * 1024 * 1024)
    assert read_docx(content, limits).split("\n\n") == [
        "1. Decides:", "(a) to meet;", "(b) to report, in particular on:", "i) costs;", "ii) fees;", "2. Requests:",
        "(a) a note;", "3. Invites the Forum;", "1. Stands alone, numbered afresh;",
    ]  # fmt: skip
