"""What the minutes of a meeting say, decided once: a small document built from a session,
which export.py lays out as Markdown or HTML. Every text in it is plain text in the room's
language, never markup; without names, no participant's name gets into it."""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from itertools import groupby
from typing import Generic, TypeVar

from natverk_tui import guard
from natverk_tui.grouping import groups_for
from natverk_tui.locale import label, t
from natverk_tui.model import Action, ActionStatus, Fulfilment, Participant, Sector, Session, StepKind
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


class Anonymiser:
    """Free text as the minutes print it. Anonymous: every roster name, however it was typed
    (the guard's matching: either order, initials, case, spaces, genitive), becomes the
    person's number and sector (never their organisation: one that has a single person in the
    meeting names that person just as well); identity numbers, phones, addresses and plates
    are masked; with `organisations`, every organisation on the roster becomes its sector
    too (`natverk purge`). Named minutes: only the names of people from a union are
    replaced, because a name beside a union records membership."""

    def __init__(self, session: Session, anonymous: bool, organisations: bool = False) -> None:
        self.anonymous = anonymous
        people = [p for p in session.participants
                  if p.name.strip() and (anonymous or p.sector is Sector.FACK)]
        self.roster = guard.Roster([p.name for p in people])
        self.people: dict[str, Participant] = {}
        for p in people:
            key = " ".join(guard.name_parts(p.name))
            self.people.setdefault(key, p)
            self.people.setdefault(key.casefold(), p)
        members: dict[str, list[Participant]] = {}
        for p in session.participants:
            if p.organisation.strip():
                members.setdefault(" ".join(guard.name_parts(p.organisation)).casefold(), []).append(p)
        self.organisations: dict[str, Sector] = {
            org: group[0].sector for org, group in members.items()
            if anonymous and organisations}

    def __call__(self, text: str) -> str:
        if not text or (not self.anonymous and not self.people):
            return text
        # A field that holds just a name (an owner, a convener) in any case or spacing.
        whole = self.people.get(" ".join(guard.name_parts(text)).casefold())
        if whole is not None:
            return number_and_sector(whole)
        findings = guard.find(text, self.roster)
        if not self.anonymous:
            findings = [f for f in findings if f.kind is guard.Kind.NAME]
        findings += [f for f in guard.find_phrases(text, self.organisations)
                     if all(f.end <= g.start or f.start >= g.end for g in findings)]
        out = text
        for f in sorted(findings, key=lambda f: f.start, reverse=True):
            out = out[:f.start] + self._instead(f) + out[f.end:]
        return out

    def _instead(self, finding: guard.Finding) -> str:
        if finding.kind is guard.Kind.NAME:
            person = self.people.get(self.roster.which(finding.text) or "")
            if person is not None:
                return number_and_sector(person)
        if finding.kind is guard.Kind.ORGANISATION:
            key = " ".join(guard.name_parts(finding.text)).casefold()
            sector = self.organisations.get(key) or self.organisations.get(re.sub(r"(?:['’]s?|s)$", "", key))
            return f"[{label(sector).lower()}]" if sector else f"[{guard.kind_label(finding.kind)}]"
        return f"[{guard.kind_label(finding.kind)}]"


def number_and_sector(person: Participant) -> str:
    return f"#{person.number} ({label(person.sector)})"


def owner_label(session: Session, owner: str, anonymous: bool) -> str:
    """An owner as the minutes show it: as written, with the names replaced (see Anonymiser)."""
    return Anonymiser(session, anonymous)(owner)


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
    clean = Anonymiser(session, anonymous)
    return Minutes(
        title=clean(session.title),
        date=session.date.isoformat(),
        header=_header(session, clean),
        participants=tuple(_person(p, anonymous) for p in session.participants),
        programme=_themed(rows),
        planned_total=t("minutes", n=planned),
        actual_total=duration(taken) if ran else "–",
        steps=_themed(_steps(session, anonymous, clean)),
        actions=tuple(_action(a, clean, at.date()) for a in session.actions),
        followup=tuple(Field(t(key), clean(value)) for key, value in (
            ("md.next_meeting", session.followup.next_meeting), ("md.convener", session.followup.convener),
            ("md.report", session.followup.report), ("md.notes", session.followup.notes)) if value),
        expectations=tuple(
            ExpectationLine(clean(e.text), label(e.met) if e.met else t("md.not_assessed"), e.met,
                            clean(e.comment))
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
        contents=tuple(Field(s.date.isoformat(), Anonymiser(s, anonymous)(s.title)) for s in sessions),
        meetings=tuple(build(s, anonymous, at) for s in sessions),
    )


def _header(session: Session, clean: Anonymiser) -> tuple[Field, ...]:
    fields = [Field(t("md.date"), session.date.isoformat())]
    if session.place:
        fields.append(Field(t("md.place"), clean(session.place)))
    fields.append(Field(t("md.programme"), session.plan.title))
    fields.append(Field(t("md.participants"), t("md.participants_count", n=len(session.participants))))
    return tuple(fields)


def _person(p: Participant, anonymous: bool) -> Person:
    if p.sector is Sector.FACK and p.name and not anonymous:
        # A name beside a union, or a union's name beside a person, records membership:
        # the sector alone.
        return Person(p.number, "", (label(p.sector),))
    if anonymous or not p.name:
        return Person(p.number, "", tuple(x for x in (label(p.sector), p.organisation, p.role)
                                          if x and (x == label(p.sector) or not anonymous)))
    # A name is never printed beside a sector: "Anna, Fack" would record union membership,
    # a special category of personal data. Organisation and role are what the room said.
    return Person(p.number, p.name, tuple(x for x in (p.organisation, p.role) if x))


def _themed(rows: list[tuple[str, T]]) -> tuple[Themed[T], ...]:
    return tuple(Themed(theme, tuple(item for _, item in run))
                 for theme, run in groupby(rows, key=lambda row: row[0]))


def _who(p: Participant, anonymous: bool) -> str:
    """How the minutes point to a person beside a group or a contribution: the name in
    named minutes, except for people from a union, whose number is shown instead."""
    return p.name if p.name and not anonymous and p.sector is not Sector.FACK else f"#{p.number}"


def _steps(session: Session, anonymous: bool, clean: Anonymiser) -> list[tuple[str, StepSection]]:
    """The steps with notes, groups or a vote; the rest of the programme says nothing here."""
    out = []
    for step in session.plan.steps:
        items = session.contributions_for(step.id)
        groups = groups_for(session, step.id)
        vote = None
        if step.kind is StepKind.VOTE:
            vote = VoteResult(
                t("md.voters", n=len(session.vote_at(step.id).voted)),
                tuple(VoteRow(r.rank, clean(r.text), r.count, votes(r.count), r.tied)
                      for r in tally(session, step.id)))
        if not (items or groups or vote is not None):
            continue
        group_lines = []
        for g in groups:
            members = [session.participant(pid) for pid in g.members]
            group_lines.append(GroupLine(clean(g.name), tuple(_who(m, anonymous) for m in members if m)))
        contributions = []
        for c in items:
            person = session.participant(c.participant)
            tags = [clean(c.group)] if c.group else []
            if c.sector:
                tags.append(label(c.sector))
            if person and not anonymous:
                # Never a name beside the union tag, whoever said it.
                tags.append(f"#{person.number}" if c.sector is Sector.FACK else _who(person, anonymous))
            contributions.append(ContributionLine(clean(c.text), tuple(tags)))
        out.append((step.theme_title, StepSection(
            step.title, step.question, tuple(group_lines), tuple(contributions), vote)))
    return out


def _action(a: Action, clean: Anonymiser, today: dt.date) -> ActionRow:
    return ActionRow(
        what=clean(a.what), owner=clean(a.owner),
        due=a.due.isoformat() if a.due else "", status=label(a.status), kind=a.status,
        overdue=a.overdue(today), area=clean(a.area), note=clean(a.note), carried=bool(a.origin))


def _open_at_end(sessions: list[Session]) -> int:
    """Actions still open as the latest meeting that holds each one has it."""
    latest: dict[str, Action] = {}
    for s in sessions:
        for a in s.actions:
            latest[a.id] = a
    return sum(1 for a in latest.values() if a.is_open)
