"""What the room may see of a session: the projection the follow view and the room's
browser page draw. Built from the session alone, never from the facilitator's notes or
from anything waiting for the facilitator's approval; no UI here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from natverk_tui import followup, rounds, voting
from natverk_tui.locale import label, t
from natverk_tui.model import Action, Participant, PlannedStep, Sector, Session, StepKind
from natverk_tui.timer import clock, timer_state

# Shown beside a tied count, so a tie never rests on colour alone.
TIE_SIGN = "="


def room_label(person: Participant) -> str:
    """A person as the room may see them: a name with its organisation, or the sector
    alone. A union's member is never named: "Anna, Byggnads" would say who is in a union."""
    if person.name and person.sector is not Sector.FACK:
        return f"{person.name} ({person.organisation})" if person.organisation else person.name
    return f"#{person.number} ({label(person.sector)})"


@dataclass(frozen=True)
class TimerView:
    remaining: float
    allowance: int
    running: bool
    over: bool

    @property
    def clock(self) -> str:
        return clock(self.remaining)

    @property
    def status(self) -> str:
        """In words, since colour alone does not tell a projector's room it is over."""
        if self.over:
            return t("projector.timer_over", time=clock(-self.remaining))
        return t("projector.timer_running") if self.running else t("projector.timer_paused")


@dataclass(frozen=True)
class Item:
    """A contribution: its text, and tags that are not people (group, sector)."""

    text: str
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class GroupView:
    name: str
    members: tuple[str, ...]


@dataclass(frozen=True)
class VoteRow:
    text: str
    count: int | None  # None while the result is hidden
    rank: int | None
    tied: bool

    @property
    def mark(self) -> str:
        """The rank as the room reads it; a tie carries its sign: "=1"."""
        if self.rank is None:
            return ""
        return f"{TIE_SIGN}{self.rank}" if self.tied else f"{self.rank}"


@dataclass(frozen=True)
class VoteView:
    revealed: bool
    dots: int
    voted: int
    rows: tuple[VoteRow, ...]


@dataclass(frozen=True)
class ActionView:
    what: str
    owner: str
    due: str
    status: str
    area: str
    overdue: bool


@dataclass(frozen=True)
class RoundView:
    current: str | None
    waiting: tuple[str, ...]
    done: int


@dataclass(frozen=True)
class Projection:
    """Everything the room may see, at one moment."""

    title: str
    step_id: str
    number: int  # 1-based place of the step in the programme
    steps: int
    heading: str
    question: str
    kind: StepKind
    meta: str
    timer: TimerView
    closed: bool
    info: str = ""
    contributions: tuple[Item, ...] = ()
    groups: tuple[GroupView, ...] = ()
    vote: VoteView | None = None
    top: tuple[VoteRow, ...] = ()
    shows_top: bool = False
    top_hidden: bool = False  # the vote the top areas come from is not revealed yet
    actions: tuple[ActionView, ...] = ()
    round: RoundView | None = None
    expectations: tuple[Item, ...] = ()
    followup: tuple[tuple[str, str], ...] = ()


def project(session: Session, at: dt.datetime) -> Projection:
    """The room's view of `session` at the wall-clock time `at` (the timer runs on it)."""
    step = session.plan.step(session.current_step)
    state = timer_state(session.log, step.id, step.minutes, at)
    timer = TimerView(state.remaining, state.allowance, state.running, state.over)
    kind = step.kind
    extra: dict[str, object] = {}
    if kind is StepKind.DISCUSSION:
        extra["contributions"] = tuple(
            Item(c.text, tuple(x for x in (c.group, label(c.sector) if c.sector else None) if x))
            for c in session.contributions_for(step.id))
    elif kind is StepKind.VOTE and step.candidates_from:
        extra["vote"] = _vote(session, step)
    elif kind is StepKind.ACTIONS:
        extra["actions"] = tuple(_action(a, at.date()) for a in session.actions)
    elif kind is StepKind.ACTION_REVIEW:
        extra["actions"] = tuple(_action(a, at.date()) for a in followup.carried_actions(session))
    elif kind is StepKind.ROUND:
        turns = rounds.state(session, step.id)
        extra["round"] = RoundView(
            room_label(turns.current) if turns.current else None,
            tuple(room_label(p) for p in turns.waiting), len(turns.done))
    elif kind in (StepKind.EXPECTATIONS, StepKind.REFLECTION):
        extra["expectations"] = tuple(
            Item(e.text, (label(e.met),) if e.met and kind is StepKind.REFLECTION else ())
            for e in session.expectations)
    elif kind is StepKind.FOLLOWUP:
        plan = session.followup
        extra["followup"] = tuple(
            (t(f"followup.{key}"), value) for key, value in (
                ("next_meeting", plan.next_meeting), ("convener", plan.convener),
                ("report", plan.report)) if value)
    if step.shows_top_of:
        extra["shows_top"] = True
        shown = session.vote_at(step.shows_top_of).revealed
        extra["top_hidden"] = not shown
        if shown:
            extra["top"] = tuple(
                VoteRow(r.text, r.count, r.rank, r.tied)
                for r in voting.top(session, step.shows_top_of, step.top_n))
    return Projection(
        title=session.title,
        step_id=step.id,
        number=session.plan.index(step.id) + 1,
        steps=len(session.plan.steps),
        heading=step.heading,
        question=step.title if kind is StepKind.BREAK else (step.question or step.title),
        kind=kind,
        meta=_meta(step),
        timer=timer,
        closed=session.closed is not None,
        info=_info(step, timer, at),
        groups=tuple(
            GroupView(g.name, tuple(room_label(p) for pid in g.members
                                    if (p := session.participant(pid)) is not None))
            for g in session.groups.get(step.id, [])),
        **extra,  # type: ignore[arg-type]
    )


def _meta(step: PlannedStep) -> str:
    if step.kind is StepKind.BREAK:
        return t("minutes", n=step.minutes)
    meta = f"{label(step.work_form)} · {t('minutes', n=step.minutes)}"
    if step.kind is StepKind.VOTE:
        meta += " · " + t("question.dots", n=step.dots)
    return meta


def _info(step: PlannedStep, timer: TimerView, at: dt.datetime) -> str:
    if step.kind is StepKind.BREAK:
        back = at + dt.timedelta(seconds=max(0.0, timer.remaining))
        return t("info.break", time=f"{back:%H:%M}")
    if step.kind is StepKind.MEDIA:
        return t("projector.media", link=step.link) if step.link else t("projector.media_plain")
    return ""


def _vote(session: Session, step: PlannedStep) -> VoteView:
    vote = session.vote_at(step.id)  # reading: never adds a vote to the session
    revealed = vote.revealed
    # Hidden, the areas stay in the order they were said: order gives nothing away.
    rows = voting.board(session, step.id)
    return VoteView(
        revealed=revealed,
        dots=step.dots,
        voted=len(vote.voted),
        rows=tuple(
            VoteRow(r.text, r.count if revealed else None, r.rank if revealed else None,
                    r.tied and revealed)
            for r in rows),
    )


def _action(action: Action, today: dt.date) -> ActionView:
    overdue = action.overdue(today)
    status = label(action.status)
    if overdue:
        status = f"{status} · {t('projector.overdue')}"
    return ActionView(
        what=action.what, owner=action.owner,
        due=action.due.isoformat() if action.due else "",
        status=status, area=action.area, overdue=overdue,
    )
