"""A call's accepted answers as a draft report, structured like the Secretary-General's reports.

Sections follow the reports' category order (Secretariat, regional commissions, funds and
programmes, ... inter-agency groups), then the organizations by name, each division right after
its department. Each section names the organization and the day of its answer; an annex lists
the organizations that did not answer and those that declined (with their reason).
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field

from django.db.models import Prefetch

from agencies.choices import CATEGORY_REPORT_ORDER, OrganizationCategory

from .choices import InputRequestStatus, UpdateStatus
from .deadlines import secretariat_today
from .models import ActivityUpdate, CallForInputs, InputRequest, PromptAnswer


@dataclass
class Answer:
    title: str
    body: str
    questions: list[tuple[str, str]]  # (the call's question, the organization's text), in the call's order


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
    deadline: dt.date
    chapters: list[Chapter]
    silent: list[str]
    declined: list[tuple[str, str]]


def _place(organization) -> tuple:
    """Report order: category, then the department's name, the department before its divisions."""
    department = organization.parent if organization.parent_id else organization
    return (
        CATEGORY_REPORT_ORDER.get(organization.category, 999),
        department.name.casefold(),
        organization.parent_id is not None,
        organization.name.casefold(),
    )


def _day(moment) -> dt.date | None:
    return secretariat_today(moment) if moment else None


def compilation_for(call: CallForInputs) -> Compilation:
    """Everything the report needs, in three queries whatever the number of answers."""
    requests = list(InputRequest.objects.filter(call=call).select_related("organization__parent"))
    updates = (
        ActivityUpdate.objects.filter(input_request__call=call, status=UpdateStatus.ACCEPTED)
        .select_related("organization__parent")
        .prefetch_related(
            Prefetch("answers", queryset=PromptAnswer.objects.select_related("prompt").order_by("prompt__position"))
        )
        .order_by("submitted_at", "pk")
    )
    sections: dict[int, Section] = {}
    organizations = {}
    for update in updates:
        organization = update.organization
        organizations[organization.pk] = organization
        section = sections.setdefault(organization.pk, Section(organization.name, _day(update.submitted_at)))
        questions = [(answer.prompt.text, answer.text) for answer in update.answers.all()]
        section.answers.append(Answer(update.title, update.body, questions))
    chapters: list[Chapter] = []
    for pk in sorted(sections, key=lambda pk: _place(organizations[pk])):
        category = OrganizationCategory(organizations[pk].category).label
        if not chapters or chapters[-1].heading != category:
            chapters.append(Chapter(category, []))
        chapters[-1].sections.append(sections[pk])
    in_order = sorted(requests, key=lambda request: _place(request.organization))
    silent = [r.organization.name for r in in_order if r.status == InputRequestStatus.OPEN]
    declined = [(r.organization.name, r.declined_reason) for r in in_order if r.status == InputRequestStatus.DECLINED]
    return Compilation(call.title, call.deadline, chapters, silent, declined)


def compilation_markdown(compilation: Compilation) -> str:
    lines = [
        f"# {compilation.title}",
        "",
        f"Draft compiled from the answers received (deadline {compilation.deadline:%d %B %Y}).",
        "",
    ]
    for chapter in compilation.chapters:
        lines += [f"## {chapter.heading}", ""]
        for section in chapter.sections:
            when = f" (answer of {section.answered_on:%d %B %Y})" if section.answered_on else ""
            lines += [f"### {section.organization}{when}", ""]
            for answer in section.answers:
                lines += [f"**{answer.title}**", "", answer.body.strip(), ""]
                for question, text in answer.questions:
                    lines += [f"*{question.strip()}*", "", text.strip(), ""]
    lines += ["## Annex: organizations that did not answer or declined", ""]
    lines += [f"- {name}: no answer" for name in compilation.silent]
    lines += [f"- {name}: declined{f' ({reason})' if reason else ''}" for name, reason in compilation.declined]
    if not (compilation.silent or compilation.declined):
        lines.append("Every organization asked has answered.")
    return "\n".join(lines) + "\n"


def compilation_docx(compilation: Compilation) -> bytes:
    from docx import Document

    document = Document()
    # python-docx looks a style up by name (and scans every style for the default) on each
    # paragraph; the ids are resolved once here and set on each paragraph's properties.
    style_ids = {name: document.styles[name].style_id for name in ("Title", "Heading 1", "Heading 2", "List Bullet")}

    def paragraph(text: str = "", style: str | None = None):
        added = document.add_paragraph(text)
        if style is not None:
            added._p.style = style_ids[style]
        return added

    def paragraphs(text: str) -> None:
        for part in text.strip().split("\n\n"):
            paragraph(part.strip())

    paragraph(compilation.title, "Title")
    paragraph(f"Draft compiled from the answers received (deadline {compilation.deadline:%d %B %Y}).")
    for chapter in compilation.chapters:
        paragraph(chapter.heading, "Heading 1")
        for section in chapter.sections:
            when = f" (answer of {section.answered_on:%d %B %Y})" if section.answered_on else ""
            paragraph(f"{section.organization}{when}", "Heading 2")
            for answer in section.answers:
                paragraph().add_run(answer.title).bold = True
                paragraphs(answer.body)
                for question, text in answer.questions:
                    paragraph().add_run(question.strip()).italic = True
                    paragraphs(text)
    paragraph("Annex: organizations that did not answer or declined", "Heading 1")
    for name in compilation.silent:
        paragraph(f"{name}: no answer", "List Bullet")
    for name, reason in compilation.declined:
        paragraph(f"{name}: declined{f' ({reason})' if reason else ''}", "List Bullet")
    if not (compilation.silent or compilation.declined):
        paragraph("Every organization asked has answered.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
