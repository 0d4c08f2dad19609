"""The follow-up pane: how the network follows up (next meeting, who convenes, what is reported)."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, Label

from natverk_tui.locale import t
from natverk_tui.meeting import Change
from natverk_tui.model import FollowupPlan
from natverk_tui.widgets.work_pane import StepView

FIELDS = ("next_meeting", "convener", "report", "notes")


class FollowupForm(VerticalScroll):
    """One field per part of the plan; a field is saved on Enter or when focus leaves it."""

    shows = frozenset({"followup"})

    @dataclass
    class Changed(Message):
        field: str
        value: str

    def __init__(
        self,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
        disabled: bool = False,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes, disabled=disabled)
        self._plan = FollowupPlan()

    def compose(self) -> ComposeResult:
        for name in FIELDS:
            yield Label(t(f"followup.{name}"), markup=False)
            yield Input(placeholder=t(f"followup.{name}.hint"), id=f"followup-{name}")

    # As a WorkPane ---------------------------------------------------------------

    def show_step(self, view: StepView) -> None:
        self.show(view.session.followup, view.title)

    def changed(self, view: StepView, change: Change) -> None:
        self.show_step(view)

    def focus_input(self) -> bool:
        self.query_one("#followup-next_meeting", Input).focus()
        return True

    def show(self, plan: FollowupPlan, title: str) -> None:
        self.border_title = Content(title)
        self._plan = plan
        for name in FIELDS:
            field = self.query_one(f"#followup-{name}", Input)
            if not field.has_focus:
                field.value = getattr(plan, name)

    def saved_text(self, field: Input) -> str | None:
        """What a field of this form holds when nothing typed is left unsaved (the app asks
        before quitting only when a field holds something else)."""
        name = (field.id or "").removeprefix("followup-")
        return str(getattr(self._plan, name)) if name in FIELDS else None

    def _changed(self, field: Input) -> None:
        name = (field.id or "").removeprefix("followup-")
        value = field.value.strip()
        if name in FIELDS and value != getattr(self._plan, name):
            self.post_message(self.Changed(name, value))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._changed(event.input)
        self.screen.focus_next()

    @on(Input.Blurred)
    def _blurred(self, event: Input.Blurred) -> None:
        self._changed(event.input)
