"""Door parity: each workflow step gives the same result whichever door it is taken through.

One table (``STEPS``) lists every workflow step that exists today, with a setup bringing a fresh input
request (and update) to the state before the step, one driver per door that offers the step, and the
one outcome every door must leave: the state of the update and of its input request, the events
recorded, and the mail written to the outbox. Drivers go through HTTP only (the API with a token, the
admin and the focal points' page with a logged-in browser session), never through the services: those
are what the doors must agree on. Setups may use the services and factories directly.

Steps a door does not offer are listed in one place, ``KNOWN_GAPS``; a test keeps the table complete.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
from collections.abc import Callable

import pytest
from django.contrib.admin import helpers
from django.contrib.messages import constants as message_levels
from django.urls import reverse

from agencies.selectors import is_secretariat
from coordination import services
from coordination.choices import ReceivedVia
from coordination.deadlines import secretariat_today
from coordination.models import ActionEvent, ActivityUpdate, FollowUpAction, InputRequest, UpdateEvent
from coordination.services.updates import RECORDED_BY_SECRETARIAT
from core.models import OutboxMessage
from meetings.models import AgendaItem, Document, Meeting, Participant
from tests.factories import FollowUpActionFactory, InputRequestFactory, MeetingFactory, ParticipantFactory

pytestmark = pytest.mark.django_db

API, ADMIN, PAGE = "api", "admin", "page"
DOORS = (API, ADMIN, PAGE)
FOCAL_POINT, SECRETARIAT = "focal point", "secretariat"

TITLE, BODY = "Activities 2025-2026", "Two expert meetings."
NEW_TITLE, NEW_BODY = "Activities 2025-2026 (revised)", "Two expert meetings and a survey of remittance costs."
COMMENT = "Please give the dates of the two meetings."
REASON = "No activities on migration in the period."
RECEIVED_ON = dt.date(2025, 11, 20)
PERIOD = (dt.date(2025, 1, 1), dt.date(2025, 6, 30))
FOCAL_POINT_EMAIL = "focal-a@example.org"  # the conftest's focal_point_a (username focal-a)
# The author writes through the API or the page: received_via says which ("api" or "web"), by design.
AUTHORS_OWN_DOOR = "the author's own door"


# --- The world each step runs in ---------------------------------------------------------------------


@dataclasses.dataclass
class World:
    organization: object
    focal_point: object
    secretariat: object
    input_request: InputRequest
    browser: object  # Django's test client: the admin and the focal points' page
    api_client_for: Callable


@pytest.fixture
def world(organization_a, focal_point_a, secretariat_user, client, api_client_for) -> World:
    return World(
        organization=organization_a,
        focal_point=focal_point_a,
        secretariat=secretariat_user,
        input_request=InputRequestFactory(organization=organization_a),
        browser=client,
        api_client_for=api_client_for,
    )


# --- The outcome every door is held to ---------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Outcome:
    """What a step leaves, normalised. Left out because they differ by door by design or by run: ids,
    timestamps (submitted_at, closed_at, event times), and received_via "api" versus "web" (folded
    into AUTHORS_OWN_DOOR; an answer recorded by the secretariat keeps "letter" and its day)."""

    updates: int = 0  # the organization's updates: a door must not write a second one
    status: str | None = None
    title: str | None = None
    body: str | None = None
    return_comment: str | None = None
    period: tuple | None = None
    author: str | None = None
    received: object = None
    request_status: str = "open"
    request_closed: bool = False
    declined_reason: str = ""
    waived_reason: str = ""
    events: tuple[str, ...] = ()  # every UpdateEvent of the update, in order
    step_events: tuple[tuple[str, str], ...] = ()  # (kind, role of `by`) of the events this step recorded
    request_history_by: tuple[str, ...] = ()  # role of the user named in the request's history rows this step wrote
    outbox: tuple[tuple[str, str, str], ...] = ()  # (kind, to, subject) of the messages this step wrote


def role(world: World, user) -> str:
    if user is None:
        return "system"
    if is_secretariat(user):
        return SECRETARIAT
    if user.focal_points.filter(organization=world.organization).exists():
        return FOCAL_POINT
    return f"someone else ({user})"


@dataclasses.dataclass(frozen=True)
class Before:
    events: frozenset[int]
    outbox: frozenset[int]
    history: frozenset[int]


def snapshot(world: World) -> Before:
    return Before(
        events=frozenset(UpdateEvent.objects.values_list("pk", flat=True)),
        outbox=frozenset(OutboxMessage.objects.values_list("pk", flat=True)),
        history=frozenset(world.input_request.history.values_list("history_id", flat=True)),
    )


def outcome_of(world: World, before: Before) -> Outcome:
    request = InputRequest.objects.get(pk=world.input_request.pk)
    new_history = request.history.exclude(history_id__in=before.history).order_by("history_date", "history_id")
    new_mail = OutboxMessage.objects.exclude(pk__in=before.outbox).order_by("to_email", "kind")
    common = {
        "updates": ActivityUpdate.objects.filter(organization=world.organization).count(),
        "request_status": request.status,
        "request_closed": request.closed_at is not None,
        "declined_reason": request.declined_reason,
        "waived_reason": request.waived_reason,
        "request_history_by": tuple(role(world, row.history_user) for row in new_history),
        "outbox": tuple((m.kind, m.to_email, m.subject) for m in new_mail),
    }
    update = ActivityUpdate.objects.filter(input_request=request).first()
    if update is None:
        return Outcome(**common)
    events = list(update.events.select_related("by").order_by("at", "pk"))
    return Outcome(
        **common,
        status=update.status,
        title=update.title,
        body=update.body,
        return_comment=update.return_comment,
        period=(update.period_start, update.period_end),
        author=role(world, update.author),
        received=(
            (update.received_via, update.received_on)
            if update.received_via in RECORDED_BY_SECRETARIAT
            else AUTHORS_OWN_DOOR
        ),
        events=tuple(e.event for e in events),
        step_events=tuple((e.event, role(world, e.by)) for e in events if e.pk not in before.events),
    )


# --- Setups: the state before each step, through the services -----------------------------------------


def nothing_yet(world: World) -> None:
    return None


def a_draft(world: World) -> ActivityUpdate:
    return services.update_create(
        by=world.focal_point,
        organization=world.organization,
        input_request=world.input_request,
        title=TITLE,
        body=BODY,
    )


def a_submitted_update(world: World) -> ActivityUpdate:
    return services.update_submit(update=a_draft(world), by=world.focal_point)


def a_returned_update(world: World) -> ActivityUpdate:
    return services.update_return(update=a_submitted_update(world), by=world.secretariat, comment=COMMENT)


# --- Drivers: the API ----------------------------------------------------------------------------------


def expect(response, status: int) -> None:
    body = response.content.decode()[:2000]
    assert response.status_code == status, f"{response.status_code}: {body}"


def api_write(client, method: str, read_url: str, url: str, data: dict | None = None):
    """A write that needs If-Match: read the object first and send its ETag back, as docs/api.md says."""
    read = client.get(read_url)
    expect(read, 200)
    return getattr(client, method)(url, data or {}, format="json", HTTP_IF_MATCH=read["ETag"])


def api_update_step(world: World, user, update: ActivityUpdate, name: str, data: dict | None = None) -> None:
    detail = reverse("updates-detail", args=[update.pk])
    expect(
        api_write(world.api_client_for(user), "post", detail, reverse(f"updates-{name}", args=[update.pk]), data), 200
    )


def api_edit(world: World, user, update: ActivityUpdate) -> None:
    detail = reverse("updates-detail", args=[update.pk])
    client = world.api_client_for(user)
    expect(api_write(client, "patch", detail, detail, {"title": NEW_TITLE, "body": NEW_BODY}), 200)


def api_create_draft(world: World, _: None) -> None:
    data = {"title": TITLE, "body": BODY, "input_request": world.input_request.pk}
    expect(world.api_client_for(world.focal_point).post(reverse("updates-list"), data, format="json"), 201)


def api_decline(world: World, _: None, *, by=None) -> None:
    request = world.input_request
    expect(
        api_write(
            world.api_client_for(by or world.focal_point),
            "post",
            reverse("input-requests-detail", args=[request.pk]),
            reverse("input-requests-decline", args=[request.pk]),
            {"reason": REASON},
        ),
        200,
    )


def api_waive(world: World, _: None) -> None:
    request = world.input_request
    expect(
        api_write(
            world.api_client_for(world.secretariat),
            "post",
            reverse("input-requests-detail", args=[request.pk]),
            reverse("input-requests-waive", args=[request.pk]),
            {"reason": REASON},
        ),
        200,
    )


def letter(world: World) -> dict:
    """The same letter, as each door is given it."""
    return {
        "organization": world.organization.pk,
        "input_request": world.input_request.pk,
        "received_via": ReceivedVia.LETTER,
        "received_on": RECEIVED_ON.isoformat(),
        "title": TITLE,
        "body": BODY,
        "period_start": PERIOD[0].isoformat(),
        "period_end": PERIOD[1].isoformat(),
    }


def api_record_letter(world: World, _: None) -> None:
    data = letter(world)
    created = world.api_client_for(world.secretariat).post(reverse("updates-list"), data, format="json")
    expect(created, 201)
    update = ActivityUpdate.objects.get(pk=created.json()["id"])
    api_update_step(world, world.secretariat, update, "submit")


# --- Drivers: the focal points' page -------------------------------------------------------------------


def page_answer(world: World, *, title: str, body: str, submit: bool) -> None:
    world.browser.force_login(world.focal_point)
    data = {"title": title, "body": body, "period_start": "", "period_end": "", "submit" if submit else "save": ""}
    expect(world.browser.post(reverse("my-answer", args=[world.input_request.pk]), data), 302)


def page_decline(world: World, _: None) -> None:
    world.browser.force_login(world.focal_point)
    url = reverse("my-decline", args=[world.input_request.pk])
    expect(world.browser.post(url, {"decline-reason": REASON}), 302)


# --- Drivers: the admin --------------------------------------------------------------------------------

CHANGELIST = "admin:coordination_activityupdate_changelist"


def admin_action(world: World, update: ActivityUpdate, action: str, **form):
    world.browser.force_login(world.secretariat)
    data = {"action": action, helpers.ACTION_CHECKBOX_NAME: [update.pk], "index": "0", **form}
    return world.browser.post(reverse(CHANGELIST), data, follow=True)


def expect_no_refusal(response) -> None:
    expect(response, 200)
    refusals = [str(m) for m in response.context["messages"] if m.level >= message_levels.WARNING]
    assert not refusals, refusals


def admin_accept(world: World, update: ActivityUpdate) -> None:
    expect_no_refusal(admin_action(world, update, "accept"))


def admin_step(world: World, model: str, pk: int, step: str, **form) -> None:
    """A step's button on the record's page: its page first (the form, or a confirmation), then the step."""
    world.browser.force_login(world.secretariat)
    url = reverse(f"admin:coordination_{model}_{step}", args=[pk])
    change = world.browser.get(reverse(f"admin:coordination_{model}_change", args=[pk]))
    assert url in change.content.decode(), f"no {step} button on the {model}'s page"
    expect(world.browser.get(url), 200)
    done = world.browser.post(url, {"confirm": "1", **form})
    assert done.status_code == 302, done.context["form"].errors if done.context else done.status_code


def admin_return(world: World, update: ActivityUpdate) -> None:
    admin_step(world, "activityupdate", update.pk, "return", comment=COMMENT)


def form_data(form) -> dict:
    """What a browser sends back for ``form`` as drawn: its current values, unchanged."""
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        data[form.add_prefix(name)] = "on" if value is True else value
    return data


def admin_edit(world: World, update: ActivityUpdate) -> None:
    """The secretariat corrects a draft's title and body in the change form, everything else as drawn."""
    world.browser.force_login(world.secretariat)
    url = reverse("admin:coordination_activityupdate_change", args=[update.pk])
    page = world.browser.get(url)
    expect(page, 200)
    data = form_data(page.context["adminform"].form)
    for inline in page.context["inline_admin_formsets"]:
        formset = inline.formset
        data.update(form_data(formset.management_form))
        for row in formset.forms:
            data.update(form_data(row))
    data.update(title=NEW_TITLE, body=NEW_BODY)
    saved = world.browser.post(url, data)
    assert saved.status_code == 302, saved.context["adminform"].form.errors if saved.context else saved.status_code


def admin_record_letter(world: World, _: None) -> None:
    world.browser.force_login(world.secretariat)
    data = letter(world)
    saved = world.browser.post(reverse("admin:coordination_activityupdate_add"), data)
    assert saved.status_code == 302, saved.context["adminform"].form.errors if saved.context else saved.status_code


# --- The table -----------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Step:
    setup: Callable[[World], ActivityUpdate | None]
    drivers: dict[str, Callable[[World, ActivityUpdate | None], None]]
    expected: Outcome


A_DRAFT = Outcome(
    updates=1,
    status="draft",
    title=TITLE,
    body=BODY,
    return_comment="",
    period=(None, None),
    author=FOCAL_POINT,
    received=AUTHORS_OWN_DOOR,
    events=("created",),
)
AN_EDITED_DRAFT = dataclasses.replace(A_DRAFT, title=NEW_TITLE, body=NEW_BODY, events=("created", "edited"))
A_SUBMITTED_ANSWER = dataclasses.replace(
    A_DRAFT,
    status="submitted",
    request_status="answered",
    request_closed=True,
    events=("created", "submitted"),
    step_events=(("submitted", FOCAL_POINT),),
    request_history_by=(FOCAL_POINT,),
)

# "edit" is split in two by who edits: the focal point (API, page) and the secretariat correcting a
# draft (API, admin), so that each step has one expected `by` for every door.
STEPS: dict[str, Step] = {
    "create draft": Step(
        setup=nothing_yet,
        drivers={API: api_create_draft, PAGE: lambda w, _: page_answer(w, title=TITLE, body=BODY, submit=False)},
        expected=dataclasses.replace(A_DRAFT, step_events=(("created", FOCAL_POINT),)),
    ),
    "edit": Step(
        setup=a_draft,
        drivers={
            API: lambda w, u: api_edit(w, w.focal_point, u),
            PAGE: lambda w, _: page_answer(w, title=NEW_TITLE, body=NEW_BODY, submit=False),
        },
        expected=dataclasses.replace(AN_EDITED_DRAFT, step_events=(("edited", FOCAL_POINT),)),
    ),
    "edit by the secretariat": Step(
        setup=a_draft,
        drivers={API: lambda w, u: api_edit(w, w.secretariat, u), ADMIN: admin_edit},
        expected=dataclasses.replace(AN_EDITED_DRAFT, step_events=(("edited", SECRETARIAT),)),
    ),
    "submit": Step(
        setup=a_draft,
        drivers={
            API: lambda w, u: api_update_step(w, w.focal_point, u, "submit"),
            PAGE: lambda w, _: page_answer(w, title=TITLE, body=BODY, submit=True),
        },
        expected=A_SUBMITTED_ANSWER,
    ),
    "accept": Step(
        setup=a_submitted_update,
        drivers={API: lambda w, u: api_update_step(w, w.secretariat, u, "accept"), ADMIN: admin_accept},
        expected=dataclasses.replace(
            A_SUBMITTED_ANSWER,
            status="accepted",
            events=("created", "submitted", "accepted"),
            step_events=(("accepted", SECRETARIAT),),
            request_history_by=(),
        ),
    ),
    "return with comment": Step(
        setup=a_submitted_update,
        drivers={
            API: lambda w, u: api_update_step(w, w.secretariat, u, "return", {"comment": COMMENT}),
            ADMIN: admin_return,
        },
        expected=dataclasses.replace(
            A_SUBMITTED_ANSWER,
            status="returned",
            return_comment=COMMENT,
            request_status="open",
            request_closed=False,
            events=("created", "submitted", "returned"),
            step_events=(("returned", SECRETARIAT),),
            request_history_by=(SECRETARIAT,),  # the request reopens, in its history by the one who returned it
            outbox=(("update_returned", FOCAL_POINT_EMAIL, f"Returned for revision: {TITLE}"),),
        ),
    ),
    "resubmit": Step(
        setup=a_returned_update,
        drivers={
            API: lambda w, u: api_update_step(w, w.focal_point, u, "submit"),
            PAGE: lambda w, _: page_answer(w, title=TITLE, body=BODY, submit=True),
        },
        expected=dataclasses.replace(
            A_SUBMITTED_ANSWER,
            return_comment=COMMENT,  # kept after the resubmission, for the reviewer
            events=("created", "submitted", "returned", "submitted"),
        ),
    ),
    "decline": Step(
        setup=nothing_yet,
        drivers={API: api_decline, PAGE: page_decline},
        expected=Outcome(
            request_status="declined",
            request_closed=True,
            declined_reason=REASON,
            request_history_by=(FOCAL_POINT,),  # a nil return has no update: the request's history records it
        ),
    ),
    "record letter": Step(
        setup=nothing_yet,
        drivers={API: api_record_letter, ADMIN: admin_record_letter},
        expected=dataclasses.replace(
            A_SUBMITTED_ANSWER,
            period=PERIOD,
            author=SECRETARIAT,
            received=(ReceivedVia.LETTER, RECEIVED_ON),
            step_events=(("created", SECRETARIAT), ("submitted", SECRETARIAT)),
            request_history_by=(SECRETARIAT,),
        ),
    ),
    "record nil return": Step(
        setup=nothing_yet,
        drivers={
            API: lambda w, _: api_decline(w, _, by=w.secretariat),
            ADMIN: lambda w, _: admin_step(w, "inputrequest", w.input_request.pk, "nil_return", reason=REASON),
        },
        expected=Outcome(
            request_status="declined",
            request_closed=True,
            declined_reason=REASON,
            request_history_by=(SECRETARIAT,),
        ),
    ),
    "waive": Step(
        setup=nothing_yet,
        drivers={
            API: api_waive,
            ADMIN: lambda w, _: admin_step(w, "inputrequest", w.input_request.pk, "waive", reason=REASON),
        },
        expected=Outcome(
            request_status="waived", request_closed=True, waived_reason=REASON, request_history_by=(SECRETARIAT,)
        ),
    ),
    "submit on the organization's behalf": Step(
        setup=a_returned_update,
        drivers={
            API: lambda w, u: api_update_step(w, w.secretariat, u, "submit"),
            ADMIN: lambda w, u: admin_step(w, "activityupdate", u.pk, "submit"),
        },
        expected=dataclasses.replace(
            A_SUBMITTED_ANSWER,
            return_comment=COMMENT,
            events=("created", "submitted", "returned", "submitted"),
            step_events=(("submitted", SECRETARIAT),),
            request_history_by=(SECRETARIAT,),
        ),
    ),
    "withdraw": Step(
        setup=a_submitted_update,
        drivers={
            API: lambda w, u: api_update_step(w, w.secretariat, u, "withdraw", {"reason": REASON}),
            ADMIN: lambda w, u: admin_step(w, "activityupdate", u.pk, "withdraw", reason=REASON),
        },
        expected=dataclasses.replace(
            A_SUBMITTED_ANSWER,
            status="withdrawn",
            request_status="open",
            request_closed=False,
            events=("created", "submitted", "withdrawn"),
            step_events=(("withdrawn", SECRETARIAT),),
            request_history_by=(SECRETARIAT,),
        ),
    ),
}

NOT_THE_DOORS_STEP = "the secretariat's step by design: not on the focal points' page"
# The admin is the secretariat's door: a focal point's own step has its secretariat counterpart there.
FOCAL_POINTS_OWN_STEP = "the focal point's own step by design: the admin is the secretariat's door"
KNOWN_GAPS: dict[tuple[str, str], str] = {
    ("create draft", ADMIN): FOCAL_POINTS_OWN_STEP + " (its counterpart: 'record letter')",
    ("edit", ADMIN): FOCAL_POINTS_OWN_STEP + " (its counterpart: 'edit by the secretariat')",
    ("submit", ADMIN): FOCAL_POINTS_OWN_STEP + " (its counterpart: 'record letter')",
    ("resubmit", ADMIN): FOCAL_POINTS_OWN_STEP + " (its counterpart: 'submit on the organization's behalf')",
    ("decline", ADMIN): FOCAL_POINTS_OWN_STEP + " (its counterpart: 'record nil return')",
    ("edit by the secretariat", PAGE): NOT_THE_DOORS_STEP,
    ("accept", PAGE): NOT_THE_DOORS_STEP,
    ("return with comment", PAGE): NOT_THE_DOORS_STEP,
    ("record letter", PAGE): NOT_THE_DOORS_STEP,
    ("record nil return", PAGE): NOT_THE_DOORS_STEP,
    ("waive", PAGE): NOT_THE_DOORS_STEP,
    ("submit on the organization's behalf", PAGE): NOT_THE_DOORS_STEP,
    ("withdraw", PAGE): NOT_THE_DOORS_STEP,
}

# Doors that disagree: driven, and strict xfails (each tied to the failure it shows) until the code is
# fixed; then they pass, the xfail fails, and the entry goes. None today.
DISAGREEMENTS: dict[tuple[str, str], tuple[str, type[Exception]]] = {}


def driven_pairs():
    for step_name, step in STEPS.items():
        for door in step.drivers:
            marks = []
            if (step_name, door) in DISAGREEMENTS:
                reason, raises = DISAGREEMENTS[(step_name, door)]
                marks.append(pytest.mark.xfail(strict=True, raises=raises, reason=reason))
            yield pytest.param(step_name, door, marks=marks, id=f"{step_name.replace(' ', '_')}-{door}")


# --- The tests -----------------------------------------------------------------------------------------


def test_every_step_is_driven_through_each_door_or_listed_as_a_known_gap():
    for step_name, door in itertools.product(STEPS, DOORS):
        driven = door in STEPS[step_name].drivers
        listed = (step_name, door) in KNOWN_GAPS
        assert driven != listed, f"({step_name!r}, {door!r}) is {'both driven and listed' if driven else 'neither'}"
    assert set(KNOWN_GAPS) <= set(itertools.product(STEPS, DOORS)), "a known gap names an unknown step or door"
    assert all(door in STEPS[step].drivers for step, door in DISAGREEMENTS), "a disagreement names an undriven door"


@pytest.mark.parametrize(("step_name", "door"), list(driven_pairs()))
def test_a_step_leaves_the_same_state_events_and_mail_whichever_door_takes_it(world, step_name, door):
    step = STEPS[step_name]
    update = step.setup(world)
    before = snapshot(world)

    step.drivers[door](world, update)

    assert outcome_of(world, before) == step.expected


# --- Follow-up actions: "done, to be confirmed" and progress reports -----------------------------------
# The same promise for the steps on an action: one table, one outcome per step, every door held to it.


@dataclasses.dataclass(frozen=True)
class ActionOutcome:
    status: str
    completed: bool = False
    step_events: tuple[tuple[str, str, str], ...] = ()  # (kind, role of `by`, comment) of the ActionEvents written
    history: tuple[tuple[str, str], ...] = ()  # (role of the user, change reason) of the action's new history rows
    outbox: tuple[tuple[str, str], ...] = ()  # (kind, to) of the messages this step wrote
    progress: tuple[tuple[str, str, str], ...] = ()  # (status, title, author's role) of the action's updates


@dataclasses.dataclass(frozen=True)
class ActionStep:
    setup: Callable[[World], FollowUpAction]
    drivers: dict[str, Callable[[World, FollowUpAction], None]]
    expected: ActionOutcome


ASKED = "The workshop was held on 3 March."
NOT_YET = "The workshop report is not published yet."
OFFICER_EMAIL = "officer@secretariat.example.org"  # the conftest's secretariat_user


def an_open_action(world: World) -> FollowUpAction:
    return FollowUpActionFactory(lead_organization=world.organization, responsible_officer=world.secretariat)


def an_action_waiting(world: World) -> FollowUpAction:
    return services.action_request_done(action=an_open_action(world), by=world.focal_point, comment=ASKED)


def action_outcome_of(world: World, action: FollowUpAction, before: Before, history_before: frozenset[int]):
    action.refresh_from_db()
    new_history = action.history.exclude(history_id__in=history_before).order_by("history_date", "history_id")
    new_mail = OutboxMessage.objects.exclude(pk__in=before.outbox).order_by("to_email", "kind")
    events = ActionEvent.objects.filter(action=action).order_by("pk")
    return ActionOutcome(
        status=action.status,
        completed=action.completed_on is not None,
        step_events=tuple((e.event, role(world, e.by), e.comment) for e in events if e.pk not in before.events),
        history=tuple((role(world, row.history_user), row.history_change_reason or "") for row in new_history),
        outbox=tuple((m.kind, m.to_email) for m in new_mail),
        progress=tuple(
            (u.status, u.title, role(world, u.author)) for u in ActivityUpdate.objects.filter(action=action)
        ),
    )


def api_action_step(world: World, user, action: FollowUpAction, name: str, data: dict | None = None) -> None:
    detail = reverse("actions-detail", args=[action.pk])
    client = world.api_client_for(user)
    expect(api_write(client, "post", detail, reverse(f"actions-{name}", args=[action.pk]), data), 200)


def api_report_progress(world: World, action: FollowUpAction) -> None:
    client = world.api_client_for(world.focal_point)
    created = client.post(reverse("updates-list"), {"title": TITLE, "body": BODY, "action": action.pk}, format="json")
    expect(created, 201)
    api_update_step(world, world.focal_point, ActivityUpdate.objects.get(pk=created.json()["id"]), "submit")


def page_report_progress(world: World, action: FollowUpAction) -> None:
    world.browser.force_login(world.focal_point)
    data = {"title": TITLE, "body": BODY, "period_start": "", "period_end": "", "submit": ""}
    expect(world.browser.post(reverse("my-action-progress", args=[action.pk]), data), 302)


def page_request_done(world: World, action: FollowUpAction) -> None:
    world.browser.force_login(world.focal_point)
    expect(world.browser.post(reverse("my-action-request-done", args=[action.pk]), {"comment": ASKED}), 302)


TODAY_ISO = secretariat_today().isoformat()
LATER_ISO = (secretariat_today() + dt.timedelta(days=45)).isoformat()
SUPERSEDED = "Superseded by resolution 60/227."
BUREAU = "Agreed at the bureau meeting."


def admin_item_action(world: World, action: FollowUpAction, name: str, **form) -> None:
    """One of the list's actions with a form of its own (mark done, cancel, extend), on this action."""
    world.browser.force_login(world.secretariat)
    data = {"action": name, helpers.ACTION_CHECKBOX_NAME: [action.pk], "index": "0", "apply": "1", **form}
    expect_no_refusal(world.browser.post(reverse("admin:coordination_followupaction_changelist"), data, follow=True))


ACTION_STEPS: dict[str, ActionStep] = {
    "ask to mark an action done": ActionStep(
        setup=an_open_action,
        drivers={
            API: lambda w, a: api_action_step(w, w.focal_point, a, "request-done", {"comment": ASKED}),
            PAGE: page_request_done,
        },
        expected=ActionOutcome(
            status="done_pending",
            step_events=(("done_requested", FOCAL_POINT, ASKED),),
            history=((FOCAL_POINT, f"Done, to be confirmed: {ASKED}"[:100]),),
            outbox=(("action_done_requested", OFFICER_EMAIL),),
        ),
    ),
    "confirm an action done": ActionStep(
        setup=an_action_waiting,
        drivers={
            API: lambda w, a: api_action_step(w, w.secretariat, a, "confirm-done", {"completed_on": TODAY_ISO}),
            ADMIN: lambda w, a: admin_step(w, "followupaction", a.pk, "confirm_done", completed_on=TODAY_ISO),
        },
        expected=ActionOutcome(
            status="done",
            completed=True,
            step_events=(("done_confirmed", SECRETARIAT, ""),),
            history=((SECRETARIAT, "Confirmed done"),),
            outbox=(("action_done_confirmed", FOCAL_POINT_EMAIL),),
        ),
    ),
    "decline an action done": ActionStep(
        setup=an_action_waiting,
        drivers={
            API: lambda w, a: api_action_step(w, w.secretariat, a, "decline-done", {"comment": NOT_YET}),
            ADMIN: lambda w, a: admin_step(w, "followupaction", a.pk, "decline_done", comment=NOT_YET),
        },
        expected=ActionOutcome(
            status="open",
            step_events=(("done_declined", SECRETARIAT, NOT_YET),),
            history=((SECRETARIAT, f"Not confirmed done: {NOT_YET}"),),
            outbox=(("action_done_declined", FOCAL_POINT_EMAIL),),
        ),
    ),
    "report progress on an action": ActionStep(
        setup=an_open_action,
        drivers={API: api_report_progress, PAGE: page_report_progress},
        expected=ActionOutcome(
            status="open",
            progress=(("submitted", TITLE, FOCAL_POINT),),
            outbox=(("answer_arrived", OFFICER_EMAIL),),  # the action's officer reviews it
        ),
    ),
    # The secretariat's own steps on an action (issue #21: the API writes what the admin writes).
    "mark an action done": ActionStep(
        setup=an_open_action,
        drivers={
            API: lambda w, a: api_action_step(w, w.secretariat, a, "mark-done", {"completed_on": TODAY_ISO}),
            ADMIN: lambda w, a: admin_item_action(w, a, "mark_done", completed_on=TODAY_ISO),
        },
        expected=ActionOutcome(status="done", completed=True, history=((SECRETARIAT, ""),)),
    ),
    "cancel an action": ActionStep(
        setup=an_open_action,
        drivers={
            API: lambda w, a: api_action_step(w, w.secretariat, a, "cancel", {"reason": SUPERSEDED}),
            ADMIN: lambda w, a: admin_item_action(w, a, "cancel", reason=SUPERSEDED),
        },
        expected=ActionOutcome(status="cancelled", history=((SECRETARIAT, f"Cancelled: {SUPERSEDED}"),)),
    ),
    "extend an action's deadline": ActionStep(
        setup=an_open_action,
        drivers={
            API: lambda w, a: api_action_step(
                w, w.secretariat, a, "extend", {"new_due_date": LATER_ISO, "reason": BUREAU}
            ),
            ADMIN: lambda w, a: admin_item_action(w, a, "extend_deadline", new_due_date=LATER_ISO, reason=BUREAU),
        },
        expected=ActionOutcome(status="open", history=((SECRETARIAT, f"Deadline extended: {BUREAU}"),)),
    ),
}

ACTION_KNOWN_GAPS: dict[tuple[str, str], str] = {
    ("ask to mark an action done", ADMIN): FOCAL_POINTS_OWN_STEP + " (its counterpart: 'Mark done')",
    ("confirm an action done", PAGE): NOT_THE_DOORS_STEP,
    ("decline an action done", PAGE): NOT_THE_DOORS_STEP,
    ("report progress on an action", ADMIN): FOCAL_POINTS_OWN_STEP + " (its counterpart: 'record letter')",
    ("mark an action done", PAGE): NOT_THE_DOORS_STEP + " (a focal point asks: 'ask to mark an action done')",
    ("cancel an action", PAGE): NOT_THE_DOORS_STEP,
    ("extend an action's deadline", PAGE): NOT_THE_DOORS_STEP,
}


def test_every_action_step_is_driven_through_each_door_or_listed_as_a_known_gap():
    for step_name, door in itertools.product(ACTION_STEPS, DOORS):
        driven = door in ACTION_STEPS[step_name].drivers
        listed = (step_name, door) in ACTION_KNOWN_GAPS
        assert driven != listed, f"({step_name!r}, {door!r}) is {'both driven and listed' if driven else 'neither'}"


def test_no_focal_page_gap_is_left_but_the_secretariats_own_steps():
    """Every step a focal point takes is on their page: what the page does not offer is the secretariat's."""
    page_gaps = {step: why for (step, door), why in {**KNOWN_GAPS, **ACTION_KNOWN_GAPS}.items() if door == PAGE}
    assert page_gaps, "the tables list the secretariat's steps as not on the page"
    assert {step: why for step, why in page_gaps.items() if not why.startswith(NOT_THE_DOORS_STEP)} == {}


@pytest.mark.parametrize(
    ("step_name", "door"),
    [
        pytest.param(name, door, id=f"{name.replace(' ', '_')}-{door}")
        for name, step in ACTION_STEPS.items()
        for door in step.drivers
    ],
)
def test_a_step_on_an_action_leaves_the_same_state_events_and_mail_whichever_door_takes_it(world, step_name, door):
    world.focal_point.email = FOCAL_POINT_EMAIL
    world.focal_point.save()
    step = ACTION_STEPS[step_name]
    action = step.setup(world)
    before = Before(
        events=frozenset(ActionEvent.objects.values_list("pk", flat=True)),
        outbox=frozenset(OutboxMessage.objects.values_list("pk", flat=True)),
        history=frozenset(),
    )
    history_before = frozenset(action.history.values_list("history_id", flat=True))

    step.drivers[door](world, action)

    assert action_outcome_of(world, action, before, history_before) == step.expected


# --- Meetings: what the secretariat records of a sitting ----------------------------------------------
# The admin's meeting page (the meeting, its agenda, participants and papers as inlines) and the API's
# resources (/meetings/, /agenda-items/, /participants/, /documents/) write through one set of services:
# each step leaves the same records and the same history rows, by the same person.

MEETING_TITLE = "Eighteenth Coordination Meeting on International Migration"
MEETING = {"title": MEETING_TITLE, "kind": "coordination_meeting", "start_date": "2027-02-15",
           "end_date": "2027-02-16", "date_precision": "day", "venue": "New York", "status": "planned"}  # fmt: skip
HELD = {"status": "held", "summary": "Agreed to publish the compilation by June."}
ITEM = {"position": 3, "title": "Compilation of inputs", "notes": ""}
PARTICIPANT = {"person": "Amina Diallo", "function": "Director", "role": "chair"}
PAPER = {"title": "Note on the compilation of inputs", "kind": "paper", "date": "2027-02-01"}
MEETING_RECORDS = (Meeting, AgendaItem, Participant, Document)


@dataclasses.dataclass(frozen=True)
class MeetingOutcome:
    meeting: tuple  # (title, status, summary, venue, start, end) of the step's meeting, or () when gone
    agenda: tuple = ()  # (position, title)
    participants: tuple = ()  # (person, role, organization's acronym)
    papers: tuple = ()  # (title, kind)
    history: tuple = ()  # (record, "+"/"~"/"-", role of the user) of the history rows the step wrote


@dataclasses.dataclass(frozen=True)
class MeetingStep:
    setup: Callable[[World], Meeting | None]
    drivers: dict[str, Callable[[World, Meeting | None], None]]
    expected: MeetingOutcome


def a_planned_meeting(world: World) -> Meeting:
    meeting = MeetingFactory(title=MEETING_TITLE, venue="New York", status="planned", summary="")
    ParticipantFactory(meeting=meeting, organization=world.organization, person="Jon Berg", role="presenter")
    return meeting


def history_ids() -> dict:
    return {model: set(model.history.values_list("history_id", flat=True)) for model in MEETING_RECORDS}


def meeting_outcome_of(world: World, before: dict) -> MeetingOutcome:
    meeting = Meeting.objects.filter(title=MEETING_TITLE).first()
    new_rows = sorted(
        (row.history_date, position, model.__name__, row.history_type, role(world, row.history_user))
        for position, model in enumerate(MEETING_RECORDS)
        for row in model.history.exclude(history_id__in=before[model])
    )
    history = tuple(row[2:] for row in new_rows)
    if meeting is None:
        return MeetingOutcome(meeting=(), history=history)
    return MeetingOutcome(
        meeting=(meeting.title, meeting.status, meeting.summary, meeting.venue, meeting.start_date, meeting.end_date),
        agenda=tuple(meeting.agenda_items.values_list("position", "title")),
        participants=tuple(
            (p.person, p.role, p.organization.acronym if p.organization else "")
            for p in meeting.participants.select_related("organization").order_by("person")
        ),
        papers=tuple(meeting.documents.order_by("title").values_list("title", "kind")),
        history=history,
    )


def api_meeting_write(world: World, method: str, basename: str, pk: int | None, data: dict | None = None) -> None:
    client = world.api_client_for(world.secretariat)
    if pk is None:
        expect(client.post(reverse(f"{basename}-list"), data, format="json"), 201)
        return
    url = reverse(f"{basename}-detail", args=[pk])
    expect(api_write(client, method, url, url, data), 204 if method == "delete" else 200)


def admin_meeting_page(world: World, meeting: Meeting | None, change: Callable[[dict], None]) -> None:
    """The meeting's page in the admin (the add page for none), sent back as drawn but for ``change``."""
    world.browser.force_login(world.secretariat)
    if meeting is None:
        url = reverse("admin:meetings_meeting_add")
    else:
        url = reverse("admin:meetings_meeting_change", args=[meeting.pk])
    page = world.browser.get(url)
    expect(page, 200)
    data = form_data(page.context["adminform"].form)
    for inline in page.context["inline_admin_formsets"]:
        data.update(form_data(inline.formset.management_form))
        for row in inline.formset.forms:
            data.update(form_data(row))
    change(data)
    saved = world.browser.post(url, data)
    assert saved.status_code == 302, saved.context and [
        saved.context["adminform"].form.errors,
        *[inline.formset.errors for inline in saved.context["inline_admin_formsets"]],
    ]


def new_inline_row(prefix: str, row: dict) -> Callable[[dict], None]:
    def change(data: dict) -> None:
        number = int(data[f"{prefix}-TOTAL_FORMS"])
        data[f"{prefix}-TOTAL_FORMS"] = number + 1
        data.update({f"{prefix}-{number}-{name}": value for name, value in row.items()})

    return change


def delete_inline_row(prefix: str) -> Callable[[dict], None]:
    def change(data: dict) -> None:
        data[f"{prefix}-0-DELETE"] = "on"

    return change


PLANNED = (MEETING_TITLE, "planned", "", "New York", dt.date(2003, 10, 15), dt.date(2003, 10, 16))
PRESENTER = (("Jon Berg", "presenter", "ORGA"),)

MEETING_STEPS: dict[str, MeetingStep] = {
    "record a meeting": MeetingStep(
        setup=lambda w: None,
        drivers={
            API: lambda w, _: api_meeting_write(w, "post", "meetings", None, MEETING),
            ADMIN: lambda w, _: admin_meeting_page(w, None, lambda data: data.update(MEETING)),
        },
        expected=MeetingOutcome(
            meeting=(MEETING_TITLE, "planned", "", "New York", dt.date(2027, 2, 15), dt.date(2027, 2, 16)),
            history=(("Meeting", "+", SECRETARIAT),),
        ),
    ),
    "change a meeting": MeetingStep(
        setup=a_planned_meeting,
        drivers={
            API: lambda w, m: api_meeting_write(w, "patch", "meetings", m.pk, HELD),
            ADMIN: lambda w, m: admin_meeting_page(w, m, lambda data: data.update(HELD)),
        },
        expected=MeetingOutcome(
            meeting=(*PLANNED[:1], "held", HELD["summary"], *PLANNED[3:]),
            participants=PRESENTER,
            history=(("Meeting", "~", SECRETARIAT),),
        ),
    ),
    "add an agenda item": MeetingStep(
        setup=a_planned_meeting,
        drivers={
            API: lambda w, m: api_meeting_write(w, "post", "agenda-items", None, {"meeting": m.pk, **ITEM}),
            ADMIN: lambda w, m: admin_meeting_page(w, m, new_inline_row("agenda_items", ITEM)),
        },
        expected=MeetingOutcome(
            meeting=PLANNED,
            agenda=((3, "Compilation of inputs"),),
            participants=PRESENTER,
            history=(("AgendaItem", "+", SECRETARIAT),),  # the meeting itself is not changed
        ),
    ),
    "add a participant": MeetingStep(
        setup=a_planned_meeting,
        drivers={
            API: lambda w, m: api_meeting_write(
                w, "post", "participants", None, {"meeting": m.pk, "organization": w.organization.pk, **PARTICIPANT}
            ),
            ADMIN: lambda w, m: admin_meeting_page(
                w, m, new_inline_row("participants", {"organization": w.organization.pk, **PARTICIPANT})
            ),
        },
        expected=MeetingOutcome(
            meeting=PLANNED,
            participants=(("Amina Diallo", "chair", "ORGA"), *PRESENTER),
            history=(("Participant", "+", SECRETARIAT),),
        ),
    ),
    "add a paper": MeetingStep(
        setup=a_planned_meeting,
        drivers={
            API: lambda w, m: api_meeting_write(w, "post", "documents", None, {"meeting": m.pk, **PAPER}),
            ADMIN: lambda w, m: admin_meeting_page(w, m, new_inline_row("documents", PAPER)),
        },
        expected=MeetingOutcome(
            meeting=PLANNED,
            participants=PRESENTER,
            papers=((PAPER["title"], "paper"),),
            history=(("Document", "+", SECRETARIAT),),
        ),
    ),
    "take a participant off": MeetingStep(
        setup=a_planned_meeting,
        drivers={
            API: lambda w, m: api_meeting_write(w, "delete", "participants", m.participants.get().pk),
            ADMIN: lambda w, m: admin_meeting_page(w, m, delete_inline_row("participants")),
        },
        expected=MeetingOutcome(meeting=PLANNED, history=(("Participant", "-", SECRETARIAT),)),
    ),
    "delete a meeting": MeetingStep(
        setup=a_planned_meeting,
        drivers={
            API: lambda w, m: api_meeting_write(w, "delete", "meetings", m.pk),
            ADMIN: lambda w, m: admin_delete_meeting(w, m),
        },
        # Its participants go first, then the meeting, each in its history as deleted by the officer.
        expected=MeetingOutcome(
            meeting=(), history=(("Participant", "-", SECRETARIAT), ("Meeting", "-", SECRETARIAT))
        ),
    ),
}


def admin_delete_meeting(world: World, meeting: Meeting) -> None:
    world.browser.force_login(world.secretariat)
    url = reverse("admin:meetings_meeting_delete", args=[meeting.pk])
    expect(world.browser.get(url), 200)
    expect(world.browser.post(url, {"post": "yes"}), 302)


MEETING_KNOWN_GAPS: dict[tuple[str, str], str] = {
    (step, PAGE): "the secretariat's record of a meeting: not on the focal points' page" for step in MEETING_STEPS
}


def test_every_meeting_step_is_driven_through_each_door_or_listed_as_a_known_gap():
    for step_name, door in itertools.product(MEETING_STEPS, DOORS):
        driven = door in MEETING_STEPS[step_name].drivers
        listed = (step_name, door) in MEETING_KNOWN_GAPS
        assert driven != listed, f"({step_name!r}, {door!r}) is {'both driven and listed' if driven else 'neither'}"


@pytest.mark.parametrize(
    ("step_name", "door"),
    [
        pytest.param(name, door, id=f"{name.replace(' ', '_')}-{door}")
        for name, step in MEETING_STEPS.items()
        for door in step.drivers
    ],
)
def test_a_step_on_a_meeting_leaves_the_same_records_and_history_whichever_door_takes_it(world, step_name, door):
    step = MEETING_STEPS[step_name]
    meeting = step.setup(world)
    before = history_ids()

    step.drivers[door](world, meeting)

    assert meeting_outcome_of(world, before) == step.expected
