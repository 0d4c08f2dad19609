"""The roster: who is in the room, registered during the opening round or imported from a
list prepared before the meeting (CSV or TOML) or from the network's previous session."""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from natverk_tui import persist, store
from natverk_tui.locale import LANGUAGES, t
from natverk_tui.model import Participant, Sector, Session
from natverk_tui.store import FileError, Problem
from natverk_tui.text import safe

FIELDS = ("name", "organisation", "role", "sector")

# What a prepared list may call a sector, compared case-insensitively. Beyond the four
# names, the words offices write in a "Sektor" column. Following DOMAIN.md, a state
# authority is "myndighet" (a county board, länsstyrelse, included), while municipalities
# and regions, clients and researchers are "övrigt". Employers and contractors are
# "företag"; unions, Byggnads (the construction workers' union) among them, are "fack".
# A word not listed is refused rather than guessed.
SECTOR_WORDS: dict[str, Sector] = {
    **dict.fromkeys(["myndighet", "myndigheter", "authority", "authorities", "agency",
                     "government", "statlig myndighet", "länsstyrelse", "länsstyrelsen"],
                    Sector.MYNDIGHET),
    **dict.fromkeys(["företag", "foretag", "företagen", "bolag", "arbetsgivare",
                     "arbetsgivarorganisation", "entreprenör", "entreprenörer", "byggföretag",
                     "näringsliv", "company", "companies", "business", "employer",
                     "contractor"], Sector.FORETAG),
    **dict.fromkeys(["fack", "facket", "fackförbund", "fackförening", "fackligt", "byggnads",
                     "arbetstagarorganisation", "union", "trade union"], Sector.FACK),
    **dict.fromkeys(["övrigt", "ovrigt", "övriga", "annat", "annan", "kommun", "kommunen",
                     "region", "regionen", "beställare", "forskare", "forskning", "akademi",
                     "other", "municipality", "client", "researcher"], Sector.OVRIGT),
}

# Column names, Swedish or English, compared case-insensitively. First and last name
# columns are joined into the name.
HEADER_WORDS: dict[str, str] = {
    **dict.fromkeys(["name", "namn", "fullständigt namn", "full name", "deltagare"], "name"),
    **dict.fromkeys(["förnamn", "fornamn", "first name", "firstname", "given name"], "first"),
    **dict.fromkeys(["efternamn", "last name", "lastname", "surname", "family name"], "last"),
    **dict.fromkeys(["organisation", "organization", "org", "arbetsgivare", "employer"],
                    "organisation"),
    **dict.fromkeys(["roll", "role", "titel", "title", "befattning"], "role"),
    **dict.fromkeys(["sektor", "sector"], "sector"),
}

# Sectors in the order the registration screen offers them on keys 1-4.
SECTOR_KEYS: tuple[Sector, ...] = (Sector.MYNDIGHET, Sector.FORETAG, Sector.FACK, Sector.OVRIGT)


def parse_sector(text: str) -> Sector | None:
    return SECTOR_WORDS.get(" ".join(text.casefold().split()).strip(".:"))


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
    """Participants from a CSV, Excel (.xlsx) or TOML list, or taken over from a session file.

    Each bad row gives a Problem and is left out; the good rows are kept (a row without a
    sector is kept as övrigt, with a Problem saying so). A file that cannot be read at all
    raises store.FileError."""
    suffix = path.suffix.lower()
    if suffix == ".toml":
        return _from_toml(path)
    if suffix in (".xlsx", ".xlsm"):
        return _from_table(path, _xlsx_rows(path))
    return _from_table(path, _csv_rows(path))


@dataclass(frozen=True)
class ImportReport:
    """What an import from a prepared list did, for the participants screen: how many came
    in, and each row left out or read with a guess, by line."""

    source: Path
    imported: int
    problems: tuple[Problem, ...]

    @property
    def refused(self) -> list[Problem]:
        return [p for p in self.problems if is_refusal(p)]


@dataclass(frozen=True)
class RowProblem(Problem):
    """A problem with one row of a prepared list. Its message is English, as every file
    message on the command line is; the participants screen shows it in the room's language."""

    key: str = ""
    values: tuple[tuple[str, str], ...] = ()

    def localized(self) -> str:
        return t(self.key, **dict(self.values))


# Problems that only say how a row was read: the row is kept.
NOTES = ("roster.no_sector", "roster.unknown_column")


def row_problem(path: Path, line: int | None, reason: str, field: str = "",
                **values: object) -> RowProblem:
    """A row's problem by its locale key `reason`; the message is the English text."""
    texts = {name: str(value) for name, value in values.items()}
    message = LANGUAGES["en"][reason].format(**texts)
    return RowProblem(path, message, line, field, reason, tuple(texts.items()))


def _row(path: Path, line: int | None, values: dict[str, Any], number: int,
         problems: list[Problem]) -> Participant | None:
    texts: dict[str, str] = {}
    for key in FIELDS:
        value = values.get(key, "")
        if value is None:
            value = ""
        if not isinstance(value, str):
            problems.append(row_problem(path, line, "roster.not_text", key, key=key, value=repr(value)))
            return None
        texts[key] = value.strip()
    if not texts["name"] and not texts["organisation"]:
        problems.append(row_problem(path, line, "roster.nobody"))
        return None
    sector = parse_sector(texts["sector"]) if texts["sector"] else Sector.OVRIGT
    if sector is None:
        problems.append(row_problem(path, line, "roster.unknown_sector", "sector",
                                    sector=repr(texts["sector"])))
        return None
    if not texts["sector"]:
        problems.append(row_problem(path, line, "roster.no_sector", "sector"))
    return Participant(number=number, name=texts["name"], organisation=texts["organisation"],
                       role=texts["role"], sector=sector)


def is_refusal(problem: Problem) -> bool:
    """Whether a problem left a row out (the others only say how a row was read)."""
    return not (isinstance(problem, RowProblem) and problem.key in NOTES)


def describe(problem: Problem) -> str:
    """A problem in the room's language where there is a translation."""
    return problem.localized() if isinstance(problem, RowProblem) else problem.message


def _collect(path: Path, rows: Iterable[tuple[int | None, dict[str, Any]]],
             problems: list[Problem]) -> tuple[list[Participant], list[Problem]]:
    people: list[Participant] = []
    for line, values in rows:
        person = _row(path, line, values, len(people) + 1, problems)
        if person is not None:
            people.append(person)
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
    where = store.toml_lines(text)
    for i, row in enumerate(rows):
        line = where.get(("participants", i))
        if not isinstance(row, dict):
            problems.append(row_problem(path, line, "roster.not_table"))
            continue
        unknown = sorted(set(row) - set(FIELDS) - {"number"})
        if unknown:
            problems.append(row_problem(path, line, "roster.unknown_key", unknown[0], key=repr(unknown[0])))
            continue
        checked.append((line, {k: safe(v) if isinstance(v, str) else v for k, v in row.items()}))
    return _collect(path, checked, problems)


def decode(path: Path, raw: bytes) -> str:
    """The text of a list saved by an office program: UTF-8 with or without a BOM, UTF-16
    with its BOM (Excel's "Unicode text"), or else Windows-1252 (Excel's "CSV" in Sweden)."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise FileError([Problem(path, f"cannot read: not UTF-16 text ({exc.reason})")]) from None
    if b"\x00" in raw:
        raise FileError([Problem(path, "cannot read: not a text file (it holds NUL bytes)")])
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise FileError([Problem(path, "cannot read: neither UTF-8 nor Windows-1252 text")])


def _csv_rows(path: Path) -> list[tuple[int, list[str]]]:
    text = decode(path, store.read_bytes(path))
    lines = text.splitlines()
    first = next((line for line in lines if line.strip()), "")
    if not first:
        raise FileError([Problem(path, "empty: expected a header row (name, organisation, role,"
                                       " sector)", 1)])
    # Excel in Sweden separates with semicolons, elsewhere with commas; "Unicode text" with tabs.
    delimiter = max(";,\t", key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = []
    try:
        for cells in reader:
            rows.append((reader.line_num, cells))
    except csv.Error as exc:
        raise FileError([Problem(path, f"cannot read as CSV: {exc}", reader.line_num)]) from None
    return rows


def _xlsx_rows(path: Path) -> list[tuple[int, list[str]]]:
    """The first sheet of a workbook, each row's cells as text."""
    raw = store.read_bytes(path)
    try:
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
        try:
            sheet = book.worksheets[0]
            rows = []
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                rows.append((number, [_cell(v) for v in values]))
                if number > MAX_ROWS:
                    break
        finally:
            book.close()
    except Exception as exc:
        raise FileError([Problem(path, f"cannot read as an Excel workbook: {type(exc).__name__}"
                                       f" {exc}".rstrip())]) from None
    return rows


MAX_ROWS = 10_000


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _from_table(path: Path, rows: list[tuple[int, list[str]]]) -> tuple[list[Participant], list[Problem]]:
    """Rows of a CSV file or a sheet: a header row, then one person per row; blank rows skipped."""
    rows = [(line, [safe(c) for c in cells]) for line, cells in rows if any(c.strip() for c in cells)]
    if not rows:
        raise FileError([Problem(path, "empty: expected a header row (name, organisation, role,"
                                       " sector)", 1)])
    header_line, header = rows[0]
    keys = [HEADER_WORDS.get(" ".join(h.casefold().split()), h.strip().casefold()) for h in header]
    if "sector" not in keys:
        raise FileError([Problem(path, "the header row has no sector column (expected name,"
                                       " organisation, role, sector; or namn/förnamn, efternamn,"
                                       " organisation, roll, sektor)", header_line)])
    known = {*FIELDS, "first", "last"}
    problems: list[Problem] = [row_problem(path, header_line, "roster.unknown_column", column=repr(k))
                               for k in keys if k and k not in known]
    people: list[tuple[int | None, dict[str, Any]]] = []
    for line, cells in rows[1:]:
        extra = cells[len(keys):]
        if any(c.strip() for c in extra):
            problems.append(row_problem(path, line, "roster.too_many", cells=len(cells), header=len(keys)))
            continue
        values: dict[str, Any] = {}
        for key, cell in zip(keys, cells, strict=False):
            if key in known:
                values[key] = cell.strip()
        if "name" not in keys:
            values["name"] = " ".join(v for v in (values.pop("first", ""), values.pop("last", "")) if v)
        people.append((line, values))
    return _collect(path, people, problems)
