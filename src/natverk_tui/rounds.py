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


def next_turn(session: Session, step_id: str, elapsed: float = 0.0) -> Participant | None:
    """The current speaker has had their turn; who speaks now (None when all have).
    `elapsed` is the step clock's reading: the next speaker's time box starts there."""
    current = state(session, step_id).current
    if current is not None:
        session.turns[step_id] = [*taken(session, step_id), current.id]
        session.turn_started[step_id] = int(elapsed)
    return state(session, step_id).current


def speaker_left(session: Session, step_id: str, elapsed: float) -> float | None:
    """Seconds the current speaker has left of their box (negative when over), with the
    step clock at `elapsed`; None when the round has no box or nobody is speaking."""
    turns = state(session, step_id, share_of_step(session, step_id))
    if turns.per_person is None or turns.current is None:
        return None
    return turns.per_person - (elapsed - session.turn_started.get(step_id, 0))


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


def restart(session: Session, step_id: str, elapsed: float = 0.0) -> None:
    """Everyone is to speak again; the first speaker's box starts at `elapsed`."""
    session.turns.pop(step_id, None)
    session.turn_started[step_id] = int(elapsed)
