"""The room's join address, small, and how many phone items wait: never their text."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from natverk_tui.locale import t


class RoomCorner(Static):
    """Hidden while the room is closed."""

    def show(self, url: str | None, waiting: int) -> None:
        self.display = url is not None
        if url is not None:
            self.update(Content(t("room.corner", url=url, n=waiting)))
            self.set_class(waiting > 0, "-waiting")
