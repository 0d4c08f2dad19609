"""The step's clock on one line, for when the agenda and its timer pane are folded away."""

from __future__ import annotations

from textual.reactive import reactive

from natverk_tui.timer import TimerState, clock, status_words
from natverk_tui.widgets.line import Line


class TimerLine(Line):
    """Shows a TimerState in words as well as digits: over time is said, not only coloured."""

    state: reactive[TimerState | None] = reactive(None)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)

    def watch_state(self, state: TimerState | None) -> None:
        if state is None:
            return
        self.update(f"⏱ {clock(state.remaining)} · {status_words(state)}")
        self.set_class(state.over, "-over")
