"""Generated reporting obligations, meetings (with agendas, participants and papers), follow-up actions (with
their supporting organizations and progress reports), and calls for inputs with their input requests and answers."""

from __future__ import annotations

import datetime as dt
import random
import zoneinfo
from dataclasses import dataclass, field

from django.conf import settings

from coordination.choices import (
    ActionStatus,
    CallStatus,
    InputRequestStatus,
    ItemStatus,
    ParagraphKind,
    ReceivedVia,
    Recurrence,
    UpdateEventKind,
    UpdateStatus,
)
from coordination.models import (
    ActivityUpdate,
    Attachment,
    CallForInputs,
    CallPrompt,
    FollowUpAction,
    InputRequest,
    OperativeParagraph,
    PromptAnswer,
    ReportingObligation,
    UpdateEvent,
)
from meetings.choices import DatePrecision, DocumentKind, MeetingKind, MeetingStatus, ParticipantRole
from meetings.models import AgendaItem, Document, Meeting, MeetingSeries, Participant

from .bulk import Progress, bulk_insert
from .people import People

ANSWER_BODY = (
    "During the period, {name} convened an expert group meeting on international migration statistics, "
    "published a report on remittances and supported national surveys of migrant workers in {n} countries.\n\n"
    "It also contributed to the inter-agency preparations for the high-level dialogue and trained {m} officials "
    "in the use of administrative data."
)
PROGRESS_BODY = "Work is under way: a first draft was shared with the partners and comments are due next month."
PRECISIONS = [DatePrecision.DAY] * 7 + [DatePrecision.MONTH, DatePrecision.HALF_YEAR, DatePrecision.YEAR]


@dataclass
class Items:
    meetings: list[int] = field(default_factory=list)
    calls: list[int] = field(default_factory=list)
    # (item kind, id, organization or None, due date, closed on or None, precision, officer or None)
    due_items: list[tuple] = field(default_factory=list)


def _last_day(precision: str, day: dt.date) -> dt.date:
    if precision == DatePrecision.MONTH:
        following = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        return following - dt.timedelta(days=1)
    if precision == DatePrecision.HALF_YEAR:
        return dt.date(day.year, 6, 30) if day.month <= 6 else dt.date(day.year, 12, 31)
    if precision == DatePrecision.YEAR:
        return dt.date(day.year, 12, 31)
    return day


def _at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), zoneinfo.ZoneInfo(settings.SECRETARIAT_TIME_ZONE))


def generate_obligations(
    *, per_year: int, years: int, people: People, today: dt.date, rng: random.Random, items: Items, progress: Progress
) -> int:
    """``per_year`` obligations due in each of ``years`` years: the years before this one and the next few.
    Past ones are mostly done, future ones open; each asked by a report paragraph of a mandate."""
    asking = list(
        OperativeParagraph.objects.filter(kind=ParagraphKind.REPORT)
        .order_by("pk")
        .values_list("pk", "mandate_id", "mandate__body_id")
    )
    first_year = today.year - years // 2 - (years % 2)
    rows = []
    for year in range(first_year, first_year + years):
        for _ in range(per_year):
            paragraph, mandate, body = asking[rng.randrange(len(asking))]
            precision = rng.choice(PRECISIONS)
            due = _last_day(precision, dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(365)))
            roll = rng.random()
            if due < today - dt.timedelta(days=30):
                status = ItemStatus.DONE if roll < 0.92 else ItemStatus.CANCELLED if roll < 0.95 else ItemStatus.OPEN
            else:
                status = ItemStatus.DONE if due < today and roll < 0.5 else ItemStatus.OPEN
            late = dt.timedelta(days=rng.randint(-40, 20))
            completed = min(today, due + late) if status == ItemStatus.DONE else None
            rows.append(
                ReportingObligation(
                    mandate_id=mandate, addressee_id=body, paragraph_id=paragraph, due_date=due,
                    due_precision=precision, description=f"Report on the implementation of the resolution ({year})",
                    responsible_officer_id=rng.choice(people.officers), status=status, completed_on=completed,
                    recurrence=Recurrence.ANNUAL if rng.random() < 0.1 else Recurrence.NONE, is_demo=True,
                )
            )  # fmt: skip
    rows = bulk_insert(ReportingObligation, rows, progress=progress, label="reporting obligations")
    for o in rows:
        closed = o.completed_on or (today if o.status == ItemStatus.CANCELLED else None)
        officer = o.responsible_officer_id
        items.due_items.append(("obligation", o.pk, None, o.due_date, closed, o.due_precision, officer))
    return len(rows)


def generate_meetings(
    *, count: int, people: People, today: dt.date, rng: random.Random, items: Items, progress: Progress
) -> dict[str, int]:
    """Ten series of numbered meetings (two in three meetings) and one-off meetings, over ten years; each with an
    agenda of eight items, participants from the organizations (the most recent meeting of the first series the
    largest), and three papers."""
    series = bulk_insert(
        MeetingSeries,
        [MeetingSeries(name=f"Generated coordination meetings, series {n + 1}", is_demo=True) for n in range(10)],
        progress=progress,
        label="meeting series",
    )
    starts = sorted(today + dt.timedelta(days=rng.randint(-3650, 180)) for _ in range(count))
    numbers = [0] * len(series)
    rows = []
    for n, start in enumerate(starts):
        in_series = n % 3 != 2
        which = n % len(series)
        if in_series:
            numbers[which] += 1
        rows.append(
            Meeting(
                series=series[which] if in_series else None, number=numbers[which] if in_series else None,
                title=f"Generated meeting {n + 1}", kind=rng.choice(MeetingKind.values), start_date=start,
                end_date=start + dt.timedelta(days=rng.randint(0, 3)), date_precision=DatePrecision.DAY,
                venue=rng.choice(["New York", "Geneva", "Vienna", "Nairobi", "Bangkok", "Santiago", "Online"]),
                organizer_id=rng.choice(people.organizations),
                status=MeetingStatus.HELD if start < today else MeetingStatus.PLANNED, is_demo=True,
            )
        )  # fmt: skip
    meetings = bulk_insert(Meeting, rows, progress=progress, label="meetings")
    items.meetings = [m.pk for m in meetings]
    co_organizers = Meeting.co_organizers.through
    bulk_insert(
        co_organizers,
        [
            co_organizers(meeting_id=m.pk, organization_id=o)
            for m in meetings
            for o in sorted(rng.sample(people.organizations, 2))
        ],
        progress=progress,
        label="co-organizers",
    )
    agenda = bulk_insert(
        AgendaItem,
        [AgendaItem(meeting=m, position=p, title=f"Item {p}: {rng.choice(['Opening', 'Data', 'Reports', 'Plans'])}")
         for m in meetings for p in range(1, 9)],
        progress=progress,
        label="agenda items",
    )  # fmt: skip
    largest = max((m for m in meetings if m.series_id == series[0].pk and m.start_date < today), key=lambda m: m.pk)
    participants = []
    for m in meetings:
        size = 400 if m is largest else rng.randint(15, 60)
        for k in range(size):
            participants.append(
                Participant(
                    meeting=m, organization_id=rng.choice(people.organizations), person=f"Participant {k + 1}",
                    role=ParticipantRole.PRESENTER if k % 10 == 0 else ParticipantRole.PARTICIPANT,
                    agenda_item=agenda[(m.pk - meetings[0].pk) * 8 + k % 8] if k % 10 == 0 else None,
                )
            )  # fmt: skip
    bulk_insert(Participant, participants, progress=progress, label="participants")
    papers = bulk_insert(
        Document,
        [Document(title=f"Paper {k} of {m.title}", kind=DocumentKind.PAPER, date=m.start_date, meeting=m, is_demo=True)
         for m in meetings for k in range(1, 4)],
        progress=progress,
        label="meeting papers",
    )  # fmt: skip
    return {"meetings": len(meetings), "participants": len(participants), "papers": len(papers)}


def generate_actions(
    *, count: int, people: People, today: dt.date, rng: random.Random, items: Items, progress: Progress
) -> dict[str, int]:
    """Follow-up actions: two in five agreed at a meeting, half asked by an action paragraph of a mandate, the
    rest by a document; due from three years ago to a year ahead; with supporting organizations and, for one
    in four, a progress report."""
    asking = list(
        OperativeParagraph.objects.filter(kind=ParagraphKind.ACTION).order_by("pk").values_list("pk", "mandate_id")
    )
    meetings = list(Meeting.objects.filter(pk__in=items.meetings).order_by("pk").values_list("pk", "start_date"))
    documents = list(Document.objects.filter(meeting__in=items.meetings).order_by("pk").values_list("pk", flat=True))
    rows = []
    for n in range(count):
        roll = rng.random()
        origin = {}
        if roll < 0.4:
            meeting, start = meetings[rng.randrange(len(meetings))]
            origin["origin_meeting_id"] = meeting
            earliest = max(start, today - dt.timedelta(days=3 * 365))
        elif roll < 0.9:
            origin["origin_paragraph_id"], origin["origin_mandate_id"] = asking[rng.randrange(len(asking))]
            earliest = today - dt.timedelta(days=3 * 365)
        else:
            origin["origin_document_id"] = rng.choice(documents)
            earliest = today - dt.timedelta(days=3 * 365)
        precision = rng.choice(PRECISIONS)
        span = max(1, (today + dt.timedelta(days=365) - earliest).days)
        due = _last_day(precision, earliest + dt.timedelta(days=rng.randrange(span)))
        state = rng.random()
        if due < today:
            status = (
                ActionStatus.DONE if state < 0.7 else ActionStatus.CANCELLED if state < 0.75
                else ActionStatus.DONE_PENDING if state < 0.78 else ActionStatus.OPEN
            )  # fmt: skip
        else:
            status = ActionStatus.DONE if state < 0.1 else ActionStatus.OPEN
        completed = min(today, due + dt.timedelta(days=rng.randint(-60, 30))) if status == ActionStatus.DONE else None
        rows.append(
            FollowUpAction(
                title=f"Generated follow-up action {n + 1}", due_date=due, due_precision=precision,
                lead_organization_id=None if rng.random() < 0.02 else rng.choice(people.organizations),
                responsible_officer_id=rng.choice(people.officers), status=status, completed_on=completed,
                recurrence=Recurrence.ANNUAL if rng.random() < 0.05 else Recurrence.NONE, is_demo=True, **origin,
            )
        )  # fmt: skip
    actions = bulk_insert(FollowUpAction, rows, progress=progress, label="follow-up actions")
    supporting = FollowUpAction.supporting_organizations.through
    links = [
        supporting(followupaction_id=a.pk, organization_id=o)
        for a in actions
        for o in sorted(set(rng.sample(people.organizations, rng.randint(0, 3))) - {a.lead_organization_id})
    ]
    bulk_insert(supporting, links, progress=progress, label="supporting organizations", batch=5_000)
    progress_reports = [
        ActivityUpdate(
            organization_id=a.lead_organization_id, action=a, title=f"Progress on {a.title}", body=PROGRESS_BODY,
            status=UpdateStatus.ACCEPTED, received_via=ReceivedVia.WEB, is_demo=True,
            submitted_at=_at(min(today, a.due_date) - dt.timedelta(days=rng.randint(1, 60)), 11),
            author_id=(people.focal_users.get(a.lead_organization_id) or [None])[0],
        )
        for a in actions
        if a.lead_organization_id and rng.random() < 0.25
    ]  # fmt: skip
    bulk_insert(ActivityUpdate, progress_reports, progress=progress, label="progress reports")
    for a in actions:
        closed = a.completed_on or (today if a.status == ActionStatus.CANCELLED else None)
        waiting = a.status == ActionStatus.DONE_PENDING
        organization = None if waiting else a.lead_organization_id
        items.due_items.append(("action", a.pk, organization, a.due_date, closed, a.due_precision,
                                a.responsible_officer_id))  # fmt: skip
    return {"actions": len(actions), "supporting": len(links), "progress_reports": len(progress_reports)}


def generate_calls(
    *,
    count: int,
    addressees: int,
    people: People,
    today: dt.date,
    rng: random.Random,
    items: Items,
    progress: Progress,
) -> dict[str, int]:
    """``count`` calls over the last five years (the last few still open), each addressed to ``addressees``
    organizations with three questions; closed calls mostly answered, open ones half; answers accepted two in
    three, the rest received and not yet reviewed; one in ten returned once before; one in four with a file. The
    first call was answered by every organization it asked: the compilation benchmark compiles it."""
    obligations = list(
        ReportingObligation.objects.filter(due_date__gte=today - dt.timedelta(days=5 * 365))
        .order_by("pk")
        .values_list("pk", "due_date")
    )
    deadlines = sorted(today + dt.timedelta(days=rng.randint(-5 * 365, -20)) for _ in range(count))
    open_calls = max(1, count // 10)
    for k in range(open_calls):  # the last calls are open, with a deadline ahead or just past
        deadlines[-1 - k] = today + dt.timedelta(days=rng.randint(-5, 25))
    deadlines.sort()
    calls = bulk_insert(
        CallForInputs,
        [
            CallForInputs(
                title=f"Inputs for the report of {d.year}, call {n + 1}", deadline=d,
                obligation_id=obligations[rng.randrange(len(obligations))][0] if obligations else None,
                status=CallStatus.OPEN if n >= count - open_calls else CallStatus.CLOSED,
                responsible_officer_id=rng.choice(people.officers), opened_at=_at(d - dt.timedelta(days=45), 9),
                closed_at=None if n >= count - open_calls else _at(d + dt.timedelta(days=30), 17),
                instructions="Describe your organization's activities since the last report, in at most two pages.",
                is_demo=True,
            )
            for n, d in enumerate(deadlines)
        ],
        progress=progress,
        label="calls for inputs",
    )  # fmt: skip
    items.calls = [c.pk for c in calls]
    prompts = bulk_insert(
        CallPrompt,
        [CallPrompt(call=c, position=p, text=f"Question {p}: what did your organization do on theme {p}?")
         for c in calls for p in (1, 2, 3)],
        progress=progress,
        label="questions",
    )  # fmt: skip
    requests = []
    for call in calls:
        is_open = call.status == CallStatus.OPEN
        for organization in sorted(rng.sample(people.organizations, min(addressees, len(people.organizations)))):
            roll = rng.random()
            answered_by = call.deadline + dt.timedelta(days=rng.randint(-30, 20))
            if is_open and answered_by > today:
                status = InputRequestStatus.OPEN
            elif roll < 0.85 or call is calls[0]:  # the first call: every addressee answered (bench/scale.py)
                status = InputRequestStatus.ANSWERED
            elif roll < 0.9:
                status = InputRequestStatus.DECLINED
            elif roll < 0.93 and not is_open:
                status = InputRequestStatus.WAIVED
            else:
                status = InputRequestStatus.OPEN
            closed = None if status == InputRequestStatus.OPEN else _at(answered_by, 15)
            requests.append(
                InputRequest(
                    call=call, organization_id=organization, status=status, due_precision=DatePrecision.DAY,
                    due_date=call.deadline, closed_at=closed, is_demo=True,
                    declined_reason="No activities in the period." if status == InputRequestStatus.DECLINED else "",
                    waived_reason="Answered in another report." if status == InputRequestStatus.WAIVED else "",
                )
            )  # fmt: skip
    requests = bulk_insert(InputRequest, requests, progress=progress, label="input requests")
    updates = []
    for request in requests:
        if request.status != InputRequestStatus.ANSWERED:
            continue
        name = people.name[request.organization_id]
        updates.append(
            ActivityUpdate(
                organization_id=request.organization_id, input_request=request, is_demo=True,
                title=f"Activities of {name}", body=ANSWER_BODY.format(name=name, n=rng.randint(2, 40),
                                                                       m=rng.randint(10, 300)),
                period_start=dt.date(request.due_date.year - 1, 7, 1),
                period_end=dt.date(request.due_date.year, 6, 30),
                status=UpdateStatus.ACCEPTED if rng.random() < 2 / 3 else UpdateStatus.SUBMITTED,
                received_via=rng.choice([ReceivedVia.API, ReceivedVia.WEB, ReceivedVia.WEB, ReceivedVia.EMAIL]),
                received_on=request.closed_at.date(), submitted_at=request.closed_at,
                author_id=(people.focal_users.get(request.organization_id) or [None])[0],
            )
        )  # fmt: skip
    updates = bulk_insert(ActivityUpdate, updates, progress=progress, label="answers")
    prompts_of: dict[int, list[CallPrompt]] = {}
    for prompt in prompts:
        prompts_of.setdefault(prompt.call_id, []).append(prompt)
    call_of = {r.pk: r.call_id for r in requests}
    answers, events, attachments = [], [], []
    for update in updates:
        at = update.submitted_at
        answers += [
            PromptAnswer(update=update, prompt=p, text=f"On theme {p.position}: two workshops and a survey.")
            for p in prompts_of[call_of[update.input_request_id]]
        ]
        steps = [(UpdateEventKind.CREATED, -3), (UpdateEventKind.SUBMITTED, -2)]
        if rng.random() < 0.1:
            steps += [(UpdateEventKind.RETURNED, -1), (UpdateEventKind.SUBMITTED, 0)]
        if update.status == UpdateStatus.ACCEPTED:
            steps.append((UpdateEventKind.ACCEPTED, 2))
        events += [
            UpdateEvent(update=update, event=kind, at=at + dt.timedelta(days=days), by_id=update.author_id,
                        comment="Please add the period covered." if kind == UpdateEventKind.RETURNED else "")
            for kind, days in steps
        ]  # fmt: skip
        if rng.random() < 0.25:
            attachments.append(
                Attachment(update=update, file=f"attachments/{update.pk}/generated", original_name="Annex.pdf",
                           content_type="application/pdf", size=rng.randint(20_000, 2_000_000))
            )  # fmt: skip
    bulk_insert(PromptAnswer, answers, progress=progress, label="answers to questions", batch=5_000)
    bulk_insert(UpdateEvent, events, progress=progress, label="answers' events", batch=5_000)
    bulk_insert(Attachment, attachments, progress=progress, label="attachments")
    officer_of = {c.pk: c.responsible_officer_id for c in calls}
    for r in requests:
        closed = r.closed_at.date() if r.closed_at else None
        items.due_items.append(
            ("input_request", r.pk, r.organization_id, r.due_date, closed, r.due_precision, officer_of[r.call_id])
        )
    return {"calls": len(calls), "input_requests": len(requests), "answers": len(updates)}
