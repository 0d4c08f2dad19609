"""The round: everyone present speaks in roster order; whose turn it is, who is left,
and an optional time box per person. The turns taken are kept in the session."""

from __future__ import annotations

from dataclasses import dataclass

from natverk_tui.model import Participant, Session


@dataclass(frozen=True)
class RoundState:
    current: Participant | None
    # Present people still to speak after the current one, in order.
    waiting: list[Participant]
    done: list[Participant]
    # Seconds each person has, or None when the round has no time box.
    per_person: int | None

    @property
    def left(self) -> int:
        """How many are still to speak, the current speaker included."""
        return len(self.waiting) + (self.current is not None)


def taken(session: Session, step_id: str) -> list[str]:
    return list(session.turns.get(step_id, []))


def share_of_step(session: Session, step_id: str) -> int | None:
    """The step's planned minutes shared evenly among the present: a suggested box."""
    people = sum(p.present for p in session.participants)
    minutes = session.plan.step(step_id).minutes
    if not people or not minutes:
        return None
    return max(1, minutes * 60 // people)


def state(session: Session, step_id: str, per_person: int | None = None) -> RoundState:
    done_ids = set(taken(session, step_id))
    done = [p for pid in taken(session, step_id) if (p := session.participant(pid)) is not None]
    waiting = [p for p in session.participants if p.present and p.id not in done_ids]
    current = waiting.pop(0) if waiting else None
    box = per_person if per_person is not None and per_person > 0 else None
    return RoundState(current, waiting, done, box)


def next_turn(session: Session, step_id: str) -> Participant | None:
    """The current speaker has had their turn; who speaks now (None when all have)."""
    current = state(session, step_id).current
    if current is not None:
        session.turns[step_id] = [*taken(session, step_id), current.id]
    return state(session, step_id).current


def spoke(session: Session, step_id: str, participant_id: str) -> None:
    """Someone spoke out of turn: they count as done, the others keep their order."""
    person = session.participant(participant_id)
    if person is None or not person.present:
        raise KeyError(participant_id)
    if participant_id not in taken(session, step_id):
        session.turns[step_id] = [*taken(session, step_id), participant_id]


def undo(session: Session, step_id: str) -> Participant | None:
    """Give the last turn back (a key pressed too early); returns who speaks now."""
    done = taken(session, step_id)
    if done:
        session.turns[step_id] = done[:-1]
    return state(session, step_id).current


def restart(session: Session, step_id: str) -> None:
    session.turns.pop(step_id, None)
