"""Snapshot tests of the live screen at fixed terminal sizes (pytest-textual-snapshot).

Everything on screen is fixed: ids, dates, the clock the timer, the projected end and the
header's "saved" time come from, and the theme (prefs=Settings(), not the user's file).
Update with `uv run pytest tests/test_snapshots.py --snapshot-update` and look at the report.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from natverk_tui import settings, store
from natverk_tui.app import NatverkApp, make_app
from natverk_tui.model import (
    Contribution,
    LogEntry,
    Participant,
    Sector,
    Session,
    TimerEvent,
)
from natverk_tui.voting import record_ballot

WIDE = (160, 45)
NARROW = (80, 24)
NOW = dt.datetime(2026, 11, 28, 13, 52, 30)
Snap = Callable[..., bool]


def clock() -> dt.datetime:
    return NOW


def at(hour: int, minute: int) -> dt.datetime:
    return dt.datetime(2026, 11, 28, hour, minute)


def _meeting(session: Session, step: str, started: dt.datetime) -> Session:
    """Stand on `step`, its clock started at `started` and running."""
    session.id = "s-snapshot"
    session.current_step = step
    session.log = [
        LogEntry(at=at(13, 0), step="inledning.presentation", event=TimerEvent.ENTER),
        LogEntry(at=started, step="inledning.presentation", event=TimerEvent.LEAVE),
        LogEntry(at=started, step=step, event=TimerEvent.ENTER),
        LogEntry(at=started, step=step, event=TimerEvent.START),
    ]
    return session


def _discussion(session: Session) -> Session:
    texts = [
        ("Svartarbete i långa underleverantörskedjor", "Grupp 1", Sector.FACK),
        ("Falska ID06-kort", None, Sector.MYNDIGHET),
        ("Bostäder på arbetsplatsen", "Grupp 2", None),
        ("Löner under kollektivavtal", None, Sector.FORETAG),
        ("Skenbolag som byts ut efter ett år", "Grupp 1", Sector.OVRIGT),
        # Typed text that looks like markup shows as typed.
        ("[bold]Ingen kontroll[/bold] av personalliggare", None, None),
    ]
    session.contributions = [
        Contribution(id=f"c-{i:08d}", step="tema1.a", text=text, group=group, sector=sector,
                     created=at(13, 40) + dt.timedelta(minutes=i))
        for i, (text, group, sector) in enumerate(texts)
    ]
    return _meeting(session, "tema1.a", at(13, 40))


def _vote(session: Session) -> Session:
    """Three voters, results revealed, three areas tied at the top."""
    session.participants = [
        Participant(id="p-anna", number=1, name="Anna", organisation="Skatteverket",
                    sector=Sector.MYNDIGHET),
        Participant(id="p-bo", number=2, name="Bo", organisation="Byggbolaget",
                    sector=Sector.FORETAG),
        Participant(id="p-tre", number=3, organisation="Byggnads", sector=Sector.FACK),
    ]
    areas = ["Dela information mellan myndigheter", "Följa upp varje led i kedjan",
             "Följa upp krav i upphandling", "Stöd till den som utsatts"]
    session.contributions = [
        Contribution(id=f"c-area{i}", step="tema1.b", text=text, created=at(13, 20))
        for i, text in enumerate(areas)
    ]
    record_ballot(session, "tema1.c", "p-anna", ["c-area0", "c-area1", "c-area2"])
    record_ballot(session, "tema1.c", "p-bo", ["c-area0", "c-area1"])
    record_ballot(session, "tema1.c", "p-tre", ["c-area2", "c-area3"])
    session.vote_for("tema1.c").revealed = True
    return _meeting(session, "tema1.c", at(13, 45))


def _app(session: Session, path: Path, theme: str = settings.DARK_THEME) -> NatverkApp:
    store.save_session(session, path)
    return make_app(session, path, clock=clock, prefs=settings.Settings(theme=theme))


async def _steady(pilot: Pilot[Any]) -> None:
    """Nothing still being written, and no text cursor: on a loaded machine a blink tick
    queued before the blink is switched off can still hide the cursor when the screenshot is
    taken, so the snapshots are taken with nothing focused, which draws no cursor at all."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    pilot.app.set_focus(None)
    await pilot.pause()


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "natverk-orebro.toml"


def test_discussion_step(snap_compare: Snap, session: Session, path: Path) -> None:
    app = _app(_discussion(session), path)
    assert snap_compare(app, terminal_size=WIDE, run_before=_steady)


def test_vote_step_revealed_with_tie(snap_compare: Snap, session: Session, path: Path) -> None:
    app = _app(_vote(session), path)
    assert snap_compare(app, terminal_size=WIDE, run_before=_steady)


def test_discussion_step_at_80x24(snap_compare: Snap, session: Session, path: Path) -> None:
    app = _app(_discussion(session), path)
    assert snap_compare(app, terminal_size=NARROW, run_before=_steady)


def test_discussion_step_light_theme(snap_compare: Snap, session: Session, path: Path) -> None:
    app = _app(_discussion(session), path, theme=settings.LIGHT_THEME)
    assert snap_compare(app, terminal_size=WIDE, run_before=_steady)
