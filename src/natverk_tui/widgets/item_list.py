"""A list of the room's items (contributions, expectations) whose cursor stops at the ends."""

from __future__ import annotations

from textual.widgets import OptionList


class ItemList(OptionList):
    """An OptionList that does not wrap: ↓ on the last item stays there, as it does in the
    actions table, so a facilitator holding ↓ does not land back on the first item."""

    def action_cursor_down(self) -> None:
        if self.highlighted is None or self.highlighted < self.option_count - 1:
            super().action_cursor_down()

    def action_cursor_up(self) -> None:
        if self.highlighted is None or self.highlighted > 0:
            super().action_cursor_up()
