"""A call's answers compiled like the Secretary-General's reports (DOCX and Markdown)."""

import datetime as dt
import io
import zoneinfo

import pytest
from django.contrib.admin import helpers
from django.core.files.base import ContentFile
from django.urls import reverse
from docx import Document
from markdown_it import MarkdownIt  # a CommonMark parser (pinned in requirements-dev.txt) reads compilation.md

from agencies.choices import OrganizationCategory as C
from coordination.compilation import (
    compilation_docx,
    compilation_for,
    compilation_markdown,
    markdown_escape,
    one_line,
    paragraphs,
)
from coordination.models import Attachment, PromptAnswer
from coordination.services import call_prompts_set
from tests.factories import (
    ActivityUpdateFactory,
    CallForInputsFactory,
    InputRequestFactory,
    OrganizationFactory,
    ReportingObligationFactory,
)

pytestmark = pytest.mark.django_db

NEW_YORK = zoneinfo.ZoneInfo("America/New_York")
# The answer a focal point pasted from Word and a PDF: two paragraphs, Word's manual line break
# (U+000B), a page break (U+000C), an escape (U+001B), a NUL-free C0 control, and Markdown of its own.
PASTED = (
    "The organization convened an expert group meeting\x1b on migration statistics.\x0b"
    "It published a report on remittances and supported national surveys\n"
    "of migrant workers (wrapped in mid-sentence).\x0c\x01\n\n"
    "## UNICEF\n"
    "- a list item, *emphasis*, [a link](https://example.org) and <b>HTML</b>\n"
    "1. Not a numbered list & not &amp; an entity"
)


def answer(call, organization, *, status="accepted", **fields):
    request = InputRequestFactory(call=call, organization=organization, status="answered")
    return ActivityUpdateFactory(organization=organization, input_request=request, status=status, **fields)


def attach(update, name: str, size: int) -> Attachment:
    return Attachment.objects.create(
        update=update, file=ContentFile(b"x", name="x"), original_name=name, content_type="text/plain", size=size
    )


def docx_of(call, **kwargs) -> Document:
    return Document(io.BytesIO(compilation_docx(compilation_for(call, **kwargs))))


def test_the_report_follows_the_category_order_with_divisions_under_their_department_and_an_annex(
    django_assert_num_queries,
):
    call = CallForInputsFactory(title="International migration and development", deadline=dt.date(2026, 7, 15))
    desa = OrganizationFactory(name="Department of Economic and Social Affairs", category=C.SECRETARIAT)
    population = OrganizationFactory(name="Population Division", category=C.SECRETARIAT, parent=desa)
    ilo = OrganizationFactory(name="International Labour Organization", category=C.SPECIALIZED_AGENCY)
    eclac = OrganizationFactory(name="Economic Commission for Latin America", category=C.REGIONAL_COMMISSION)
    answered_at = dt.datetime(2026, 7, 10, 15, tzinfo=NEW_YORK)
    for organization in (ilo, population, eclac, desa):  # answers arrive in any order
        answer(call, organization, submitted_at=answered_at, title=f"Activities of {organization.name}")
    returned = InputRequestFactory(call=call, organization=OrganizationFactory(name="Returned Fund"))
    ActivityUpdateFactory(
        organization=returned.organization, input_request=returned, status="returned", return_comment="Dates?"
    )
    InputRequestFactory(call=call, organization=OrganizationFactory(name="Silent Fund", category=C.FUND_PROGRAMME))
    InputRequestFactory(
        call=call,
        organization=OrganizationFactory(name="Declining Programme", category=C.FUND_PROGRAMME),
        status="declined",
        declined_reason="No activities in the period",
    )
    InputRequestFactory(
        call=call,
        organization=OrganizationFactory(name="Excused Institute", category=C.INSTITUTE),
        status="waived",
        waived_reason="call closed",
    )

    with django_assert_num_queries(4):  # requests, accepted and submitted answers, their questions, their files
        compilation = compilation_for(call, now=dt.datetime(2026, 7, 16, 9, tzinfo=NEW_YORK))

    document = Document(io.BytesIO(compilation_docx(compilation)))
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    assert headings == [
        ("Title", "International migration and development"),
        ("Heading 1", "United Nations Secretariat"),
        ("Heading 2", "Department of Economic and Social Affairs (answer of 10 July 2026)"),
        ("Heading 2", "Population Division (answer of 10 July 2026)"),
        ("Heading 1", "Regional commissions"),
        ("Heading 2", "Economic Commission for Latin America (answer of 10 July 2026)"),
        ("Heading 1", "Specialized agencies and related organizations"),
        ("Heading 2", "International Labour Organization (answer of 10 July 2026)"),
        ("Heading 1", "Annex: organizations that did not answer or declined"),
    ]
    annex = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    assert annex == [
        "Silent Fund: no answer",
        "Returned Fund: no answer",
        "Excused Institute: no answer; no longer asked (call closed)",
        "Declining Programme: declined (No activities in the period)",
    ]  # not answered first, then waived, then declined; each in report order
    markdown = compilation_markdown(compilation)
    assert markdown.index("## United Nations Secretariat") < markdown.index("## Regional commissions")
    assert "**Activities of Population Division**" in markdown


def test_an_answer_pasted_from_word_keeps_its_paragraphs_and_loses_what_xml_refuses():
    call = CallForInputsFactory(title="Inputs\x0b on migration", deadline=dt.date(2026, 12, 10))
    organization = OrganizationFactory(name="United Nations Children's Fund", category=C.FUND_PROGRAMME)
    update = answer(
        call,
        organization,
        title="Activities\x1b in 2026",
        body=PASTED,
        submitted_at=dt.datetime(2026, 12, 3, 10, tzinfo=NEW_YORK),
        period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2026, 6, 30),
    )
    attach(update, "Annex 1 - surveys.pdf", 1_250_000)
    attach(update, "remittances.xlsx", 2048)

    document = docx_of(call, now=dt.datetime(2026, 12, 3, 18, tzinfo=NEW_YORK))

    texts = [p.text for p in document.paragraphs]
    start = texts.index("Activities in 2026")
    assert texts[start + 1 : start + 8] == [
        "Period covered: January to June 2026",
        "The organization convened an expert group meeting on migration statistics.",
        "It published a report on remittances and supported national surveys of migrant workers (wrapped in "
        "mid-sentence).",
        "## UNICEF",
        "- a list item, *emphasis*, [a link](https://example.org) and <b>HTML</b>",
        "1. Not a numbered list & not &amp; an entity",
        "Attached: Annex 1 - surveys.pdf (1.2\xa0MB); remittances.xlsx (2.0\xa0KB)",
    ]
    assert not any("\n" in p.text or "\x0b" in p.text for p in document.paragraphs)  # paragraphs, not line breaks
    title, period = document.paragraphs[start : start + 2]
    assert [(run.text, run.bold) for run in title.runs] == [("Activities in 2026", True)]
    assert [(run.text, run.italic) for run in period.runs] == [
        ("Period covered: ", True),
        ("January to June 2026", None),
    ]
    assert texts[:2] == [
        "Inputs on migration",
        "Draft compiled on 3 December 2026 from the answers received (deadline 10 December 2026).",
    ]
    assert "United Nations Children's Fund (answer of 3 December 2026)" in texts


def test_the_word_file_names_the_tool_the_call_and_its_obligation_and_when_it_was_made():
    obligation = ReportingObligationFactory(description="Report on international migration and development.")
    call = CallForInputsFactory(title="Inputs on migration", obligation=obligation, deadline=dt.date(2026, 12, 10))
    compiled_at = dt.datetime(2026, 12, 3, 18, 30, tzinfo=NEW_YORK)

    document = docx_of(call, now=compiled_at)

    properties = document.core_properties
    assert properties.author == properties.last_modified_by == "Migration coordination"
    assert properties.title == "Inputs on migration"
    mandate = str(obligation.mandate)  # "GA resolution 58/2xx"
    assert properties.subject == f"Call for inputs: Inputs on migration (for the report under {mandate})"
    assert properties.comments == (
        "Draft compiled on 3 December 2026 from the answers received (deadline 10 December 2026). "
        f"For the report under {mandate}: Report on international migration and development."
    )
    assert properties.created == properties.modified == compiled_at  # 23:30 UTC
    assert "python-docx" not in f"{properties.author} {properties.comments} {properties.last_modified_by}"
    assert (
        document.paragraphs[2].text
        == f"For the report under {mandate}: Report on international migration and development."
    )


def test_answers_not_yet_reviewed_have_their_own_section_in_report_order_and_are_not_missing():
    call = CallForInputsFactory(title="Inputs", deadline=dt.date(2026, 12, 10))
    ilo = OrganizationFactory(name="International Labour Organization", category=C.SPECIALIZED_AGENCY)
    eca = OrganizationFactory(name="Economic Commission for Africa", category=C.REGIONAL_COMMISSION)
    unfpa = OrganizationFactory(name="United Nations Population Fund", category=C.FUND_PROGRAMME)
    answer(call, ilo, status="submitted", title="ILO, under review", body="First.\n\nSecond.")
    answer(call, eca, status="submitted", title="ECA, under review")
    answer(call, unfpa, title="UNFPA, accepted")
    for status, name in (("draft", "Drafting Fund"), ("withdrawn", "Withdrawn Fund")):
        request = InputRequestFactory(call=call, organization=OrganizationFactory(name=name))
        ActivityUpdateFactory(organization=request.organization, input_request=request, status=status, title=name)

    compilation = compilation_for(call, now=dt.datetime(2026, 12, 3, 12, tzinfo=NEW_YORK))
    document = Document(io.BytesIO(compilation_docx(compilation)))

    outline = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert outline == [
        "Funds and programmes",
        "United Nations Population Fund",
        "Received, not yet reviewed by the secretariat",
        "Economic Commission for Africa",
        "International Labour Organization",  # report order: regional commissions before specialized agencies
        "Annex: organizations that did not answer or declined",
    ]
    texts = [p.text for p in document.paragraphs]
    assert texts[texts.index("ILO, under review") + 1 : texts.index("ILO, under review") + 3] == ["First.", "Second."]
    assert [p.text for p in document.paragraphs if p.style.name == "List Bullet"] == [
        "Drafting Fund: not yet answered",
        "Withdrawn Fund: not yet answered",
    ]  # a draft or withdrawn answer is no answer; the reviewed and unreviewed ones are not missing
    body = [p.text for p in document.paragraphs if p.style.name != "List Bullet"]
    assert "Drafting Fund" not in body and "Withdrawn Fund" not in body
    markdown = compilation_markdown(compilation)
    assert markdown.index("## Funds and programmes") < markdown.index(
        "## Received, not yet reviewed by the secretariat"
    )
    assert markdown.index("### Economic Commission for Africa") < markdown.index("### International Labour")
    assert markdown.index("### International Labour") < markdown.index("## Annex")


def test_an_organization_has_not_yet_answered_until_the_end_of_its_deadline_then_has_no_answer():
    call = CallForInputsFactory(title="Inputs", deadline=dt.date(2026, 12, 3))
    InputRequestFactory(call=call, organization=OrganizationFactory(name="Silent Fund"))
    extended = InputRequestFactory(call=call, organization=OrganizationFactory(name="Extended Fund"))
    extended.due_date = dt.date(2026, 12, 20)  # the secretariat gave it more time
    extended.save()

    def annex(now: dt.datetime) -> list[tuple[str, str]]:
        return compilation_for(call, now=now).annex

    last_evening = dt.datetime(2026, 12, 3, 23, 30, tzinfo=NEW_YORK)  # already 4 December in UTC
    assert annex(last_evening) == [("Extended Fund", "not yet answered"), ("Silent Fund", "not yet answered")]
    assert annex(last_evening + dt.timedelta(hours=1)) == [
        ("Extended Fund", "not yet answered"),
        ("Silent Fund", "no answer"),
    ]


def test_an_answer_recorded_by_hand_is_named_in_the_annex_with_its_day():
    call = CallForInputsFactory(title="Inputs", deadline=dt.date(2026, 12, 10))
    InputRequestFactory(
        call=call,
        organization=OrganizationFactory(name="Letter Fund"),
        status="answered",
        closed_at=dt.datetime(2026, 12, 2, 22, tzinfo=NEW_YORK),
    )
    assert compilation_for(call).annex == [
        ("Letter Fund", "answered on 2 December 2026 outside the system (the text is not recorded here)")
    ]


def test_a_focal_point_cannot_forge_markup_in_the_markdown_draft():
    call = CallForInputsFactory(title="Inputs [draft]", deadline=dt.date(2026, 12, 10), status="draft")
    first, _ = call_prompts_set(call=call, texts=["Your *main* activity?", "Anything else?"])
    unicef = OrganizationFactory(name="UNICEF_*the* fund*", category=C.FUND_PROGRAMME)
    submitted = dt.datetime(2026, 12, 3, 9, tzinfo=NEW_YORK)  # the day the heading names, whatever today is
    update = answer(call, unicef, title="# Title\x1b `code`", body=PASTED, submitted_at=submitted)
    PromptAnswer.objects.create(update=update, prompt=first, text="> quoted\n### Another heading\n---")
    attach(update, "[evil](javascript:alert(1)).pdf", 10)
    InputRequestFactory(
        call=call,
        organization=OrganizationFactory(name="Declining *Programme*"),
        status="declined",
        declined_reason="## Nothing\n- to report",
    )

    markdown = compilation_markdown(compilation_for(call, now=dt.datetime(2026, 12, 3, 12, tzinfo=NEW_YORK)))
    tokens = MarkdownIt("commonmark").enable(["table", "strikethrough"]).parse(markdown)

    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert [h.replace("\\", "") for h in headings] == [
        "Inputs [draft]",
        "Funds and programmes",
        "UNICEF_*the* fund* (answer of 3 December 2026)",
        "Annex: organizations that did not answer or declined",
    ]
    inline = [child for t in tokens if t.type == "inline" for child in t.children]
    kinds = {child.type for child in inline}
    assert not kinds & {"link_open", "html_inline", "code_inline", "s_open"}
    emphasis = [inline[i + 1].content for i, child in enumerate(inline) if child.type in ("em_open", "strong_open")]
    assert emphasis == ["# Title `code`", "Your *main* activity?"]  # the draft's own emphasis only
    blocks = {t.type for t in tokens}
    assert not blocks & {
        "blockquote_open",
        "ordered_list_open",
        "hr",
        "html_block",
        "code_block",
        "fence",
        "table_open",
    }
    assert [t.map for t in tokens if t.type == "bullet_list_open"] == [
        [markdown.count("\n") - 1, markdown.count("\n")]
    ]
    rendered = MarkdownIt("commonmark").render(markdown)
    assert "<p>## UNICEF</p>" in rendered and "&lt;b&gt;HTML&lt;/b&gt;" in rendered
    assert "<li>Declining *Programme*: declined (## Nothing - to report)</li>" in rendered


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("## UNICEF", r"\## UNICEF"),
        ("- item", r"\- item"),
        ("+ item", r"\+ item"),
        ("> quote", r"\> quote"),
        ("===", r"\==="),
        ("1. first", r"1\. first"),
        ("2026) a year", r"2026\) a year"),
        ("a *b* _c_ `d` [e](f) <g> h|i ~~j~~ \\k", r"a \*b\* \_c\_ \`d\` \[e\](f) \<g\> h\|i \~\~j\~\~ \\k"),
        ("AT&T &amp; &#123;", r"AT&T \&amp; \&#123;"),
        ("Plain text, with 3.5 % and a - dash.", "Plain text, with 3.5 % and a - dash."),
    ],
)
def test_markdown_escape_makes_markup_characters_show_as_typed(text, expected):
    assert markdown_escape(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("One.\n\nTwo.", ["One.", "Two."]),
        ("One.\nTwo.", ["One.", "Two."]),  # a line typed in a text box or pasted from Word is a paragraph
        ("One.\r\nTwo.\x0bThree.\x0cFour.\u2029Five.", ["One.", "Two.", "Three.", "Four.", "Five."]),
        ("A sentence wrapped\nin the middle.", ["A sentence wrapped in the middle."]),
        ("A heading\nThe text.", ["A heading", "The text."]),
        ("Items:\n- one\n- two", ["Items:", "- one", "- two"]),
        ("  \t Indented\x1b  text\x00\ud800 \n\n\n", ["Indented text"]),
        ("", []),
    ],
)
def test_a_line_break_is_a_paragraph_unless_the_line_was_wrapped_mid_sentence(text, expected):
    assert paragraphs(text) == expected


def test_one_line_removes_what_xml_refuses_and_makes_breaks_spaces():
    assert one_line(" A\x0btitle\x1b\x7f with\ttab\nand\uffff break ") == "A title with tab and break"


def test_the_number_of_queries_does_not_grow_with_the_answers(django_assert_num_queries):
    obligation = ReportingObligationFactory()
    call = CallForInputsFactory(title="Inputs", obligation=obligation, status="draft")
    prompt, _ = call_prompts_set(call=call, texts=["First?", "Second?"])
    for n in range(6):
        update = answer(call, OrganizationFactory(), status="submitted" if n % 2 else "accepted")
        PromptAnswer.objects.create(update=update, prompt=prompt, text="Text.")
        attach(update, f"file-{n}.pdf", 100)
        attach(update, f"other-{n}.pdf", 100)
    call.refresh_from_db()

    with django_assert_num_queries(5):  # the obligation, the requests, the answers, their questions, their files
        compilation = compilation_for(call)
    assert sum(len(a.attachments) for s in compilation.under_review for a in s.answers) == 6


def test_the_admin_downloads_the_compilation_of_one_call(client, secretariat_user):
    call = CallForInputsFactory(title="Questionnaire", status="open")
    client.force_login(secretariat_user)
    url = reverse("admin:coordination_callforinputs_changelist")
    data = {"action": "compile_docx", helpers.ACTION_CHECKBOX_NAME: [call.pk], "index": "0"}
    response = client.post(url, data)
    assert response["Content-Disposition"] == f'attachment; filename="call-{call.pk}-compilation.docx"'
    assert Document(io.BytesIO(response.content)).paragraphs[0].text == "Questionnaire"
    two = client.post(url, {**data, helpers.ACTION_CHECKBOX_NAME: [call.pk, CallForInputsFactory().pk]}, follow=True)
    assert "Choose one call to compile." in [str(m) for m in two.context["messages"]]


def test_the_admin_compiles_an_answer_holding_control_characters(client, secretariat_user):
    call = CallForInputsFactory(title="Questionnaire", status="open")
    answer(call, OrganizationFactory(name="Pasting Fund"), body="Before\x0b\x0c\x1bafter.\n\nNext.")
    client.force_login(secretariat_user)
    url = reverse("admin:coordination_callforinputs_changelist")
    data = {"action": "compile_docx", helpers.ACTION_CHECKBOX_NAME: [call.pk], "index": "0"}

    response = client.post(url, data)

    assert response.status_code == 200
    texts = [p.text for p in Document(io.BytesIO(response.content)).paragraphs]
    assert texts[texts.index("Before") + 1 : texts.index("Before") + 3] == ["after.", "Next."]
    markdown = client.post(url, {**data, "action": "compile_markdown"})
    assert markdown.status_code == 200 and "\nBefore\n\nafter.\n\nNext.\n" in markdown.content.decode()
