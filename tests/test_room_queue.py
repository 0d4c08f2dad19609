"""The room's moderation queue and phone ballots: plain tests of Meeting, no UI, no server."""

from __future__ import annotations

from pathlib import Path

import pytest

from natverk_tui import store
from natverk_tui.meeting import Change, Meeting
from natverk_tui.model import Ballot, Contribution, Participant, QueueKind, Session
from natverk_tui.voting import VoteError, record_ballot, tally

VOTE = "tema1.c"


@pytest.fixture
def meeting(session: Session) -> Meeting:
    session.current_step = "tema1.a"
    return Meeting(session)


def test_a_submission_waits_and_is_announced_without_an_undo_entry(meeting: Meeting) -> None:
    changes: list[Change] = []
    meeting.listeners.append(changes.append)
    item = meeting.submit("  Svartarbete  ", QueueKind.CONTRIBUTION)
    assert item is not None and item.text == "Svartarbete" and item.step == "tema1.a"
    assert meeting.session.queue == [item]
    assert meeting.session.contributions == []
    assert changes == [Change("submit", ("queue",), (item.id,))]
    assert not meeting.can_undo  # the facilitator's Ctrl+Z never takes back what a phone sent
    assert meeting.submit("   ", QueueKind.CONTRIBUTION) is None


def test_a_submission_must_fit_the_step(meeting: Meeting) -> None:
    with pytest.raises(ValueError):
        meeting.submit("Få kontakter", QueueKind.EXPECTATION)  # a discussion step
    with pytest.raises(ValueError):
        meeting.submit("text", QueueKind.CONTRIBUTION, "tema1.c")  # a vote step
    item = meeting.submit("Få kontakter", QueueKind.EXPECTATION, "inledning.forvantningar")
    assert item is not None and item.kind is QueueKind.EXPECTATION


def test_accept_edit_reject_and_undo(meeting: Meeting) -> None:
    a = meeting.submit("Långa kedjor", QueueKind.CONTRIBUTION)
    b = meeting.submit("Falska id06-kort", QueueKind.CONTRIBUTION)
    c = meeting.submit("Reklam", QueueKind.CONTRIBUTION)
    assert a and b and c
    changes: list[Change] = []
    meeting.listeners.append(changes.append)

    added = meeting.accept(a.id)
    assert isinstance(added, Contribution) and added.text == "Långa kedjor" and added.step == "tema1.a"
    assert changes[-1] == Change("accept", ("queue", "contributions"), (a.id, added.id))
    edited = meeting.accept(b.id, "Falska ID06-kort")
    assert edited is not None and edited.text == "Falska ID06-kort"
    meeting.reject(c.id)
    assert changes[-1] == Change("reject", ("queue",), (c.id,))
    assert meeting.session.queue == []
    assert [x.text for x in meeting.session.contributions] == ["Långa kedjor", "Falska ID06-kort"]

    assert meeting.undo() == "reject"
    assert [q.text for q in meeting.session.queue] == ["Reklam"]
    assert meeting.undo() == "accept"
    assert [q.text for q in meeting.session.queue] == ["Falska id06-kort", "Reklam"]
    assert [x.text for x in meeting.session.contributions] == ["Långa kedjor"]


def test_accepting_an_item_edited_to_nothing_rejects_it(meeting: Meeting) -> None:
    item = meeting.submit("Namn Namnsson på firma X", QueueKind.CONTRIBUTION)
    assert item is not None
    assert meeting.accept(item.id, "  ") is None
    assert meeting.session.queue == [] and meeting.session.contributions == []


def test_accept_all_is_one_undoable_change(meeting: Meeting) -> None:
    meeting.submit("Ett", QueueKind.CONTRIBUTION)
    meeting.submit("Två", QueueKind.CONTRIBUTION)
    meeting.submit("Få kontakter", QueueKind.EXPECTATION, "inledning.forvantningar")
    changes: list[Change] = []
    meeting.listeners.append(changes.append)
    added = meeting.accept_all()
    assert [x.text for x in added] == ["Ett", "Två", "Få kontakter"]
    assert [x.text for x in meeting.session.contributions] == ["Ett", "Två"]
    assert [x.text for x in meeting.session.expectations] == ["Få kontakter"]
    assert len(changes) == 1 and changes[0].fields == ("contributions", "expectations", "queue")
    meeting.undo()
    assert [q.text for q in meeting.session.queue] == ["Ett", "Två", "Få kontakter"]
    assert meeting.session.contributions == [] and meeting.session.expectations == []
    assert meeting.accept_all("tema1.b") == []


def test_a_check_can_flag_an_item(meeting: Meeting) -> None:
    item = meeting.submit("Ring 070-1234567", QueueKind.CONTRIBUTION)
    assert item is not None
    changes: list[Change] = []
    meeting.listeners.append(changes.append)
    meeting.flag_queue_item(item.id, ["phone", "name"])
    meeting.flag_queue_item(item.id, ["phone"])  # nothing new: not announced
    assert meeting.session.queue[0].flags == ["phone", "name"]
    assert changes == [Change("flag", ("queue",), (item.id,))]


def test_the_queue_survives_in_the_file(meeting: Meeting, tmp_path: Path) -> None:
    meeting.submit("Väntar på mötesledaren", QueueKind.CONTRIBUTION)
    path = tmp_path / "mote.toml"
    store.save_session(meeting.session, path)
    again = store.load_session(path)
    assert [q.text for q in again.queue] == ["Väntar på mötesledaren"]
    assert again.queue[0].kind is QueueKind.CONTRIBUTION


def test_a_queue_item_on_an_unknown_step_is_an_error(meeting: Meeting, tmp_path: Path) -> None:
    meeting.submit("x", QueueKind.CONTRIBUTION)
    data = meeting.session.model_dump()
    data["queue"][0]["step"] = "nowhere"
    with pytest.raises(ValueError, match="not in the plan"):
        Session.model_validate(data)


@pytest.fixture
def voting_room(session: Session) -> Meeting:
    session.participants = [Participant(number=1)]
    session.contributions = [Contribution(step="tema1.b", text=f"Område {n}") for n in range(1, 4)]
    session.current_step = VOTE
    return Meeting(session)


def test_phone_ballots_are_anonymous_changeable_and_add_up_with_the_keyboard(voting_room: Meeting) -> None:
    session = voting_room.session
    a, b, c = (x.id for x in session.contributions)
    record_ballot(session, VOTE, session.participants[0].id, [a, b])
    first = voting_room.room_ballot([a])
    assert first == Ballot(dots=[a]) and first.voter is None
    voting_room.room_ballot([c, b], previous=[a])  # the same phone changes its mind
    voting_room.room_ballot([c])  # another phone
    counts = {row.text: row.count for row in tally(session, VOTE)}
    assert counts == {"Område 1": 1, "Område 2": 2, "Område 3": 2}
    vote = session.vote_for(VOTE)
    assert vote.voted == [session.participants[0].id]  # phones are nobody in `voted`
    assert len(vote.room) == 2 and all(b.voter is None for b in vote.room)
    assert not voting_room.can_undo


def test_the_facilitators_undo_keeps_the_phones_ballots(voting_room: Meeting) -> None:
    session = voting_room.session
    a, b, _ = (x.id for x in session.contributions)
    voting_room.cast_ballot(session.participants[0].id, [a])  # the keyboard
    voting_room.room_ballot([b])  # a phone, after it
    voting_room.undo()  # takes back the keyboard ballot only
    vote = session.vote_for(VOTE)
    assert vote.ballots == [] and vote.voted == [] and vote.room == [Ballot(dots=[b])]


def test_a_phone_ballot_keeps_the_steps_rules(voting_room: Meeting) -> None:
    a, b, c = (x.id for x in voting_room.session.contributions)
    with pytest.raises(VoteError):
        voting_room.room_ballot([a, b, c, a])  # more than three dots
    with pytest.raises(VoteError):
        voting_room.room_ballot([a, a])  # no stacking on this step
    with pytest.raises(VoteError):
        voting_room.room_ballot(["c-unknown"])
    voting_room.toggle_reveal()
    with pytest.raises(VoteError):
        voting_room.room_ballot([a])  # the result is shown: the vote has ended
    assert voting_room.session.vote_for(VOTE).ballots == []
