"""NatverkApp and make_app: the one way the CLI, the tests and the snapshots build the app."""

from __future__ import annotations

from pathlib import Path

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static

from natverk_tui.model import Session


class NatverkApp(App[int]):
    TITLE = "natverk"

    def __init__(self, session: Session, path: Path) -> None:
        super().__init__()
        self.session = session
        self.path = path

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(self.session.plan.step(self.session.current_step).question, markup=False)
        yield Footer()


def make_app(session: Session, path: Path) -> NatverkApp:
    return NatverkApp(session, path)
