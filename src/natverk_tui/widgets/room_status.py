"""The follow view's bottom line: the step's clock in words, and whether the meeting is
closed or the facilitator's app has stopped. Never colour alone: every state has words."""

from __future__ import annotations

from textual.content import Content

from natverk_tui.locale import t
from natverk_tui.projection import TimerView
from natverk_tui.widgets.line import Line


class RoomStatus(Line):
    """`show(timer, notice)`: the timer, or a plain notice when something is wrong."""

    def show(self, timer: TimerView | None, notice: str = "", closed: bool = False) -> None:
        parts = []
        if timer is not None and not closed:
            parts.append(f"⏱ {timer.clock} · {timer.status}")
        if closed:
            parts.append(t("projector.closed"))
        if notice:
            parts.append(notice)
        self.update(Content("  ·  ".join(parts)))
        self.set_class(timer is not None and timer.over and not closed, "-over")
        self.set_class(bool(notice) or closed, "-notice")
