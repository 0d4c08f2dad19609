"""The follow view's app (`natverk follow SESSION`): read-only, for the projector.

A small app of its own rather than a mode of NatverkApp: it has no saving, no palette and
nothing that could write, so a second window can never change the meeting."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

from textual.app import App
from textual.binding import Binding, BindingType

from natverk_tui import settings
from natverk_tui.app import THEMES
from natverk_tui.locale import phrase
from natverk_tui.model import now
from natverk_tui.screens.follow import PAGE_SECONDS, POLL_SECONDS, FollowScreen


class FollowApp(App[int]):
    CSS_PATH = "app.tcss"
    TITLE = "natverk follow"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f2", "toggle_theme", phrase("key.theme"), id="follow.theme"),
        Binding("ctrl+q,q", "quit", phrase("key.quit"), priority=True, id="follow.quit"),
    ]

    def __init__(
        self, path: Path, clock: Callable[[], dt.datetime], theme: str,
        poll: float, page_seconds: float,
    ) -> None:
        super().__init__()
        self.path = path
        self.clock = clock
        self._theme_name = theme
        self._poll = poll
        self._page_seconds = page_seconds
        for item in THEMES:
            self.register_theme(item)

    def on_mount(self) -> None:
        self.theme = self._theme_name
        self.push_screen(FollowScreen(self.path, self.clock, self._poll, self._page_seconds))

    def action_toggle_theme(self) -> None:
        # Not remembered: the follow view writes nothing at all.
        dark = self.theme != settings.LIGHT_THEME
        self.theme = settings.LIGHT_THEME if dark else settings.DARK_THEME

    async def action_quit(self) -> None:
        self.exit(0)


def make_follow_app(
    path: Path,
    *,
    clock: Callable[[], dt.datetime] = now,
    theme: str = settings.LIGHT_THEME,
    poll: float = POLL_SECONDS,
    page_seconds: float = PAGE_SECONDS,
) -> FollowApp:
    """The one way the CLI, the tests and the snapshots build the follow view. The light
    theme is the projector's theme, so it is the default here."""
    return FollowApp(path, clock, theme, poll, page_seconds)
