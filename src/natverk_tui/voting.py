"""Dot voting: candidates, ballots within each person's dots, the tally and its ties."""

from __future__ import annotations

from dataclasses import dataclass

from natverk_tui.locale import t
from natverk_tui.model import Ballot, Contribution, PlannedStep, Session, StepKind


class VoteError(ValueError):
    """A ballot the step's rules do not allow; the message is for the facilitator."""


@dataclass(frozen=True)
class TallyRow:
    candidate: str
    text: str
    count: int
    rank: int
    tied: bool


def vote_step(session: Session, step_id: str) -> PlannedStep:
    step = session.plan.step(step_id)
    if step.kind is not StepKind.VOTE or not step.candidates_from:
        raise VoteError(t("vote.not_vote", step=step.title))
    return step


def candidates(session: Session, step_id: str) -> list[Contribution]:
    step = vote_step(session, step_id)
    assert step.candidates_from is not None
    return session.contributions_for(step.candidates_from)


def voter_label(session: Session, voter: str) -> str:
    person = session.participant(voter)
    return person.label() if person else voter


def check_dots(step: PlannedStep, dots: list[str]) -> None:
    if len(dots) > step.dots:
        raise VoteError(t("vote.too_many", n=step.dots))
    if not step.stacking and len(set(dots)) != len(dots):
        raise VoteError(t("vote.no_stacking"))


def record_ballot(session: Session, step_id: str, voter: str, dots: list[str]) -> Ballot:
    """Add one participant's dots. The voter's id is kept on the ballot only when the
    session attributes votes; `voted` still says who has voted, never for what."""
    step = vote_step(session, step_id)
    if voter in session.vote_at(step_id).voted:
        raise VoteError(t("vote.already", who=voter_label(session, voter)))
    if session.participant(voter) is None:
        raise VoteError(t("vote.unknown_voter"))
    known = {c.id for c in candidates(session, step_id)}
    if not known:
        raise VoteError(t("vote.no_candidates"))
    check_dots(step, dots)  # an empty ballot is allowed: the person abstains
    for dot in dots:
        if dot not in known:
            raise VoteError(t("vote.unknown_candidate"))
    ballot = Ballot(voter=voter if session.attributed_votes else None, dots=list(dots))
    vote = session.vote_for(step_id)  # only now: a refused ballot leaves no trace
    vote.ballots.append(ballot)
    vote.voted.append(voter)
    if not session.attributed_votes:
        # Keep no order that would pair a ballot with a name in `voted`.
        vote.ballots.sort(key=lambda b: sorted(b.dots))
        vote.voted.sort()
    return ballot


def record_room_ballot(
    session: Session, step_id: str, dots: list[str], previous: list[str] | None = None
) -> Ballot:
    """A ballot from a phone: as anonymous as a keyboard ballot (no voter on it, nobody added
    to `voted`). `previous` is the same phone's earlier ballot on this vote, replaced by this
    one; a phone can change its dots until the result is shown."""
    step = vote_step(session, step_id)
    vote = session.vote_for(step_id)
    if vote.revealed:
        raise VoteError(t("vote.closed"))
    known = {c.id for c in candidates(session, step_id)}
    if not known:
        raise VoteError(t("vote.no_candidates"))
    check_dots(step, dots)
    for dot in dots:
        if dot not in known:
            raise VoteError(t("vote.unknown_candidate"))
    if previous is not None:
        # Ballots from phones are equal when their dots are: removing any equal one leaves
        # the same tally.
        old = Ballot(dots=list(previous))
        if old in vote.room:
            vote.room.remove(old)
    ballot = Ballot(dots=list(dots))
    vote.room.append(ballot)
    # No order that tells which phone voted when.
    vote.room.sort(key=lambda b: sorted(b.dots))
    return ballot


def remove_ballot(session: Session, step_id: str, voter: str, ballot: Ballot) -> None:
    vote = session.vote_for(step_id)
    vote.ballots.remove(ballot)
    vote.voted.remove(voter)


def set_paper_count(session: Session, step_id: str, candidate: str, count: int) -> None:
    if count < 0:
        raise VoteError(t("vote.negative"))
    vote_step(session, step_id)
    vote = session.vote_for(step_id)
    paper = dict(vote.paper)
    if count:
        paper[candidate] = count
    else:
        paper.pop(candidate, None)
    vote.paper = paper


def not_voted(session: Session, step_id: str) -> list[str]:
    """Present participants who have not voted yet, in roster order."""
    voted = set(session.vote_at(step_id).voted)
    return [p.id for p in session.participants if p.present and p.id not in voted]


def tally(session: Session, step_id: str) -> list[TallyRow]:
    """Dots and paper counts per candidate, most first; equal counts share a rank."""
    vote = session.vote_at(step_id)
    cands = candidates(session, step_id)
    counts = {c.id: 0 for c in cands}
    # A dot on an area that was later merged into another counts for the one kept.
    owner = {c.id: c.id for c in cands} | {m: c.id for c in cands for m in c.merged}
    for candidate, count in vote.paper.items():
        if candidate in owner:
            counts[owner[candidate]] += count
    for ballot in [*vote.ballots, *vote.room]:
        for dot in ballot.dots:
            if dot in owner:
                counts[owner[dot]] += 1
    order = {c.id: i for i, c in enumerate(cands)}
    ranked = sorted(cands, key=lambda c: (-counts[c.id], order[c.id]))
    freq: dict[int, int] = {}
    for c in ranked:
        freq[counts[c.id]] = freq.get(counts[c.id], 0) + 1
    rows = []
    rank = 0
    previous = None
    for i, c in enumerate(ranked, start=1):
        if counts[c.id] != previous:
            rank, previous = i, counts[c.id]
        tied = counts[c.id] > 0 and freq[counts[c.id]] > 1
        rows.append(TallyRow(c.id, c.text, counts[c.id], rank, tied))
    return rows


def board(session: Session, step_id: str) -> list[TallyRow]:
    """The rows as the room sees them: ranked once the result is revealed; while it is
    hidden, in the order the areas were said, so that neither the order nor a highlight
    gives the standing away."""
    rows = tally(session, step_id)
    if session.vote_at(step_id).revealed:
        return rows
    said = {c.id: i for i, c in enumerate(candidates(session, step_id))}
    return sorted(rows, key=lambda r: said[r.candidate])


def top(session: Session, step_id: str, n: int) -> list[TallyRow]:
    """The n most voted candidates with any dots, and any tied with the n-th."""
    rows = [r for r in tally(session, step_id) if r.count > 0]
    if len(rows) <= n:
        return rows
    cut = rows[n - 1].count
    return [r for r in rows if r.count >= cut]


def dots_cast(session: Session, step_id: str) -> int:
    vote = session.vote_at(step_id)
    return sum(len(b.dots) for b in [*vote.ballots, *vote.room]) + sum(vote.paper.values())


def toggle_dot(step: PlannedStep, draft: list[str], candidate: str) -> list[str]:
    """A person's draft dots after pressing a candidate: without stacking the key adds or
    removes the dot; with stacking it adds until the dots are used up."""
    if not step.stacking and candidate in draft:
        return [d for d in draft if d != candidate]
    new = [*draft, candidate]
    check_dots(step, new)
    return new
