"""The actions pane: who does what, by when, for which area."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Input

from natverk_tui.dates import parse_due
from natverk_tui.layout import action_column_widths
from natverk_tui.locale import label, t
from natverk_tui.meeting import Change
from natverk_tui.model import Action
from natverk_tui.widgets.work_pane import StepView

if TYPE_CHECKING:
    from natverk_tui.widgets.action_table import ActionTable


class ActionsPane(Vertical):
    """Four fields and a table. Enter in any field saves the action."""

    BINDINGS = [Binding("down", "to_table", show=False)]
    shows = frozenset({"actions"})

    @dataclass
    class Saved(Message):
        action_id: str | None
        what: str
        owner: str
        due: dt.date | None
        area: str

    @dataclass
    class Deleted(Message):
        action_id: str

    @dataclass
    class StatusCycled(Message):
        action_id: str

    def __init__(
        self,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
        disabled: bool = False,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes, disabled=disabled)
        self.editing: str | None = None
        self._actions: dict[str, Action] = {}
        self._columns: tuple[tuple[str, int], ...] = ()
        # The meeting's day, from the app's clock: `+14` counts from it.
        self.today: dt.date | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(id="action-form"):
            yield Input(placeholder=t("actions.what"), id="action-what")
            yield Input(placeholder=t("actions.owner"), id="action-owner")
            yield Input(placeholder=t("actions.due"), id="action-due")
            yield Input(placeholder=t("actions.area"), id="action-area")
        # The table (Textual's DataTable) is imported when an actions step is first shown:
        # most of a meeting never needs it, and importing it cost a fifth of the start.
        from natverk_tui.widgets.action_table import ActionTable

        yield ActionTable(id="action-table", cursor_type="row", zebra_stripes=True)

    def _table(self) -> ActionTable:
        from natverk_tui.widgets.action_table import ActionTable

        return self.query_one(ActionTable)

    def on_resize(self) -> None:
        # Narrow (a large font), the table drops the area first, then the status; the
        # texts wrap whole words in their columns instead of running off the edge.
        table = self._table()
        width = table.scrollable_content_region.width or self.size.width
        columns = action_column_widths(width, table.cell_padding)
        if columns != self._columns:
            self._columns = columns
            table.clear(columns=True)
            for key, cells in columns:
                table.add_column(t(f"md.{key}"), key=key, width=cells)
            self._fill()

    # As a WorkPane ---------------------------------------------------------------

    def show_step(self, view: StepView) -> None:
        self.show(view.session.actions, view.title, view.today)

    def changed(self, view: StepView, change: Change) -> None:
        self.show_step(view)

    def focus_input(self) -> bool:
        self.query_one("#action-what", Input).focus()
        return True

    def show(self, actions: list[Action], title: str, today: dt.date) -> None:
        self.today = today
        self.border_title = Content(title)
        self._actions = {a.id: a for a in actions}
        if self.editing is not None and self.editing not in self._actions:
            self.cancel_edit()  # the action being edited was deleted or undone
        self._fill()
        self.border_subtitle = t("actions.count", n=len(actions))

    def _fill(self) -> None:
        table = self._table()
        table.clear()
        if not self._columns:
            return
        for a in self._actions.values():
            cells = {
                "what": Text(a.what), "owner": Text(a.owner),
                "due": Text(a.due.isoformat() if a.due else ""),
                "status": Text(label(a.status)), "area": Text(a.area),
            }
            table.add_row(*(cells[c] for c, _ in self._columns), key=a.id, height=None)

    def on_action_table_row_key(self, event: ActionTable.RowKey) -> None:
        """A key on the table's row: edit it here, or ask the screen to delete it or move its
        status; Esc goes back to writing."""
        event.stop()
        if event.key == "back":
            self.query_one("#action-what", Input).focus()
        elif event.action_id is None:
            return
        elif event.key == "edit":
            self.start_edit(event.action_id)
        elif event.key == "delete":
            self.post_message(self.Deleted(event.action_id))
        elif event.key == "status":
            self.post_message(self.StatusCycled(event.action_id))

    def start_edit(self, action_id: str) -> None:
        action = self._actions[action_id]
        self.editing = action_id
        self.query_one("#action-what", Input).value = action.what
        self.query_one("#action-owner", Input).value = action.owner
        self.query_one("#action-due", Input).value = action.due.isoformat() if action.due else ""
        self.query_one("#action-area", Input).value = action.area
        self.add_class("-editing")
        self.query_one("#action-what", Input).focus()

    def cancel_edit(self) -> None:
        self.editing = None
        self.remove_class("-editing")
        for field in self.query(Input):
            field.value = ""

    def key_escape(self) -> None:
        if self.editing is not None:
            self.cancel_edit()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        fields = {i.id: i.value.strip() for i in self.query(Input) if i.id}
        if not fields["action-what"]:
            self.query_one("#action-what", Input).focus()
            return
        try:
            due = parse_due(fields["action-due"], self.today or dt.date.min)
        except ValueError as exc:
            self.notify(str(exc), severity="error")
            self.query_one("#action-due", Input).focus()
            return
        self.post_message(self.Saved(
            self.editing, fields["action-what"], fields["action-owner"], due, fields["action-area"],
        ))
        self.cancel_edit()
        self.query_one("#action-what", Input).focus()

    def set_area(self, area: str) -> None:
        """Prefill the area (from the top-voted areas) for the next action."""
        self.query_one("#action-area", Input).value = area

    def action_to_table(self) -> None:
        table = self._table()
        if table.row_count:
            # From the input, always onto the first row, as in the contributions list.
            table.move_cursor(row=0)
            table.focus()
