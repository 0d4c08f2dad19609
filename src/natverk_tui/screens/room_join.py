"""The room's join address and QR code, large, for the projector."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from natverk_tui.locale import phrase, t
from natverk_tui.widgets.qr_code import QrCode


class RoomJoinScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,enter,ctrl+r", "close", phrase("key.close"), id="room.join_close"),
    ]

    def __init__(self, url: str) -> None:
        super().__init__()
        self.url = url

    def compose(self) -> ComposeResult:
        with Vertical(id="room-join"):
            yield Static(Content(t("room.join_title")), id="room-join-title")
            with Center(id="room-qr-box"):
                yield QrCode(id="room-qr")
            yield Static(Content(self.url), id="room-url")
            yield Static(Content(t("room.join_hint")), id="room-join-hint")

    def on_mount(self) -> None:
        self.query_one(QrCode).show(self.url)

    def on_resize(self, event: events.Resize) -> None:
        # On a small terminal the code and the address come first; the words can go.
        self.set_class(event.size.height < 24, "-small")

    def action_close(self) -> None:
        self.dismiss(None)
