"""A modal that asks for one line of text: a title, a clock time, minutes, a file name."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from natverk_tui.locale import phrase


class AskText(ModalScreen[str | None]):
    """Dismisses with the text on Enter, or None on Escape."""

    BINDINGS = [Binding("escape", "cancel", phrase("ask.cancel"), id="ask.cancel")]

    def __init__(self, question: str, value: str = "", hint: str = "") -> None:
        super().__init__()
        self.question = question
        self.value = value
        self.hint = hint

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.question, markup=False)
            yield Input(self.value, select_on_focus=True)
            if self.hint:
                yield Label(self.hint, markup=False, classes="hint")

    @on(Input.Submitted)
    def _submit(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
