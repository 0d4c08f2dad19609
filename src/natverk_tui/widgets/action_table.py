"""The actions pane's table: every action of the meeting, a row each, with keys to edit,
delete and move its status. It says which key was pressed on which row; the pane decides."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable

from natverk_tui.locale import phrase


class ActionTable(DataTable[Text]):
    BINDINGS = [
        Binding("e", "row('edit')", phrase("key.edit"), id="action.edit"),
        Binding("delete,d", "row('delete')", phrase("key.delete"), id="action.delete"),
        Binding("s", "row('status')", phrase("key.status"), id="action.status"),
        Binding("escape,i", "row('back')", phrase("key.write"), id="action.write"),
    ]

    @dataclass
    class RowKey(Message):
        """`key` ("edit", "delete", "status" or "back") on the action `action_id`, or on
        no row (None) when the table is empty."""

        key: str
        action_id: str | None

    def _current(self) -> str | None:
        if not self.row_count:
            return None
        key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key
        return str(key.value)

    def action_row(self, key: str) -> None:
        self.post_message(self.RowKey(key, self._current()))
