"""Reopening a meeting that was never closed (lid shut, crash): continue, or close it.

Continuing loses nothing, so every easy key does it (Enter, Esc, f, and j/y as the old
yes); closing is final for the meeting, so it has a key that neither a yes/no habit nor
text typed straight away can press: Ctrl+A ("n" and "a" do nothing, so a facilitator who
starts typing a contribution before reading the question closes nothing)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label

from natverk_tui.locale import phrase, t


class ResumeQuestion(ModalScreen[bool]):
    """Dismisses with True to continue where the meeting was, False to close it."""

    BINDINGS = [
        Binding("enter,escape,f,j,y", "answer(True)", phrase("resume.continue"), id="resume.continue"),
        Binding("ctrl+a", "answer(False)", phrase("resume.close"), id="resume.close"),
    ]

    def __init__(self, step: str) -> None:
        super().__init__()
        self.step = step

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(t("resume.ask", step=self.step), markup=False)
            yield Label(t("resume.keys"), markup=False, classes="keys")

    def action_answer(self, resume: bool) -> None:
        self.dismiss(resume)
