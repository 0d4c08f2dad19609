"""NatverkApp and make_app: the one way the CLI, the tests and the snapshots build the app."""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static

from natverk_tui.messages import SessionEdited
from natverk_tui.model import Session, ThemeLibrary


class NatverkApp(App[int]):
    """The meeting app. Screens change `self.session` and post SessionEdited; the app saves."""

    TITLE = "natverk"

    def __init__(
        self,
        session: Session | None,
        path: Path | None,
        library: ThemeLibrary | None = None,
    ) -> None:
        super().__init__()
        self.session = session
        self.path = path
        self.library = library

    def compose(self) -> ComposeResult:
        yield Header()
        if self.session:
            step = self.session.plan.step(self.session.current_step)
            yield Static(step.question, markup=False)
        yield Footer()

    @on(SessionEdited)
    def _save(self, event: SessionEdited) -> None:
        from natverk_tui import store

        if self.session and self.path:
            store.save_session(self.session, self.path)


def make_app(
    session: Session | None = None,
    path: Path | None = None,
    library: ThemeLibrary | None = None,
) -> NatverkApp:
    return NatverkApp(session, path, library)
