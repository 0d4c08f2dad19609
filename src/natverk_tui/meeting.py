"""The meeting as the facilitator drives it: every change to a session, with undo.

The screen calls these methods and shows the result; nothing here knows about Textual.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from natverk_tui import followup, roster, rounds, timer, voting
from natverk_tui.model import (
    Action,
    Ballot,
    Contribution,
    Expectation,
    FollowupPlan,
    Fulfilment,
    Group,
    LogEntry,
    Participant,
    PlannedStep,
    PrivacyNote,
    QueueItem,
    QueueKind,
    Sector,
    Session,
    StepKind,
    TimerEvent,
    Vote,
    now,
)

# Kept here too: the CLI, the tests and the benchmarks start a meeting from this module.
from natverk_tui.model import new_session as new_session

UNDO_DEPTH = 200

ROOM_VOTE = "room vote"
# What phones do (Change.what), as opposed to the facilitator.
ROOM_ACTS = frozenset({"submit", "flag", ROOM_VOTE})

# What the room can send from phones on each kind of step.
QUEUE_KIND_FOR_STEP = {
    StepKind.DISCUSSION: QueueKind.CONTRIBUTION,
    StepKind.EXPECTATIONS: QueueKind.EXPECTATION,
}


@dataclass(frozen=True, slots=True)
class Change:
    """What one operation changed, announced once to every listener of the meeting.

    `fields` names the top-level fields of the session that changed; `ids` the items
    touched within those list fields (by `id`, or by `step` for votes); empty `ids` means
    the whole field. The saver journals exactly this; screens refresh from it."""

    what: str
    fields: tuple[str, ...]
    ids: tuple[str, ...] = ()


ChangeListener = Callable[[Change], None]


@dataclass
class Undo:
    description: str
    revert: Callable[[], object]
    change: Change | None = None


class Meeting:
    """A session plus the operations the facilitator performs on it, each undoable."""

    def __init__(
        self,
        session: Session,
        clock: Callable[[], dt.datetime] = now,
        on_change: ChangeListener | None = None,
    ) -> None:
        self.session = session
        self.clock = clock
        self._undo: list[Undo] = []
        self.listeners: list[ChangeListener] = [on_change] if on_change else []

    def _changed(self, change: Change) -> None:
        """Announce a change once, to every listener (the saver, the screen, the room)."""
        for listener in list(self.listeners):
            listener(change)

    # Steps and navigation -------------------------------------------------

    @property
    def step(self) -> PlannedStep:
        return self.session.plan.step(self.session.current_step)

    @property
    def index(self) -> int:
        return self.session.plan.index(self.session.current_step)

    def go_to(self, step_id: str) -> PlannedStep:
        """Make a step current. The step left behind stops its clock."""
        plan = self.session.plan
        plan.step(step_id)
        if step_id == self.session.current_step:
            return self.step
        at = self.clock()
        # A clock that was running moves on with the facilitator to the new step.
        running = self.timer().running
        self._log(TimerEvent.LEAVE, at=at, announce=False)
        self.session.current_step = step_id
        self._log(TimerEvent.ENTER, at=at, announce=False)
        if running and not self.timer().running:
            self._log(TimerEvent.START, at=at, announce=False)
        self._changed(Change("step", ("current_step", "log")))
        return self.step

    def next_step(self) -> PlannedStep | None:
        steps = self.session.plan.steps
        if self.index + 1 >= len(steps):
            return None
        return self.go_to(steps[self.index + 1].id)

    def previous_step(self) -> PlannedStep | None:
        if self.index == 0:
            return None
        return self.go_to(self.session.plan.steps[self.index - 1].id)

    # Timer -----------------------------------------------------------------

    def timer(self, step_id: str | None = None) -> timer.TimerState:
        step = self.session.plan.step(step_id or self.session.current_step)
        return timer.timer_state(self.session.log, step.id, step.minutes, self.clock())

    def toggle_timer(self) -> bool:
        """Start or pause the current step's clock; True when it now runs."""
        running = self.timer().running
        self._log(TimerEvent.PAUSE if running else TimerEvent.START)
        return not running

    def pause_timer(self) -> None:
        """Stop the clock if it runs (the meeting is closed for now)."""
        if self.timer().running:
            self._log(TimerEvent.PAUSE)

    def adjust_timer(self, seconds: int) -> None:
        self._log(TimerEvent.ADJUST, seconds=seconds)

    def reset_timer(self) -> None:
        self._log(TimerEvent.RESET)

    def _log(
        self,
        event: TimerEvent,
        seconds: int = 0,
        at: dt.datetime | None = None,
        announce: bool = True,
    ) -> None:
        self.session.log.append(LogEntry(
            at=at or self.clock(), step=self.session.current_step, event=event, seconds=seconds,
        ))
        if announce:
            self._changed(Change("timer", ("log",)))

    # Undo -------------------------------------------------------------------

    def _push(
        self,
        description: str,
        revert: Callable[[], object],
        fields: tuple[str, ...],
        ids: tuple[str, ...] = (),
    ) -> None:
        """Record how to undo a change that was just made, and announce the change."""
        change = Change(description, fields, ids)
        self._undo.append(Undo(description, revert, change))
        del self._undo[:-UNDO_DEPTH]
        self._changed(change)

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    def undo(self) -> str | None:
        """Revert the latest change; its description, or None when there is nothing to undo."""
        if not self._undo:
            return None
        entry = self._undo.pop()
        entry.revert()
        if entry.change is not None:
            self._changed(Change(f"undo {entry.change.what}", entry.change.fields, entry.change.ids))
        return entry.description

    # Contributions ----------------------------------------------------------

    def contribution(self, contribution_id: str) -> Contribution:
        for c in self.session.contributions:
            if c.id == contribution_id:
                return c
        raise KeyError(contribution_id)

    def add_contribution(
        self,
        text: str,
        step_id: str | None = None,
        sector: Sector | None = None,
        group: str | None = None,
        participant: str | None = None,
    ) -> Contribution | None:
        """Add what was said; blank text adds nothing."""
        text = text.strip()
        if not text:
            return None
        item = Contribution(
            step=step_id or self.session.current_step, text=text, created=self.clock(),
            sector=sector, group=group, participant=participant,
        )
        self.session.contributions.append(item)
        self._push("add", lambda: self._remove(item), ("contributions",), (item.id,))
        return item

    def _remove(self, item: Contribution) -> int:
        index = _index_of_same(self.session.contributions, item)
        del self.session.contributions[index]
        return index

    def edit_contribution(self, contribution_id: str, text: str) -> None:
        item = self.contribution(contribution_id)
        text = text.strip()
        if not text or text == item.text:
            return
        old = item.text
        item.text = text
        self._push("edit", lambda: setattr(item, "text", old), ("contributions",), (item.id,))

    def delete_contribution(self, contribution_id: str) -> Contribution:
        item = self.contribution(contribution_id)
        index = self._remove(item)
        # Dots on it go with it: a saved ballot never names an area that is not there.
        gone = {item.id, *item.merged}
        stripped: list[tuple[Vote, list[Ballot], dict[str, int]]] = []
        for vote in self.session.votes:
            if gone & vote.paper.keys() or any(gone.intersection(b.dots) for b in vote.ballots):
                stripped.append((vote, [b.model_copy(deep=True) for b in vote.ballots], dict(vote.paper)))
                for ballot in vote.ballots:
                    ballot.dots = [d for d in ballot.dots if d not in gone]
                vote.paper = {k: n for k, n in vote.paper.items() if k not in gone}

        def revert() -> None:
            self.session.contributions.insert(index, item)
            for vote, ballots, paper in stripped:
                vote.ballots, vote.paper = ballots, paper

        fields = ("contributions", "votes") if stripped else ("contributions",)
        self._push("delete", revert, fields, (item.id, *(v.step for v, _, _ in stripped)))
        return item

    def tag_contribution(
        self, contribution_id: str, sector: Sector | None = None, group: str | None = None
    ) -> None:
        """Set or clear (the same value again clears) a contribution's sector or group."""
        item = self.contribution(contribution_id)
        old_sector, old_group = item.sector, item.group
        if sector is not None:
            item.sector = None if item.sector == sector else sector
        if group is not None:
            item.group = None if item.group == group else group

        def revert() -> None:
            item.sector, item.group = old_sector, old_group

        self._push("tag", revert, ("contributions",), (item.id,))

    def merge_contributions(self, keep_id: str, other_id: str) -> Contribution:
        """Two that say the same become one; the text of both is kept, joined."""
        if keep_id == other_id:
            raise ValueError("a contribution cannot be merged with itself")
        keep = self.contribution(keep_id)
        other = self.contribution(other_id)
        old = keep.model_copy(deep=True)
        if other.text.casefold() != keep.text.casefold():
            keep.text = f"{keep.text} / {other.text}"
        # Tags the kept one lacks come from the other, so a merge loses nothing.
        keep.sector = keep.sector or other.sector
        keep.group = keep.group or other.group
        keep.participant = keep.participant or other.participant
        keep.merged = [*keep.merged, other.id, *other.merged]
        index = self._remove(other)

        def revert() -> None:
            _restore_fields(keep, old)
            self.session.contributions.insert(index, other)

        self._push("merge", revert, ("contributions",), (keep.id, other.id))
        return keep

    def move_contribution(self, contribution_id: str, step_id: str) -> None:
        item = self.contribution(contribution_id)
        self.session.plan.step(step_id)
        old = item.step
        item.step = step_id
        self._push("move", lambda: setattr(item, "step", old), ("contributions",), (item.id,))

    # Round ---------------------------------------------------------------------

    def next_turn(self) -> None:
        """The current speaker has had their turn; the next one's time box starts now."""
        self._round_change(rounds.next_turn)

    def restart_round(self) -> None:
        self._round_change(rounds.restart)

    def _round_change(self, change: Callable[[Session, str, float], object]) -> None:
        step = self.session.current_step
        turns = self.session.turns.get(step)
        started = self.session.turn_started.get(step)
        change(self.session, step, self.timer().elapsed)

        def revert() -> None:
            _restore_key(self.session.turns, step, turns)
            _restore_key(self.session.turn_started, step, started)

        self._push("turn", revert, ("turns", "turn_started"))

    # Dot vote -----------------------------------------------------------------

    def cast_ballot(self, voter: str, dots: list[str], step_id: str | None = None) -> Ballot:
        step = step_id or self.session.current_step
        before = self._vote_state(step)
        ballot = voting.record_ballot(self.session, step, voter, dots)
        self._push("vote", lambda: self._restore_vote(step, before), ("votes",), (step,))
        return ballot

    def set_paper_count(self, candidate: str, count: int, step_id: str | None = None) -> None:
        step = step_id or self.session.current_step
        before = self._vote_state(step)
        voting.set_paper_count(self.session, step, candidate, count)
        self._push("paper", lambda: self._restore_vote(step, before), ("votes",), (step,))

    def toggle_reveal(self, step_id: str | None = None) -> bool:
        step = step_id or self.session.current_step
        before = self._vote_state(step)
        vote = self.session.vote_for(step)
        vote.revealed = not vote.revealed
        self._push("reveal", lambda: self._restore_vote(step, before), ("votes",), (step,))
        return vote.revealed

    def _vote_state(self, step_id: str) -> Vote | None:
        """A copy of the step's vote as it is now (None when it has none yet), for undo."""
        vote = next((v for v in self.session.votes if v.step == step_id), None)
        return vote.model_copy(deep=True) if vote is not None else None

    def _restore_vote(self, step_id: str, before: Vote | None) -> None:
        """The vote as it was, except the phones' ballots: those are the room's, not the
        facilitator's to take back, and may have come in since."""
        votes = self.session.votes
        index = next((i for i, v in enumerate(votes) if v.step == step_id), None)
        room = list(votes[index].room) if index is not None else []
        if before is None and room:
            before = Vote(step=step_id)
        if before is None:
            if index is not None:
                del votes[index]
        elif index is None:
            votes.append(before.model_copy(deep=True))
        else:
            _restore_fields(votes[index], before.model_copy(update={"room": room}))

    # Actions and follow-up ----------------------------------------------------

    def add_action(
        self, what: str, owner: str = "", due: dt.date | None = None, area: str = ""
    ) -> Action | None:
        what = what.strip()
        if not what:
            return None
        action = Action(what=what, owner=owner.strip(), due=due, area=area.strip(),
                        step=self.session.current_step, created=self.clock())
        self.session.actions.append(action)
        self._push("action", lambda: _remove_same(self.session.actions, action), ("actions",), (action.id,))
        return action

    def action(self, action_id: str) -> Action:
        for a in self.session.actions:
            if a.id == action_id:
                return a
        raise KeyError(action_id)

    def change_action(
        self, action_id: str, change: Callable[[Action], object], what: str = "action"
    ) -> Action:
        """Apply a change to an action; undo puts every field back on the same object, so
        earlier undo entries that hold it still find it. A change that changes nothing is
        neither announced nor undone."""
        action = self.action(action_id)
        before = action.model_copy(deep=True)
        change(action)
        if action == before:
            return action
        self._push(what, lambda: _restore_fields(action, before), ("actions",), (action.id,))
        return action

    def decide_carried(
        self, action_id: str, decision: followup.Decision, owner: str = ""
    ) -> Action:
        """The room's decision on an action carried over from the last meeting."""
        at = self.clock()
        return self.change_action(
            action_id, lambda a: followup.decide(a, decision, at=at, owner=owner), "decision")

    def update_action(
        self,
        action_id: str,
        what: str | None = None,
        area: str | None = None,
        **tracked: Any,
    ) -> Action:
        """Change an action. Status, owner, due date and note go through followup, which
        dates each change in the action's history; what and area are simply replaced."""

        def change(action: Action) -> None:
            if what is not None and what.strip():
                action.what = what.strip()
            if area is not None:
                action.area = area.strip()
            followup.update_action(action, at=self.clock(), **tracked)

        return self.change_action(action_id, change)

    def delete_action(self, action_id: str) -> Action:
        action = self.action(action_id)
        index = _index_of_same(self.session.actions, action)
        del self.session.actions[index]
        self._push("delete", lambda: self.session.actions.insert(index, action), ("actions",), (action.id,))
        return action

    def set_followup(self, **fields: str) -> None:
        old = self.session.followup.model_copy()
        new = FollowupPlan(**{**old.model_dump(), **fields})
        if new == old:
            return
        self.session.followup = new
        self._push("followup", lambda: setattr(self.session, "followup", old), ("followup",))

    # Participants -------------------------------------------------------------

    def participant(self, participant_id: str) -> Participant:
        person = self.session.participant(participant_id)
        if person is None:
            raise KeyError(participant_id)
        return person

    def add_participant(
        self, name: str = "", organisation: str = "", role: str = "", sector: Sector = Sector.OVRIGT
    ) -> Participant:
        person = roster.add(self.session, name, organisation, role, sector)
        self._push("participant", lambda: _remove_same(self.session.participants, person),
                   ("participants",), (person.id,))
        return person

    def edit_participant(self, participant_id: str, **changes: Any) -> Participant:
        """Change name, organisation, role or sector (see roster.edit)."""
        person = self.participant(participant_id)
        before = person.model_copy()
        try:
            roster.edit(self.session, participant_id, **changes)
        except ValueError:
            _restore_fields(person, before)  # a bad value after a good one changes nothing
            raise
        if person != before:
            self._push("participant", lambda: _restore_fields(person, before),
                       ("participants",), (person.id,))
        return person

    def set_present(self, participant_id: str, present: bool) -> Participant:
        person = self.participant(participant_id)
        before = person.present
        if before != present:
            roster.set_present(self.session, participant_id, present)
            self._push("participant", lambda: setattr(person, "present", before),
                       ("participants",), (person.id,))
        return person

    def remove_participant(self, participant_id: str) -> Participant:
        """Take someone off the roster and out of every group and round; undo puts them
        back in the same places."""
        person = self.participant(participant_id)
        index = _index_of_same(self.session.participants, person)
        members = [(g, list(g.members)) for gs in self.session.groups.values() for g in gs]
        turns = {step: list(ids) for step, ids in self.session.turns.items()}
        roster.remove(self.session, participant_id)

        def revert() -> None:
            self.session.participants.insert(index, person)
            for group, before in members:
                group.members = before
            self.session.turns.clear()
            self.session.turns.update(turns)

        self._push("participant", revert, ("participants", "groups", "turns"))
        return person

    # Groups -------------------------------------------------------------------

    def set_groups(self, step_id: str, groups: list[Group]) -> list[Group]:
        """Accept the groups for a step (empty groups are left out)."""
        self.session.plan.step(step_id)
        accepted = [g for g in groups if g.members]
        before = self.session.groups.get(step_id)
        self.session.groups[step_id] = accepted
        self._push("groups", lambda: _restore_key(self.session.groups, step_id, before), ("groups",))
        return accepted

    # Closing ------------------------------------------------------------------

    def close(self) -> bool:
        """Close the meeting: its clocks stop and the time is stamped. False when it was
        closed already."""
        log = self.session.log
        if not followup.close_session(self.session, self.clock()):
            return False

        def revert() -> None:
            self.session.closed = None
            self.session.log = log

        self._push("close", revert, ("closed", "log"))
        return True

    def reopen(self) -> bool:
        """Undo a close made by mistake; False when the meeting was not closed."""
        closed = self.session.closed
        if closed is None:
            return False
        self.session.closed = None
        self._push("reopen", lambda: setattr(self.session, "closed", closed), ("closed",))
        return True

    # Personal data ------------------------------------------------------------

    def roster_names(self) -> list[str]:
        """The names the personal-data guard looks for in what is typed."""
        return [p.name for p in self.session.participants if p.name]

    def record_kept(self, field: str, kinds: list[str]) -> PrivacyNote:
        """The facilitator kept flagged text as typed: the session's log says so, with the
        kind of thing found and never the value. A record, so undo leaves it."""
        note = PrivacyNote(at=self.clock(), step=self.session.current_step, field=field, kinds=kinds)
        self.session.privacy_log.append(note)
        self._changed(Change("kept", ("privacy_log",)))
        return note

    # Expectations -------------------------------------------------------------

    def add_expectation(self, text: str, participant: str | None = None) -> Expectation | None:
        text = text.strip()
        if not text:
            return None
        item = Expectation(text=text, participant=participant)
        self.session.expectations.append(item)
        self._push("expectation", lambda: _remove_same(self.session.expectations, item),
                   ("expectations",), (item.id,))
        return item

    def mark_expectation(self, expectation_id: str, met: Fulfilment | None) -> None:
        item = next(e for e in self.session.expectations if e.id == expectation_id)
        old = item.met
        item.met = None if item.met == met else met
        self._push("expectation", lambda: setattr(item, "met", old), ("expectations",), (item.id,))

    def delete_expectation(self, expectation_id: str) -> None:
        item = next(e for e in self.session.expectations if e.id == expectation_id)
        index = self.session.expectations.index(item)
        del self.session.expectations[index]
        self._push(
            "delete", lambda: self.session.expectations.insert(index, item), ("expectations",), (item.id,)
        )

    # The room's queue (text from phones) -------------------------------------------

    def queue_item(self, item_id: str) -> QueueItem:
        for q in self.session.queue:
            if q.id == item_id:
                return q
        raise KeyError(item_id)

    def submit(self, text: str, kind: QueueKind, step_id: str | None = None) -> QueueItem | None:
        """Text from a phone waits in the queue. It is the room's act, not the facilitator's,
        so Ctrl+Z does not take it back (reject does)."""
        text = text.strip()
        if not text:
            return None
        step = self.session.plan.step(step_id or self.session.current_step)
        if QUEUE_KIND_FOR_STEP.get(step.kind) is not kind:
            raise ValueError(f"step {step.id!r} does not take a {kind.value}")
        item = QueueItem(step=step.id, kind=kind, text=text, created=self.clock())
        self.session.queue.append(item)
        self._changed(Change("submit", ("queue",), (item.id,)))
        return item

    def flag_queue_item(self, item_id: str, flags: Iterable[str]) -> None:
        """Mark a waiting item with what a check found in it (the guard's kinds: phone,
        name ...), for the facilitator to look at before accepting it."""
        item = self.queue_item(item_id)
        new = [f for f in dict.fromkeys(flags) if f not in item.flags]
        if not new:
            return
        item.flags = [*item.flags, *new]
        self._changed(Change("flag", ("queue",), (item.id,)))

    def accept(self, item_id: str, text: str | None = None) -> Contribution | Expectation | None:
        """The facilitator lets an item through, as sent or edited first: it leaves the queue
        and becomes a contribution or an expectation. Edited to nothing, it is rejected."""
        item = self.queue_item(item_id)
        text = (item.text if text is None else text).strip()
        if not text:
            self.reject(item_id)
            return None
        undo = self._unaccept([item])
        added = self._accept(item, text)
        field = "contributions" if isinstance(added, Contribution) else "expectations"
        self._push("accept", undo(added), ("queue", field), (item.id, added.id))
        return added

    def accept_all(self, step_id: str | None = None) -> list[Contribution | Expectation]:
        """Everything waiting (on one step, when given) goes through, as one undoable change."""
        items = [q for q in self.session.queue if step_id is None or q.step == step_id]
        if not items:
            return []
        undo = self._unaccept(items)
        added = [self._accept(item, item.text) for item in items]
        fields = {"queue"} | {
            "contributions" if isinstance(a, Contribution) else "expectations" for a in added}
        ids = tuple(i for item, a in zip(items, added, strict=True) for i in (item.id, a.id))
        self._push("accept", undo(*added), tuple(sorted(fields)), ids)
        return added

    def reject(self, item_id: str) -> QueueItem:
        item = self.queue_item(item_id)
        index = _index_of_same(self.session.queue, item)
        del self.session.queue[index]
        self._push("reject", lambda: self.session.queue.insert(index, item), ("queue",), (item.id,))
        return item

    def _accept(self, item: QueueItem, text: str) -> Contribution | Expectation:
        added: Contribution | Expectation
        if item.kind is QueueKind.EXPECTATION:
            added = Expectation(text=text)
            self.session.expectations.append(added)
        else:
            added = Contribution(step=item.step, text=text, created=self.clock())
            self.session.contributions.append(added)
        _remove_same(self.session.queue, item)
        return added

    def _unaccept(
        self, items: list[QueueItem]
    ) -> Callable[..., Callable[[], None]]:
        """Taken before the items leave the queue: where each stood, to put it back there."""
        places = sorted((_index_of_same(self.session.queue, item), item) for item in items)

        def with_added(*added: Contribution | Expectation) -> Callable[[], None]:
            def revert() -> None:
                for a in added:
                    target: list[Any] = (
                        self.session.contributions if isinstance(a, Contribution)
                        else self.session.expectations)
                    _remove_same(target, a)
                for index, item in places:
                    self.session.queue.insert(index, item)

            return revert

        return with_added

    # Ballots from phones ---------------------------------------------------------

    def room_ballot(
        self, dots: list[str], previous: list[str] | None = None, step_id: str | None = None
    ) -> Ballot:
        """A phone's dots, replacing its earlier ballot on the same vote. Like a submission,
        it is the room's act: Ctrl+Z does not take it back."""
        step = step_id or self.session.current_step
        ballot = voting.record_room_ballot(self.session, step, dots, previous)
        self._changed(Change(ROOM_VOTE, ("votes",), (step,)))
        return ballot


def _index_of_same(items: list[Any], item: object) -> int:
    """The position of this very object: models compare by value, and undo needs identity."""
    return next(i for i, candidate in enumerate(items) if candidate is item)


def _remove_same(items: list[Any], item: object) -> None:
    del items[_index_of_same(items, item)]


def _restore_key(mapping: dict[str, Any], key: str, before: object) -> None:
    """Put a key of a dict back as it was; None means it was not there."""
    if before is None:
        mapping.pop(key, None)
    else:
        mapping[key] = before


def _restore_fields(target: Any, before: Any) -> None:
    """Put every field of a model back as it was, keeping the object itself (undo entries
    further down the stack hold it)."""
    for name in type(target).model_fields:
        setattr(target, name, getattr(before, name))
