"""Snapshots of every step kind with a projector's large font (80x24 and 64x20), in the
main app and in the follow view, from one filled-in full-day meeting.

Update with `uv run pytest tests/test_snapshots_room.py --snapshot-update` and look at the
report. The follow view is shown with the facilitator's app holding the session (its lock
taken here), so each picture shows the running state rather than "the app has stopped"."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from natverk_tui import settings, store
from natverk_tui.app import make_app
from natverk_tui.follow_app import make_follow_app
from natverk_tui.screens.follow import FollowScreen
from room_session import NOW, full_day, kinds, stand_on

Snap = Callable[..., bool]
SIZES = {"80x24": (80, 24), "64x20": (64, 20)}
STEPS = kinds(full_day())


def clock() -> Any:
    return NOW


@pytest.fixture
def path(tmp_path: Path) -> Iterator[Path]:
    target = tmp_path / "natverk-orebro.toml"
    with store.session_lock(target):
        yield target


async def _steady(pilot: Pilot[Any]) -> None:
    """No blinking cursor, nothing still being written."""
    # The app pushes its screen on mount, which may come after this starts: wait for it,
    # or the cursor's blink would be left running and caught in either phase.
    for _ in range(200):
        if len(pilot.app.screen_stack) > 1:
            break
        await pilot.pause(0.01)
    await pilot.pause()  # its first focus
    for field in pilot.app.query(Input):
        field.cursor_blink = False
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def _followed(pilot: Pilot[Any]) -> None:
    """Wait until the follow view has read the session once, then for its drawing."""
    for _ in range(200):
        screen = pilot.app.screen
        if isinstance(screen, FollowScreen) and screen.view is not None:
            break
        await pilot.pause(0.01)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("step", STEPS)
def test_main_app(snap_compare: Snap, path: Path, step: str, size: str) -> None:
    session = stand_on(full_day(), step)
    store.save_session(session, path)
    app = make_app(session, path, clock=clock, prefs=settings.Settings(theme=settings.LIGHT_THEME))
    assert snap_compare(app, terminal_size=SIZES[size], run_before=_steady)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("step", STEPS)
def test_follow_view(snap_compare: Snap, path: Path, step: str, size: str) -> None:
    store.save_session(stand_on(full_day(), step), path)
    app = make_follow_app(path, clock=clock)
    assert snap_compare(app, terminal_size=SIZES[size], run_before=_followed)
