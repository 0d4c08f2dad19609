"""A modal list of the programme's steps: jump to one, or move a contribution to one."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from natverk_tui.locale import phrase
from natverk_tui.model import Plan


class StepPicker(ModalScreen[str | None]):
    BINDINGS = [Binding("escape", "dismiss(None)", phrase("key.cancel"), id="picker.cancel")]

    def __init__(self, plan: Plan, title: str, current: str | None = None) -> None:
        super().__init__()
        self.plan = plan
        self.picker_title = title
        self.current = current

    def compose(self) -> ComposeResult:
        options = [
            Option(Content(s.heading), id=s.id) for s in self.plan.steps
        ]
        picker = OptionList(*options, id="step-picker", markup=False)
        picker.border_title = Content(self.picker_title)
        yield picker

    def on_mount(self) -> None:
        picker = self.query_one(OptionList)
        if self.current:
            picker.highlighted = picker.get_option_index(self.current)
        picker.focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option_id)
