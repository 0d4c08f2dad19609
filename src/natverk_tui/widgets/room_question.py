"""The follow view's question: the step's heading, its question, and how the room works."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from natverk_tui.locale import t
from natverk_tui.projection import Projection


class RoomQuestion(Vertical):
    """Shows a Projection's step; everything in it is plain text."""

    def compose(self) -> ComposeResult:
        # The heading inside, not in the border: a border title is cut at the edge, and a
        # projector's few columns would cut "e) Vem ansvarar för vad" in half.
        yield Static(id="room-question-heading", markup=False)
        yield Static(id="room-question-text", markup=False)
        yield Static(id="room-question-meta", markup=False)

    def show(self, view: Projection) -> None:
        self.border_title = Content(t("projector.step", n=view.number, total=view.steps))
        self.query_one("#room-question-heading", Static).update(Content(view.heading))
        self.query_one("#room-question-text", Static).update(Content(view.question))
        self.query_one("#room-question-meta", Static).update(Content(view.meta))
