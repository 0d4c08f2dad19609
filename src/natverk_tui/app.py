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
        *,
        build: bool = False,
        build_path: Path | None = None,
        agendas: Path = Path("agendas"),
    ) -> None:
        super().__init__()
        self.session = session
        self.path = path
        self.library = library
        # The programme builder opens on mount when asked for (`natverk build`).
        self.build = build
        self.build_path = build_path
        self.agendas = agendas

    def compose(self) -> ComposeResult:
        yield Header()
        if self.session:
            step = self.session.plan.step(self.session.current_step)
            yield Static(step.question, markup=False)
        yield Footer()

    def on_mount(self) -> None:
        if self.build:
            self.open_builder(self.build_path)

    def open_builder(self, path: Path | None = None) -> None:
        """The builder on the programme in `path`, or on a new one."""
        from natverk_tui import resources, store
        from natverk_tui.screens.builder import BuilderScreen

        self.library = self.library or resources.library()
        programme = store.load_programme(path) if path else None
        screen = BuilderScreen(self.library, programme, path, self.agendas)
        self.push_screen(screen, self._builder_closed)

    def _builder_closed(self, saved: Path | None) -> None:
        # Opened on its own (`natverk build`), the builder is the app: closing it quits.
        if self.session is None:
            self.exit(0)

    @on(SessionEdited)
    def _save(self, event: SessionEdited) -> None:
        from natverk_tui import store

        if self.session and self.path:
            store.save_session(self.session, self.path)


def make_app(
    session: Session | None = None,
    path: Path | None = None,
    library: ThemeLibrary | None = None,
    *,
    build: bool = False,
    build_path: Path | None = None,
    agendas: Path = Path("agendas"),
) -> NatverkApp:
    return NatverkApp(session, path, library, build=build, build_path=build_path, agendas=agendas)
