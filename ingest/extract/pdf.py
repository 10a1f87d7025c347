"""A PDF's text with pdfminer.six: its layout analysis groups the characters into lines and boxes and
orders the boxes as a page is read (the left column, then the right, even when the file draws both
row by row), and tells where on the page each line stands (the head and foot bands that
``pages.strip_running_lines`` looks at). Chosen over pypdf by measurement: docs/decisions/0017.

Refusals: more pages than the limit (counted before any page is read), more text than the limit
(counted while reading), a password, a damaged file, and a scan (most pages without text).
"""

from __future__ import annotations

import io
import logging

from pdfminer.converter import PDFPageAggregator
from pdfminer.layout import LAParams, LTPage, LTTextBox, LTTextLine
from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser

from .limits import Limits, Refused
from .pages import Page, strip_running_lines

BAND = 0.1  # the head and foot bands: the top and bottom tenth of the page
MIN_PAGE_CHARACTERS = 20  # a page with fewer letters and digits than this holds no text


def laid_out_page(layout: LTPage) -> tuple[Page, int]:
    """One laid-out page as lines in reading order (a blank line between boxes set apart), with its
    bands, and how many letters and digits it holds."""
    lines: list[str] = []
    top: set[int] = set()
    foot: set[int] = set()
    characters = 0
    height = layout.height or 1
    last = None
    for box in layout:
        if not isinstance(box, LTTextBox):
            continue
        for number, line in enumerate(box):
            if not isinstance(line, LTTextLine):
                continue
            text = line.get_text().rstrip("\n")
            if number == 0 and last is not None:
                # A box that starts a line below the last one, as close as lines are, goes on from it: the
                # layout analysis puts an indented first line in a box of its own. Else a blank line.
                gap = last.y0 - line.y1
                if not 0 <= gap <= 0.5 * line.height:
                    lines.append("")
                elif line.x0 > last.x0 + line.height:
                    text = "     " + text
            last = line
            characters += sum(c.isalnum() for c in text)
            if line.y0 - layout.y0 >= height * (1 - BAND):
                top.add(len(lines))
            elif line.y1 - layout.y0 <= height * BAND:
                foot.add(len(lines))
            lines.append(text)
    return Page(tuple(lines), frozenset(top), frozenset(foot)), characters


def read_pdf(data: bytes, limits: Limits) -> tuple[str, int, int]:
    """The text of a PDF, its running heads and feet taken out; its number of pages; the number of
    lines taken out."""
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    try:
        document = PDFDocument(PDFParser(io.BytesIO(data)), password="")
        pdf_pages = []
        for page in PDFPage.create_pages(document):
            pdf_pages.append(page)
            if len(pdf_pages) > limits.max_pages:
                raise Refused(
                    f"This PDF has more than {limits.max_pages:,} pages: split it into parts of at most "
                    f"{limits.max_pages:,} pages and read each."
                )
        if not pdf_pages:
            raise Refused("This PDF has no pages.")
        manager = PDFResourceManager(caching=True)
        device = PDFPageAggregator(manager, laparams=LAParams())
        interpreter = PDFPageInterpreter(manager, device)
        pages, empty, length = [], 0, 0
        for page in pdf_pages:
            interpreter.process_page(page)
            laid_out, characters = laid_out_page(device.get_result())
            pages.append(laid_out)
            empty += characters < MIN_PAGE_CHARACTERS
            length += sum(len(line) + 1 for line in laid_out.lines)
            if length > limits.max_chars:
                raise Refused(
                    f"This PDF holds more than {limits.max_chars:,} characters of text: split it into parts "
                    "and read each."
                )
    except PDFEncryptionError:  # a password to open it (one only to print or copy is no obstacle)
        raise Refused(
            "This PDF is protected by a password: open it, save or print it as a PDF without one, and read that."
        ) from None
    except (Refused, MemoryError):
        raise
    except Exception as error:  # a damaged or crafted file can fail anywhere in the parser
        raise Refused(
            f"This PDF could not be read (it looks damaged: {type(error).__name__}). If it opens in a PDF "
            "viewer, print it to a new PDF or save it as text, and read that."
        ) from None
    if empty * 2 > len(pages):
        raise Refused(
            f"This PDF has no text layer (a scan?): {empty} of its {len(pages)} pages hold no text. Run it "
            "through text recognition (OCR), or ask for the Word or text version, and read that."
        )
    text, removed = strip_running_lines(pages)
    return text, len(pages), removed
