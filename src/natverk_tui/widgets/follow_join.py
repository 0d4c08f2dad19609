"""The follow view's join panel: while the room is open, its address in words and, where the
terminal has room for it, its QR code (dark on light whatever the theme)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Center, Vertical
from textual.content import Content
from textual.widgets import Static

from natverk_tui.locale import t
from natverk_tui.widgets.qr_code import QrCode


class FollowJoin(Vertical):
    """`show(url, qr)`: hidden without a url; the code drawn (segno imported) only when asked."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.url = ""
        self.qr = False

    def compose(self) -> ComposeResult:
        with Center(id="follow-qr-box"):
            yield QrCode(id="follow-qr")
        yield Static(id="follow-url")

    def show(self, url: str, qr: bool) -> None:
        qr = qr and bool(url)
        if (url, qr) == (self.url, self.qr):
            return
        self.url, self.qr = url, qr
        self.display = bool(url)
        self.set_class(qr, "-side")
        self.set_class(not qr, "-line")
        self.query_one("#follow-url", Static).update(Content(t("projector.join", url=url) if url else ""))
        code = self.query_one(QrCode)
        if qr:
            code.show(url)
        else:
            code.update("")
