"""A modal yes/no question, for the moments that could lose someone's work."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label

from natverk_tui.locale import phrase, t


class AskYesNo(ModalScreen[bool]):

    BINDINGS = [
        Binding("j,y", "answer(True)", phrase("ask.yes"), id="ask.yes"),
        Binding("n", "answer(False)", phrase("ask.no"), id="ask.no"),
        Binding("escape", "escape", show=False),
    ]

    def __init__(self, question: str, escape_means: bool = False) -> None:
        """`escape_means` is the answer Esc gives: the safe one, which loses nothing."""
        super().__init__()
        self.question = question
        self.escape_means = escape_means

    def action_escape(self) -> None:
        self.dismiss(self.escape_means)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.question, markup=False)
            yield Label(t("ask.yes_no_keys"), markup=False, classes="keys")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)
