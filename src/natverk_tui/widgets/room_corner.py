"""The room's join address, small, and how many phone items wait: never their text."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from natverk_tui.locale import t


class RoomCorner(Static):
    """Hidden while the room is closed. One line of fixed size: a new count needs no layout,
    which matters when phones send many times a second beside a long list."""

    _text: str | None = None

    def show(self, url: str | None, waiting: int) -> None:
        self.display = url is not None
        if url is None:
            return
        text = t("room.corner", url=url, n=waiting)
        if text != self._text:
            self.update(Content(text), layout=self._text is None)
            self._text = text
        self.set_class(waiting > 0, "-waiting")
