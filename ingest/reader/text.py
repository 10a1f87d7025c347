"""Text repairs: page furniture, OCR damage, hyphenation, footnote markers, sentences.

Rules, in the order ``clean_lines`` and ``clean_paragraph_text`` apply them:

- Characters: form feeds become page breaks (blank lines), no-break and other typographic spaces
  spaces, soft hyphens and zero-width characters go (a soft hyphen at a line end joins the word);
  typographic hyphens (U+2010 hyphen, U+2011 non-breaking hyphen, U+2012 figure dash, U+2212 minus)
  become "-", and so does an en or em dash between a figure and a figure or a capital ("S\u201321/2",
  "15\u201316 October", "E/1997/25\u2013E/CN.9/1997/11"), so that symbols, numbers and ranges are read; a dash between
  words ("Project\u2014Investigation", "in 2004\u2014the year") stays a dash.
- Page furniture: a line that holds nothing but a document symbol ("A/59/325", also after
  "United Nations"), a job number ("04-48297", "08-45678 **9**"), a page number ("2", "**9**",
  "Page 3", "- 3 -") or a rule ("_____") is removed.
- OCR: a capital "Y" split from the rest of its word ("New Y ork", "Y et") is rejoined: "Y" is
  never an English word on its own.
- Words broken at a hyphen, at a line end ("migra-\\ntion") or by OCR inside a line ("Gen- eral",
  "Secretary- General", "sixty- third"): the hyphen is kept when the second part starts with a
  capital ("Secretary-General"), when the hyphenated form occurs elsewhere in the document, or,
  failing that and the joined form not occurring either, when the first part is a known
  compound prefix ("high-level", "follow-up", "non-binding", the tens of ordinals "sixty-third");
  otherwise the parts are joined ("migration", "General"). "senior- and middle-level" keeps its
  hanging hyphen.
- Footnote markers: superscript digits, "^{*}" markers, "1/" markers and digits glued after a
  word and its punctuation ("Development.12", "(A/59/325)3", "development"3") are removed;
  abbreviations with numbers ("Rev.1", "Add.1", "No.4"), sales numbers ("E.04.XIII.3"),
  symbols, resolution numbers and years are kept.
"""

from __future__ import annotations

import re
import unicodedata

from .references import SYMBOL

# --- characters ---------------------------------------------------------------------------------

_SOFT_HYPHEN_AT_LINE_END = re.compile("\u00ad[ \t]*\n[ \t]*")
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_SPACES = re.compile("[\u00a0\u2000-\u200a\u202f\u205f\u3000]")
# Hyphen, non-breaking hyphen, figure dash, minus sign, small and full-width hyphen-minus.
_HYPHENS = re.compile("[\u2010\u2011\u2012\u2212\ufe63\uff0d]")
# An en or em dash between a figure and a figure or a capital is a hyphen: "S\u201321/2", "15\u201316 October",
# "E/1997/25\u2013E/CN.9/1997/11"; between words ("Project\u2014Investigation", "in 2004\u2014the year") it is a dash.
_DASH_AS_HYPHEN = re.compile("(?<=[0-9])[\u2013\u2014](?=[0-9A-Z])|(?<=[A-Z])[\u2013\u2014](?=[0-9])")


def normalize(text: str) -> str:
    """Unicode NFC, Unix line ends, page breaks as blank lines, one kind of space and of hyphen."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n\n")
    if "\u00ad" in text:
        text = _SOFT_HYPHEN_AT_LINE_END.sub("", text)  # "migra\u00ad" / "tion" is one word
    text = _HYPHENS.sub("-", _INVISIBLE.sub("", text))
    if "\u2013" in text or "\u2014" in text:
        text = _DASH_AS_HYPHEN.sub("-", text)
    return _SPACES.sub(" ", text)


# --- page furniture -----------------------------------------------------------------------------

_FURNITURE = re.compile(
    rf"""^\s*(?:
        (?:United\s+Nations\s+)?{SYMBOL}                    # a running header: the symbol alone
      | \**\d{{1,3}}\**\s+\d{{2}}-\d{{5}}(?:\s*\([A-Z]\))?     # "2 04-48297"
      | \d{{2}}-\d{{5}}(?:\s*\([A-Z]\))?(?:\s+\**\d{{1,3}}\**)? # "04-48297", "08-45678 **9**"
      | (?:Page\s+)?\**\d{{1,3}}\**                          # "2", "**9**", "Page 3"
      | -\s*\d{{1,3}}\s*-                                    # "- 3 -"
      | [_=\-\u2013\u2014.·\s]{{4,}}                           # rules
    )\s*$""",
    re.VERBOSE,
)


def is_page_furniture(line: str) -> bool:
    return bool(line.strip()) and _FURNITURE.match(line) is not None


# --- OCR and hyphenation ------------------------------------------------------------------------

_SPLIT_Y = re.compile(r"\bY (?=[a-z]{2,})")
# From a word's start only: tried inside a long run of letters, it would rescan the run (quadratic).
_BROKEN_WORD = re.compile(r"(?<![A-Za-z])(?P<left>[A-Za-z]+)-(?P<gap>[ \t]*\n[ \t]*|[ \t]+)(?P<right>[A-Za-z]+)")
_BROKEN_NUMBER = re.compile(r"(?<=\d)-[ \t]*\n[ \t]*(?=\d)")
_TOKENS = re.compile(r"[a-z]+(?:-[a-z]+)*")
HANGING = frozenset({"and", "or", "nor", "to", "as"})
COMPOUND_PREFIXES = frozenset(
    ["high", "low", "non", "co", "self", "well", "long", "short", "cross", "multi", "follow", "mid", "post", "pre",
    "semi", "anti", "ex", "full", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "decision", "policy", "middle",
    "inter", "intra", "macro", "micro", "socio", "e", "sub", "time", "year", "day", "week"]
)  # fmt: skip


def repair_ocr(text: str) -> str:
    """Rejoin "New Y ork" and words broken at a hyphen (see the module docstring)."""
    text = _SPLIT_Y.sub("Y", text)
    text = _BROKEN_NUMBER.sub("-", text)
    if "-" not in text:
        return text
    vocabulary: set[str] | None = None

    def rejoin(m: re.Match[str]) -> str:
        nonlocal vocabulary
        left, gap, right = m.group("left"), m.group("gap"), m.group("right")
        line_break = "\n" in gap
        if right.lower() in HANGING and right.islower():
            return f"{left}- {right}"
        if not line_break and not right.islower():
            # "Secretary- General" is OCR damage; "A- B" otherwise is left as written.
            return f"{left}-{right}" if right[0].isupper() else m.group(0)
        if right[0].isupper():
            return f"{left}-{right}"
        if vocabulary is None:
            vocabulary = set(_TOKENS.findall(text.lower()))
        hyphenated, joined = f"{left}-{right}".lower(), f"{left}{right}".lower()
        if hyphenated in vocabulary:
            return f"{left}-{right}"
        if joined in vocabulary or left.lower() not in COMPOUND_PREFIXES:
            return f"{left}{right}"
        return f"{left}-{right}"

    return _BROKEN_WORD.sub(rejoin, text)


# --- footnote markers ---------------------------------------------------------------------------

_SUPERSCRIPTS = "¹²³⁴⁵⁶⁷⁸⁹⁰"
_SUPERSCRIPT_RUN = re.compile(rf"\s?[{_SUPERSCRIPTS}]+")
_BRACED_MARKER = re.compile(r"\s?\^\{[^}]{0,6}\}")
_SLASH_MARKER = re.compile(r"(?<=[A-Za-z.,;:)\]\u201d\"\u2019])\s?\b\d{1,2}/(?=\s|$)")
_MARKER_DIGITS = re.compile(r"(?<=[A-Za-z.,;:)\]\u201d\"\u2019])\d{1,2}(?=[\s.,;:)]|$)")
_AFTER_WORD = ".,;:"
_AFTER_CLOSE = ')]\u201d"\u2019'
NUMBERED_ABBREVIATIONS = frozenset(
    ["rev", "add", "corr", "no", "nos", "para", "paras", "vol", "art", "arts", "chap", "sect", "p", "pp", "fig",
    "part", "suppl", "annex", "amend", "mode"]
)  # fmt: skip
_EMPHASIS = re.compile(r"\*+")
_SPACE_RUN = re.compile(r"[ \t]+")
_SPACE_BEFORE_PUNCT = re.compile(r" +(?=[,;:.](?:\s|$))")


def _drop_marker(m: re.Match[str]) -> str:
    """Digits glued after a word and its punctuation are a footnote marker, unless the word is an
    abbreviation that takes a number ("Rev.1"), or is not a lower-case word ("E.04.XIII.3")."""
    text, start = m.string, m.start()
    before = text[start - 1]
    if before in _AFTER_CLOSE:
        return ""  # "(A/59/325)3", "development"3"
    end_of_word = start - 1 if before in _AFTER_WORD else start
    word_start = end_of_word
    while word_start > 0 and text[word_start - 1].isalpha():
        word_start -= 1
    word = text[word_start:end_of_word]
    if not word or not word[-1].islower() or word.lower() in NUMBERED_ABBREVIATIONS:
        return m.group(0)
    if end_of_word == start and len(word) < 3:
        return m.group(0)
    return ""


_SUPERSCRIPT_SET = frozenset(_SUPERSCRIPTS)


def remove_footnote_markers(text: str) -> str:
    # The cheap membership tests spare most paragraphs most of the scans.
    if "^{" in text:
        text = _BRACED_MARKER.sub("", text)
    if not _SUPERSCRIPT_SET.isdisjoint(text):
        text = _SUPERSCRIPT_RUN.sub("", text)
    if "/" in text:
        text = _SLASH_MARKER.sub("", text)
    return _MARKER_DIGITS.sub(_drop_marker, text)


def clean_paragraph_text(text: str) -> str:
    """One paragraph's lines joined into one line, markers and emphasis removed."""
    text = remove_footnote_markers(text)
    if "*" in text:
        text = _EMPHASIS.sub("", text)
    text = " ".join(line.strip() for line in text.split("\n") if line.strip())
    if "  " in text or "\t" in text:
        text = _SPACE_RUN.sub(" ", text)
    return _SPACE_BEFORE_PUNCT.sub("", text).strip()


# --- sentences ----------------------------------------------------------------------------------

_SENTENCE_END = re.compile(r"[.!?][\"\u201d\u2019)]*\s+(?=[\"\u201c\u2018(]?[A-Z0-9])")
_ABBREVIATIONS = frozenset(
    ["mr", "mrs", "ms", "dr", "prof", "no", "nos", "st", "para", "paras", "chap", "sect", "vol", "art", "arts",
    "rev", "add", "corr", "fig", "p", "pp", "e.g", "i.e", "etc", "cf", "ibid", "inc", "co", "ltd", "jr", "sr",
    "vs", "op", "sales", "supp", "suppl", "u.s", "u.k"]
)  # fmt: skip
_LAST_WORD = re.compile(r"([A-Za-z][A-Za-z.]*)$")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence; abbreviations and initials ("Robert E. B. Lucas") do not end one."""
    spans = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        if text[m.start()] == ".":
            word = _LAST_WORD.search(text, max(0, m.start() - 40), m.start())
            if word:
                token = word.group(1)
                if token.lower().rstrip(".") in _ABBREVIATIONS or (len(token) == 1 and token.isupper()):
                    continue
        spans.append((start, m.start() + 1))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans
