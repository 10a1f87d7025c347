"""A call's accepted answers compiled like the Secretary-General's reports (DOCX and Markdown)."""

import datetime as dt
import io

import pytest
from django.contrib.admin import helpers
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from docx import Document

from agencies.choices import OrganizationCategory as C
from coordination.compilation import compilation_docx, compilation_for, compilation_markdown
from tests.factories import ActivityUpdateFactory, CallForInputsFactory, InputRequestFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


def test_the_report_follows_the_category_order_with_divisions_under_their_department_and_an_annex():
    call = CallForInputsFactory(title="International migration and development", status="open")
    desa = OrganizationFactory(name="Department of Economic and Social Affairs", category=C.SECRETARIAT)
    population = OrganizationFactory(name="Population Division", category=C.SECRETARIAT, parent=desa)
    ilo = OrganizationFactory(name="International Labour Organization", category=C.SPECIALIZED_AGENCY)
    eclac = OrganizationFactory(name="Economic Commission for Latin America", category=C.REGIONAL_COMMISSION)
    answered_at = timezone.make_aware(dt.datetime(2026, 7, 10, 15))
    for organization in (ilo, population, eclac, desa):  # answers arrive in any order
        request = InputRequestFactory(call=call, organization=organization, status="answered")
        ActivityUpdateFactory(
            organization=organization, input_request=request, status="accepted", submitted_at=answered_at,
            title=f"Activities of {organization.name}",
        )  # fmt: skip
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

    with CaptureQueriesContext(connection) as queries:
        compilation = compilation_for(call)
    assert len(queries) == 3  # requests, accepted updates, their answers to the questions

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
        "Declining Programme: declined (No activities in the period)",
    ]  # in report order too: funds and programmes before specialized agencies
    markdown = compilation_markdown(compilation)
    assert markdown.index("## United Nations Secretariat") < markdown.index("## Regional commissions")
    assert "**Activities of Population Division**" in markdown


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
