"""A QR code in half blocks, dark on light whatever the theme (app.tcss fixes its colours)."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static


class QrCode(Static):
    def show(self, text: str) -> None:
        from natverk_tui.room.qr import qr_lines  # segno only once the room is open

        self.update(Content("\n".join(qr_lines(text))))
