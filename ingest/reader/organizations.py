"""Organizations named in a text: known ones from the caller's registry, and new ones.

Known organizations are matched by acronym (case-sensitive, word-bounded: "ILO", "IOM",
"ECLAC"; not inside a line of capitals such as a heading) and by name, with or without "the",
ignoring case after the first word (which must be capitalised, so that "CARE" is not "care"),
punctuation and hyphens, with the spelling variants the documents mix ("Organisation" and
"Organization", "Co-operation" and "Cooperation", "Centre" and "Center", "Programme" and
"Program", "Labour" and "Labor", straight and curly apostrophes), with or without a leading
"Office of the" ("Office of the United Nations High Commissioner for Refugees" is "United Nations
High Commissioner for Refugees"), in the registry's inverted form too ("Population Division,
Department of Economic and Social Affairs" is also "Population Division of the Department of
Economic and Social Affairs"), and by the extra names the registry gives. The longest name wins.

An organization the registry does not know is proposed only when the text shows it to be one:
a capitalised name with an organizational head word ("Centre", "Institute", "Organization" ...)
followed by an acronym in parentheses whose first letter is the initial of one of the name's
words: "the International Centre for Migration Policy Development (ICMPD)".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from .spans import Positioned

_TOKEN = re.compile(r"[\w\u2019']+(?:[-\u2010][\w\u2019']+)*")
_OFFICE_OF_THE = re.compile(r"^Office\s+of\s+the\s+", re.IGNORECASE)
_THE = re.compile(r"^the\s+", re.IGNORECASE)
_SPELLINGS = (("organisation", "organization"), ("centre", "center"), ("programme", "program"), ("labour", "labor"))


@lru_cache(maxsize=65536)
def _fold(token: str) -> str:
    """One spelling for the variants names come in: lower case, "organization", "center",
    "program", "labor", straight apostrophes, no hyphens ("co-operation" is "cooperation")."""
    token = token.lower().replace("\u2019", "'").replace("-", "").replace("\u2010", "")
    for variant, spelling in _SPELLINGS:
        if variant in token:
            token = token.replace(variant, spelling)
    return token


@dataclass(frozen=True)
class OrganizationMatch:
    key: str | None
    acronym: str | None
    name: str  # the registry's name, or the name read for a new organization
    matched: str  # the text as it stands in the document
    start: int
    end: int
    via: str  # "acronym" | "name" | "new"


@dataclass(frozen=True)
class _Entry:
    key: str
    acronym: str | None
    name: str


def _name_forms(name: str) -> set[str]:
    """The name, without "the", with and without "Office of the", un-inverted at its comma."""
    name = " ".join(_THE.sub("", name.strip()).split())
    forms = {name}
    if _OFFICE_OF_THE.match(name):
        forms.add(_OFFICE_OF_THE.sub("", name))
    elif name.lower().startswith("united nations high commissioner"):
        forms.add(f"Office of the {name}")
    if ", " in name and "(" not in name:
        head, rest = name.split(", ", 1)
        rest = _THE.sub("", rest)
        forms.add(f"{head} of the {rest}")
        forms.add(f"{head} of {rest}")
    return {form for form in forms if len(form) >= 3}


def _trie_pattern(words: Iterable[str]) -> str:
    """A regular expression for any of a set of literal strings, built as a trie so that a few
    hundred acronyms cost little more than one."""
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict) -> str:
        branches = [re.escape(char) + build(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(trie)


_CAPITALS_RUN = re.compile(r"^[A-Z0-9&/\-]+$")


def _inside_capitals(text: str, start: int, end: int) -> bool:
    """True for "WHO" in "WOMEN WHO MIGRATE": an acronym inside a heading set in capitals."""
    neighbours = text[max(0, start - 30) : start].split()[-1:] + text[end : end + 30].split()[:1]
    neighbours = [w.strip(',.;:()"\u201c\u201d') for w in neighbours]
    return bool(neighbours) and all(len(w) >= 3 and _CAPITALS_RUN.match(w) for w in neighbours)


class OrganizationIndex:
    """Built by the caller from the registry: entries of (key, acronym, name, extra_names).

    ``match(text)`` gives the known organizations a text names (``OrganizationMatch`` spans);
    ``lookup(name_or_acronym)`` the registry entry a name or an acronym stands for.
    """

    def __init__(self, entries: Iterable[tuple[str, str, str, Iterable[str]]]):
        self._size = 0
        self._by_acronym: dict[str, _Entry] = {}
        self._by_name: dict[tuple[str, ...], _Entry] = {}
        self._exact_single: dict[str, _Entry] = {}  # one-word names match case-sensitively
        self._lengths: dict[str, set[int]] = {}  # first folded word -> name lengths in words
        heads: dict[str, list[_Entry]] = {}
        for key, acronym, name, extra_names in entries:
            self._size += 1
            entry = _Entry(key=key, acronym=acronym or None, name=name)
            if acronym:
                self._by_acronym.setdefault(acronym, entry)
            if ", " in name and "(" not in name and len(name.split(", ", 1)[0].split()) >= 2:
                heads.setdefault(name.split(", ", 1)[0], []).append(entry)
            for raw in [name, *(extra_names or ())]:
                self._add_forms(raw, entry)
        for head, owners in heads.items():
            # "Population Division" alone is DESA's when no other registry name starts so.
            if len(owners) == 1:
                self._add_forms(head, owners[0])
        self._longest_first = {first: sorted(lengths, reverse=True) for first, lengths in self._lengths.items()}
        self._acronyms = (
            re.compile(r"(?<![\w-])(?:" + _trie_pattern(self._by_acronym) + r")(?![\w-])")
            if self._by_acronym
            else None
        )

    def _add_forms(self, raw: str, entry: _Entry) -> None:
        for form in _name_forms(raw):
            words = tuple(_fold(w) for w in _TOKEN.findall(form))
            if not words:
                continue
            if len(words) == 1:
                self._exact_single.setdefault(_TOKEN.findall(form)[0], entry)
                continue
            self._by_name.setdefault(words, entry)
            self._lengths.setdefault(words[0], set()).add(len(words))

    def __len__(self) -> int:
        return self._size

    def lookup(self, text: str) -> _Entry | None:
        """The registry entry a name or an acronym stands for, or None."""
        text = _THE.sub("", text.strip())
        if text in self._by_acronym:
            return self._by_acronym[text]
        tokens = _TOKEN.findall(text)
        if len(tokens) == 1:
            return self._exact_single.get(tokens[0])
        return self._by_name.get(tuple(_fold(t) for t in tokens))

    def match(self, text: str) -> list[OrganizationMatch]:
        """Known organizations named in ``text``, in order; the longest name where names overlap."""
        found: list[OrganizationMatch] = []
        tokens = list(_TOKEN.finditer(text))
        words = [t.group(0) for t in tokens]
        resume = 0
        for i, token in enumerate(words):
            # Names start with a capital: only those tokens start a look-up.
            if i < resume or not (token[0].isupper() or token[0].isdigit()):
                continue
            hit = None
            for length in self._longest_first.get(_fold(token), ()):
                if i + length <= len(tokens):
                    entry = self._by_name.get(tuple(_fold(w) for w in words[i : i + length]))
                    if entry is not None:
                        hit = (entry, length)
                        break
            if hit is None and token in self._exact_single:
                hit = (self._exact_single[token], 1)
            if hit is None:
                continue
            entry, length = hit
            start, end = tokens[i].start(), tokens[i + length - 1].end()
            if text.count("(", start, end) > text.count(")", start, end):
                # 'Regional Conference on Migration ("Puebla Process")': take the closing quote and bracket.
                while end < len(text) and text[end] in "\"\u201d\u2019')":
                    end += 1
            found.append(OrganizationMatch(entry.key, entry.acronym, entry.name, text[start:end], start, end, "name"))
            resume = i + length
        if self._acronyms is not None:
            names = Positioned(found)  # in order, not overlapping
            for m in self._acronyms.finditer(text):
                if names.holding(m.start()) is not None or _inside_capitals(text, m.start(), m.end()):
                    continue
                entry = self._by_acronym[m.group(0)]
                found.append(
                    OrganizationMatch(entry.key, entry.acronym, entry.name, m.group(0), m.start(), m.end(), "acronym")
                )
        found.sort(key=lambda f: f.start)
        return found


# --- organizations the registry does not know ---------------------------------------------------

_ACRONYM_IN_PARENS = re.compile(r"\(\s*(?P<acronym>[A-Z][A-Za-z]{0,2}[A-Z][A-Za-z]{0,8})\s*\)")
_CAPITAL_WORD = r"(?:[A-Z][\w\u2019'\-]*|[A-Z]\.)"
_CONNECTOR = r"(?:of|on|for|and|the|in|to|de|del|des|la|le|et|y)"
_NAME_BEFORE = re.compile(rf"(?P<name>{_CAPITAL_WORD}(?:\s+(?:{_CONNECTOR}\s+){{0,3}}{_CAPITAL_WORD}){{1,11}})\s*$")
ORGANIZATION_WORDS = frozenset(
    ["organization", "organisation", "centre", "center", "institute", "institution", "office", "commission",
    "committee", "council", "fund", "programme", "program", "agency", "bank", "union", "association",
    "foundation", "group", "secretariat", "department", "division", "network", "federation", "community",
    "university", "service", "bureau", "authority", "board", "society", "league", "partnership", "alliance",
    "observatory", "academy"]
)  # fmt: skip
_LEADING_NOISE = re.compile(r"^(?:The|A|An|In|At|On|Of|For|By|With|From|During|Since|Under|Through|And|Both)\s+")
_WINDOW = 160
_NOT_ORGANIZATIONS = frozenset(
    ["Action", "Conference", "Summit", "Meeting", "Dialogue", "Workshop", "Seminar", "Symposium", "Session",
     "Declaration", "Convention", "Agreement", "Goals", "Protocol"]
)  # fmt: skip


def find_new_organizations(text: str, index: OrganizationIndex | None) -> list[OrganizationMatch]:
    """Organizations the registry does not know, shown to be organizations by the text itself."""
    found = []
    for parens in _ACRONYM_IN_PARENS.finditer(text):
        window_start = max(0, parens.start() - _WINDOW)
        before = _NAME_BEFORE.search(text, window_start, parens.start())
        if before is None:
            continue
        name = before.group("name")
        while (trimmed := _LEADING_NOISE.sub("", name)) != name:
            name = trimmed
        acronym = parens.group("acronym")
        words = name.split()
        if len(words) < 2 or not any(w.lower().strip("\u2019'") in ORGANIZATION_WORDS for w in words):
            continue
        if any(w in _NOT_ORGANIZATIONS for w in words):
            continue  # "Programme of Action of the International Conference on ... (ICPD)" is no organization
        if acronym[0] not in {w[0] for w in words if w[0].isupper()}:
            continue
        if index is not None and (index.lookup(acronym) or index.lookup(name)):
            continue
        start = before.end("name") - len(name)
        found.append(OrganizationMatch(None, acronym, name, text[start : parens.end()], start, parens.end(), "new"))
    return found
