"""Meeting, the one door through which a session changes: what each operation does, that it
is announced once, and that undo takes every one of them back exactly."""

from __future__ import annotations

import datetime as dt
import inspect
from collections.abc import Callable
from pathlib import Path

import pytest

from natverk_tui import followup, rounds, store
from natverk_tui.followup import Decision
from natverk_tui.meeting import Change, Meeting
from natverk_tui.model import (
    ActionStatus,
    Contribution,
    EventKind,
    Expectation,
    Fulfilment,
    Group,
    Programme,
    QueueItem,
    QueueKind,
    Sector,
    Session,
    ThemeLibrary,
)

ROOT = Path(__file__).resolve().parents[1]
NOW = dt.datetime(2027, 3, 10, 13, 0)
ROUND, DISCUSSION, AREAS, VOTE = "inledning.presentation", "tema1.a", "tema1.b", "tema1.c"


@pytest.fixture
def room(filled: Session, library: ThemeLibrary, tmp_path: Path) -> Session:
    """The meeting after `filled`: one carried action, the same people, a little said,
    voted and grouped already, standing on the round."""
    programme: Programme = store.load_programme(ROOT / "agendas" / "kort.toml")
    session = followup.next_session(filled, tmp_path / "first.toml", programme, library,
                                    at=NOW - dt.timedelta(days=1))
    session.contributions = [
        Contribution(step=DISCUSSION, text="Långa kedjor av underentreprenörer"),
        Contribution(step=DISCUSSION, text="Falska uppgifter i personalliggaren"),
        *(Contribution(step=AREAS, text=text) for text in ("Dela information", "Följa upp")),
    ]
    people = [p.id for p in session.participants]
    session.groups[DISCUSSION] = [Group(name="Grupp 1", members=people[:2]),
                                  Group(name="Grupp 2", members=people[2:])]
    session.turns[ROUND] = [people[0]]
    session.expectations = [Expectation(text="Få kontakter", participant=people[0])]
    session.queue = [  # sent from phones, waiting for the facilitator
        QueueItem(step=DISCUSSION, text="Skenbolag som byts ut"),
        QueueItem(step="inledning.forvantningar", kind=QueueKind.EXPECTATION, text="Nya kontakter"),
    ]
    session.current_step = ROUND
    return session


def meeting_of(session: Session) -> tuple[Meeting, list[Change]]:
    changes: list[Change] = []
    return Meeting(session, clock=lambda: NOW, on_change=changes.append), changes


Operation = Callable[[Meeting], object]


def _ids(m: Meeting) -> dict[str, str]:
    s = m.session
    return {"c0": s.contributions[0].id, "c1": s.contributions[1].id,
            "area": s.contributions[2].id, "carried": s.actions[0].id,
            "p0": s.participants[0].id, "p2": s.participants[2].id,
            "e0": s.expectations[0].id}


def _waiting(m: Meeting, n: int) -> str:
    """The id of the n-th item in the queue (KeyError once an earlier operation took it)."""
    if len(m.session.queue) <= n:
        raise KeyError(n)
    return m.session.queue[n].id


def _op(f: Callable[[Meeting, dict[str, str]], object]) -> Operation:
    return lambda m: f(m, _ids(m))


# Every operation the facilitator performs, by the Meeting method it goes through.
OPERATIONS: dict[str, list[tuple[str, Operation]]] = {
    "add_contribution": [("say something", _op(lambda m, i: m.add_contribution(
        "Svarta löner i slutet av kedjan", DISCUSSION, sector=Sector.FACK)))],
    "edit_contribution": [("reword", _op(lambda m, i: m.edit_contribution(i["c0"], "Kedjor")))],
    "delete_contribution": [("delete", _op(lambda m, i: m.delete_contribution(i["c0"])))],
    "tag_contribution": [
        ("sector", _op(lambda m, i: m.tag_contribution(i["c0"], sector=Sector.FORETAG))),
        ("group", _op(lambda m, i: m.tag_contribution(i["c1"], group="Grupp 2"))),
    ],
    "merge_contributions": [("merge", _op(lambda m, i: m.merge_contributions(i["c0"], i["c1"])))],
    "move_contribution": [("move", _op(lambda m, i: m.move_contribution(i["c0"], AREAS)))],
    "next_turn": [("next speaker", lambda m: m.next_turn())],
    "restart_round": [("start over", lambda m: m.restart_round())],
    "cast_ballot": [("first ballot", _op(lambda m, i: m.cast_ballot(i["p0"], [i["area"]], VOTE)))],
    "set_paper_count": [("stickers", _op(lambda m, i: m.set_paper_count(i["area"], 4, VOTE)))],
    "toggle_reveal": [("reveal", lambda m: m.toggle_reveal(VOTE))],
    "add_action": [("new action", lambda m: m.add_action(
        "Gemensam kontroll", "Bo", dt.date(2027, 5, 1), "Information"))],
    "update_action": [
        ("status", _op(lambda m, i: m.update_action(i["carried"], status=ActionStatus.DONE))),
        ("owner, due, note", _op(lambda m, i: m.update_action(
            i["carried"], owner="Cecilia", due=None, note="Ringer i april"))),
        ("what and area", _op(lambda m, i: m.update_action(i["carried"], what="Ny", area="X"))),
    ],
    "change_action": [("by hand", _op(lambda m, i: m.change_action(
        i["carried"], lambda a: followup.reassign(a, "Dan", at=NOW))))],
    "delete_action": [("delete", _op(lambda m, i: m.delete_action(i["carried"])))],
    "decide_carried": [
        (decision.value, _op(lambda m, i, d=decision: m.decide_carried(i["carried"], d, "Eva")))
        for decision in Decision
    ],
    "set_followup": [("next meeting", lambda m: m.set_followup(next_meeting="Juni 2027"))],
    "add_expectation": [("expect", _op(lambda m, i: m.add_expectation("Lära mig", i["p2"])))],
    "mark_expectation": [("met", _op(lambda m, i: m.mark_expectation(i["e0"], Fulfilment.MET)))],
    "delete_expectation": [("delete", _op(lambda m, i: m.delete_expectation(i["e0"])))],
    "add_participant": [("register", lambda m: m.add_participant("Eva", "Fack", "", Sector.FACK))],
    "edit_participant": [("edit", _op(lambda m, i: m.edit_participant(
        i["p0"], name="Annika", sector=Sector.OVRIGT)))],
    "set_present": [("absent", _op(lambda m, i: m.set_present(i["p0"], False)))],
    "remove_participant": [("remove", _op(lambda m, i: m.remove_participant(i["p0"])))],
    "set_groups": [
        ("regroup", _op(lambda m, i: m.set_groups(DISCUSSION, [
            Group(name="Grupp 1", members=[i["p0"], i["p2"]]), Group(name="Tom")]))),
        ("first groups", _op(lambda m, i: m.set_groups(AREAS, [Group(name="Par 1",
                                                                       members=[i["p0"]])]))),
    ],
    "accept": [
        ("as sent", lambda m: m.accept(_waiting(m, 0))),
        ("edited", lambda m: m.accept(_waiting(m, 1), "Kontakter i regionen")),
        ("edited to nothing", lambda m: m.accept(_waiting(m, 0), " ")),
    ],
    "accept_all": [("all", lambda m: m.accept_all())],
    "reject": [("reject", lambda m: m.reject(_waiting(m, 0)))],
    "close": [("close", lambda m: m.close())],
    "reopen": [("reopen", lambda m: (m.session.__setattr__("closed", NOW), m.reopen()))],
}
# What changes the room's clock or where it stands is not undone: the same keys take it
# back (PgUp after PgDn, F5 again, F6 after F7), and time that has passed stays passed.
# A keep of flagged text is a record of what the facilitator decided: undo leaves it.
NOT_UNDONE = {"go_to", "next_step", "previous_step", "toggle_timer", "pause_timer",
              "adjust_timer", "reset_timer", "record_kept"}
QUERIES = {"step", "index", "timer", "contribution", "action", "participant", "can_undo",
           "undo", "roster_names",
           "queue_item"}
# What the room does from its phones is the room's, not the facilitator's: Ctrl+Z does not
# take it back (the queue's reject does; a phone replaces its own ballot).
ROOM_ACTS = {"submit", "room_ballot", "flag_queue_item"}

CASES = [(name, label, op) for name, ops in OPERATIONS.items() for label, op in ops]


def test_every_operation_of_meeting_is_in_the_list() -> None:
    public = {name for name, _ in inspect.getmembers(Meeting) if not name.startswith("_")}
    assert public - set(OPERATIONS) - NOT_UNDONE - QUERIES - ROOM_ACTS == set(), "new operation: add it"
    assert set(OPERATIONS) | NOT_UNDONE | QUERIES | ROOM_ACTS <= public


@pytest.mark.parametrize(("name", "label", "op"), CASES, ids=[f"{n}-{lb}" for n, lb, _ in CASES])
def test_each_operation_is_announced_once_and_undone_exactly(
    room: Session, name: str, label: str, op: Operation
) -> None:
    m, changes = meeting_of(room)
    if name == "reopen":
        room.closed = NOW  # closed earlier, outside this meeting's undo
    before = room.model_copy(deep=True)
    op(m)
    assert room != before, "the operation changed nothing"
    assert len(changes) == 1
    done = changes[0]
    assert set(done.fields) <= set(Session.model_fields)
    changed = {f for f in Session.model_fields if getattr(room, f) != getattr(before, f)}
    assert changed <= set(done.fields), "a field changed without being announced"
    assert m.can_undo
    assert m.undo() is not None
    assert room == before
    assert changes[1] == Change(f"undo {done.what}", done.fields, done.ids)
    assert not m.can_undo


def test_undo_goes_back_through_many_operations_in_turn(room: Session) -> None:
    m, changes = meeting_of(room)
    states = [room.model_copy(deep=True)]
    names: list[str] = []
    for name, _label, op in CASES:
        if name in ("reopen", "close"):
            continue
        announced = len(changes)
        try:
            op(m)
        except (KeyError, ValueError, StopIteration, followup.FollowupError):
            assert len(changes) == announced, f"{name} failed half-way"
            continue  # what it acts on was removed by an earlier operation
        if len(changes) > announced:  # some are no-ops by now (the same value again)
            assert len(changes) == announced + 1, f"{name} announced more than once"
            states.append(room.model_copy(deep=True))
            names.append(name)
    assert len(names) > 25
    while names:
        undone = names.pop()
        states.pop()
        assert m.undo() is not None
        diff = {f for f in Session.model_fields if getattr(room, f) != getattr(states[-1], f)}
        assert not diff, f"undo of {undone} left {diff} changed"
    assert not m.can_undo
    assert room == states[0]


# What the operations do ----------------------------------------------------------------

def test_blank_text_adds_nothing_and_is_not_announced(room: Session) -> None:
    m, changes = meeting_of(room)
    assert m.add_contribution("   ") is None and m.add_action(" ") is None
    assert m.add_expectation("") is None
    assert changes == [] and not m.can_undo


def test_an_update_that_changes_nothing_is_not_announced(room: Session) -> None:
    m, changes = meeting_of(room)
    carried = room.actions[0]
    m.update_action(carried.id, owner=carried.owner, status=carried.status)
    m.set_followup(next_meeting=room.followup.next_meeting)
    m.set_present(room.participants[0].id, True)
    assert changes == [] and not m.can_undo


def test_a_contribution_change_names_the_item(room: Session) -> None:
    m, changes = meeting_of(room)
    item = m.add_contribution("Svartarbete", DISCUSSION)
    assert item is not None
    assert changes[-1] == Change("add", ("contributions",), (item.id,))
    keep, other = room.contributions[0].id, room.contributions[1].id
    m.merge_contributions(keep, other)
    assert changes[-1] == Change("merge", ("contributions",), (keep, other))


def test_removing_a_participant_takes_them_out_of_groups_and_rounds(room: Session) -> None:
    m, changes = meeting_of(room)
    person = room.participants[0]
    m.remove_participant(person.id)
    assert person not in room.participants
    assert all(person.id not in g.members for g in room.groups[DISCUSSION])
    assert person.id not in room.turns[ROUND]
    assert set(changes[-1].fields) == {"participants", "groups", "turns"}


def test_the_rooms_decisions_on_carried_actions(room: Session) -> None:
    m, _ = meeting_of(room)
    carried = room.actions[0]
    assert followup.undecided(room) == [carried]
    m.decide_carried(carried.id, Decision.CONTINUE)
    assert carried.status is ActionStatus.IN_PROGRESS
    assert (carried.history[-1].kind, carried.history[-1].new) == (EventKind.DECIDED, "continue")
    assert followup.undecided(room) == []
    m.undo()
    assert followup.undecided(room) == [carried]
    with pytest.raises(followup.FollowupError):
        m.decide_carried(carried.id, Decision.NEW_OWNER, " ")
    m.decide_carried(carried.id, Decision.NEW_OWNER, "Eva")
    assert carried.owner == "Eva" and carried.history[-1].at == NOW


def test_a_first_ballot_and_its_undo_leave_no_empty_vote(room: Session) -> None:
    m, _ = meeting_of(room)
    assert room.votes == []
    m.cast_ballot(room.participants[0].id, [room.contributions[2].id], VOTE)
    assert len(room.votes) == 1
    m.undo()
    assert room.votes == []


def test_the_speakers_turn_starts_on_the_step_clock(room: Session) -> None:
    m, changes = meeting_of(room)
    m.next_turn()
    assert set(changes[-1].fields) == {"turns", "turn_started"}
    assert room.turn_started[ROUND] == 0
    assert rounds.speaker_left(room, ROUND, 30) is not None


def test_closing_stops_the_clock_and_reopening_undoes_it(room: Session) -> None:
    m, _ = meeting_of(room)
    m.toggle_timer()
    assert m.timer().running
    assert m.close() and room.closed == NOW and not m.timer().running
    assert not m.close()
    assert m.reopen() and room.closed is None
    assert not m.reopen()
    m.undo()
    assert room.closed == NOW


def test_a_refused_operation_changes_nothing(room: Session) -> None:
    from natverk_tui.voting import VoteError

    m, changes = meeting_of(room)
    before = room.model_copy(deep=True)
    with pytest.raises(VoteError):
        m.cast_ballot(room.participants[0].id, ["c-nonsense"], VOTE)
    with pytest.raises(KeyError):
        m.edit_participant("p-nobody", name="X")
    with pytest.raises(ValueError):
        m.edit_participant(room.participants[0].id, name="Annika", sector="nonsense")
    with pytest.raises(ValueError):
        m.merge_contributions(room.contributions[0].id, room.contributions[0].id)
    assert room == before and changes == [] and not m.can_undo


def test_a_keep_is_recorded_with_the_kind_never_the_value(room: Session) -> None:
    m, changes = meeting_of(room)
    m.add_contribution("Ring 070-123 45 67", DISCUSSION)
    m.record_kept("contribution", ["phone"])
    assert changes[-1] == Change("kept", ("privacy_log",))
    assert [(n.at, n.step, n.field, n.kinds) for n in room.privacy_log] == [
        (NOW, ROUND, "contribution", ["phone"])]
    assert "070" not in str(room.privacy_log)
    m.undo()  # takes the contribution back; the record of the keep stays
    assert len(room.privacy_log) == 1
    assert m.roster_names() == [p.name for p in room.participants if p.name]
