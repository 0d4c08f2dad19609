"""A small modal that asks for one field of an action (owner, due date, note)."""

from __future__ import annotations

from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from natverk_tui.locale import phrase, t


class ActionFieldScreen(ModalScreen[str | None]):
    """Returns the typed text on Enter, or None on Escape. `check` returns a message for
    text it cannot accept, and the modal stays open with that message shown."""

    BINDINGS = [Binding("escape", "cancel", phrase("key.cancel"), id="field.cancel")]

    def __init__(
        self, prompt: str, value: str = "", check: Callable[[str], str | None] | None = None,
        placeholder: str = "",
    ) -> None:
        super().__init__()
        self.prompt = prompt
        self.value = value
        self.check = check
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = Content(t("review.edit_title"))
            yield Static(Content(self.prompt), id="field-prompt")
            yield Input(self.value, placeholder=self.placeholder, id="field-input")
            yield Static("", id="field-error", markup=False)

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        problem = self.check(event.value) if self.check else None
        if problem:
            self.query_one("#field-error", Static).update(Content(problem))
            return
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
