"""The timer pane: the current step's clock in large digits, and the meeting's pace."""

from __future__ import annotations

import datetime as dt

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.reactive import reactive
from textual.widgets import Digits, Static

from natverk_tui.locale import t
from natverk_tui.timer import TimerState, clock, status_words
from natverk_tui.widgets.line import Line


class StepTimer(Vertical):
    """Shows a TimerState; counts down, and turns to the warning colour when over time."""

    state: reactive[TimerState | None] = reactive(None)
    pace: reactive[tuple[float, int, dt.datetime] | None] = reactive(None)

    def compose(self) -> ComposeResult:
        yield Digits("00:00", id="clock")
        yield Line(id="timer-status", markup=False)
        yield Line(id="meeting-pace", markup=False)

    def on_mount(self) -> None:
        self.border_title = t("timer.title")

    def watch_state(self, state: TimerState | None) -> None:
        if state is None:
            return
        self.query_one(Digits).update(clock(state.remaining))
        self.set_class(state.over, "-over")
        self.set_class(state.running, "-running")
        self.query_one("#timer-status", Static).update(status_words(state))

    def watch_pace(self, pace: tuple[float, int, dt.datetime] | None) -> None:
        if pace is None:
            return
        elapsed, planned_minutes, end = pace
        self.query_one("#meeting-pace", Static).update(t(
            "timer.pace", elapsed=clock(elapsed), planned=clock(planned_minutes * 60),
            end=f"{end:%H:%M}",
        ))
