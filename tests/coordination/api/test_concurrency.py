"""Writes to one activity update at the same moment, on separate PostgreSQL connections: one
If-Match lets exactly one of the writes that hold it through (or merges them without losing either),
and a submit racing an edit never leaves the update and its input request disagreeing.

Each writer is a thread with its own database connection and its own API client (its own token),
all released together by a barrier. No timings are asserted: only the answers and what is stored."""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import partial

import pytest
from django.db import connection
from django.urls import reverse

from coordination.choices import InputRequestStatus, UpdateStatus
from coordination.models import ActivityUpdate, InputRequest
from tests.factories import InputRequestFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ORIGINAL_TITLE = "Recent activities"
ORIGINAL_BODY = "Two expert meetings."


def detail(update_id: int) -> str:
    return reverse("updates-detail", args=[update_id])


def etag(client, update_id: int) -> str:
    response = client.get(detail(update_id))
    assert response.status_code == 200
    return response["ETag"]


def draft(client, **fields) -> int:
    created = client.post(
        reverse("updates-list"), {"title": ORIGINAL_TITLE, "body": ORIGINAL_BODY, **fields}, format="json"
    )
    assert created.status_code == 201, created.json()
    return created.json()["id"]


class Answer:
    """What one writer got back: its status (or the exception the view raised) and its ETag."""

    def __init__(self, status: int | str, etag: str | None = None):
        self.status, self.etag = status, etag

    def __repr__(self) -> str:
        return repr(self.status)


def at_once(writes: list[Callable[[], object]]) -> list[Answer]:
    """Run each write in its own thread (its own database connection), all released together."""
    barrier = threading.Barrier(len(writes))
    answers: list[Answer | None] = [None] * len(writes)

    def writer(index: int, write: Callable[[], object]) -> None:
        try:
            barrier.wait(timeout=10)
            response = write()
            answers[index] = Answer(response.status_code, response.get("ETag"))
        except Exception as exc:  # a 500 raised by the view (a deadlock, say) is an answer to report
            answers[index] = Answer(f"{type(exc).__name__}: {exc}")
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(i, write)) for i, write in enumerate(writes)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a writer is still running after 60 s"
    return answers


def test_of_ten_puts_with_one_etag_exactly_one_wins(api_client_for, focal_point_a):
    client = api_client_for(focal_point_a)
    update_id = draft(client)
    # One PUT alone first: a cold process loads code on its first request, which would spread the writers out.
    warm_up = {"title": ORIGINAL_TITLE, "body": ORIGINAL_BODY}
    assert (
        client.put(detail(update_id), warm_up, format="json", HTTP_IF_MATCH=etag(client, update_id)).status_code == 200
    )
    tag = etag(client, update_id)
    writers = [api_client_for(focal_point_a) for _ in range(10)]
    titles = [f"Title written by writer {n}" for n in range(10)]

    answers = at_once(
        [
            partial(
                writer.put,
                detail(update_id),
                {"title": title, "body": ORIGINAL_BODY},
                format="json",
                HTTP_IF_MATCH=tag,
            )
            for writer, title in zip(writers, titles, strict=True)
        ]
    )

    statuses = [answer.status for answer in answers]
    assert sorted(statuses, key=str) == [200] + [412] * 9, f"answers: {statuses}"
    winner = statuses.index(200)
    assert ActivityUpdate.objects.get(pk=update_id).title == titles[winner]
    assert answers[winner].etag == etag(client, update_id)  # the winner holds the current version


def test_a_title_patch_and_a_body_patch_with_one_etag_both_land_or_one_is_refused(api_client_for, focal_point_a):
    client = api_client_for(focal_point_a)
    title_writer, body_writer = api_client_for(focal_point_a), api_client_for(focal_point_a)
    wrong = []
    for trial in range(10):
        update_id = draft(client)
        tag = etag(client, update_id)
        new_title, new_body = f"New title {trial}", f"New body {trial}"
        title, body = at_once(
            [
                partial(title_writer.patch, detail(update_id), {"title": new_title}, format="json", HTTP_IF_MATCH=tag),
                partial(body_writer.patch, detail(update_id), {"body": new_body}, format="json", HTTP_IF_MATCH=tag),
            ]
        )
        stored = ActivityUpdate.objects.get(pk=update_id)
        kept = (stored.title, stored.body)
        allowed = {
            (200, 200): (new_title, new_body),  # merged: neither change is lost
            (200, 412): (new_title, ORIGINAL_BODY),  # the title won, the body writer is told to retry
            (412, 200): (ORIGINAL_TITLE, new_body),  # the body won, the title writer is told to retry
        }
        if allowed.get((title.status, body.status)) != kept:
            wrong.append(f"trial {trial}: title PATCH {title}, body PATCH {body}, stored (title, body) {kept}")
    assert not wrong, "\n".join(wrong)


def test_a_submit_racing_an_edit_leaves_the_update_and_its_input_request_agreeing(
    api_client_for, focal_point_a, organization_a
):
    client = api_client_for(focal_point_a)
    submitter, editor = api_client_for(focal_point_a), api_client_for(focal_point_a)
    wrong = []
    for trial in range(20):
        request = InputRequestFactory(organization=organization_a)
        update_id = draft(client, input_request=request.pk)
        tag = etag(client, update_id)
        new_body = f"Two expert meetings and survey {trial}."
        submit, edit = at_once(
            [
                partial(
                    submitter.post, reverse("updates-submit", args=[update_id]), {}, format="json", HTTP_IF_MATCH=tag
                ),
                partial(editor.patch, detail(update_id), {"body": new_body}, format="json", HTTP_IF_MATCH=tag),
            ]
        )
        update = ActivityUpdate.objects.get(pk=update_id)
        request_status = InputRequest.objects.get(pk=request.pk).status
        seen = (
            f"trial {trial}: submit {submit}, PATCH {edit} -> update {update.status}, "
            f"request {request_status}, body {'new' if update.body == new_body else 'old'}"
        )
        problems = []
        if (update.status, request_status) not in {
            (UpdateStatus.SUBMITTED, InputRequestStatus.ANSWERED),
            (UpdateStatus.DRAFT, InputRequestStatus.OPEN),
        }:
            problems.append("update and input request disagree")
        if submit.status not in (200, 412):
            problems.append("submit answered neither 200 nor 412")
        elif (submit.status == 200) != (update.status == UpdateStatus.SUBMITTED):
            problems.append("the submit's answer does not match the update's status")
        # The edit may also be refused as a 400: the submit came first and the author can no longer change it.
        if edit.status not in (200, 400, 412):
            problems.append("PATCH answered none of 200, 400, 412")
        elif (edit.status == 200) != (update.body == new_body):
            problems.append("the PATCH's answer does not match the stored body")
        elif edit.status == 400 and submit.status != 200:
            problems.append("PATCH refused as read-only though the update was not submitted")
        if 200 not in (submit.status, edit.status):
            problems.append("neither write went through though both held the current ETag")
        if problems:
            wrong.append(f"{seen}: {'; '.join(problems)}")
    assert not wrong, "\n".join(wrong)
