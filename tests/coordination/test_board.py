"""A call's board: answered, late, declined, reminders needed, rounds returned, answers over time."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coordination.board import call_board
from coordination.models import ReminderEntry, UpdateEvent
from tests.factories import ActivityUpdateFactory, CallForInputsFactory, InputRequestFactory, UserFactory

pytestmark = pytest.mark.django_db

DUE = dt.date(2026, 7, 15)
TODAY = dt.date(2026, 7, 25)


def at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(14)))


def answer(call, name: str, submitted: dt.date, *, returned: int = 0):
    request = InputRequestFactory(
        call=call, organization__name=name, due_date=DUE, status="answered", closed_at=at(submitted)
    )
    update = ActivityUpdateFactory(
        organization=request.organization, input_request=request, status="accepted", submitted_at=at(submitted)
    )
    for _ in range(returned):
        UpdateEvent.objects.create(update=update, event="returned", at=at(submitted), by=UserFactory())
    return request


def reminded(request, times: int) -> None:
    for index in range(times):
        ReminderEntry.objects.create(
            item_kind="input_request", item_id=request.pk, organization=request.organization, point=f"p{index}",
            offset_days=0, critical=True, due_date=DUE, point_date=DUE, recipient=None, recipient_ref=index + 1,
            status="sent", reason="test", send_after=at(DUE), created_at=at(DUE),
        )  # fmt: skip


def make_call(extra_silent: int = 0, tag: str = ""):
    call = CallForInputsFactory(status="open", deadline=DUE)
    on_time = answer(call, f"A on time{tag}", dt.date(2026, 7, 10))
    late = answer(call, f"B late{tag}", dt.date(2026, 7, 20), returned=1)
    InputRequestFactory(
        call=call,
        organization__name=f"C declined{tag}",
        due_date=DUE,
        status="declined",
        declined_reason="Nothing new",
    )
    silent = InputRequestFactory(call=call, organization__name=f"D silent{tag}", due_date=DUE)
    reminded(silent, 3)
    reminded(late, 2)
    for index in range(extra_silent):
        reminded(InputRequestFactory(call=call, organization__name=f"E{index}{tag}", due_date=DUE), 1)
    return call, on_time, late


def test_the_board_counts_answers_lateness_reminders_and_returns():
    call, _, _ = make_call()
    board = call_board(call, today=TODAY)
    assert (board.asked, board.answered, board.declined, board.waived, board.late) == (4, 2, 1, 0, 1)
    rows = {row.request.organization.name: row for row in board.rows}
    assert (rows["A on time"].answered_on, rows["A on time"].days_late) == (dt.date(2026, 7, 10), None)
    assert (rows["B late"].days_late, rows["B late"].rounds_returned, rows["B late"].reminders) == (5, 1, 2)
    assert (rows["D silent"].days_late, rows["D silent"].reminders, rows["D silent"].answered_on) == (10, 3, None)
    assert board.answers_by_day == [(dt.date(2026, 7, 10), 1), (dt.date(2026, 7, 20), 2)]


def test_the_board_runs_a_fixed_number_of_queries():
    few, _, _ = make_call()
    many, _, _ = make_call(extra_silent=30, tag=" (2)")
    with CaptureQueriesContext(connection) as small:
        call_board(few, today=TODAY)
    with CaptureQueriesContext(connection) as large:
        assert call_board(many, today=TODAY).asked == 34
    assert len(small) == len(large) == 1


def test_the_call_page_shows_the_board(client, secretariat_user):
    call, _, _ = make_call()
    client.force_login(secretariat_user)
    page = client.get(reverse("admin:coordination_callforinputs_change", args=[call.pk])).content.decode()
    assert "<strong>2 of 4</strong> answered, 1 declined" in page
    assert "1 by 10 Jul 2026, 2 by 20 Jul 2026" in page
