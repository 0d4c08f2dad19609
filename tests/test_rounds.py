"""The round: whose turn it is, who is left, and the turns kept in the session."""

from __future__ import annotations

from pathlib import Path

import pytest

from natverk_tui import roster, rounds, store
from natverk_tui.model import Sector, Session

STEP = "inledning.presentation"


@pytest.fixture
def room(session: Session) -> Session:
    for name in ("Anna", "Bo", "Cia", "Dan"):
        roster.add(session, name, sector=Sector.MYNDIGHET)
    return session


def names(people: list[object]) -> list[str]:
    return [p.name for p in people]  # type: ignore[attr-defined]


def test_turns_go_round_in_roster_order_skipping_the_absent(room: Session) -> None:
    roster.set_present(room, room.participants[1].id, False)
    state = rounds.state(room, STEP)
    assert state.current is not None and state.current.name == "Anna"
    assert names(state.waiting) == ["Cia", "Dan"]
    assert state.left == 3 and state.done == [] and state.per_person is None
    assert rounds.next_turn(room, STEP).name == "Cia"  # type: ignore[union-attr]
    assert rounds.next_turn(room, STEP).name == "Dan"  # type: ignore[union-attr]
    assert rounds.next_turn(room, STEP) is None
    assert rounds.next_turn(room, STEP) is None
    done = rounds.state(room, STEP)
    assert names(done.done) == ["Anna", "Cia", "Dan"] and done.left == 0


def test_undo_out_of_turn_and_restart(room: Session) -> None:
    rounds.next_turn(room, STEP)
    assert rounds.undo(room, STEP).name == "Anna"  # type: ignore[union-attr]
    assert rounds.undo(room, STEP).name == "Anna"  # type: ignore[union-attr]
    rounds.spoke(room, STEP, room.participants[2].id)
    state = rounds.state(room, STEP)
    assert state.current.name == "Anna"  # type: ignore[union-attr]
    assert names(state.waiting) == ["Bo", "Dan"]
    assert names(state.done) == ["Cia"]
    rounds.spoke(room, STEP, room.participants[2].id)
    assert rounds.taken(room, STEP) == [room.participants[2].id]
    with pytest.raises(KeyError):
        rounds.spoke(room, STEP, "p-nobody")
    rounds.restart(room, STEP)
    assert rounds.state(room, STEP).left == 4


def test_someone_arriving_late_joins_the_end(room: Session) -> None:
    rounds.next_turn(room, STEP)
    roster.add(room, "Eva")
    assert names(rounds.state(room, STEP).waiting) == ["Cia", "Dan", "Eva"]


def test_time_box(room: Session) -> None:
    assert rounds.state(room, STEP, per_person=90).per_person == 90
    assert rounds.state(room, STEP, per_person=0).per_person is None
    # kort.toml gives the presentation round 10 minutes: 600 s among four people.
    assert rounds.share_of_step(room, STEP) == 150
    for p in room.participants:
        p.present = False
    assert rounds.share_of_step(room, STEP) is None


def test_turns_are_saved_with_the_session(room: Session, tmp_path: Path) -> None:
    rounds.next_turn(room, STEP)
    path = tmp_path / "s.toml"
    store.save_session(room, path)
    again = store.load_session(path)
    assert again.turns == {STEP: [room.participants[0].id]}
    assert rounds.state(again, STEP).current.name == "Bo"  # type: ignore[union-attr]


def test_the_speakers_time_box_runs_with_the_step_clock_and_survives_a_reopen(
    room: Session, tmp_path: Path
) -> None:
    # kort.toml gives the round 10 minutes: 150 seconds each for four people.
    assert rounds.speaker_left(room, STEP, 0) == 150
    rounds.next_turn(room, STEP, elapsed=200)  # Anna spoke for 200 s; Bo starts at 200
    assert rounds.speaker_left(room, STEP, 260) == 90
    path = tmp_path / "mote.toml"
    store.save_session(room, path)
    again = store.load_session(path)
    assert rounds.speaker_left(again, STEP, 400) == -50  # over by 50 s
    rounds.restart(again, STEP, elapsed=400)
    assert rounds.speaker_left(again, STEP, 430) == 120
    for _ in range(4):
        rounds.next_turn(again, STEP, elapsed=500)
    assert rounds.speaker_left(again, STEP, 600) is None  # everyone has spoken
