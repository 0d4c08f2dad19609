"""The agenda pane: the programme as themes and steps, the current step marked."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from textual import on
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from natverk_tui.model import Plan, PlannedStep, StepKind
from natverk_tui.timer import schedule


class Agenda(OptionList):
    """Select a step to jump to it; the screen decides what jumping means."""

    @dataclass
    class StepChosen(Message):
        step_id: str

    compact: reactive[bool] = reactive(False)

    def __init__(
        self,
        plan: Plan,
        current: str,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
        disabled: bool = False,
    ) -> None:
        super().__init__(markup=False, name=name, id=id, classes=classes, disabled=disabled)
        self.plan = plan
        self.current = current
        self._times = schedule(plan)

    def on_mount(self) -> None:
        self.border_title = Content(self.plan.title)
        self._build()

    def watch_compact(self) -> None:
        if self.is_mounted:
            self._build()

    def _build(self) -> None:
        options: list[Option] = []
        theme = None
        for step, (start, _end) in zip(self.plan.steps, self._times, strict=True):
            if step.kind is StepKind.BREAK:
                theme = None
            if step.theme_title != theme and step.kind is not StepKind.BREAK:
                theme = step.theme_title
                options.append(Option(Content.styled(theme, "bold"), disabled=True))
            options.append(Option(self._prompt(step, start), id=step.id))
        self.set_options(options)
        self._highlight_current()

    def _prompt(self, step: PlannedStep, start: dt.time) -> Content:
        marker = "▶ " if step.id == self.current else "  "
        # Narrow (80 columns): the title alone; the timer pane shows the current step's time.
        times = "" if self.compact else f"{start:%H:%M} {step.minutes:>3}′ "
        return Content.assemble((marker, "bold $accent"), (times, "$text-muted"), Content(step.title))

    def set_current(self, step_id: str) -> None:
        """Move the marker; only the two changed lines are redrawn."""
        old, self.current = self.current, step_id
        for sid in {old, step_id}:
            index = self.plan.index(sid)
            self.replace_option_prompt(sid, self._prompt(self.plan.steps[index], self._times[index][0]))
        self._highlight_current()

    def _highlight_current(self) -> None:
        self.highlighted = self.get_option_index(self.current)

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_id:
            self.post_message(self.StepChosen(event.option_id))
