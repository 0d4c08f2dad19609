"""Follow-up logic: action updates with history, the next meeting, series and closing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from natverk_tui import followup, store
from natverk_tui.meeting import new_session
from natverk_tui.model import (
    Action,
    ActionStatus,
    EventKind,
    LogEntry,
    Programme,
    Session,
    StepKind,
    ThemeLibrary,
    TimerEvent,
)
from natverk_tui.timer import timer_state

ROOT = Path(__file__).resolve().parents[1]

AT = dt.datetime(2026, 12, 1, 10, 0)


@pytest.fixture
def programme() -> Programme:
    return store.load_programme(ROOT / "agendas" / "kort.toml")


def _three_actions(session: Session) -> list[Action]:
    session.actions = [
        Action(what="Bjuda in Skatteverket", owner="Anna", due=dt.date(2027, 1, 15)),
        Action(what="Checklista för upphandling", owner="Bo", due=dt.date(2026, 12, 1)),
        Action(what="Informationsblad om rättigheter", owner="Byggnads",
               status=ActionStatus.IN_PROGRESS),
    ]
    return session.actions


def test_update_records_each_change_with_its_date(filled: Session) -> None:
    action = filled.actions[0]
    events = followup.update_action(action, status=ActionStatus.DONE, owner=" Bo ",
                                    due=None, note="Klart i december", at=AT)
    assert action.status is ActionStatus.DONE
    assert action.owner == "Bo"
    assert action.due is None
    assert action.note == "Klart i december"
    assert [followup.describe(e) for e in events] == [
        "Status: Öppen → Klar", "Ansvarig: Anna → Bo", "Senast: 2027-01-15 → –",
        "Anteckning: Klart i december",
    ]
    assert action.history == events
    assert all(e.at == AT for e in action.history)


def test_update_without_change_records_nothing(filled: Session) -> None:
    action = filled.actions[0]
    assert followup.update_action(action, owner="Anna", due=dt.date(2027, 1, 15)) == []
    assert followup.update_action(action) == []
    assert action.history == []


def test_history_survives_a_save(filled: Session, tmp_path: Path) -> None:
    followup.mark_done(filled.actions[0], at=AT)
    path = tmp_path / "m.toml"
    store.save_session(filled, path)
    again = store.load_session(path).actions[0]
    assert again.status is ActionStatus.DONE
    assert [(e.at, e.kind, e.old, e.new) for e in again.history] == [
        (AT, EventKind.STATUS, "open", "done")]
    assert followup.describe(again.history[0]) == "Status: Öppen → Klar"


def test_status_cycle_and_due_parsing() -> None:
    order = [ActionStatus.OPEN]
    for _ in range(4):
        order.append(followup.next_status(order[-1]))
    assert order == [ActionStatus.OPEN, ActionStatus.IN_PROGRESS, ActionStatus.DONE,
                     ActionStatus.DROPPED, ActionStatus.OPEN]
    today = dt.date(2026, 11, 28)
    assert followup.parse_due(" 2027-02-01 ", today) == dt.date(2027, 2, 1)
    assert followup.parse_due("+14", today) == dt.date(2026, 12, 12)
    assert followup.parse_due("", today) is None
    with pytest.raises(followup.FollowupError, match="2027-01-15"):
        followup.parse_due("nästa fredag", today)


def test_overdue_only_open_actions_past_due(session: Session) -> None:
    actions = _three_actions(session)
    assert followup.overdue_actions(session, dt.date(2026, 12, 2)) == [actions[1]]
    assert followup.overdue_actions(session, dt.date(2026, 12, 1)) == []
    followup.mark_done(actions[1])
    assert followup.overdue_actions(session, dt.date(2027, 6, 1)) == [actions[0]]


def test_decisions(session: Session) -> None:
    a, b, c = _three_actions(session)
    followup.continue_action(a, due=dt.date(2027, 3, 1), at=AT)
    assert a.status is ActionStatus.IN_PROGRESS and a.due == dt.date(2027, 3, 1)
    assert (a.history[-1].kind, a.history[-1].new) == (EventKind.DECIDED, "continue")
    assert followup.describe(a.history[-1]) == "Beslut: fortsätter"
    followup.reassign(b, "Cecilia", at=AT)
    assert b.owner == "Cecilia" and b.status is ActionStatus.OPEN
    with pytest.raises(followup.FollowupError):
        followup.reassign(b, "  ")
    followup.drop(c, at=AT)
    assert c.status is ActionStatus.DROPPED
    # Continuing an action already in progress still records the decision.
    before = len(a.history)
    followup.continue_action(a, at=AT)
    assert len(a.history) == before + 1


def test_next_session_carries_open_actions_and_roster(
    filled: Session, programme: Programme, library: ThemeLibrary, tmp_path: Path
) -> None:
    folder = tmp_path / "orebro"
    actions = _three_actions(filled)
    followup.mark_done(actions[0], at=AT)
    filled.participants[1].present = False
    filled.followup.report = "Status för checklistan"
    nxt = followup.next_session(filled, folder / "first.toml", programme, library,
                                date=dt.date(2027, 3, 10), at=AT)

    first = nxt.plan.steps[0]
    assert first.kind is StepKind.ACTION_REVIEW
    assert first.title == "Uppföljning av förra mötets åtgärder"
    assert "Mars 2027" in first.notes and "RMS Örebro" in first.notes
    assert "Status för checklistan" in first.notes
    assert nxt.current_step == first.id
    assert [s.id for s in nxt.plan.steps[1:]] == [s.id for s in filled.plan.steps]

    assert [a.id for a in nxt.actions] == [actions[1].id, actions[2].id]
    assert all(a.origin == filled.id for a in nxt.actions)
    assert nxt.actions[1].status is ActionStatus.IN_PROGRESS
    carried = nxt.actions[0].history[-1]
    assert (carried.kind, carried.meeting, carried.date) == (
        EventKind.CARRIED, filled.id, dt.date(2026, 11, 28))
    assert "Överförd från Nätverksmöte Örebro (2026-11-28" in followup.describe(carried)
    # The previous meeting itself is left as it was.
    assert filled.actions[1].origin == "" and filled.actions[1].history == []

    assert [p.id for p in nxt.participants] == [p.id for p in filled.participants]
    assert all(p.present for p in nxt.participants)
    assert nxt.participants[0].name == "Anna"
    assert nxt.contributions == [] and nxt.expectations == [] and nxt.votes == []
    assert nxt.previous == filled.id
    assert nxt.series == "orebro"
    assert nxt.title == filled.title and nxt.place == "Örebro"
    assert nxt.date == dt.date(2027, 3, 10)
    assert nxt.closed is None


def test_next_session_round_trips_and_keeps_a_named_series(
    filled: Session, programme: Programme, library: ThemeLibrary, tmp_path: Path
) -> None:
    filled.series = "Nätverket i Örebro"
    nxt = followup.next_session(filled, tmp_path / "x.toml", programme, library, title="Möte 2")
    assert nxt.series == "Nätverket i Örebro"
    path = tmp_path / "next.toml"
    store.save_session(nxt, path)
    again = store.load_session(path)
    assert again.plan.steps[0].kind is StepKind.ACTION_REVIEW
    assert again.title == "Möte 2"
    assert again.actions == nxt.actions


def test_undecided_tracks_the_room_going_through_carried_actions(
    filled: Session, programme: Programme, library: ThemeLibrary, tmp_path: Path
) -> None:
    _three_actions(filled)
    nxt = followup.next_session(filled, tmp_path / "x.toml", programme, library)
    nxt.actions.append(Action(what="Ny åtgärd"))
    assert followup.carried_actions(nxt) == nxt.actions[:3]
    assert followup.undecided(nxt) == nxt.actions[:3]
    followup.mark_done(nxt.actions[0])
    followup.continue_action(nxt.actions[2])
    assert followup.undecided(nxt) == [nxt.actions[1]]


def test_review_step_id_does_not_clash(filled: Session, library: ThemeLibrary) -> None:
    step = followup.review_step(filled, 3, {followup.FOLLOWUP_STEP})
    assert step.id == f"{followup.FOLLOWUP_STEP}#2"
    assert step.minutes == 11


def test_close_stops_running_timer(session: Session) -> None:
    step = session.plan.steps[0].id
    session.log = [LogEntry(at=AT, step=step, event=TimerEvent.START)]
    assert followup.is_interrupted(session)
    closed_at = AT + dt.timedelta(minutes=7)
    assert followup.close_session(session, at=closed_at)
    assert session.closed == closed_at
    assert not followup.is_interrupted(session)
    state = timer_state(session.log, step, 10, closed_at + dt.timedelta(hours=3))
    assert not state.running and state.elapsed == 420
    assert not followup.close_session(session, at=closed_at + dt.timedelta(hours=1))
    assert session.closed == closed_at


def _series(
    filled: Session, programme: Programme, library: ThemeLibrary, folder: Path
) -> tuple[Path, Path, Path]:
    """Three meetings: three actions opened at the first (one done there), one done and
    one opened at the second, the new one dropped at the third."""
    c = _three_actions(filled)[2]
    followup.mark_done(c)  # opened and closed at the first meeting
    first = folder / "2026-11-28-orebro.toml"
    store.save_session(filled, first)
    second = followup.next_session(filled, first, programme, library, date=dt.date(2027, 3, 10))
    followup.mark_done(second.actions[0])
    second.actions.append(Action(what="Gemensam kontroll i vår", owner="Polisen"))
    second_path = folder / "2027-03-10-orebro.toml"
    store.save_session(second, second_path)
    third = followup.next_session(second, second_path, programme, library, date=dt.date(2027, 6, 2))
    followup.drop(third.actions[1])
    third_path = folder / "2027-06-02-orebro.toml"
    store.save_session(third, third_path)
    return first, second_path, third_path


def test_series_history(
    filled: Session, programme: Programme, library: ThemeLibrary, tmp_path: Path
) -> None:
    folder = tmp_path / "orebro"
    paths = _series(filled, programme, library, folder)
    # Other files in the folder: a programme is passed over, a broken session reported.
    (folder / "program.toml").write_text((ROOT / "agendas" / "kort.toml").read_text())
    (folder / "trasig.toml").write_text("title = \n")
    series, problems = followup.load_series(folder)
    assert len(problems) == 1 and problems[0].file.name == "trasig.toml"
    assert len(series) == 1
    s = series[0]
    assert s.name == "orebro"
    assert [m.path for m in s.meetings] == list(paths)
    assert [(len(m.opened), len(m.closed)) for m in s.meetings] == [(3, 1), (1, 1), (0, 1)]
    assert [a.what for a in s.open_now] == ["Checklista för upphandling"]


def test_series_order_on_the_same_date_follows_previous(
    filled: Session, programme: Programme, library: ThemeLibrary, tmp_path: Path
) -> None:
    nxt = followup.next_session(filled, tmp_path / "b.toml", programme, library,
                                date=filled.date)
    ordered = followup.in_order([(tmp_path / "a.toml", nxt), (tmp_path / "b.toml", filled)])
    assert [s.id for _, s in ordered] == [filled.id, nxt.id]


def test_folder_with_two_series(
    filled: Session, programme: Programme, library: ThemeLibrary, tmp_path: Path
) -> None:
    filled.series = "Örebro"
    store.save_session(filled, tmp_path / "a.toml")
    other = new_session(programme, library)
    other.actions.append(Action(what="Bjuda in"))  # an empty try-out is no series
    store.save_session(other, tmp_path / "b.toml")
    series, _ = followup.load_series(tmp_path)
    assert sorted(s.name for s in series) == [tmp_path.name, "Örebro"]


def test_load_series_of_a_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(store.FileError):
        followup.load_series(tmp_path / "nej")
