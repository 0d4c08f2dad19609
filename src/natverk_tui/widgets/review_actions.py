"""The actions of a finished meeting as a table: owner, due date, status; overdue stands out."""

from __future__ import annotations

import datetime as dt

from rich.style import Style
from rich.text import Text
from textual.widgets import DataTable

from natverk_tui.locale import label, t
from natverk_tui.model import Action, ActionStatus


class ReviewActions(DataTable[Text]):
    """Rows keyed by action id. Cells are Text, never markup: what people typed stays text."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        for key in ("md.what", "md.owner", "md.due", "md.status", "md.notes"):
            self.add_column(Text(t(key)), key=key)

    def show(self, actions: list[Action], today: dt.date, warn_colour: str | None) -> None:
        """Fill the table again, keeping the cursor on the same action."""
        current = self.current_id()
        warn = Style(color=warn_colour, bold=True) if warn_colour else Style(bold=True, reverse=True)
        self.clear()
        for a in actions:
            late = a.overdue(today)
            closed = a.status in (ActionStatus.DONE, ActionStatus.DROPPED)
            base = Style(dim=True) if closed else Style()
            what = a.what + (f" ({t('md.carried')})" if a.origin else "")
            status = label(a.status) + (f" · {t('md.overdue')}" if late else "")
            self.add_row(
                Text(what, style=base),
                Text(a.owner, style=base),
                Text(a.due.isoformat() if a.due else "–", style=warn if late else base),
                Text(status, style=warn if late else base),
                Text(a.note, style=base),
                key=a.id,
            )
        if current is not None:
            ids = [a.id for a in actions]
            if current in ids:
                self.move_cursor(row=ids.index(current))

    def current_id(self) -> str | None:
        if not self.row_count:
            return None
        key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key
        return str(key.value)
