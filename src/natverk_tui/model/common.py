"""Shared vocabulary of the model: sectors, work forms, step kinds and ids."""

from __future__ import annotations

import uuid
from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict

from natverk_tui.text import safe

SCHEMA_VERSION = 1


# Every text of a file model: what a file or a person puts in it is safe for the terminal
# (control characters shown as symbols) on reading, on construction and on assignment.
Text = Annotated[str, AfterValidator(safe)]


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
