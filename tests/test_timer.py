"""Step timers replayed from the session's log, the projected end and the planned clock times."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path

import pytest

from natverk_tui.model import LogEntry, Session, TimerEvent
from natverk_tui.timer import (
    TimerState,
    clock,
    meeting_elapsed,
    projected_end,
    schedule,
    status_words,
    timer_state,
)

T0 = dt.datetime(2026, 11, 28, 13, 0)
STEP = "tema1.a"  # 20 minutes


def at(minutes: float) -> dt.datetime:
    return T0 + dt.timedelta(minutes=minutes)


def log(*entries: tuple[float, TimerEvent] | tuple[float, TimerEvent, int], step: str = STEP
        ) -> list[LogEntry]:
    return [LogEntry(at=at(e[0]), step=step, event=e[1], seconds=e[2] if len(e) == 3 else 0)
            for e in entries]


S, P, A, R, L, E = (TimerEvent.START, TimerEvent.PAUSE, TimerEvent.ADJUST, TimerEvent.RESET,
                    TimerEvent.LEAVE, TimerEvent.ENTER)


def test_a_step_never_started() -> None:
    state = timer_state([], STEP, 20, at(30))
    assert (state.elapsed, state.allowance, state.running, state.over) == (0, 1200, False, False)
    assert state.remaining == 1200


def test_start_runs_the_clock() -> None:
    state = timer_state(log((0, S)), STEP, 20, at(5))
    assert state.running
    assert state.elapsed == 300
    assert state.remaining == 900


def test_pause_and_start_again() -> None:
    entries = log((0, S), (5, P), (10, S))
    assert timer_state(entries, STEP, 20, at(7)).elapsed == 300
    assert not timer_state(entries[:2], STEP, 20, at(7)).running
    assert timer_state(entries, STEP, 20, at(12)).elapsed == 420


def test_repeated_starts_and_stray_pauses_change_nothing() -> None:
    entries = log((1, P), (2, S), (3, S), (4, P), (5, P))
    assert timer_state(entries, STEP, 20, at(60)).elapsed == 120


def test_adjust_moves_the_allowance() -> None:
    entries = log((0, S), (1, A, 60), (2, A, 60), (3, A, -30))
    state = timer_state(entries, STEP, 20, at(5))
    assert state.allowance == 20 * 60 + 90
    assert state.remaining == 20 * 60 + 90 - 300
    # Never a negative allowance, however much is taken off.
    assert timer_state(log((0, A, -5000)), STEP, 20, at(5)).allowance == 0


def test_reset_starts_over() -> None:
    entries = log((0, S), (5, A, 120), (6, R))
    state = timer_state(entries, STEP, 20, at(10))
    assert (state.elapsed, state.allowance, state.running) == (0, 1200, False)
    state = timer_state([*entries, *log((8, S))], STEP, 20, at(10))
    assert state.elapsed == 120


def test_leaving_the_step_stops_its_clock() -> None:
    entries = log((0, E), (0, S), (5, L))
    state = timer_state(entries, STEP, 20, at(30))
    assert state.elapsed == 300
    assert not state.running


def test_other_steps_do_not_count() -> None:
    entries = [*log((0, S)), *log((1, S), step="tema1.b")]
    assert timer_state(entries, STEP, 20, at(2)).elapsed == 120
    assert timer_state(entries, "tema1.b", 20, at(2)).elapsed == 60


def test_over_time() -> None:
    state = timer_state(log((0, S)), STEP, 20, at(21))
    assert state.over
    assert state.remaining == -60
    assert clock(state.remaining) == "-01:00"
    assert not timer_state(log((0, S)), STEP, 20, at(20)).over


def test_a_clock_in_the_past_adds_no_time() -> None:
    assert timer_state(log((10, S)), STEP, 20, at(5)).elapsed == 0


def test_meeting_elapsed_sums_the_steps(session: Session) -> None:
    session.log = [*log((0, S), (10, L), step="inledning.presentation"), *log((10, S), (12, P))]
    assert meeting_elapsed(session.log, session.plan, at(30)) == 720


def test_projected_end(session: Session) -> None:
    plan = session.plan
    later = sum(s.minutes for s in plan.steps[plan.index(STEP) + 1:])
    # 5 of the 20 minutes used: 15 left, then the rest as planned.
    entries = log((0, S))
    assert projected_end(entries, plan, STEP, at(5)) == at(5 + 15 + later)
    # Over time: nothing left of this step, the rest still as planned.
    assert projected_end(entries, plan, STEP, at(25)) == at(25 + later)
    last = plan.steps[-1]
    assert projected_end(log((0, S), (1, P)), plan, last.id, at(0)) == at(last.minutes)


def test_projected_end_follows_the_programme_until_a_timer_first_runs(session: Session) -> None:
    """At 05:30, while preparing, the end is the programme's 13:00 plus its minutes, not
    05:30 plus them; stepping through the agenda without a timer changes nothing."""
    plan = session.plan
    assert plan.start == dt.time(13, 0)
    planned_end = T0 + dt.timedelta(minutes=plan.planned_minutes)
    early = dt.datetime(2026, 11, 28, 5, 30)
    assert projected_end([], plan, plan.steps[0].id, early) == planned_end
    walked = [LogEntry(at=early, step=plan.steps[0].id, event=L), LogEntry(at=early, step=STEP, event=E)]
    assert projected_end(walked, plan, STEP, early) == planned_end
    # Once a timer has run, it is now plus what is left.
    running = [*walked, LogEntry(at=early, step=STEP, event=S)]
    later = sum(s.minutes for s in plan.steps[plan.index(STEP) + 1:])
    assert projected_end(running, plan, STEP, early) == early + dt.timedelta(minutes=20 + later)
    # A programme without a start has nothing else to go by than now.
    unplanned = plan.model_copy(update={"start": None})
    assert projected_end([], unplanned, STEP, early) == early + dt.timedelta(minutes=20 + later)


def test_schedule_gives_clock_times(session: Session) -> None:
    plan = session.plan
    times = schedule(plan)
    assert plan.start == dt.time(13, 0)
    assert times[0] == (dt.time(13, 0), dt.time(13, 10))  # the programme's 10 for the round
    assert len(times) == len(plan.steps)
    for (_, end), (begin, _) in itertools.pairwise(times):
        assert end == begin
    finish = dt.datetime.combine(dt.date(2000, 1, 1), dt.time(13, 0))
    assert times[-1][1] == (finish + dt.timedelta(minutes=plan.planned_minutes)).time()
    assert schedule(plan, dt.time(8, 30))[1][0] == dt.time(8, 40)
    plan.start = None
    assert schedule(plan)[0][0] == dt.time(9, 0)


@pytest.mark.parametrize(("seconds", "shown"), [
    (0, "00:00"),
    (5, "00:05"),
    (59.9, "00:59"),
    (61, "01:01"),
    (20 * 60, "20:00"),
    (3599, "59:59"),
    (3600, "1:00:00"),
    (3725, "1:02:05"),
    (-61, "-01:01"),
    (-3725, "-1:02:05"),
])
def test_clock(seconds: float, shown: str) -> None:
    assert clock(seconds) == shown


async def test_timer_pane_shows_the_programme_end_until_f5(session: Session, tmp_path: Path) -> None:
    """Through the screen: at 05:30 the pane says the programme's end; F5 starts the meeting
    and from then on the end is counted from the clock."""
    from textual.widgets import Static

    from pilot import SIZE, Clock, app_for, screen, settle

    clock = Clock()
    clock.now = dt.datetime(2026, 11, 28, 5, 30)
    plan = session.plan
    planned_end = T0 + dt.timedelta(minutes=plan.planned_minutes)
    app = app_for(session, tmp_path / "tidig.toml", clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("pagedown", "pageup")
        await settle(app, pilot)
        pace = screen(app).query_one("#meeting-pace", Static)
        assert f"slut ca {planned_end:%H:%M}" in str(pace.render())
        await pilot.press("f5")
        await settle(app, pilot)
        assert f"slut ca {clock.now + dt.timedelta(minutes=plan.planned_minutes):%H:%M}" in str(pace.render())


def test_the_clock_in_words_says_over_time_not_only_in_colour() -> None:
    assert status_words(TimerState(elapsed=0, allowance=900, running=False)) == (
        "Pausad (F5 startar) · planerat 15:00")
    assert status_words(TimerState(elapsed=60, allowance=900, running=True)).startswith("Tiden går · ")
    over = status_words(TimerState(elapsed=1020, allowance=900, running=True))
    assert "02:00" in over and over.endswith("planerat 15:00") and "Tiden går" not in over
