"""The personal-data guard: finds what identifies a person or a firm in typed text, so the
facilitator can mask it before it is kept. Plain logic, no Textual; the meeting's inputs,
the anonymous exports, `natverk purge` and the room's moderation queue all call it.

    findings = guard.find(text, roster_names)   # list[Finding], in text order
    guard.mask(text, findings)                  # "[personnummer] ringde [namn]"
    guard.kinds(findings)                       # ["personal_number", "name"]
    guard.flags(text, roster_names)             # the same in one call: a queue item's flags

What it finds: Swedish personal identity numbers and coordination numbers (with or
without century, `-`, `+` or no separator, checked with the Luhn digit), organisation
numbers, Swedish phone numbers, e-mail addresses, vehicle registration plates, and the
names of people on the roster (either order, initials, any case or whitespace, genitive).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    """What a finding is; the room's word for it is `locale.label(kind)`."""

    PERSONAL_NUMBER = "personal_number"
    COORDINATION_NUMBER = "coordination_number"
    ORGANISATION_NUMBER = "organisation_number"
    PHONE = "phone"
    EMAIL = "email"
    PLATE = "plate"
    NAME = "name"
    # Only where asked for by name (`find_phrases`): the organisations on a roster.
    ORGANISATION = "organisation"


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing found: its kind and where it is (`text[start:end] == finding.text`)."""

    kind: Kind
    start: int
    end: int
    text: str


# Anything that may stand between two parts of a name: spaces of every kind, including the
# non-breaking space a word processor leaves behind, and line breaks.
_SPACE = r"[\s\u00a0\u2007\u202f]+"
_DASH = "-\u2010\u2011\u2012\u2013"

# Identity and organisation numbers: 10 digits, or 12 with the century; `-` (or a dash a
# word processor made of it) or `+` (the person is 100 or older) before the last four.
_ID_NUMBER = re.compile(
    r"(?<![\w+])(?P<century>1[689]|20)?(?P<date>\d{6})(?P<sep>[-\u2010\u2011\u2012\u2013+]?)"
    r"(?P<tail>\d{4})(?![\w]|[-\u2013]\d)"
)

# Swedish phone numbers. International: +46 or 0046, an optional (0), then 7-9 digits in
# groups. Domestic: an area code (08, or 0 and two or three digits), a separator, then
# groups of digits; or ten digits without separators.
_PHONE_INTL = re.compile(
    r"(?<![\w+])(?:\+|00)46[ \u00a0-]?(?:\(0\)[ \u00a0]?)?[1-9](?:[ \u00a0-]?\d){6,8}(?![\w])"
)
_PHONE_AREA = re.compile(
    r"(?<![\w+.,:/-])(?P<area>08|0[1-9]\d{1,2})(?:[ \u00a0]*[-/\u2013][ \u00a0]*|[ \u00a0])"
    r"(?P<rest>\d{2,8}(?:[ \u00a0]\d{2,4}){0,3})(?![\w]|[.,:/-]\d)"
)
_PHONE_BARE = re.compile(r"(?<![\w+.,:/-])0[1-9]\d{7,8}(?![\w]|[.,:/-]\d)")

_EMAIL = re.compile(
    r"(?<![\w.+-])[\w.+-]*\w@[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}(?![\w-])"
)

# Plates: three letters and three digits, or (since 2019) three letters, two digits and a
# letter. I, Q and V are never used, nor Å, Ä, Ö; the final letter is never O. Only upper
# case counts: that is how plates are written, and lower case would find ordinary words.
_PLATE = re.compile(
    r"(?<![\w-])(?P<letters>[A-HJ-PR-UW-Z]{3})[ \u00a0-]?(?P<tail>\d{3}|\d{2}[A-HJ-NPR-UW-Z])(?![\w])"
)
# Upper-case words and abbreviations of three plate letters that are followed by a number in
# ordinary text about the sector (currencies, laws, regulations, agencies, standards).
_NOT_PLATES = frozenset({
    "SEK", "EUR", "USD", "NOK", "DKK", "GBP", "PLN", "LAS", "LOU", "LUF", "MBL", "SFS", "AFS",
    "BBR", "PBL", "ABT", "ABK", "AMA", "ROT", "RUT", "KPI", "LSS", "SKR", "TCO", "SCB", "EBM",
    "BAS", "CPR", "PDF", "NUT", "SAB", "SNI", "ENG", "STD", "SMS", "GPS", "CAN", "KAP", "NRS",
})


def luhn_ok(digits: str) -> bool:
    """The Luhn check that closes Swedish identity and organisation numbers."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def _date_exists(years: Sequence[int], month: int, day: int) -> bool:
    """Whether the day exists in one of the candidate years (29 February needs a leap year)."""
    return 1 <= month <= 12 and day >= 1 and any(day <= calendar.monthrange(y, month)[1] for y in years)


def _id_number(match: re.Match[str]) -> Kind | None:
    """What a 10- or 12-digit number is, when its check digit holds: a personal identity
    number, a coordination number (day + 60) or an organisation number (third digit 2-9,
    optionally after "16")."""
    century, date, tail = match["century"], match["date"], match["tail"]
    if match["sep"] == "+" and century:
        return None  # "+" stands for the century; a number cannot have both
    if not luhn_ok(date + tail):
        return None
    yy, mm, dd = int(date[:2]), int(date[2:4]), int(date[4:6])
    if mm >= 20:
        return Kind.ORGANISATION_NUMBER if century in (None, "16") else None
    if century == "16":
        return None
    years = [int(century) * 100 + yy] if century else [1900 + yy, 2000 + yy]
    if dd > 60 and _date_exists(years, mm, dd - 60):
        return Kind.COORDINATION_NUMBER
    if _date_exists(years, mm, dd):
        return Kind.PERSONAL_NUMBER
    return None


def _valid_phone_digits(digits: str) -> bool:
    """A Swedish number has 8-10 digits with its leading 0; a mobile (07x) has ten."""
    if digits.startswith("07") and not digits.startswith(("0710", "0740", "0747", "0749")):
        return len(digits) == 10
    return 8 <= len(digits) <= 10


def _phones(text: str) -> Iterable[Finding]:
    for m in _PHONE_INTL.finditer(text):
        yield Finding(Kind.PHONE, m.start(), m.end(), m.group())
    for m in _PHONE_AREA.finditer(text):
        digits = re.sub(r"\D", "", m.group())
        rest = re.sub(r"\D", "", m["rest"])
        if len(rest) >= 5 and _valid_phone_digits(digits):
            yield Finding(Kind.PHONE, m.start(), m.end(), m.group())
    for m in _PHONE_BARE.finditer(text):
        if _valid_phone_digits(m.group()):
            yield Finding(Kind.PHONE, m.start(), m.end(), m.group())


def _numbers(text: str) -> Iterable[Finding]:
    for m in _ID_NUMBER.finditer(text):
        kind = _id_number(m)
        if kind is not None:
            yield Finding(kind, m.start(), m.end(), m.group())


def _emails(text: str) -> Iterable[Finding]:
    for m in _EMAIL.finditer(text):
        yield Finding(Kind.EMAIL, m.start(), m.end(), m.group())


def _plates(text: str) -> Iterable[Finding]:
    for m in _PLATE.finditer(text):
        if m["letters"] not in _NOT_PLATES:
            yield Finding(Kind.PLATE, m.start(), m.end(), m.group())


# Names ----------------------------------------------------------------------------------

_GENITIVE = r"(?:s|['’]s?)?"


def name_parts(name: str) -> list[str]:
    """The words of a roster name, whatever spaces were typed between them."""
    return [part for part in re.split(_SPACE, name.strip()) if part.strip(".,")]


def _token(word: str) -> str:
    """A name word in a pattern: hyphenated names may be written with any dash."""
    return f"[{_DASH}]".join(re.escape(piece) for piece in word.split("-"))


def _initials(given: Sequence[str]) -> str:
    """"A.", "A", "A.-K." or "A-K": the initials of the given names."""
    parts = []
    for word in given:
        letters = [piece[:1] for piece in word.split("-") if piece]
        parts.append(f"[.]?[{_DASH}]?".join(re.escape(letter) for letter in letters) + r"\.?")
    return r"[\s\u00a0]*".join(parts)


def _case_forms(word: str) -> str:
    """A single word matched only as a name is written: as given, capitalised or in capitals."""
    forms = {word, word[:1].upper() + word[1:], word.upper()}
    return "|".join(_token(form) for form in sorted(forms, key=len, reverse=True))


@dataclass(frozen=True, slots=True)
class _NamePattern:
    loose: re.Pattern[str]  # full forms, any case
    strict: re.Pattern[str] | None  # the surname alone, as a name is written


def _name_pattern(name: str) -> _NamePattern | None:
    parts = name_parts(name)
    if not parts:
        return None
    end = rf"{_GENITIVE}(?![\w])"
    start = r"(?<![\w])"
    if len(parts) == 1:
        # A name of one word is found only written as a name (capitalised), so that "Bo"
        # on the roster does not find "bo" in "bo på arbetsplatsen".
        alone = re.compile(rf"{start}(?:{_case_forms(parts[0])}){end}")
        return _NamePattern(alone, None)
    given, surname = parts[:-1], parts[-1]
    sep = _SPACE
    # Written in order, the words may also run together ("AnnaAndersson", from a space an
    # input dropped): both parts must be there, so that finds no ordinary word.
    glued = r"[\s\u00a0\u2007\u202f]*"
    full = glued.join(_token(p) for p in parts)
    first_last = f"{_token(given[0])}{glued}{_token(surname)}"
    reversed_ = rf"{_token(surname)}(?:{sep}|[\s\u00a0]*,[\s\u00a0]*){sep.join(_token(p) for p in given)}"
    reversed_first = rf"{_token(surname)}(?:{sep}|[\s\u00a0]*,[\s\u00a0]*){_token(given[0])}"
    # After an initial, a full stop or a space (or both) before the surname.
    gap = r"(?:(?<=\.)[\s\u00a0]*|[\s\u00a0]+)"
    initials = rf"{_initials(given)}{gap}{_token(surname)}"
    initial = rf"{_initials(given[:1])}{gap}{_token(surname)}"
    forms = [full, first_last, initials, initial]
    loose = re.compile(
        rf"{start}(?:(?:{'|'.join(forms)}){end}|(?:{reversed_}|{reversed_first}){end})",
        re.IGNORECASE,
    )
    strict = re.compile(rf"{start}(?:{_case_forms(surname)}){end}") if len(surname) >= 3 else None
    return _NamePattern(loose, strict)


class Roster:
    """The names to look for, compiled once (a meeting asks many times with one roster)."""

    def __init__(self, names: Iterable[str]) -> None:
        self.names = tuple(n for n in dict.fromkeys(" ".join(name_parts(n)) for n in names) if n)
        self._patterns = [p for p in (_name_pattern(n) for n in self.names) if p is not None]

    def find(self, text: str) -> Iterable[Finding]:
        for pattern in self._patterns:
            for m in pattern.loose.finditer(text):
                yield Finding(Kind.NAME, m.start(), m.end(), m.group())
            if pattern.strict is not None:
                for m in pattern.strict.finditer(text):
                    yield Finding(Kind.NAME, m.start(), m.end(), m.group())

    def which(self, text: str) -> str | None:
        """The roster name a found text stands for (the first that matches it whole)."""
        for name, pattern in zip(self.names, self._patterns, strict=True):
            for regex in (pattern.loose, pattern.strict):
                if regex is not None and regex.fullmatch(text):
                    return name
        return None


_roster_cache: dict[tuple[str, ...], Roster] = {}


def roster(names: Iterable[str]) -> Roster:
    """A compiled roster, reused while the names stay the same."""
    key = tuple(names)
    if key not in _roster_cache:
        if len(_roster_cache) > 32:
            _roster_cache.clear()
        _roster_cache[key] = Roster(key)
    return _roster_cache[key]


# The guard's API --------------------------------------------------------------------------

# When two findings overlap, the longer one wins; on equal length, this order.
_PRIORITY = (Kind.EMAIL, Kind.PERSONAL_NUMBER, Kind.COORDINATION_NUMBER, Kind.ORGANISATION_NUMBER,
             Kind.PHONE, Kind.NAME, Kind.PLATE)


def find(text: str, roster_names: Iterable[str] | Roster = ()) -> list[Finding]:
    """Everything in `text` that identifies a person or firm, in text order, not overlapping.
    `roster_names` are the names of the people on the meeting's roster (or a `Roster`)."""
    names = roster_names if isinstance(roster_names, Roster) else roster(roster_names)
    found = [*_emails(text), *_numbers(text), *_phones(text), *names.find(text), *_plates(text)]
    found.sort(key=lambda f: (-(f.end - f.start), _PRIORITY.index(f.kind), f.start))
    kept: list[Finding] = []
    for f in found:
        if all(f.end <= k.start or f.start >= k.end for k in kept):
            kept.append(f)
    return sorted(kept, key=lambda f: f.start)


def mask(text: str, findings: Iterable[Finding], labels: dict[Kind, str] | None = None) -> str:
    """The text with each finding replaced by `[its kind]` in the room's words
    (`[personnummer]`, `[namn]` …), or by `labels[kind]` where given."""
    out = text
    for f in sorted(findings, key=lambda f: f.start, reverse=True):
        out = out[:f.start] + (labels or {}).get(f.kind, f"[{kind_label(f.kind)}]") + out[f.end:]
    return out


def kinds(findings: Iterable[Finding]) -> list[str]:
    """The kinds found, each once, in the order first found: what a queue item's `flags` hold."""
    return list(dict.fromkeys(f.kind.value for f in findings))


def kind_label(kind: Kind) -> str:
    from natverk_tui.locale import label

    return label(kind)


def find_phrases(text: str, phrases: Iterable[str], kind: Kind = Kind.ORGANISATION) -> list[Finding]:
    """Where any of `phrases` (an organisation's name, say) stands in `text` as whole words,
    in any case or spacing, also in the genitive; longest first where they overlap."""
    found: list[Finding] = []
    for phrase in sorted({" ".join(name_parts(p)) for p in phrases if len(p.strip()) > 1}, key=len,
                         reverse=True):
        pattern = re.compile(
            rf"(?<![\w]){_SPACE.join(_token(w) for w in phrase.split(' '))}{_GENITIVE}(?![\w])",
            re.IGNORECASE)
        for m in pattern.finditer(text):
            if all(m.end() <= f.start or m.start() >= f.end for f in found):
                found.append(Finding(kind, m.start(), m.end(), m.group()))
    return sorted(found, key=lambda f: f.start)


def flags(text: str, roster_names: Iterable[str] | Roster = ()) -> list[str]:
    """What a queue item's `flags` hold: the kinds found in `text`, each once, in text order
    (`[]` when nothing was found)."""
    return kinds(find(text, roster_names))
