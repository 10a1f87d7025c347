"""A generated registry of mandates, their operative paragraphs and documents, at UN scale.

The UN80 Mandate Implementation Review counts over 40,000 mandates; ``bench/search.py`` searches
a registry of that size, and ``manage.py generate_scale_data`` builds its profiles on it. The
interface is kept stable for both::

    generate_registry(*, mandates: int, paragraphs_per_mandate: int = 10, seed: int = 0,
                      progress: Callable[[str, int, int], None] | None = None) -> dict[str, int]

- ``mandates`` resolutions and decisions are added, spread over seven intergovernmental bodies
  (the General Assembly about half), each with ``paragraphs_per_mandate`` operative paragraphs
  (numbered 1..n: a verb, an addressee, a kind and a sentence modelled on UN drafting) and its
  text as a document (A/RES/58/208 ...); about one mandate in four also gets the
  Secretary-General's report it asked for (A/59/325 ...), so documents number about 1.25 per
  mandate. The bodies are found by name, or created (keyed ``scale-body-<name>``, with history rows: only
  those few).
- Titles and paragraphs draw their subject from a vocabulary of about eighty topics with a
  Zipf-like distribution: "international migration and development" is common, "sand and dust
  storms" rare, as in a real registry; a paragraph sometimes names a second topic.
- Deterministic: the same seed on the same database makes the same rows. Numbers and symbols
  already taken (the seed set's 58/208, an earlier run's rows) are skipped, so a second call adds
  further mandates instead of failing on the unique constraints.
- Rows are written in chunks of 2,000 mandates, each chunk in one transaction: ``bulk_create``
  for bodies, sessions, documents and mandates, PostgreSQL's COPY for the paragraphs (``bulk_create``
  on other databases). No history rows are written for them (as the seed loader's bulk rows, they
  were never edited by anyone). Every generated row is flagged ``is_demo``: not from the documents.
- ``progress(stage, done, total)`` is called after each chunk (stage "mandates") and once at the
  end (stage "done").

Returns the counts written: ``{"bodies": ..., "sessions": ..., "mandates": ..., "paragraphs": ...,
"documents": ...}`` (bodies and sessions: only those created).
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from django.db import connection, models, transaction
from django.utils.text import slugify

from agencies.choices import OrganizationCategory, SessionRule
from agencies.models import Organization
from coordination.choices import MandateKind, ParagraphKind
from coordination.models import Mandate, OperativeParagraph, Session
from meetings.choices import DatePrecision, DocumentKind
from meetings.models import Document

Progress = Callable[[str, int, int], None]

CHUNK = 2000


@dataclass(frozen=True)
class BodyPlan:
    name: str
    acronym: str
    share: float
    session_rule: str
    # How its mandates are numbered: "session" (58/208) or "year" (2006/2), from ``first`` on,
    # ``per_period`` resolutions a session or year (more when the registry asks for more).
    numbering: str
    first: int
    per_period: int
    symbol: str  # of its resolutions' texts: "A/RES" gives A/RES/58/208; decisions take DEC
    report_symbol: str  # of the Secretary-General's reports to it: "A" gives A/59/325


BODIES = (
    BodyPlan("General Assembly", "", 0.48, SessionRule.GA_SEPTEMBER, "session", 20, 300, "A/RES", "A"),
    BodyPlan("Economic and Social Council", "ECOSOC", 0.16, SessionRule.EXPLICIT, "year", 1975, 70, "E/RES", "E"),
    BodyPlan("Human Rights Council", "HRC", 0.14, SessionRule.EXPLICIT, "session", 1, 45, "A/HRC/RES", "A/HRC"),
    BodyPlan(
        "Commission on Population and Development",
        "",
        0.06,
        SessionRule.EXPLICIT,
        "year",
        1995,
        12,
        "E/CN.9/RES",
        "E/CN.9",
    ),
    BodyPlan(
        "Commission for Social Development", "", 0.05, SessionRule.EXPLICIT, "year", 1990, 12, "E/CN.5/RES", "E/CN.5"
    ),
    BodyPlan(
        "Commission on the Status of Women", "", 0.05, SessionRule.EXPLICIT, "year", 1985, 12, "E/CN.6/RES", "E/CN.6"
    ),
    BodyPlan("Commission on Human Rights", "", 0.06, SessionRule.EXPLICIT, "year", 1970, 80, "E/CN.4/RES", "E/CN.4"),
)

# Subjects, most frequent first: the draw is Zipf-like (weight 1 / rank), so the first few appear in
# thousands of mandates of a 40,000-mandate registry and the last ones in a few dozen.
TOPICS = (
    "international migration and development",
    "the human rights of migrants",
    "refugees, returnees and displaced persons",
    "the advancement of women",
    "population and development",
    "the eradication of poverty",
    "sustainable development",
    "the rights of the child",
    "ageing",
    "the protection of migrant workers and members of their families",
    "violence against women migrant workers",
    "trafficking in persons, especially women and children",
    "humanitarian assistance",
    "remittances",
    "youth",
    "persons with disabilities",
    "indigenous peoples",
    "food security and nutrition",
    "climate change",
    "financing for development",
    "external debt sustainability",
    "international trade and development",
    "the least developed countries",
    "small island developing States",
    "landlocked developing countries",
    "South-South cooperation",
    "education for all",
    "global health",
    "HIV/AIDS",
    "water and sanitation",
    "human settlements and urbanization",
    "desertification",
    "biological diversity",
    "oceans and the law of the sea",
    "crime prevention and criminal justice",
    "the world drug problem",
    "measures to eliminate international terrorism",
    "a culture of peace",
    "the elimination of racism and racial discrimination",
    "freedom of expression",
    "human rights defenders",
    "the right to development",
    "the family",
    "literacy",
    "cooperatives in social development",
    "information and communication technologies for development",
    "science and technology for development",
    "statistics and data for development",
    "natural disasters and disaster risk reduction",
    "energy for sustainable development",
    "forests",
    "mountains",
    "rural women",
    "the girl child",
    "older persons in emergencies",
    "brain drain and the migration of skilled workers",
    "the costs of remittance transfers",
    "diaspora contributions to development",
    "stateless persons",
    "internally displaced persons",
    "the return of irregular migrants",
    "smuggling of migrants by land, sea and air",
    "seafarers",
    "pastoralists",
    "persons with albinism",
    "assistance in mine action",
    "coral reefs",
    "sand and dust storms",
    "the Aral Sea",
    "jute and jute products",
    "the global code of conduct for health personnel recruitment",
    "circular migration schemes",
    "portability of pensions for migrant workers",
    "unaccompanied migrant children",
    "the recognition of foreign qualifications",
    "road safety",
    "sport for development and peace",
    "the Chernobyl disaster",
    "tsunami early warning",
    "volunteering",
)

TITLE_TEMPLATES = (
    ("{Topic}", 6),
    ("{Topic} and development", 2),
    ("Follow-up to the International Conference on {topic}", 1),
    ("Implementation of the programme of action on {topic}", 2),
    ("Strengthening international cooperation on {topic}", 2),
    ("Promotion and protection of {topic}", 1),
    ("Towards a comprehensive approach to {topic}", 1),
    ("{Topic}: high-level dialogue", 1),
)

ASPECTS = (
    "the collection and analysis of data disaggregated by sex and age",
    "a gender perspective",
    "best practices and lessons learned",
    "the role of civil society and the private sector",
    "capacity-building in developing countries",
    "the views of Member States and of the organizations of the United Nations system",
    "recommendations for concrete action",
    "the mobilization of resources",
    "the coordination of the activities of the United Nations system",
    "regional and interregional cooperation",
    "the situation of women and girls",
    "the protection of human rights",
)

ORGANIZATIONS = (
    "the International Labour Organization",
    "the International Organization for Migration",
    "the Office of the United Nations High Commissioner for Refugees",
    "the United Nations Population Fund",
    "the United Nations Children's Fund",
    "the United Nations Development Programme",
    "the United Nations Conference on Trade and Development",
    "the World Bank",
    "the World Health Organization",
    "the regional commissions",
    "the Economic Commission for Africa",
    "the Economic and Social Commission for Asia and the Pacific",
    "the Economic Commission for Latin America and the Caribbean",
)

ORDINALS = (
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh",
    "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth", "nineteenth",
)  # fmt: skip
TENS = ("twentieth", "thirtieth", "fortieth", "fiftieth", "sixtieth", "seventieth", "eightieth", "ninetieth")
TENS_PREFIX = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")


def ordinal_words(number: int) -> str:
    """'sixtieth', 'fifty-eighth': as resolutions name sessions (1 to 99, then digits)."""
    if number < 20:
        return ORDINALS[number - 1]
    if number >= 100:
        return f"{number}th"
    tens, units = divmod(number, 10)
    if units == 0:
        return TENS[tens - 2]
    return f"{TENS_PREFIX[tens - 2]}-{ORDINALS[units - 1]}"


def _zipf_weights(count: int, exponent: float = 1.0) -> list[float]:
    return [1 / (rank**exponent) for rank in range(1, count + 1)]


TOPIC_WEIGHTS = _zipf_weights(len(TOPICS))


class _Numbers:
    """Allocates each body's mandate numbers (58/208, 2006/2) and report symbols in order, skipping
    those already taken."""

    def __init__(self, plan: BodyPlan, body: Organization, count: int) -> None:
        self.plan = plan
        self.body = body
        # Sessions or years stay in a plausible range: more mandates a period when more are asked.
        span = 60 if plan.numbering == "session" else 50
        self.per_period = max(plan.per_period, math.ceil(count / span))
        self.taken = set(Mandate.objects.filter(body=body).values_list("number", flat=True))
        self.next_index = 0

    def next(self) -> tuple[int, int]:
        """The next free (period, number in the period)."""
        while True:
            period = self.plan.first + self.next_index // self.per_period
            serial = self.next_index % self.per_period + 1
            self.next_index += 1
            if f"{period}/{serial}" not in self.taken:
                self.taken.add(f"{period}/{serial}")
                return period, serial


@dataclass
class _Mandate:
    plan: BodyPlan
    body: Organization
    period: int
    serial: int
    kind: str
    title: str
    topic: int
    adoption_date: dt.date


def _choose(rng: random.Random, options: Sequence[tuple[str, int]]) -> str:
    return rng.choices([o for o, _ in options], weights=[w for _, w in options])[0]


def _topic(rng: random.Random) -> int:
    return rng.choices(range(len(TOPICS)), weights=TOPIC_WEIGHTS)[0]


def _capitalized(text: str) -> str:
    return text[0].upper() + text[1:]


def _title(rng: random.Random, topic: str) -> str:
    template = _choose(rng, TITLE_TEMPLATES)
    if "development" in topic and "development" in template:
        template = "{Topic}"
    bare = topic.removeprefix("the ").removeprefix("a ")
    return template.format(Topic=_capitalized(bare), topic=bare)


def _adoption_date(rng: random.Random, plan: BodyPlan, period: int) -> dt.date:
    if plan.session_rule == SessionRule.GA_SEPTEMBER:
        return dt.date(1945 + period, 12, rng.randint(1, 22))  # the Assembly adopts most in December
    if plan.numbering == "session":  # the Human Rights Council: three sessions a year since 2006
        return dt.date(2006 + (period - 1) // 3, (3, 6, 9)[(period - 1) % 3], rng.randint(1, 28))
    month = 7 if plan.acronym == "ECOSOC" else rng.choice((2, 3, 4))
    return dt.date(period, month, rng.randint(1, 28))


def _session_words(plan: BodyPlan, period: int) -> str:
    if plan.numbering == "session":
        return f"at its {ordinal_words(period + 1)} session"
    return f"at its session in {period + 1}"


def _paragraph(rng: random.Random, mandate: _Mandate, position: int, count: int) -> tuple[str, str, str, str]:
    """(verb, addressee, kind, text) of operative paragraph ``position`` of ``count``."""
    topic = TOPICS[mandate.topic] if rng.random() < 0.8 else TOPICS[_topic(rng)]
    aspect = rng.choice(ASPECTS)
    body = mandate.plan.name
    if position == count:
        session = _session_words(mandate.plan, mandate.period)
        if rng.random() < 0.5:
            text = (
                f"Requests the Secretary-General to submit to the {body} {session} a report on {topic}, "
                f"including {aspect}, and on the implementation of the present resolution;"
            )
            return "requests", "the Secretary-General", ParagraphKind.REPORT, text
        text = f"Decides to continue its consideration of {topic} {session};"
        return "decides", "", ParagraphKind.OTHER, text
    roll = rng.random()
    if roll < 0.12:
        named = rng.sample(ORGANIZATIONS, rng.randint(1, 3))
        who = ", ".join(named[:-1]) + (" and " if len(named) > 1 else "") + named[-1]
        verb = rng.choice(("calls upon", "invites"))
        text = f"{_capitalized(verb)} {who} to continue to support efforts on {topic}, in particular through {aspect};"
        return verb, who, ParagraphKind.ACTION, text
    if roll < 0.18:
        text = (
            f"Requests the Secretary-General to continue convening coordination meetings on {topic} "
            f"with the organizations of the United Nations system, and to report on {aspect};"
        )
        return "requests", "the Secretary-General", ParagraphKind.MEETING, text
    if roll < 0.24:
        text = (
            f"Decides to convene a high-level dialogue on {topic} in {mandate.adoption_date.year + 2}, "
            f"which will address {aspect};"
        )
        return "decides", "", ParagraphKind.MEETING, text
    if roll < 0.30:
        text = (
            f"Requests the Secretary-General to prepare, within existing resources, a study on {topic}, "
            f"taking into account {aspect};"
        )
        return "requests", "the Secretary-General", ParagraphKind.REPORT, text
    if roll < 0.55:
        verb, who = rng.choice(
            (
                ("urges", "Member States"),
                ("encourages", "Governments"),
                ("calls upon", "all States"),
                ("encourages", "Member States"),
                ("urges", "the international community"),
                ("invites", "donor countries"),
            )
        )
        text = f"{_capitalized(verb)} {who} to strengthen their policies on {topic}, with regard to {aspect};"
        return verb, who, ParagraphKind.ACTION, text
    verb = rng.choice(("reaffirms", "recognizes", "stresses", "welcomes", "emphasizes", "takes note of"))
    phrases = {
        "reaffirms": f"Reaffirms its commitment to {topic}, and the importance of {aspect};",
        "recognizes": f"Recognizes the contribution of {topic} to development, and the need for {aspect};",
        "stresses": f"Stresses the importance of {aspect} in addressing {topic};",
        "welcomes": f"Welcomes the work done by the United Nations system on {topic}, including {aspect};",
        "emphasizes": f"Emphasizes that {aspect} is essential to any policy on {topic};",
        "takes note of": f"Takes note of the report of the Secretary-General on {topic};",
    }
    return verb, "", ParagraphKind.OTHER, phrases[verb]


def _bodies() -> tuple[dict[str, Organization], int]:
    found = {}
    created = 0
    for plan in BODIES:
        body = Organization.objects.filter(name=plan.name).order_by("parent_id", "pk").first()
        if body is None:
            acronym_taken = plan.acronym and Organization.objects.filter(acronym__iexact=plan.acronym).exists()
            body = Organization.objects.create(
                seed_key=f"scale-body-{slugify(plan.name)}",
                name=plan.name,
                acronym="" if acronym_taken else plan.acronym,
                category=OrganizationCategory.INTERGOVERNMENTAL_BODY,
                session_rule=plan.session_rule,
                is_demo=True,
            )
            created += 1
        found[plan.name] = body
    return found, created


def _sessions(mandates: list[_Mandate]) -> tuple[dict[tuple[int, int], Session], int]:
    """The sessions of the bodies numbered by session, created when missing (no history rows)."""
    wanted = {(m.body.pk, m.period): m.body for m in mandates if m.plan.numbering == "session"}
    existing = {
        (s.body_id, s.number): s
        for s in Session.objects.filter(body__in={b.pk for b in wanted.values()}, number__in={n for _, n in wanted})
    }
    new = []
    for (body_id, number), body in sorted(wanted.items(), key=lambda item: item[0]):
        if (body_id, number) in existing:
            continue
        session = Session(body=body, number=number, is_demo=True)
        if body.session_rule != SessionRule.GA_SEPTEMBER:
            session.year = 2006 + (number - 1) // 3
        session.opening_date = session.compute_opening_date()
        if session.opening_date:
            session.year = session.opening_date.year
        new.append(session)
    for session in Session.objects.bulk_create(new):
        existing[(session.body_id, session.number)] = session
    return existing, len(new)


def _copy_or_bulk_create(model: type[models.Model], objs: list[models.Model]) -> None:
    """Write ``objs`` with COPY on PostgreSQL (the values ``bulk_create`` would write), else bulk_create."""
    if connection.vendor != "postgresql":
        model.objects.bulk_create(objs, batch_size=500)
        return
    fields = [f for f in model._meta.concrete_fields if not f.primary_key and not getattr(f, "generated", False)]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    statement = f"COPY {connection.ops.quote_name(model._meta.db_table)} ({columns}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        for obj in objs:
            copy.write_row([f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields])


def _chunks(total: int) -> Iterator[int]:
    done = 0
    while done < total:
        size = min(CHUNK, total - done)
        yield size
        done += size


def generate_registry(
    *, mandates: int, paragraphs_per_mandate: int = 10, seed: int = 0, progress: Progress | None = None
) -> dict[str, int]:
    """Add ``mandates`` generated mandates with their paragraphs and documents (see the module's docstring)."""
    rng = random.Random(seed)  # noqa: S311 -- reproducible test data, not secrets
    bodies, bodies_created = _bodies()
    shares = [plan.share for plan in BODIES]
    plans = rng.choices(BODIES, weights=shares, k=mandates)
    per_body = {plan.name: plans.count(plan) for plan in BODIES}
    numbers = {plan.name: _Numbers(plan, bodies[plan.name], per_body[plan.name]) for plan in BODIES}
    taken_symbols = {
        s.lower()
        for s in Document.objects.filter(
            models.Q(symbol__istartswith="A/") | models.Q(symbol__istartswith="E/")
        ).values_list("symbol", flat=True)
    }
    report_serials: dict[tuple[str, int], int] = {}
    counts = {"bodies": bodies_created, "sessions": 0, "mandates": 0, "paragraphs": 0, "documents": 0}

    start = 0
    for size in _chunks(mandates):
        planned = []
        for plan in plans[start : start + size]:
            period, serial = numbers[plan.name].next()
            kind = MandateKind.DECISION if rng.random() < 0.15 else MandateKind.RESOLUTION
            topic = _topic(rng)
            planned.append(
                _Mandate(
                    plan=plan,
                    body=bodies[plan.name],
                    period=period,
                    serial=serial,
                    kind=kind,
                    title=_title(rng, TOPICS[topic]),
                    topic=topic,
                    adoption_date=_adoption_date(rng, plan, period),
                )
            )
        start += size
        with transaction.atomic():
            sessions, created = _sessions(planned)
            counts["sessions"] += created
            texts, reports = [], []
            for m in planned:
                prefix = m.plan.symbol.replace("/RES", "/DEC") if m.kind == MandateKind.DECISION else m.plan.symbol
                symbol = f"{prefix}/{m.period}/{m.serial}"
                texts.append(
                    Document(
                        symbol="" if symbol.lower() in taken_symbols else symbol,
                        title=m.title,
                        kind=DocumentKind.DECISION if m.kind == MandateKind.DECISION else DocumentKind.RESOLUTION,
                        date=m.adoption_date,
                        date_precision=DatePrecision.DAY,
                        author=m.body,
                        is_demo=True,
                    )
                )
                taken_symbols.add(symbol.lower())
                if rng.random() < 0.25:
                    key = (m.plan.report_symbol, m.period + 1)
                    while True:
                        report_serials[key] = report_serials.get(key, 100) + 1
                        report_symbol = f"{key[0]}/{key[1]}/{report_serials[key]}"
                        if report_symbol.lower() not in taken_symbols:
                            break
                    taken_symbols.add(report_symbol.lower())
                    reports.append(
                        Document(
                            symbol=report_symbol,
                            title=f"Report of the Secretary-General on {TOPICS[m.topic]}",
                            kind=DocumentKind.SG_REPORT,
                            date=m.adoption_date + dt.timedelta(days=rng.randint(240, 300)),
                            date_precision=DatePrecision.DAY,
                            author=None,
                            is_demo=True,
                        )
                    )
            Document.objects.bulk_create(texts + reports, batch_size=1000)
            rows = [
                Mandate(
                    body=m.body,
                    number=f"{m.period}/{m.serial}",
                    kind=m.kind,
                    adoption_date=m.adoption_date,
                    title=m.title,
                    session=sessions.get((m.body.pk, m.period)) if m.plan.numbering == "session" else None,
                    document=text,
                    is_demo=True,
                )
                for m, text in zip(planned, texts, strict=True)
            ]
            Mandate.objects.bulk_create(rows, batch_size=1000)
            paragraphs = []
            for m, row in zip(planned, rows, strict=True):
                for position in range(1, paragraphs_per_mandate + 1):
                    verb, addressee, kind, text = _paragraph(rng, m, position, paragraphs_per_mandate)
                    paragraphs.append(
                        OperativeParagraph(
                            mandate=row,
                            number=str(position),
                            position=position,
                            text=text,
                            verb=verb,
                            addressee=addressee[:300],
                            kind=kind,
                        )
                    )
            _copy_or_bulk_create(OperativeParagraph, paragraphs)
        counts["mandates"] += len(rows)
        counts["paragraphs"] += len(paragraphs)
        counts["documents"] += len(texts) + len(reports)
        if progress:
            progress("mandates", counts["mandates"], mandates)
    if progress:
        progress("done", counts["mandates"], mandates)
    return counts
