"""What a phone shows for the facilitator's current step: decided here, without a server,
so the page and its tests share one answer."""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum

from natverk_tui import voting
from natverk_tui.meeting import QUEUE_KIND_FOR_STEP
from natverk_tui.model import QueueKind, Session, StepKind


class Mode(StrEnum):
    WRITE = "write"  # contributions to a discussion step
    EXPECT = "expect"  # an expectation, in the expectations step
    VOTE = "vote"  # dots on the candidates
    WAIT = "wait"  # nothing for the room to do on a phone


@dataclass(frozen=True)
class Candidate:
    id: str
    text: str
    count: int | None  # None until the facilitator shows the result


@dataclass(frozen=True)
class PhoneView:
    step: str
    heading: str
    question: str
    mode: Mode
    candidates: tuple[Candidate, ...] = ()
    dots: int = 0
    stacking: bool = False
    revealed: bool = False


def phone_view(session: Session) -> PhoneView:
    step = session.plan.step(session.current_step)
    wait = PhoneView(step.id, step.heading, step.question, Mode.WAIT)
    kind = QUEUE_KIND_FOR_STEP.get(step.kind)
    if kind is QueueKind.CONTRIBUTION:
        return replace(wait, mode=Mode.WRITE)
    if kind is QueueKind.EXPECTATION:
        return replace(wait, mode=Mode.EXPECT)
    if step.kind is StepKind.VOTE and step.candidates_from:
        # Looked up, not created: showing a phone the step must not change the session.
        vote = next((v for v in session.votes if v.step == step.id), None)
        revealed = vote is not None and vote.revealed
        counts = {row.candidate: row.count for row in voting.tally(session, step.id)} if revealed else {}
        # The order the areas were said, as on the screen while the vote runs.
        cands = tuple(
            Candidate(c.id, c.text, counts.get(c.id, 0) if revealed else None)
            for c in voting.candidates(session, step.id)
        )
        if cands:
            return replace(wait, mode=Mode.VOTE, candidates=cands, dots=step.dots,
                           stacking=step.stacking, revealed=revealed)
    return wait
