"""Pilot helpers shared by the screen tests: an app on a saved session, a hand-moved
clock, typing, and waiting until autosave has written."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from natverk_tui import store
from natverk_tui.app import NatverkApp, make_app
from natverk_tui.model import Session
from natverk_tui.screens.meeting import MeetingScreen
from natverk_tui.settings import Settings
from natverk_tui.widgets.contributions import Contributions

SIZE = (140, 42)


class Clock:
    """A clock the test moves by hand, so timers are exact."""

    def __init__(self) -> None:
        self.now = dt.datetime(2026, 11, 28, 9, 0, 0)

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, seconds: int) -> None:
        self.now += dt.timedelta(seconds=seconds)


def app_for(session: Session, path: Path, clock: Clock | None = None) -> NatverkApp:
    store.save_session(session, path)
    return make_app(session, path, clock=clock or Clock(), prefs=Settings())


def screen(app: NatverkApp) -> MeetingScreen:
    assert isinstance(app.screen, MeetingScreen)
    return app.screen


async def settle(app: NatverkApp, pilot: object) -> None:
    await pilot.pause()  # type: ignore[attr-defined]
    await app.workers.wait_for_complete()
    await pilot.pause()  # type: ignore[attr-defined]


async def type_text(pilot: object, text: str) -> None:
    await pilot.press(*[c if c != " " else "space" for c in text])  # type: ignore[attr-defined]


def listed(app: NatverkApp) -> list[str]:
    entries = screen(app).query_one(Contributions).entries
    return [str(entries.get_option_at_index(i).prompt) for i in range(entries.option_count)]


async def go_to(app: NatverkApp, pilot: object, step_id: str) -> None:
    while screen(app).step.id != step_id:
        await pilot.press("pagedown")  # type: ignore[attr-defined]
        await pilot.pause()  # type: ignore[attr-defined]
