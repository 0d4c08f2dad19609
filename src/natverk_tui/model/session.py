"""A session: one meeting as it runs, saved as TOML and reopened for the follow-up."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated

from pydantic import Field, model_validator

from natverk_tui.model.common import (
    SESSION_SCHEMA_VERSION,
    LocalDate,
    LocalDateTime,
    LocatedError,
    Sector,
    Strict,
    Text,
    new_id,
)
from natverk_tui.model.programme import Plan, Programme
from natverk_tui.model.theme import ThemeLibrary


def now() -> dt.datetime:
    """Local wall-clock time to the second: what the room's clock shows."""
    return dt.datetime.now().replace(microsecond=0)


class Participant(Strict):
    """A person in the room. A name is optional: sector and a number are enough."""

    id: Text = Field(default_factory=lambda: new_id("p"))
    number: Annotated[int, Field(ge=0)] = 0
    name: Text = ""
    organisation: Text = ""
    role: Text = ""
    sector: Sector = Sector.OVRIGT
    present: bool = True

    def label(self, with_names: bool = True) -> str:
        if with_names and self.name:
            return self.name
        from natverk_tui.locale import label

        return f"#{self.number} ({label(self.sector)})"


class Contribution(Strict):
    id: Text = Field(default_factory=lambda: new_id("c"))
    step: Text
    text: Text
    created: LocalDateTime = Field(default_factory=now)
    participant: Text | None = None
    group: Text | None = None
    sector: Sector | None = None
    # Ids of contributions merged into this one (they are removed from the list).
    merged: list[Text] = Field(default_factory=list)


class Ballot(Strict):
    """One person's dots. `voter` is kept only when the session attributes votes."""

    voter: Text | None = None
    dots: list[Text] = Field(default_factory=list)


class Vote(Strict):
    """The dot vote of one step: ballots, paper counts, and who has voted."""

    step: Text
    ballots: list[Ballot] = Field(default_factory=list)
    voted: list[Text] = Field(default_factory=list)
    # Counts per candidate recorded from stickers on paper.
    paper: dict[Text, Annotated[int, Field(ge=0)]] = Field(default_factory=dict)
    revealed: bool = False
    # Ballots sent from phones in the room: as anonymous as `ballots` without names, one per
    # phone (a phone may replace its own). Kept apart so the facilitator's undo never drops them.
    room: list[Ballot] = Field(default_factory=list)


class ActionStatus(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DROPPED = "dropped"


class EventKind(StrEnum):
    """What an entry in an action's history records."""

    STATUS = "status"  # old, new: status values
    OWNER = "owner"  # old, new: owners ("" = none)
    DUE = "due"  # old, new: ISO dates ("" = none)
    NOTE = "note"  # new: the note
    DECIDED = "decided"  # new: the room's decision on a carried action (followup.Decision)
    CARRIED = "carried"  # meeting, title, date: the meeting it was carried over from
    TEXT = "text"  # new: words from an old file that could not be read as one of the above


class ActionEvent(Strict):
    """One dated change of an action, stored as facts and put into words when shown, in
    the language of the screen (followup.describe)."""

    at: LocalDateTime = Field(default_factory=now)
    kind: EventKind
    old: Text = ""
    new: Text = ""
    meeting: Text = ""
    title: Text = ""
    date: LocalDate | None = None


class Action(Strict):
    """Who does what: an action with an owner and a due date, and its dated history."""

    id: Text = Field(default_factory=lambda: new_id("a"))
    what: Text
    owner: Text = ""
    due: LocalDate | None = None
    status: ActionStatus = ActionStatus.OPEN
    area: Text = ""
    step: Text = ""
    note: Text = ""
    created: LocalDateTime = Field(default_factory=now)
    # The meeting an action was carried over from.
    origin: Text = ""
    history: list[ActionEvent] = Field(default_factory=list)

    @property
    def is_open(self) -> bool:
        return self.status in (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)

    def overdue(self, today: dt.date) -> bool:
        return self.is_open and self.due is not None and self.due < today


class FollowupPlan(Strict):
    """How the network follows up: next meeting, who convenes, what is reported."""

    next_meeting: Text = ""
    convener: Text = ""
    report: Text = ""
    notes: Text = ""


class Fulfilment(StrEnum):
    MET = "met"
    PARTLY = "partly"
    NOT_MET = "not_met"


class Expectation(Strict):
    id: Text = Field(default_factory=lambda: new_id("e"))
    text: Text
    participant: Text | None = None
    met: Fulfilment | None = None
    comment: Text = ""


class QueueKind(StrEnum):
    """What a phone's text becomes once the facilitator accepts it."""

    CONTRIBUTION = "contribution"
    EXPECTATION = "expectation"


class QueueItem(Strict):
    """Text sent from a phone, waiting for the facilitator: nothing reaches the screen before
    it is accepted. It carries nothing about the phone (no address, device or name). `flags`
    lets a check mark an item (such as one that seems to hold a personal identifier)."""

    id: Text = Field(default_factory=lambda: new_id("q"))
    step: Text
    kind: QueueKind = QueueKind.CONTRIBUTION
    text: Text
    created: LocalDateTime = Field(default_factory=now)
    flags: list[Text] = Field(default_factory=list)


class TimerEvent(StrEnum):
    START = "start"
    PAUSE = "pause"
    ADJUST = "adjust"
    RESET = "reset"
    ENTER = "enter"
    LEAVE = "leave"


class LogEntry(Strict):
    """When each step started, paused and ended; the timers are computed from it."""

    at: LocalDateTime
    step: Text
    event: TimerEvent
    # A timer adjustment: the keys move by a minute; a day either way is beyond any step.
    seconds: Annotated[int, Field(ge=-86_400, le=86_400)] = 0


class PrivacyNote(Strict):
    """The facilitator kept text in which the personal-data guard found something: when,
    on which step, in which field and what kind of thing. Never the value itself."""

    at: LocalDateTime
    step: Text
    field: Text
    kinds: list[Text] = Field(default_factory=list)


class Group(Strict):
    id: Text = Field(default_factory=lambda: new_id("g"))
    name: Text
    members: list[Text] = Field(default_factory=list)


class Session(Strict):
    schema_version: int = SESSION_SCHEMA_VERSION
    id: Text = Field(default_factory=lambda: new_id("s"))
    title: Text
    place: Text = ""
    date: LocalDate = Field(default_factory=dt.date.today)
    series: Text = ""
    previous: Text = ""
    attributed_votes: bool = False
    plan: Plan
    current_step: Text = ""
    closed: LocalDateTime | None = None
    participants: list[Participant] = Field(default_factory=list)
    contributions: list[Contribution] = Field(default_factory=list)
    votes: list[Vote] = Field(default_factory=list)
    actions: list[Action] = Field(default_factory=list)
    followup: FollowupPlan = Field(default_factory=FollowupPlan)
    expectations: list[Expectation] = Field(default_factory=list)
    groups: dict[Text, list[Group]] = Field(default_factory=dict)
    log: list[LogEntry] = Field(default_factory=list)
    # Round steps: the participants who have had their turn, in the order they spoke.
    turns: dict[Text, list[Text]] = Field(default_factory=dict)
    # Round steps: the step clock's reading (seconds) when the current speaker got the
    # turn, so their time box runs with the step's clock and survives a reopen.
    turn_started: dict[Text, int] = Field(default_factory=dict)
    # What phones have sent and the facilitator has not yet accepted or rejected; kept in the
    # session so that it survives a crash.
    queue: list[QueueItem] = Field(default_factory=list)
    # Flagged text that was kept as typed (what kind, never the value).
    privacy_log: list[PrivacyNote] = Field(default_factory=list)

    @model_validator(mode="after")
    def _references_exist(self) -> Session:
        steps = {s.id for s in self.plan.steps}
        if not self.current_step:
            self.current_step = self.plan.steps[0].id
        elif self.current_step not in steps:
            raise LocatedError(f"current_step {self.current_step!r} is not a step of the plan",
                               ("current_step",))
        for i, c in enumerate(self.contributions):
            if c.step not in steps:
                raise LocatedError(f"contribution {c.id!r} is on step {c.step!r}, not in the plan",
                                   ("contributions", i, "step"))
        for i, q in enumerate(self.queue):
            if q.step not in steps:
                raise LocatedError(f"queue item {q.id!r} is on step {q.step!r}, not in the plan",
                                   ("queue", i, "step"))
        for i, v in enumerate(self.votes):
            if v.step not in steps:
                raise LocatedError(f"vote on step {v.step!r}, which is not in the plan",
                                   ("votes", i, "step"))
        seen: set[str] = set()
        for i, p in enumerate(self.participants):
            if p.id in seen:
                raise LocatedError(f"duplicate participant id {p.id!r}", ("participants", i, "id"))
            seen.add(p.id)
        return self

    # Lookups used by the screen, the exports and the follow-up alike.
    def contributions_for(self, step_id: str) -> list[Contribution]:
        return [c for c in self.contributions if c.step == step_id]

    def participant(self, participant_id: str | None) -> Participant | None:
        for p in self.participants:
            if p.id == participant_id:
                return p
        return None

    def vote_at(self, step_id: str) -> Vote:
        """The step's vote to read: an empty one, not added to the session, if none yet."""
        for v in self.votes:
            if v.step == step_id:
                return v
        return Vote(step=step_id)

    def vote_for(self, step_id: str) -> Vote:
        """The step's vote to change, created empty on first use."""
        for v in self.votes:
            if v.step == step_id:
                return v
        vote = Vote(step=step_id)
        self.votes.append(vote)
        return vote


def new_session(
    programme: Programme,
    library: ThemeLibrary,
    title: Text | None = None,
    source: Text = "",
    date: LocalDate | None = None,
    place: Text = "",
) -> Session:
    """A fresh session holding a frozen copy of the programme's running order."""
    plan = programme.resolve(library, source)
    return Session(
        title=title or programme.title,
        plan=plan,
        date=date or dt.date.today(),
        place=place,
    )
