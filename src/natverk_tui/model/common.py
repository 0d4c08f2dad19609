"""Shared vocabulary of the model: sectors, work forms, step kinds and ids."""

from __future__ import annotations

import datetime as dt
import uuid
from enum import StrEnum
from typing import Annotated, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict

from natverk_tui.text import safe

T = TypeVar("T")

# Programmes and themes.
SCHEMA_VERSION = 1
# Sessions: 2 stores an action's history as facts (kind and values), not as words.
SESSION_SCHEMA_VERSION = 2


# Dates the app can add hours and days to without overflowing, and that a meeting can have.
FIRST_YEAR = 1970
LAST_YEAR = 2200
ZONED = "a time with a zone or offset; write local time without one"


def _local(value: T) -> T:
    """The room's wall-clock time: no zone (the app subtracts times from its own clock),
    and a year it can compute with. Applies to a time read from a string as well."""
    if getattr(value, "tzinfo", None) is not None:
        raise ValueError(ZONED)
    year = getattr(value, "year", None)
    if year is not None and not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(f"year {year} is outside {FIRST_YEAR}-{LAST_YEAR}")
    return value


LocalTime = Annotated[dt.time, AfterValidator(_local)]
LocalDateTime = Annotated[dt.datetime, AfterValidator(_local)]
LocalDate = Annotated[dt.date, AfterValidator(_local)]

# No text a person types or a guide holds comes near this; it keeps a crafted file from
# taking the screen minutes to lay out. A file with a longer text is refused on reading
# (model.invariants); a longer paste is cut here, so every saved session reads back.
MAX_TEXT = 50_000


def _text(value: str) -> str:
    return safe(value)[:MAX_TEXT]


# Every text of a file model: what a file or a person puts in it is safe for the terminal
# (control characters shown as symbols) on reading, on construction and on assignment.
Text = Annotated[str, AfterValidator(_text)]


class Strict(BaseModel):
    """Base for every file model: unknown keys are errors, so typos are caught."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class Sector(StrEnum):
    """The three sectors of the room, and the rest (municipalities, clients, researchers)."""

    MYNDIGHET = "myndighet"
    FORETAG = "företag"
    FACK = "fack"
    OVRIGT = "övrigt"


class WorkForm(StrEnum):
    INDIVIDUAL = "individuellt"
    PAIRS = "par"
    MIXED_GROUPS = "mixade_grupper"
    WHOLE_GROUP = "helgrupp"


class StepKind(StrEnum):
    INFO = "info"
    ROUND = "round"
    EXPECTATIONS = "expectations"
    DISCUSSION = "discussion"
    VOTE = "vote"
    ACTIONS = "actions"
    FOLLOWUP = "followup"
    REFLECTION = "reflection"
    MEDIA = "media"
    BREAK = "break"
    # Opens a follow-up meeting: the previous meeting's open actions, one at a time.
    ACTION_REVIEW = "action_review"


class LocatedError(ValueError):
    """A fault in a part of the document below the model that finds it; `loc` is the path
    from that model down (as pydantic writes paths), so the file's line can be shown."""

    def __init__(self, message: str, loc: tuple[int | str, ...] = ()) -> None:
        super().__init__(message)
        self.loc = loc


class LocatedErrors(ValueError):
    """Several located faults found in one pass, so a file's problems come all at once."""

    def __init__(self, errors: list[LocatedError]) -> None:
        super().__init__("; ".join(str(e) for e in errors))
        self.errors = errors


def new_id(prefix: str) -> str:
    """A short random id; prefixes make ids in a session file readable."""
    return f"{prefix}-{uuid.uuid4().hex[:8]}"
