"""The pane for steps that collect nothing: information, a film, a break."""

from __future__ import annotations

import datetime as dt

from textual.content import Content
from textual.widgets import Static

from natverk_tui.locale import t
from natverk_tui.model import PlannedStep, StepKind


class StepInfo(Static):
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
