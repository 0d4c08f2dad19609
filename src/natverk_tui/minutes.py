"""What the minutes of a meeting say, decided once: a small document built from a session,
which export.py lays out as Markdown or HTML. Every text in it is plain text in the room's
language, never markup; without names, no participant's name gets into it."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from itertools import groupby
from typing import Generic, TypeVar

from natverk_tui.grouping import groups_for
from natverk_tui.locale import label, t
from natverk_tui.model import Action, ActionStatus, Fulfilment, Participant, Session, StepKind
from natverk_tui.timer import timer_state
from natverk_tui.voting import tally

T = TypeVar("T")


@dataclass(frozen=True)
class Field:
    """A labelled line: of the meeting's header, or of the follow-up plan."""

    label: str
    value: str


@dataclass(frozen=True)
class Person:
    """A participant as the minutes list them: without names, no name and no organisation."""

    number: int
    name: str
    details: tuple[str, ...]  # sector, then organisation and role


@dataclass(frozen=True)
class Themed(Generic[T]):
    """Consecutive steps of the programme under one theme."""

    theme: str
    items: tuple[T, ...]


@dataclass(frozen=True)
class ProgrammeRow:
    step: str
    planned: str
    actual: str
    over: bool


@dataclass(frozen=True)
class GroupLine:
    name: str
    members: tuple[str, ...]


@dataclass(frozen=True)
class ContributionLine:
    text: str
    tags: tuple[str, ...]  # group, sector and, with names, who said it


@dataclass(frozen=True)
class VoteRow:
    rank: int
    text: str
    count: int
    votes: str  # the count in words
    tied: bool


@dataclass(frozen=True)
class VoteResult:
    voters: str
    rows: tuple[VoteRow, ...]


@dataclass(frozen=True)
class StepSection:
    """A step that has something to report; a vote step always has."""

    title: str
    question: str
    groups: tuple[GroupLine, ...]
    contributions: tuple[ContributionLine, ...]
    vote: VoteResult | None


@dataclass(frozen=True)
class ActionRow:
    what: str
    owner: str
    due: str
    status: str
    kind: ActionStatus
    overdue: bool
    area: str
    note: str
    carried: bool

    @property
    def status_line(self) -> str:
        """The status in words, with "overdue" added when an open action is past its date."""
        return f"{self.status}, {t('md.overdue')}" if self.overdue else self.status


@dataclass(frozen=True)
class ExpectationLine:
    text: str
    met: str
    kind: Fulfilment | None  # None: not assessed
    comment: str


@dataclass(frozen=True)
class Minutes:
    title: str
    date: str
    header: tuple[Field, ...]
    participants: tuple[Person, ...]
    programme: tuple[Themed[ProgrammeRow], ...]
    planned_total: str
    actual_total: str
    steps: tuple[Themed[StepSection], ...]
    actions: tuple[ActionRow, ...]
    followup: tuple[Field, ...]
    expectations: tuple[ExpectationLine, ...]


@dataclass(frozen=True)
class Series:
    name: str
    summary: str
    contents: tuple[Field, ...]  # date and title of each meeting
    meetings: tuple[Minutes, ...]


def shown_seconds(elapsed: float) -> int:
    """The time a step took as the minutes show it: whole seconds under a minute, whole
    minutes (nearest) from there. The total is the sum of these, so the rows add up to it."""
    # Half up, as people round (Python's round() would make 12:30 "12 min" and 13:30 "14 min").
    seconds = math.floor(elapsed + 0.5)
    return seconds if seconds < 60 else math.floor(elapsed / 60 + 0.5) * 60


def duration(seconds: int) -> str:
    """"14 min", "45 s", "14 min 20 s": minutes like the plan (a clock face would read as a
    time of day), seconds only where they are part of the value."""
    whole, rest = divmod(seconds, 60)
    if not whole:
        return t("seconds", n=rest)
    if not rest:
        return t("minutes", n=whole)
    return f"{t('minutes', n=whole)} {t('seconds', n=rest)}"


def minutes_taken(elapsed: float) -> str:
    """Time a step took (see shown_seconds); a step that never ran shows a dash."""
    if not elapsed:
        return "–"
    return duration(shown_seconds(elapsed))


def votes(n: int) -> str:
    """A number of votes in words: "1 röst", "3 röster"."""
    return f"{n} {t('md.vote' if n == 1 else 'md.votes')}"


def owner_label(session: Session, owner: str, anonymous: bool) -> str:
    """An owner as written, or, without names, the person's organisation or sector."""
    if not anonymous:
        return owner
    for p in session.participants:
        if p.name and owner.strip().lower() == p.name.strip().lower():
            return p.organisation or label(p.sector)
    return owner


def build(session: Session, anonymous: bool = False, at: dt.datetime | None = None) -> Minutes:
    """The minutes of a session as they stand at `at` (timers still running, actions overdue)."""
    at = at or dt.datetime.now()
    planned = 0
    taken = 0
    ran = False
    rows: list[tuple[str, ProgrammeRow]] = []
    for step in session.plan.steps:
        state = timer_state(session.log, step.id, step.minutes, at)
        planned += step.minutes
        taken += shown_seconds(state.elapsed)
        ran = ran or bool(state.elapsed)
        rows.append((step.theme_title, ProgrammeRow(
            step.title, t("minutes", n=step.minutes), minutes_taken(state.elapsed), state.over)))
    return Minutes(
        title=session.title,
        date=session.date.isoformat(),
        header=_header(session),
        participants=tuple(_person(p, anonymous) for p in session.participants),
        programme=_themed(rows),
        planned_total=t("minutes", n=planned),
        actual_total=duration(taken) if ran else "–",
        steps=_themed(_steps(session, anonymous)),
        actions=tuple(_action(session, a, anonymous, at.date()) for a in session.actions),
        followup=tuple(Field(t(key), value) for key, value in (
            ("md.next_meeting", session.followup.next_meeting), ("md.convener", session.followup.convener),
            ("md.report", session.followup.report), ("md.notes", session.followup.notes)) if value),
        expectations=tuple(
            ExpectationLine(e.text, label(e.met) if e.met else t("md.not_assessed"), e.met, e.comment)
            for e in session.expectations),
    )


def series(
    name: str, sessions: list[Session], anonymous: bool = False, at: dt.datetime | None = None
) -> Series:
    """Every meeting of a series, in the order given (oldest first)."""
    at = at or dt.datetime.now()
    return Series(
        name=name,
        summary=t("md.series_summary", n=len(sessions), open=_open_at_end(sessions)),
        contents=tuple(Field(s.date.isoformat(), s.title) for s in sessions),
        meetings=tuple(build(s, anonymous, at) for s in sessions),
    )


def _header(session: Session) -> tuple[Field, ...]:
    fields = [Field(t("md.date"), session.date.isoformat())]
    if session.place:
        fields.append(Field(t("md.place"), session.place))
    fields.append(Field(t("md.programme"), session.plan.title))
    fields.append(Field(t("md.participants"), t("md.participants_count", n=len(session.participants))))
    return tuple(fields)


def _person(p: Participant, anonymous: bool) -> Person:
    if anonymous or not p.name:
        return Person(p.number, "", tuple(x for x in (label(p.sector), p.organisation, p.role)
                                          if x and (x == label(p.sector) or not anonymous)))
    # A name is never printed beside a sector: "Anna, Fack" would record union membership,
    # a special category of personal data. Organisation and role are what the room said.
    return Person(p.number, p.name, tuple(x for x in (p.organisation, p.role) if x))


def _themed(rows: list[tuple[str, T]]) -> tuple[Themed[T], ...]:
    return tuple(Themed(theme, tuple(item for _, item in run))
                 for theme, run in groupby(rows, key=lambda row: row[0]))


def _steps(session: Session, anonymous: bool) -> list[tuple[str, StepSection]]:
    """The steps with notes, groups or a vote; the rest of the programme says nothing here."""
    out = []
    for step in session.plan.steps:
        items = session.contributions_for(step.id)
        groups = groups_for(session, step.id)
        vote = None
        if step.kind is StepKind.VOTE:
            vote = VoteResult(
                t("md.voters", n=len(session.vote_at(step.id).voted)),
                tuple(VoteRow(r.rank, r.text, r.count, votes(r.count), r.tied)
                      for r in tally(session, step.id)))
        if not (items or groups or vote is not None):
            continue
        group_lines = []
        for g in groups:
            members = [session.participant(pid) for pid in g.members]
            group_lines.append(GroupLine(g.name, tuple(
                f"#{m.number}" if anonymous else m.label() for m in members if m)))
        contributions = []
        for c in items:
            person = session.participant(c.participant)
            tags = [c.group] if c.group else []
            if c.sector:
                tags.append(label(c.sector))
            if person and not anonymous:
                tags.append(person.label())
            contributions.append(ContributionLine(c.text, tuple(tags)))
        out.append((step.theme_title, StepSection(
            step.title, step.question, tuple(group_lines), tuple(contributions), vote)))
    return out


def _action(session: Session, a: Action, anonymous: bool, today: dt.date) -> ActionRow:
    return ActionRow(
        what=a.what, owner=owner_label(session, a.owner, anonymous),
        due=a.due.isoformat() if a.due else "", status=label(a.status), kind=a.status,
        overdue=a.overdue(today), area=a.area, note=a.note, carried=bool(a.origin))


def _open_at_end(sessions: list[Session]) -> int:
    """Actions still open as the latest meeting that holds each one has it."""
    latest: dict[str, Action] = {}
    for s in sessions:
        for a in s.actions:
            latest[a.id] = a
    return sum(1 for a in latest.values() if a.is_open)
