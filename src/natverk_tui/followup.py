"""Follow-up across meetings: updating actions with a dated history, carrying open actions
into the next meeting, reading a series of meetings, and closing a meeting."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import Enum, StrEnum
from pathlib import Path

from natverk_tui import dates, persist, store
from natverk_tui.locale import label, t
from natverk_tui.model import (
    Action,
    ActionEvent,
    ActionStatus,
    EventKind,
    FollowupPlan,
    LogEntry,
    Participant,
    PlannedStep,
    Programme,
    Session,
    StepKind,
    ThemeLibrary,
    TimerEvent,
    WorkForm,
    new_session,
    now,
)
from natverk_tui.timer import started, timer_state

FOLLOWUP_THEME = "uppfoljning"
FOLLOWUP_STEP = f"{FOLLOWUP_THEME}.atgarder"
STATUS_CYCLE = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS, ActionStatus.DONE, ActionStatus.DROPPED)
CLOSED_STATUSES = (ActionStatus.DONE, ActionStatus.DROPPED)


class FollowupError(ValueError):
    """Input the follow-up cannot use; the message is for the facilitator."""


class _Keep(Enum):
    """Marks a keyword left out, so that `due=None` can mean "no due date"."""

    KEEP = "keep"


KEEP = _Keep.KEEP


# Updating one action ------------------------------------------------------------------

def update_action(
    action: Action,
    *,
    status: ActionStatus | _Keep = KEEP,
    owner: str | _Keep = KEEP,
    due: dt.date | _Keep | None = KEEP,
    note: str | _Keep = KEEP,
    at: dt.datetime | None = None,
) -> list[ActionEvent]:
    """Change what was given and record each real change, dated, in the action's history.
    Returns the new events; an unchanged value records nothing."""
    at = at or now()
    events: list[ActionEvent] = []
    if not isinstance(status, _Keep) and status != action.status:
        events.append(ActionEvent(at=at, kind=EventKind.STATUS, old=action.status.value,
                                  new=status.value))
        action.status = status
    if not isinstance(owner, _Keep):
        owner = owner.strip()
        if owner != action.owner:
            events.append(ActionEvent(at=at, kind=EventKind.OWNER, old=action.owner, new=owner))
            action.owner = owner
    if not isinstance(due, _Keep) and due != action.due:
        events.append(ActionEvent(at=at, kind=EventKind.DUE, old=_date(action.due),
                                  new=_date(due)))
        action.due = due
    if not isinstance(note, _Keep):
        note = note.strip()
        if note != action.note:
            events.append(ActionEvent(at=at, kind=EventKind.NOTE, new=note))
            action.note = note
    action.history = [*action.history, *events]
    return events


def _date(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def describe(event: ActionEvent) -> str:
    """An entry of an action's history in words, in the language of the screen."""
    kind = event.kind
    if kind is EventKind.STATUS:
        return t("followup.ev_status", old=_status(event.old), new=_status(event.new))
    if kind is EventKind.OWNER:
        return t("followup.ev_owner", old=event.old or "–", new=event.new or "–")
    if kind is EventKind.DUE:
        return t("followup.ev_due", old=event.old or "–", new=event.new or "–")
    if kind is EventKind.NOTE:
        return t("followup.ev_note", note=event.new or "–")
    if kind is EventKind.DECIDED:
        decision = label(Decision(event.new)) if event.new in set(Decision) else event.new
        return t("followup.ev_decided", decision=decision)
    if kind is EventKind.CARRIED:
        date = event.date.isoformat() if event.date else "–"
        return t("followup.ev_carried", title=event.title, date=date, id=event.meeting)
    return event.new


def _status(value: str) -> str:
    return label(ActionStatus(value)) if value in set(ActionStatus) else value or "–"


def next_status(status: ActionStatus) -> ActionStatus:
    """The status after this one, round the cycle open, in progress, done, dropped."""
    return STATUS_CYCLE[(STATUS_CYCLE.index(status) + 1) % len(STATUS_CYCLE)]


def parse_due(text: str, today: dt.date | None = None) -> dt.date | None:
    """A due date as the facilitator types it (see dates.parse_due); blank is no date."""
    try:
        return dates.parse_due(text, today or dt.date.today())
    except ValueError as exc:
        raise FollowupError(str(exc)) from None


def overdue_actions(session: Session, today: dt.date | None = None) -> list[Action]:
    today = today or dt.date.today()
    return [a for a in session.actions if a.overdue(today)]


def open_actions(session: Session) -> list[Action]:
    return [a for a in session.actions if a.is_open]


# The room's decisions on an action carried over from the last meeting -------------------

def mark_done(action: Action, at: dt.datetime | None = None) -> list[ActionEvent]:
    return update_action(action, status=ActionStatus.DONE, at=at)


def drop(action: Action, at: dt.datetime | None = None) -> list[ActionEvent]:
    return update_action(action, status=ActionStatus.DROPPED, at=at)


def continue_action(
    action: Action, due: dt.date | _Keep | None = KEEP, at: dt.datetime | None = None
) -> list[ActionEvent]:
    """The action goes on (in progress), perhaps with a new due date; the decision is
    recorded even when nothing else changes."""
    at = at or now()
    events = update_action(action, status=ActionStatus.IN_PROGRESS, due=due, at=at)
    decided = ActionEvent(at=at, kind=EventKind.DECIDED, new=Decision.CONTINUE.value)
    action.history = [*action.history, decided]
    return [*events, decided]


def reassign(
    action: Action, owner: str, due: dt.date | _Keep | None = KEEP, at: dt.datetime | None = None
) -> list[ActionEvent]:
    """A new owner takes the action on (and perhaps a new due date)."""
    if not owner.strip():
        raise FollowupError(t("followup.no_owner"))
    return update_action(action, owner=owner, due=due, at=at)


class Decision(StrEnum):
    """What the room can decide about an action carried over from the last meeting."""

    DONE = "done"
    CONTINUE = "continue"
    NEW_OWNER = "new_owner"
    DROP = "drop"


def decide(
    action: Action, decision: Decision, at: dt.datetime | None = None, owner: str = ""
) -> list[ActionEvent]:
    """Apply the room's decision; a new owner needs `owner`."""
    if decision is Decision.DONE:
        return mark_done(action, at)
    if decision is Decision.CONTINUE:
        return continue_action(action, at=at)
    if decision is Decision.NEW_OWNER:
        return reassign(action, owner, at=at)
    return drop(action, at)


def carried_actions(session: Session) -> list[Action]:
    """The actions this meeting took over from the previous one, in their order."""
    if not session.previous:
        return []
    return [a for a in session.actions if a.origin == session.previous]


def undecided(session: Session) -> list[Action]:
    """Carried actions the room has not yet dealt with: nothing recorded since they were
    carried over from the previous meeting."""
    return [a for a in carried_actions(session)
            if not a.history or (a.history[-1].kind is EventKind.CARRIED
                                 and a.history[-1].meeting == session.previous)]


# The next meeting ---------------------------------------------------------------------

def followup_notes(previous: Session) -> str:
    """The follow-up plan agreed last time, as the facilitator's notes for the review step."""
    lines = [t("followup.last_meeting", title=previous.title, date=previous.date.isoformat())]
    plan = previous.followup
    for key, value in (("md.next_meeting", plan.next_meeting), ("md.convener", plan.convener),
                       ("md.report", plan.report), ("md.notes", plan.notes)):
        if value:
            lines.append(f"{t(key)}: {value}")
    if len(lines) == 1:
        lines.append(t("followup.no_plan"))
    return "\n".join(lines)


def review_step(previous: Session, carried: int, taken: set[str]) -> PlannedStep:
    """The step that opens a follow-up meeting: last meeting's open actions, one at a time."""
    step_id = FOLLOWUP_STEP
    n = 2
    while step_id in taken:
        step_id = f"{FOLLOWUP_STEP}#{n}"
        n += 1
    title = t("followup.step_title")
    return PlannedStep(
        id=step_id,
        title=title,
        question=t("followup.step_question"),
        kind=StepKind.ACTION_REVIEW,
        work_form=WorkForm.WHOLE_GROUP,
        # Five minutes to start, and two for each action the room goes through.
        minutes=min(60, 5 + 2 * carried),
        notes=followup_notes(previous),
        theme_id=FOLLOWUP_THEME,
        theme_title=t("followup.theme_title"),
    )


def series_name(session: Session, path: Path) -> str:
    """A session's series: as named in the file, or else the folder it lies in."""
    return session.series or path.resolve().parent.name


def next_session(
    previous: Session,
    previous_path: Path,
    programme: Programme,
    library: ThemeLibrary,
    *,
    title: str | None = None,
    source: str = "",
    date: dt.date | None = None,
    place: str | None = None,
    at: dt.datetime | None = None,
) -> Session:
    """A new meeting in the same series: a follow-up step first, the previous meeting's open
    actions carried over with their history, and the same roster marked present afresh."""
    at = at or now()
    session = new_session(programme, library, title or previous.title, source, date=date,
                          place=previous.place if place is None else place)
    carried: list[Action] = []
    for action in open_actions(previous):
        copy = action.model_copy(deep=True)
        copy.origin = previous.id
        copy.history = [*copy.history, ActionEvent(
            at=at, kind=EventKind.CARRIED, meeting=previous.id, title=previous.title,
            date=previous.date)]
        carried.append(copy)
    step = review_step(previous, len(carried), {s.id for s in session.plan.steps})
    session.plan.steps = [step, *session.plan.steps]
    session.current_step = step.id
    session.previous = previous.id
    session.series = series_name(previous, previous_path)
    session.attributed_votes = previous.attributed_votes
    session.participants = [
        Participant(**p.model_dump(exclude={"present"})) for p in previous.participants
    ]
    session.actions = carried
    return session


# Interrupted and closed meetings ------------------------------------------------------

def is_interrupted(session: Session) -> bool:
    """A meeting that ended without being closed (lid shut, crash, power)."""
    return session.closed is None


def close_session(session: Session, at: dt.datetime | None = None) -> bool:
    """Close the meeting: stop any running step timer and stamp the time.
    Returns False when it was closed already (nothing changes)."""
    if session.closed is not None:
        return False
    at = at or now()
    entries = list(session.log)
    for step in session.plan.steps:
        if timer_state(session.log, step.id, step.minutes, at).running:
            entries.append(LogEntry(at=at, step=step.id, event=TimerEvent.LEAVE))
    session.log = entries
    session.closed = at
    return True


# A series: the meetings of one network, kept in one folder -----------------------------

@dataclass
class SeriesMeeting:
    path: Path
    session: Session
    opened: list[Action] = field(default_factory=list)
    closed: list[Action] = field(default_factory=list)


@dataclass
class Series:
    name: str
    meetings: list[SeriesMeeting]
    # Every action in its latest known state, by id.
    latest: dict[str, Action]

    @property
    def open_now(self) -> list[Action]:
        return [a for a in self.latest.values() if a.is_open]


def load_folder(folder: Path) -> tuple[list[tuple[Path, Session]], list[store.Problem]]:
    """Every session file in a folder, and a problem for each TOML file that is not one.
    Files that are not sessions (programmes, themes) are passed over."""
    if not folder.is_dir():
        raise store.FileError([store.Problem(folder, "not a folder")])
    found: list[tuple[Path, Session]] = []
    problems: list[store.Problem] = []
    for path in sorted(folder.glob("*.toml")):
        try:
            data, text = store.read_toml(path)
            if store.kind_of(data) is not Session:
                continue
            found.append((path, persist.replay(path, data, text).session))
        except store.FileError as exc:
            problems.extend(exc.problems)
    return found, problems


def in_order(sessions: list[tuple[Path, Session]]) -> list[tuple[Path, Session]]:
    """By date; on the same date a meeting comes after the one it follows."""
    ordered = sorted(sessions, key=lambda ps: (ps[1].date, ps[0].name))
    position = {s.id: i for i, (_, s) in enumerate(ordered)}
    moved = True
    while moved:
        moved = False
        for i, (_, s) in enumerate(ordered):
            j = position.get(s.previous)
            if j is not None and j > i and ordered[j][1].date == s.date:
                ordered.insert(j, ordered.pop(i))
                position = {x.id: k for k, (_, x) in enumerate(ordered)}
                moved = True
                break
    return ordered


def build_series(name: str, sessions: list[tuple[Path, Session]]) -> Series:
    """What each meeting opened and closed: an action opens at the first meeting that holds
    its id, and closes at the first meeting that holds it done or dropped."""
    meetings: list[SeriesMeeting] = []
    latest: dict[str, Action] = {}
    closed_ids: set[str] = set()
    for path, session in in_order(sessions):
        meeting = SeriesMeeting(path, session)
        for action in session.actions:
            if action.id not in latest:
                meeting.opened.append(action)
            if action.status in CLOSED_STATUSES and action.id not in closed_ids:
                meeting.closed.append(action)
                closed_ids.add(action.id)
            latest[action.id] = action
        meetings.append(meeting)
    return Series(name, meetings, latest)


def is_empty(session: Session) -> bool:
    """A try-out: opened, perhaps stepped through, but nothing recorded in it and no timer
    ever started. Such a file is no meeting of the series (though it is kept: reopening it
    is how the facilitator goes on preparing)."""
    votes = any(v.ballots or v.voted or any(v.paper.values()) for v in session.votes)
    recorded = (session.participants or session.contributions or votes or session.actions
                or session.expectations or session.groups or session.turns)
    return not recorded and session.followup == FollowupPlan() and not started(session.log)


def load_series(folder: Path) -> tuple[list[Series], list[store.Problem]]:
    """The series in a folder (usually one), each meeting in date order. Empty try-outs are
    left out, each with a problem line saying so."""
    sessions, problems = load_folder(folder)
    by_name: dict[str, list[tuple[Path, Session]]] = {}
    for path, session in sessions:
        if is_empty(session):
            problems.append(store.Problem(
                path, "an empty try-out (nothing recorded), not part of the series"))
            continue
        by_name.setdefault(series_name(session, path), []).append((path, session))
    series = [build_series(name, items) for name, items in by_name.items()]
    series.sort(key=lambda s: (s.meetings[0].session.date, s.name))
    return series, problems
