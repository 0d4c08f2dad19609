"""The baseline for startup.py: the smallest Textual app with a header, some text and a footer."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Header, Static


class BareApp(App[None]):
    BINDINGS = [Binding("ctrl+q", "quit", "Avsluta", priority=True)]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Be var och en presentera sig själv.")
        yield Footer()


if __name__ == "__main__":
    BareApp().run()
