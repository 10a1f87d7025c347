"""A General Assembly resolution of our own, modelled on UN drafting, as the secretariat receives it:
as text, as a PDF laid out like the Official Document System's (a masthead, running heads with the
symbol, running feet with the job number and "2/4", a footnote, a two-column page) and as a Word
file (a masthead table, automatic paragraph numbering, a footnote, running heads and feet).

The tests make their fixtures with these functions (no third-party document is committed), and
``bench/pdf_reading.py`` scores the PDF libraries on the same layouts. reportlab and python-docx make
the files; nothing here reads them.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

SYMBOL = "A/RES/62/270"
DATE = "15 April 2008"
JOB_NUMBER = "07-48210"
TITLE = "62/270. Remittances and the financial inclusion of migrant workers"
FOOTNOTE = "A/62/158."
FOOTNOTE_MARK = "[1]"  # where the footnote's reference stands in the text below

MASTHEAD = [
    ("United Nations", SYMBOL),
    ("General Assembly", "Distr.: General"),
    ("", DATE),
    ("Sixty-second session", ""),
    ("Agenda item 55 (b)", ""),
]
ADOPTED = ["Resolution adopted by the General Assembly", "[on the report of the Second Committee (A/62/419/Add.2)]"]

PREAMBLE = [
    "The General Assembly,",
    "Recalling its resolutions 58/208 of 23 December 2003, 60/227 of 23 December 2005 and 61/208 of "
    "20 December 2006 on international migration and development,",
    "Recalling also the high-level dialogue on international migration and development, held in New York on "
    "14 and 15 September 2006, and the summary of the dialogue prepared by the President of the General Assembly,",
    "Taking note of the report of the Secretary-General on international migration and development,[1]",
    "Welcoming the first meeting of the Global Forum on Migration and Development, held in Brussels from 9 to "
    "11 July 2007, and looking forward to its second meeting, to be held in Manila in late 2008,",
    "Noting that remittances sent by migrant workers to their countries of origin have grown faster than "
    "official development assistance over the past decade, and that they are private funds that should not be "
    "regarded as a substitute for foreign direct investment, official development assistance, debt relief or "
    "other public sources of financing for development,",
    "Concerned that the cost of sending small amounts across borders remains high in many corridors, that a "
    "large share of migrant workers and their families have no account with a regulated financial "
    "institution, and that informal channels expose them to fraud and loss,",
    "Recognizing the work of the International Labour Organization, the International Organization for "
    "Migration and the World Bank on the protection of migrant workers and on the measurement of remittance "
    "flows,",
    "Mindful that the collection of comparable data on remittances and on the financial services available to "
    "migrants is uneven across regions, and that better statistics would help Governments to design sound "
    "policies,",
]

OPERATIVE = [
    "Takes note of the report of the Secretary-General;",
    "Encourages Member States to reduce the transaction costs of remittances, in particular by promoting "
    "competition among providers of transfer services, by allowing migrant workers to open accounts with a "
    "valid identity document of their country of origin and by publishing the full cost of each transfer in a "
    "form that users can compare;",
    "Calls upon Member States to ensure that remittance flows are not subjected to taxes or fees that fall "
    "mainly on migrant workers and their families, and to refrain from measures that would push transfers into "
    "informal channels;",
    "Invites the International Labour Organization, the International Organization for Migration (IOM) and the "
    "World Bank, within their respective mandates, to cooperate in assisting interested Member States in the "
    "design of financial education programmes for migrant workers and for the families who receive their "
    "remittances;",
    "Requests the Secretary-General to submit to the General Assembly at its sixty-third session a report on "
    "the implementation of the present resolution, including on the cost of remittance transfers in the main "
    "corridors and on the measures taken by Member States to widen the access of migrant workers to financial "
    "services;",
    "Encourages the regional commissions, in particular the Economic Commission for Latin America and the "
    "Caribbean, to include the financial inclusion of migrant workers in their work on international migration "
    "and development, and to share their findings with the other regional commissions;",
    "Stresses the importance of reliable statistics on remittances, and invites Member States to improve the "
    "collection of data on remittance flows, disaggregated by sex and by country of origin and destination, and "
    "to make them available to the Statistical Commission;",
    "Requests the United Nations Conference on Trade and Development, in cooperation with the United Nations "
    "Development Programme, to examine ways in which remittances can contribute to productive investment in "
    "countries of origin, in particular through microfinance institutions and cooperatives, and to make its "
    "findings available to Member States;",
    "Recognizes that the financial inclusion of migrant workers requires identity documents that financial "
    "institutions accept, products designed for small and irregular amounts, information in a language that "
    "migrant workers understand and consumer protection that covers transfers across borders;",
    "Encourages Governments of countries of origin to facilitate the investment of remittances in small "
    "enterprises, housing, health and education, while respecting the private nature of those funds;",
    "Invites the Global Forum on Migration and Development to keep the United Nations system informed of its "
    "discussions on remittances, and encourages the Forum to continue to hold its meetings in close "
    "cooperation with the United Nations;",
    "Decides that the high-level meeting on remittances and the financial inclusion of migrant workers will be "
    "held in New York on 22 and 23 October 2009, and that its organizational arrangements will be decided at "
    "the sixty-third session;",
    "Requests the Secretary-General to continue convening the annual coordination meeting on international "
    "migration, with the participation of the relevant entities of the United Nations system, and to bring its "
    "conclusions to the attention of Member States;",
    "Decides to include in the provisional agenda of its sixty-third session, under the item entitled "
    "\u201cGlobalization and interdependence\u201d, a sub-item entitled \u201cInternational migration and "
    "development\u201d.",
]
CLOSING = ["79th plenary meeting", DATE]

# The operative paragraphs set on the two-column page (third page) of the PDF.
TWO_COLUMN = range(6, 11)


@dataclass(frozen=True)
class Layout:
    """How the PDF is made: ``interleaved`` draws the two-column page row by row across both columns
    (as some producers write their content), instead of the left column, then the right."""

    interleaved: bool = False
    page_label: str = "{page}/{pages}"  # the running foot's page number: "2/4", or "- {page} -"


def text_version() -> str:
    """The document as plain text, as a person would save it from Word: the masthead, the paragraphs,
    the footnote at the end."""
    lines = [f"{left:<60}{right}".rstrip() for left, right in MASTHEAD]
    lines += ["", *(f"          {line}\n" for line in ADOPTED), TITLE, ""]
    lines += [f"     {paragraph.replace(FOOTNOTE_MARK, '1')}\n" for paragraph in PREAMBLE]
    lines += [f"     {number}. {paragraph}\n" for number, paragraph in enumerate(OPERATIVE, start=1)]
    lines += [f"     {line}\n" for line in CLOSING]
    lines += ["__________________", f"1 {FOOTNOTE}", ""]
    return "\n".join(lines)


def pdf_version(layout: Layout | None = None) -> bytes:
    """The document as a four-page PDF: the masthead and preamble, the first operative paragraphs, a
    two-column page, the last paragraphs; running heads (the symbol) and feet (job number, "2/4")
    from the second page, a job number on the first, a footnote at the foot of the first page."""
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.platypus import (
        BaseDocTemplate,
        Frame,
        NextPageTemplate,
        PageBreak,
        PageTemplate,
        Paragraph,
        Spacer,
        Table,
    )

    layout = layout or Layout()
    width, height = A4
    margin = 2.5 * cm
    body = ParagraphStyle("body", fontName="Times-Roman", fontSize=10.5, leading=13, firstLineIndent=28,
                          spaceAfter=6)  # fmt: skip
    centred = ParagraphStyle("centred", parent=body, alignment=TA_CENTER, firstLineIndent=0)
    title = ParagraphStyle("title", parent=body, fontName="Times-Bold", fontSize=12, firstLineIndent=0,
                           spaceBefore=6, spaceAfter=12)  # fmt: skip
    pages = 4

    def running(canvas, document):
        canvas.saveState()
        page = canvas.getPageNumber()
        if page > 1:
            canvas.setFont("Times-Bold", 9)
            head = canvas.drawRightString if page % 2 else canvas.drawString
            head(width - margin if page % 2 else margin, height - 1.5 * cm, SYMBOL)
        canvas.restoreState()

    def running_foot(canvas, document):
        canvas.saveState()
        page = canvas.getPageNumber()
        canvas.setFont("Times-Roman", 8)
        if page == 1:
            canvas.setLineWidth(0.5)
            canvas.line(margin, 3.1 * cm, margin + 4 * cm, 3.1 * cm)
            canvas.setFont("Times-Roman", 6)
            canvas.drawString(margin, 2.8 * cm, "1")
            canvas.setFont("Times-Roman", 8)
            canvas.drawString(margin + 8, 2.75 * cm, FOOTNOTE)
            canvas.drawString(margin, 1.5 * cm, JOB_NUMBER)
        else:
            label = layout.page_label.format(page=page, pages=pages)
            if page % 2:
                canvas.drawString(margin, 1.5 * cm, JOB_NUMBER)
                canvas.drawRightString(width - margin, 1.5 * cm, label)
            else:
                canvas.drawString(margin, 1.5 * cm, label)
                canvas.drawRightString(width - margin, 1.5 * cm, JOB_NUMBER)
        canvas.restoreState()

    if layout.interleaved:
        two_column_frames = [Frame(margin, margin, width - 2 * margin, height - 2 * margin, id="drawn")]
    else:
        gap = 0.8 * cm
        column = (width - 2 * margin - gap) / 2
        two_column_frames = [
            Frame(margin, margin, column, height - 2 * margin, id="left"),
            Frame(margin + column + gap, margin, column, height - 2 * margin, id="right"),
        ]
    one = PageTemplate(
        id="one", frames=[Frame(margin, 3.3 * cm, width - 2 * margin, height - margin - 3.3 * cm, id="body")],
        onPage=running, onPageEnd=running_foot,
    )  # fmt: skip
    two = PageTemplate(id="two", frames=two_column_frames, onPage=running, onPageEnd=running_foot)
    if layout.interleaved:
        two.onPageEnd = lambda canvas, document: (_draw_interleaved(canvas, width, height, margin), running_foot(
            canvas, document))  # fmt: skip

    def paragraph(text: str) -> Paragraph:
        return Paragraph(text.replace(FOOTNOTE_MARK, "<super>1</super>"), body)

    masthead = Table(
        [[left, right] for left, right in MASTHEAD], colWidths=[9 * cm, width - 2 * margin - 9 * cm],
        style=[("FONT", (0, 0), (-1, -1), "Times-Roman", 10), ("FONT", (0, 0), (0, 1), "Times-Bold", 12)],
    )  # fmt: skip
    story = [masthead, Spacer(1, 12), *(Paragraph(line, centred) for line in ADOPTED), Paragraph(TITLE, title)]
    story += [paragraph(text) for text in PREAMBLE]
    for number, text in enumerate(OPERATIVE, start=1):
        if number == TWO_COLUMN.start:
            story += [NextPageTemplate("two"), PageBreak()]
        if number == TWO_COLUMN.stop:
            story += [NextPageTemplate("one"), PageBreak()]
        if layout.interleaved and number in TWO_COLUMN:
            continue
        story.append(paragraph(f"{number}. {text}"))
    story += [Paragraph(line, ParagraphStyle("closing", parent=body, leftIndent=9 * cm)) for line in CLOSING]

    out = io.BytesIO()
    document = BaseDocTemplate(out, pagesize=A4, pageTemplates=[one, two], title=SYMBOL, author="", subject="")
    document.build(story)
    return out.getvalue()


def _draw_interleaved(canvas, width: float, height: float, margin: float) -> None:
    """The two-column page's paragraphs drawn row by row: left line, right line, next row."""
    from reportlab.lib.utils import simpleSplit

    gap = 22
    column = (width - 2 * margin - gap) / 2
    lines = []
    for number in TWO_COLUMN:
        lines += [*simpleSplit(f"{number}. {OPERATIVE[number - 1]}", "Times-Roman", 10.5, column), ""]
    half = (len(lines) + 1) // 2
    left, right = lines[:half], lines[half:]
    canvas.saveState()
    canvas.setFont("Times-Roman", 10.5)
    y = height - margin - 12
    for row in range(half):
        canvas.drawString(margin, y, left[row])
        if row < len(right):
            canvas.drawString(margin + column + gap, y, right[row])
        y -= 13
    canvas.restoreState()


def docx_version(*, typed_numbers: bool = False) -> bytes:
    """The document as a Word file: the masthead in a table, the operative paragraphs numbered by
    Word itself (automatic numbering; ``typed_numbers`` types them instead), a footnote, the symbol in
    the running head and the job number and page in the running foot."""
    from docx import Document
    from docx.shared import Pt

    document = Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = SYMBOL
    section.footer.paragraphs[0].text = f"{JOB_NUMBER}\t\t2/4"
    masthead = document.add_table(rows=0, cols=2)
    for left, right in MASTHEAD:
        cells = masthead.add_row().cells
        cells[0].text, cells[1].text = left, right
    for line in ADOPTED:
        document.add_paragraph(line)
    document.add_paragraph(TITLE).runs[0].bold = True
    for text in PREAMBLE:
        before, marked, after = text.partition(FOOTNOTE_MARK)
        paragraph = document.add_paragraph(before)
        paragraph.paragraph_format.first_line_indent = Pt(28)
        if marked:
            _add_footnote(document, paragraph, FOOTNOTE)
            paragraph.add_run(after)
    for number, text in enumerate(OPERATIVE, start=1):
        if typed_numbers:
            document.add_paragraph(f"{number}.\t{text}")
        else:
            document.add_paragraph(text, style="List Number")
    for line in CLOSING:
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _add_footnote(document, paragraph, text: str) -> None:
    """A real Word footnote (python-docx makes none): the footnotes part with the separators and note 1,
    and the reference mark in ``paragraph``."""
    from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    w = nsdecls("w")
    notes = (
        f'<w:footnotes {w}><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
        f'</w:footnote><w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/>'
        f'</w:r></w:p></w:footnote><w:footnote w:id="1"><w:p><w:r><w:rPr><w:vertAlign w:val="superscript"/>'
        f'</w:rPr><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> {text}</w:t></w:r></w:p></w:footnote>'
        "</w:footnotes>"
    )
    part = Part(PackURI("/word/footnotes.xml"), CONTENT_TYPE.WML_FOOTNOTES, notes.encode(), document.part.package)
    document.part.relate_to(part, RELATIONSHIP_TYPE.FOOTNOTES)
    paragraph._p.append(
        parse_xml(f'<w:r {w}><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteReference w:id="1"/></w:r>')
    )


def image_only_pdf(pages: int = 2) -> bytes:
    """A PDF as a scanner makes it: each page one picture, no text layer."""
    from PIL import Image, ImageDraw
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    picture = Image.new("L", (400, 560), 255)
    draw = ImageDraw.Draw(picture)
    for row in range(40, 520, 14):
        draw.line((40, row, 360, row), fill=0, width=2)  # lines of "print"
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4)
    for _ in range(pages):
        buffer.seek(0)
        pdf.drawImage(ImageReader(buffer), 0, 0, *A4)
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def blank_pages_pdf(pages: int) -> bytes:
    """A PDF of ``pages`` pages with one short line each (for the page bound)."""
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    pdf = canvas.Canvas(out)
    for page in range(1, pages + 1):
        pdf.drawString(72, 720, f"{page}. Decides to keep this page;")
        pdf.showPage()
    pdf.save()
    return out.getvalue()
