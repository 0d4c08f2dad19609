"""The pane for steps that collect nothing: information, a film, a break."""

from __future__ import annotations

import datetime as dt

from textual.content import Content

from natverk_tui.locale import t
from natverk_tui.meeting import Change
from natverk_tui.model import PlannedStep, StepKind
from natverk_tui.widgets.line import Line
from natverk_tui.widgets.work_pane import StepView


class StepInfo(Line):
    """Words about the step; for a break, when the room is back."""

    shows = frozenset({"log"})

    def show_step(self, view: StepView) -> None:
        back = view.now + dt.timedelta(seconds=max(0.0, view.timer.remaining))
        self.show(view.step, back if view.step.kind is StepKind.BREAK else None)

    def changed(self, view: StepView, change: Change) -> None:
        self.show_step(view)

    def focus_input(self) -> bool:
        return False  # nothing to type here: the screen puts the cursor in the agenda

    def show(self, step: PlannedStep, back_at: dt.datetime | None) -> None:
        self.border_title = Content(step.title)
        if step.kind is StepKind.BREAK:
            text = t("info.break", time=f"{back_at:%H:%M}") if back_at else t("info.break_plain")
        elif step.kind is StepKind.MEDIA:
            text = t("info.media", link=step.link) if step.link else t("info.media_no_link")
        elif step.kind is StepKind.ROUND:
            text = t("info.round")
        else:
            text = t("info.info")
        self.update(Content(text))
