"""A call's answers as a draft report, structured like the Secretary-General's reports.

Chapters follow the reports' category order (Secretariat, regional commissions, funds and
programmes, ... inter-agency groups), then the organizations by name, each division right after
its department. Each section names the organization and the day its answer was received; under
each answer come the period it covers, its text, the call's questions with the organization's
texts, and the files attached to it. Answers received but not yet reviewed by the secretariat
follow in a section of their own, marked as such, in the same order. An annex lists the
organizations asked that are not in the draft: not yet answered (up to their deadline, which is
due at the end of its day), no answer (after it), declined (with their reason), no longer asked
(waived, with the reason), or answered outside the system. Returned, withdrawn and draft answers
are not in the draft.

Texts are made fit for the documents before they are placed:

- **Paragraphs.** A blank line ends a paragraph, and so does a single line break: answers are typed
  in a text box or pasted from Word, where a line is a paragraph. The one exception is a line
  wrapped in mid-sentence (text pasted from a PDF or a wrapped e-mail): a line that does not end
  with a sentence's closing mark (``. ! ? : ;``, a closing quote or bracket) and is followed by a
  line starting with a small letter continues on that line. Word's manual line break (U+000B),
  a page break (U+000C) and the Unicode line and paragraph separators count as line breaks. Each
  paragraph becomes one Word paragraph and one Markdown paragraph, never a line break inside one.
- **Characters XML refuses** (the control characters other than tab and line breaks, lone
  surrogates, U+FFFE and U+FFFF) are removed, with the C1 controls: a document never fails to
  save because of a character pasted from a PDF.
- **Markdown.** Every text from an answer or a record (titles, names, bodies, questions, reasons,
  file names) is escaped (``markdown_escape``): in ``compilation.md`` an answer cannot make a
  heading, a list, emphasis, a link or HTML of its own.

Dates read as "3 December 2026"; a reporting period at the precision it has ("January to June
2026", "2026", "3 to 17 March 2026").
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from docx import Document
from docx.oxml.parser import OxmlElement

from agencies.choices import CATEGORY_REPORT_ORDER, OrganizationCategory
from core.periods import DAY, at_precision, reporting_period

from .choices import InputRequestStatus, UpdateStatus
from .deadlines import secretariat_today
from .models import ActivityUpdate, Attachment, CallForInputs, InputRequest, PromptAnswer, ReportingObligation

# The name the Word file gives as its author (the admin's header says the same).
TOOL_NAME = "Migration coordination"
UNDER_REVIEW = "Received, not yet reviewed by the secretariat"
UNDER_REVIEW_NOTE = (
    "These answers reached the secretariat but have not been reviewed yet: they may still be returned to "
    "their organization for changes."
)
ANNEX = "Annex: organizations that did not answer or declined"
EVERYONE_ANSWERED = "Every organization asked has answered."

# What XML 1.0 refuses (C0 controls but tab, line feed and carriage return; lone surrogates; U+FFFE,
# U+FFFF), with the C1 controls but NEL: nothing a reader wants, and lxml refuses the first ones.
_REFUSED = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
# What people's texts use as a line break: Word's manual break (VT), a page break (FF), NEL, the separators.
_LINE_BREAK = re.compile("\r\n|[\r\n\x0b\x0c\x85\u2028\u2029]")
_SPACES = re.compile(r"[ \t]+")
_ENDS_A_SENTENCE = tuple(".!?:;\"')]\u201d\u2019\u00bb\u2026")

# Markdown (CommonMark with GitHub's tables and strikethrough): the characters that mark up text
# anywhere in a line, an entity reference, and what makes a block at the start of a line (a
# heading, a quote, a list item, a thematic break, a setext underline, an ordered list item).
_MARKDOWN_INLINE = re.compile(r"([\\`*_\[\]<>|~])|&(?=#?\w+;)")
_MARKDOWN_LINE_START = re.compile(r"^([#>+\-=])|^(\d+)([.)])")


@dataclass
class Answer:
    title: str
    paragraphs: list[str]
    questions: list[tuple[str, list[str]]]  # (the call's question, the organization's paragraphs), in the call's order
    period: str = ""  # the reporting period, at its precision; empty when the answer gives none
    attachments: list[tuple[str, int]] = field(default_factory=list)  # (file name, size in bytes)


@dataclass
class Section:
    organization: str
    answered_on: dt.date | None
    answers: list[Answer] = field(default_factory=list)


@dataclass
class Chapter:
    heading: str
    sections: list[Section]


@dataclass
class Compilation:
    title: str
    mandate: str  # the mandate of the reporting obligation the call serves ("GA resolution 61/208"); empty when none
    obligation: str  # that obligation's description
    deadline: dt.date
    compiled_at: dt.datetime
    chapters: list[Chapter]  # the accepted answers
    under_review: list[Section]  # the answers submitted and not yet reviewed, in report order
    annex: list[tuple[str, str]]  # (organization, why it has no answer in the draft)


def one_line(text: str) -> str:
    """``text`` as one line fit for XML: line breaks and tabs made spaces, refused characters removed."""
    return _SPACES.sub(" ", _REFUSED.sub("", _LINE_BREAK.sub(" ", text))).strip()


def paragraphs(text: str) -> list[str]:
    """``text``'s paragraphs, each one line fit for XML (the rule is in the module's docstring)."""
    found: list[str] = []
    joinable = False  # whether the last line read was wrapped in mid-sentence
    for line in _LINE_BREAK.split(_REFUSED.sub("", text)):
        line = _SPACES.sub(" ", line).strip()
        if not line:
            joinable = False
            continue
        if joinable and line[0].islower():
            found[-1] = f"{found[-1]} {line}"
        else:
            found.append(line)
        joinable = not line.endswith(_ENDS_A_SENTENCE)
    return found


def markdown_escape(text: str) -> str:
    """One line of text as Markdown that shows it as it is: a backslash before each character that
    would mark it up (CommonMark lets any ASCII punctuation be escaped so), at the start of the line
    before what would make it a block, and before ``&`` where it would start an entity."""
    escaped = _MARKDOWN_INLINE.sub(lambda m: f"\\{m.group(1) or '&'}", text)
    return _MARKDOWN_LINE_START.sub(
        lambda m: f"\\{m.group(1)}" if m.group(1) else f"{m.group(2)}\\{m.group(3)}", escaped
    )


def long_date(day: dt.date) -> str:
    """A day as the draft writes it: "3 December 2026", no leading zero."""
    return at_precision(day, DAY)


def file_label(name: str, size: int) -> str:
    return f"{name} ({filesizeformat(size)})"


def _place(organization) -> tuple:
    """Report order: category, then the department's name, the department before its divisions."""
    department = organization.parent if organization.parent_id else organization
    return (
        CATEGORY_REPORT_ORDER.get(organization.category, 999),
        department.name.casefold(),
        organization.parent_id is not None,
        organization.name.casefold(),
    )


def _received_on(request: InputRequest, update: ActivityUpdate) -> dt.date | None:
    """The day the answer was received: its request's closing (decision 0010: one fact, one place;
    for a letter, the day it came in), else what the answer itself says."""
    if request.closed_at is not None:
        return secretariat_today(request.closed_at)
    if update.received_on is not None:
        return update.received_on
    return secretariat_today(update.submitted_at) if update.submitted_at else None


def _annex_line(request: InputRequest, *, deadline: dt.date, today: dt.date) -> str | None:
    """Why ``request``'s organization has no answer in the draft; None when it has one."""
    status = request.status
    if status == InputRequestStatus.OPEN:
        return "not yet answered" if today <= (request.due_date or deadline) else "no answer"
    if status == InputRequestStatus.DECLINED:
        reason = one_line(request.declined_reason)
        return f"declined ({reason})" if reason else "declined"
    if status == InputRequestStatus.WAIVED:
        reason = one_line(request.waived_reason)
        return f"no answer; no longer asked ({reason})" if reason else "no answer; no longer asked"
    # Answered, yet with no accepted or submitted answer: recorded as answered by hand.
    received = f" on {long_date(secretariat_today(request.closed_at))}" if request.closed_at else ""
    return f"answered{received} outside the system (the text is not recorded here)"


ANNEX_ORDER = {
    InputRequestStatus.OPEN: 0,
    InputRequestStatus.WAIVED: 1,
    InputRequestStatus.DECLINED: 2,
    InputRequestStatus.ANSWERED: 3,
}


def compilation_for(call: CallForInputs, *, now: dt.datetime | None = None) -> Compilation:
    """Everything the report needs, in four queries whatever the number of answers (five when the
    call serves a reporting obligation): the requests, the answers, their texts to the call's
    questions and their attachments (and the obligation). ``now`` decides what "not yet" means."""
    now = now or timezone.now()
    today = secretariat_today(now)
    mandate = obligation = ""
    if call.obligation_id is not None:
        served = ReportingObligation.objects.select_related("mandate__body").get(pk=call.obligation_id)
        mandate, obligation = one_line(str(served.mandate)), one_line(served.description)
    requests = {
        request.pk: request
        for request in InputRequest.objects.filter(call=call).select_related("organization__parent")
    }
    shown = (UpdateStatus.ACCEPTED, UpdateStatus.SUBMITTED)
    updates = ActivityUpdate.objects.filter(input_request__call=call, status__in=shown).order_by("submitted_at", "pk")
    # Texts and files as plain rows, grouped here: no model instance for each (the draft is read-only).
    questions: dict[int, list[tuple[str, list[str]]]] = defaultdict(list)
    for update_id, question, text in (
        PromptAnswer.objects.filter(update__input_request__call=call, update__status__in=shown)
        .order_by("update_id", "prompt__position")
        .values_list("update_id", "prompt__text", "text")
    ):
        questions[update_id].append((one_line(question), paragraphs(text)))
    files: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for update_id, name, size in (
        Attachment.objects.filter(update__input_request__call=call, update__status__in=shown)
        .order_by("uploaded_at", "pk")
        .values_list("update_id", "original_name", "size")
    ):
        files[update_id].append((one_line(name), size))
    accepted: dict[int, Section] = {}
    received: dict[int, Section] = {}
    organizations = {}
    for update in updates:
        request = requests[update.input_request_id]
        organization = request.organization  # the answer's own: the services keep them equal
        organizations[organization.pk] = organization
        sections = accepted if update.status == UpdateStatus.ACCEPTED else received
        section = sections.get(organization.pk)
        if section is None:
            answered_on = _received_on(request, update)
            section = sections[organization.pk] = Section(one_line(organization.name), answered_on)
        section.answers.append(
            Answer(
                title=one_line(update.title),
                paragraphs=paragraphs(update.body),
                questions=questions[update.pk],
                period=reporting_period(update.period_start, update.period_end),
                attachments=files[update.pk],
            )
        )
    chapters: list[Chapter] = []
    for pk in sorted(accepted, key=lambda pk: _place(organizations[pk])):
        category = OrganizationCategory(organizations[pk].category).label
        if not chapters or chapters[-1].heading != category:
            chapters.append(Chapter(category, []))
        chapters[-1].sections.append(accepted[pk])
    under_review = [received[pk] for pk in sorted(received, key=lambda pk: _place(organizations[pk]))]
    in_the_draft = accepted.keys() | received.keys()
    missing = sorted(
        (r for r in requests.values() if r.organization_id not in in_the_draft),
        key=lambda r: (ANNEX_ORDER.get(r.status, 9), _place(r.organization)),
    )
    annex = [(one_line(r.organization.name), _annex_line(r, deadline=call.deadline, today=today)) for r in missing]
    return Compilation(
        title=one_line(call.title),
        mandate=mandate,
        obligation=obligation,
        deadline=call.deadline,
        compiled_at=now,
        chapters=chapters,
        under_review=under_review,
        annex=annex,
    )


def _introduction(compilation: Compilation) -> list[str]:
    compiled_on = long_date(secretariat_today(compilation.compiled_at))
    lines = [
        f"Draft compiled on {compiled_on} from the answers received (deadline {long_date(compilation.deadline)})."
    ]
    if compilation.mandate:
        what = f": {compilation.obligation}" if compilation.obligation else ""
        lines.append(f"For the report under {compilation.mandate}{what}".rstrip(".") + ".")
    return lines


def _section_heading(section: Section) -> str:
    return (
        f"{section.organization} (answer of {long_date(section.answered_on)})"
        if section.answered_on
        else section.organization
    )


def _attached(answer: Answer) -> str:
    return "; ".join(file_label(name, size) for name, size in answer.attachments)


def compilation_markdown(compilation: Compilation) -> str:
    """The draft as Markdown: the headings, lists and emphasis are the draft's own, every text is escaped."""
    esc = markdown_escape
    lines = [f"# {esc(compilation.title)}", ""]
    for line in _introduction(compilation):
        lines += [esc(line), ""]

    def sections(sections: list[Section]) -> None:
        for section in sections:
            lines.extend([f"### {esc(_section_heading(section))}", ""])
            for answer in section.answers:
                lines.extend([f"**{esc(answer.title)}**", ""])
                if answer.period:
                    lines.extend([f"Period covered: {esc(answer.period)}", ""])
                for paragraph in answer.paragraphs:
                    lines.extend([esc(paragraph), ""])
                for question, texts in answer.questions:
                    lines.extend([f"*{esc(question)}*", ""])
                    for paragraph in texts:
                        lines.extend([esc(paragraph), ""])
                if answer.attachments:
                    lines.extend([f"Attached: {esc(_attached(answer))}", ""])

    for chapter in compilation.chapters:
        lines += [f"## {esc(chapter.heading)}", ""]
        sections(chapter.sections)
    if compilation.under_review:
        lines += [f"## {UNDER_REVIEW}", "", f"*{UNDER_REVIEW_NOTE}*", ""]
        sections(compilation.under_review)
    lines += [f"## {ANNEX}", ""]
    lines += [f"- {esc(name)}: {esc(why)}" for name, why in compilation.annex]
    if not compilation.annex:
        lines.append(EVERYONE_ANSWERED)
    return "\n".join(lines) + "\n"


def compilation_docx(compilation: Compilation) -> bytes:
    """The draft as a Word document; its properties name the tool as author and the call as subject."""
    document = Document()
    # The paragraphs are written with python-docx's element layer rather than ``add_paragraph`` and
    # ``add_run``: those look the body's section properties up among all its paragraphs on each new
    # one (quadratic in the answers), resolve a style by name each time, and set a run's text one
    # character at a time to turn tabs and line breaks into elements, which the texts here no
    # longer hold (``paragraphs``, ``one_line``). Styles are resolved once, each paragraph goes
    # right before the section properties that close the body.
    style_ids = {name: document.styles[name].style_id for name in ("Title", "Heading 1", "Heading 2", "List Bullet")}
    section_properties = document.element.body.sectPr

    def paragraph(*runs: str, style: str | None = None, emphasis: str | None = None) -> None:
        """A paragraph of ``runs``; ``emphasis`` ("b" or "i") on the first one."""
        added = OxmlElement("w:p")
        if style is not None:
            added.style = style_ids[style]
        for n, text in enumerate(runs):
            run = added.add_r()
            if n == 0 and emphasis is not None:
                run.get_or_add_rPr().append(OxmlElement(f"w:{emphasis}"))
            run.add_t(text)
        section_properties.addprevious(added)

    def sections(sections: list[Section]) -> None:
        for section in sections:
            paragraph(_section_heading(section), style="Heading 2")
            for answer in section.answers:
                paragraph(answer.title, emphasis="b")
                if answer.period:
                    paragraph("Period covered: ", answer.period, emphasis="i")
                for text in answer.paragraphs:
                    paragraph(text)
                for question, texts in answer.questions:
                    paragraph(question, emphasis="i")
                    for text in texts:
                        paragraph(text)
                if answer.attachments:
                    paragraph("Attached: ", _attached(answer), emphasis="i")

    paragraph(compilation.title, style="Title")
    for line in _introduction(compilation):
        paragraph(line)
    for chapter in compilation.chapters:
        paragraph(chapter.heading, style="Heading 1")
        sections(chapter.sections)
    if compilation.under_review:
        paragraph(UNDER_REVIEW, style="Heading 1")
        paragraph(UNDER_REVIEW_NOTE, emphasis="i")
        sections(compilation.under_review)
    paragraph(ANNEX, style="Heading 1")
    for name, why in compilation.annex:
        paragraph(f"{name}: {why}", style="List Bullet")
    if not compilation.annex:
        paragraph(EVERYONE_ANSWERED)

    properties = document.core_properties
    compiled_at = compilation.compiled_at.astimezone(dt.UTC)  # python-docx writes the time as UTC as given
    properties.author = properties.last_modified_by = TOOL_NAME
    properties.title = compilation.title
    under = f" (for the report under {compilation.mandate})" if compilation.mandate else ""
    properties.subject = f"Call for inputs: {compilation.title}{under}"
    properties.comments = " ".join(_introduction(compilation))
    properties.category = "Draft report"
    properties.content_status = "Draft"
    properties.keywords = ""
    properties.language = "en"
    properties.created = properties.modified = compiled_at
    properties.revision = 1
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
