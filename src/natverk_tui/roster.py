"""The roster: who is in the room, registered during the opening round or imported from a
list prepared before the meeting (CSV or TOML) or from the network's previous session."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from natverk_tui import persist, store
from natverk_tui.model import Participant, Sector, Session
from natverk_tui.store import FileError, Problem

FIELDS = ("name", "organisation", "role", "sector")

# What a prepared list may call a sector, compared case-insensitively.
SECTOR_WORDS: dict[str, Sector] = {
    "myndighet": Sector.MYNDIGHET,
    "authority": Sector.MYNDIGHET,
    "företag": Sector.FORETAG,
    "foretag": Sector.FORETAG,
    "company": Sector.FORETAG,
    "fack": Sector.FACK,
    "union": Sector.FACK,
    "övrigt": Sector.OVRIGT,
    "ovrigt": Sector.OVRIGT,
    "other": Sector.OVRIGT,
}

# Column names a Swedish list may use instead of the English keys.
HEADER_WORDS: dict[str, str] = {
    "namn": "name",
    "organisation": "organisation",
    "organization": "organisation",
    "roll": "role",
    "sektor": "sector",
}

# Sectors in the order the registration screen offers them on keys 1-4.
SECTOR_KEYS: tuple[Sector, ...] = (Sector.MYNDIGHET, Sector.FORETAG, Sector.FACK, Sector.OVRIGT)


def parse_sector(text: str) -> Sector | None:
    return SECTOR_WORDS.get(text.strip().lower())


def next_number(session: Session) -> int:
    return max((p.number for p in session.participants), default=0) + 1


def add(
    session: Session,
    name: str = "",
    organisation: str = "",
    role: str = "",
    sector: Sector = Sector.OVRIGT,
) -> Participant:
    """A new participant at the end of the roster, with the next free number."""
    person = Participant(
        number=next_number(session),
        name=name.strip(),
        organisation=organisation.strip(),
        role=role.strip(),
        sector=sector,
    )
    session.participants.append(person)
    return person


def extend(session: Session, people: Iterable[Participant]) -> list[Participant]:
    """Add imported people after those already there, numbered on from the highest number."""
    added = []
    for person in people:
        added.append(person.model_copy(update={"number": next_number(session)}))
        session.participants.append(added[-1])
    return added


def _find(session: Session, participant_id: str) -> Participant:
    person = session.participant(participant_id)
    if person is None:
        raise KeyError(participant_id)
    return person


def edit(session: Session, participant_id: str, **changes: Any) -> Participant:
    """Change name, organisation, role or sector; the model validates each value."""
    person = _find(session, participant_id)
    for key, value in changes.items():
        if key not in FIELDS:
            raise ValueError(f"cannot edit {key!r}")
        setattr(person, key, value.strip() if isinstance(value, str) else value)
    return person


def remove(session: Session, participant_id: str) -> None:
    """Take a person off the roster, out of every group and every round."""
    person = _find(session, participant_id)
    session.participants.remove(person)
    for groups in session.groups.values():
        for group in groups:
            if participant_id in group.members:
                group.members = [m for m in group.members if m != participant_id]
    for step_id, taken in list(session.turns.items()):
        if participant_id in taken:
            session.turns[step_id] = [m for m in taken if m != participant_id]


def set_present(session: Session, participant_id: str, present: bool) -> Participant:
    """Mark someone absent (or gone for the day), or back again."""
    person = _find(session, participant_id)
    person.present = present
    return person


def renumber(session: Session) -> None:
    """Numbers 1, 2, 3 ... in roster order, closing the gaps left by removals."""
    for number, person in enumerate(session.participants, start=1):
        person.number = number


def take_over(previous: Session) -> list[Participant]:
    """A previous session's roster for a new meeting: fresh ids, everyone present."""
    return [
        Participant(number=p.number, name=p.name, organisation=p.organisation, role=p.role,
                    sector=p.sector)
        for p in previous.participants
    ]


def import_file(path: Path) -> tuple[list[Participant], list[Problem]]:
    """Participants from a CSV or TOML list, or taken over from a session file.

    Each bad row gives a Problem and is left out; the good rows are kept. A file that
    cannot be read at all raises store.FileError."""
    if path.suffix.lower() == ".toml":
        return _from_toml(path)
    return _from_csv(path)


def _row(path: Path, line: int | None, values: dict[str, Any], number: int) -> Participant | Problem:
    texts: dict[str, str] = {}
    for key in FIELDS:
        value = values.get(key, "")
        if value is None:
            value = ""
        if not isinstance(value, str):
            return Problem(path, f"{key} should be text (got {value!r})", line, key)
        texts[key] = value.strip()
    if not texts["sector"]:
        return Problem(path, "sector is missing (myndighet, företag, fack or övrigt)", line, "sector")
    sector = parse_sector(texts["sector"])
    if sector is None:
        return Problem(
            path,
            f"unknown sector {texts['sector']!r} (myndighet, företag, fack or övrigt;"
            " or authority, company, union, other)",
            line, "sector",
        )
    return Participant(number=number, name=texts["name"], organisation=texts["organisation"],
                       role=texts["role"], sector=sector)


def _collect(path: Path, rows: Iterable[tuple[int | None, dict[str, Any]]],
             problems: list[Problem]) -> tuple[list[Participant], list[Problem]]:
    people: list[Participant] = []
    for line, values in rows:
        result = _row(path, line, values, len(people) + 1)
        if isinstance(result, Problem):
            problems.append(result)
        else:
            people.append(result)
    return people, sorted(problems, key=lambda p: p.line or 0)


def _from_toml(path: Path) -> tuple[list[Participant], list[Problem]]:
    data, text = store.read_toml(path)
    if "plan" in data:
        # A previous meeting's roster, with what its journal holds beyond its TOML.
        return take_over(persist.replay(path, data, text).session), []
    rows = data.get("participants")
    if not isinstance(rows, list):
        raise FileError([Problem(path, "expected [[participants]] tables (name, organisation,"
                                       " role, sector) or a session file")])
    problems: list[Problem] = []
    checked: list[tuple[int | None, dict[str, Any]]] = []
    for i, row in enumerate(rows):
        line = store.find_line(text, ("participants", i))
        if not isinstance(row, dict):
            problems.append(Problem(path, "a participant should be a table", line))
            continue
        unknown = sorted(set(row) - set(FIELDS) - {"number"})
        if unknown:
            problems.append(Problem(path, f"unknown key {unknown[0]!r} (expected name, organisation,"
                                          " role, sector)", line, unknown[0]))
            continue
        checked.append((line, row))
    return _collect(path, checked, problems)


def _from_csv(path: Path) -> tuple[list[Participant], list[Problem]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise FileError([Problem(path, "no such file")]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise FileError([Problem(path, f"cannot read: {exc}")]) from None
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise FileError([Problem(path, "empty: expected a header row (name, organisation, role, sector)",
                                 1)])
    # Spreadsheets saved in Swedish use semicolons.
    header_line = lines[0]
    delimiter = max(",;\t", key=header_line.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = next(reader)
    keys = [HEADER_WORDS.get(h.strip().lower(), h.strip().lower()) for h in header]
    if "sector" not in keys:
        raise FileError([Problem(path, "the header row has no sector column (expected name,"
                                       " organisation, role, sector)", 1)])
    problems = [Problem(path, f"unknown column {k!r} is ignored", 1) for k in keys if k not in FIELDS]
    rows: list[tuple[int | None, dict[str, Any]]] = []
    for cells in reader:
        line = reader.line_num
        if not any(c.strip() for c in cells):
            continue
        if len(cells) > len(keys):
            problems.append(Problem(path, f"{len(cells)} fields but the header has {len(keys)}"
                                          " (a separator inside a name? quote it)", line))
            continue
        rows.append((line, dict(zip(keys, cells, strict=False))))
    return _collect(path, rows, problems)
