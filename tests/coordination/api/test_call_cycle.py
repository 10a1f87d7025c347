"""Issue #8's cycle, end to end through the API and the reminder engine: a call to six
organizations; three answer (one late, one returned and resubmitted), one declines, two stay
silent. Reminders reach only the silent and the late (before they answered); the board and the
compilation come out right."""

import datetime as dt
import io

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from docx import Document

from agencies.choices import OrganizationCategory as C
from coordination import services
from coordination.models import ActivityUpdate, InputRequest
from coordination.reminders.dispatch import reminders_dispatch
from coordination.reminders.scan import reminders_scan
from tests.coordination.reminder_helpers import NOW, organization_with_focal_points

pytestmark = pytest.mark.django_db

DEADLINE = NOW.date() + dt.timedelta(days=12)


def on(days: int) -> dt.datetime:
    return NOW + dt.timedelta(days=days)


def answer(organization, person, *, days: int, accept_by=None):
    request = InputRequest.objects.get(organization=organization)
    update = services.update_create(
        organization=organization, by=person, input_request=request, title=f"{organization.name}",
        body=f"Activities of {organization.name}.", now=on(days),
    )  # fmt: skip
    services.update_submit(update=update, by=person, now=on(days))
    if accept_by is not None:
        services.update_accept(update=update, by=accept_by, now=on(days))
    return update


def test_a_call_is_answered_chased_and_compiled(api_client_for, secretariat_user):
    people = {}
    organizations = {}
    for acronym, category in [
        ("ECA", C.REGIONAL_COMMISSION), ("UNFPA", C.FUND_PROGRAMME), ("ILO", C.SPECIALIZED_AGENCY),
        ("IOM", C.OTHER_INTERGOVERNMENTAL), ("UNITAR", C.INSTITUTE), ("DESA", C.SECRETARIAT),
    ]:  # fmt: skip
        organization, (person,) = organization_with_focal_points(acronym, primaries=1)
        organization.category = category
        organization.save()
        organizations[acronym], people[acronym] = organization, person
    with time_machine.travel(NOW, tick=False):
        opened = api_client_for(secretariat_user).post(
            reverse("calls-list"),
            {"title": "International migration and development", "deadline": DEADLINE.isoformat(),
             "organizations": [o.pk for o in organizations.values()]},
            format="json",
        )  # fmt: skip
    assert opened.status_code == 201, opened.json()
    call_id = opened.json()["id"]

    def scan_and_send(days: int) -> None:
        reminders_scan(now=on(days))
        reminders_dispatch(now=on(days))

    reminded_on: dict[str, list[int]] = {}
    for day in range(22):
        before = len(mail.outbox)
        if day == 2:
            answer(organizations["ILO"], people["ILO"], days=2, accept_by=secretariat_user)
        if day == 3:
            returned = answer(organizations["UNFPA"], people["UNFPA"], days=3)
            services.input_request_decline(
                input_request=InputRequest.objects.get(organization=organizations["IOM"]), by=people["IOM"],
                reason="No activities on migration in the period.", now=on(3),
            )  # fmt: skip
        if day == 4:
            services.update_return(update=returned, by=secretariat_user, comment="Please add dates.", now=on(4))
        if day == 5:
            services.update_edit(update=returned, by=people["UNFPA"], changes={"body": "In March and May."}, now=on(5))
            services.update_submit(update=returned, by=people["UNFPA"], now=on(5))
            services.update_accept(update=returned, by=secretariat_user, now=on(5))
        if day == 15:  # three days late
            answer(organizations["DESA"], people["DESA"], days=15, accept_by=secretariat_user)
        scan_and_send(day)
        for message in mail.outbox[before:]:
            acronym = next(a for a, p in people.items() if p.email == message.to[0])
            reminded_on.setdefault(acronym, []).append(day)

    # Only the silent (ECA, UNITAR) and the late (DESA, until the day it answered) are reminded;
    # no point from before the call opened is sent.
    assert set(reminded_on) == {"ECA", "UNITAR", "DESA"}, reminded_on
    assert 0 not in reminded_on["ECA"]
    assert max(reminded_on["DESA"]) < 15
    assert max(reminded_on["ECA"]) > 12 and max(reminded_on["UNITAR"]) > 12  # chased past the deadline

    with time_machine.travel(on(21), tick=False):
        officer = api_client_for(secretariat_user)  # a token of that day
        board = officer.get(reverse("calls-board", args=[call_id])).json()
        docx = officer.get(f"/api/v1/calls/{call_id}/compilation.docx/")
    assert (board["asked"], board["answered"], board["declined"], board["late"]) == (6, 3, 1, 2)
    rows = {row["organization"]["acronym"]: row for row in board["organizations"]}
    assert rows["DESA"]["days_late"] == 3 and rows["ILO"]["days_late"] is None
    assert rows["UNFPA"]["rounds_returned"] == 1
    assert rows["ECA"]["reminders"] == len(reminded_on["ECA"]) > 0

    document = Document(io.BytesIO(docx.content))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == [
        "United Nations Secretariat",
        "Funds and programmes",
        "Specialized agencies and related organizations",
        "Annex: organizations that did not answer or declined",
    ]
    annex = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    assert annex == [
        "Organization ECA: no answer",
        "Organization UNITAR: no answer",
        "Organization IOM: declined (No activities on migration in the period.)",
    ]
    assert ActivityUpdate.objects.filter(status="accepted").count() == 3
