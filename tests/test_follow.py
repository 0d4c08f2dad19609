"""`natverk follow`: the room's read-only view follows the session file, never writes, never
takes the lock, and says when the meeting is closed or the facilitator's app has stopped."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from textual.content import Content
from textual.widgets import Static

from natverk_tui import follow, persist, store
from natverk_tui.__main__ import main
from natverk_tui.follow_app import FollowApp, make_follow_app
from natverk_tui.meeting import Meeting
from natverk_tui.model import Contribution, Session
from natverk_tui.widgets.room_body import RoomBody
from natverk_tui.widgets.room_status import RoomStatus
from room_session import AREAS, NOTE_MARK, NOW, at, full_day, stand_on
from screen_text import screen_text, words_on_screen

SMALL = (64, 20)


def shown(app: FollowApp) -> str:
    """The text of the view's parts, as drawn at the terminal's width."""
    console = Console(width=app.size.width - 4, record=True, file=open(os.devnull, "w"))  # noqa: SIM115
    parts = []
    for static in app.screen.query(Static):
        content = static.content
        if isinstance(content, Content | str):
            parts.append(str(content))
        else:
            console.print(content)
            parts.append(console.export_text())
    return "\n".join(parts)


async def until(pilot: Any, done: Any, seconds: float = 3.0) -> None:
    """Wait (bounded) until `done()` holds; the follow view reads in a thread."""
    end = time.monotonic() + seconds
    while not done() and time.monotonic() < end:
        await pilot.pause(0.02)
    assert done()


def save(session: Session, path: Path) -> None:
    store.save_session(session, path)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    target = tmp_path / "orebro.toml"
    save(full_day(), target)
    return target


def files(folder: Path) -> dict[str, tuple[int, int]]:
    return {p.name: (p.stat().st_mtime_ns, p.stat().st_size) for p in folder.iterdir()}


async def test_follow_shows_each_change_and_survives_the_atomic_rename(path: Path) -> None:
    app = make_follow_app(path, clock=lambda: NOW)
    async with app.run_test(size=SMALL) as pilot:
        await until(pilot, lambda: "Personer utan rätt" in shown(app))
        session = full_day()
        for n in range(3):
            session.contributions.append(Contribution(step="tema1.a", text=f"Ny risk nummer {n}"))
            save(session, path)  # a new file renamed over the old one: a new inode
            await until(pilot, lambda n=n: f"Ny risk nummer {n}" in shown(app))
        assert app.screen.query_one(RoomBody).page_count >= 2
        # The next step, as the main app's PgDn makes it.
        save(stand_on(session, "tema1.c"), path)
        await until(pilot, lambda: "c) De tre viktigaste" in shown(app))
        text = shown(app)
        assert "4 har röstat" in text
        assert NOTE_MARK not in text


async def test_follow_reads_the_journal_too(tmp_path: Path) -> None:
    """The main app journals each change before its next snapshot: a contribution that is
    only in the journal shows in the follow view, and the snapshot file is left as it was."""
    path = tmp_path / "journaled.toml"
    persist.create_session(full_day(), path)
    session = persist.open_session(path)
    meeting = Meeting(session, lambda: NOW)
    saver = persist.Saver(session, path)
    meeting.listeners.append(saver.record)
    snapshot = path.read_bytes()
    app = make_follow_app(path, clock=lambda: NOW)
    try:
        async with app.run_test(size=SMALL) as pilot:
            await until(pilot, lambda: "Personer utan rätt" in shown(app))
            meeting.add_contribution("Bara i journalen än så länge")
            assert follow.journal_path(path).exists()
            await until(pilot, lambda: "Bara i journalen än så länge" in shown(app))
            meeting.undo()
            await until(pilot, lambda: "Bara i journalen" not in shown(app))
        assert path.read_bytes() == snapshot
    finally:
        saver.close()


async def test_follow_never_writes_and_never_takes_the_lock(path: Path) -> None:
    before = files(path.parent)
    app = make_follow_app(path, clock=lambda: NOW)
    async with app.run_test(size=SMALL) as pilot:
        await until(pilot, lambda: "Personer utan rätt" in shown(app))
        await pilot.press("pagedown", "pageup", "f2")
        # The main app can open the meeting while the follow view is on (its lock file goes
        # again when it closes).
        with store.session_lock(path):
            assert follow.app_state(path) is follow.AppState.RUNNING
        assert not follow.lock_path(path).exists()
        await pilot.press("q")
    assert files(path.parent) == before


async def test_follow_says_when_the_app_stops_and_when_the_meeting_is_closed(
    path: Path,
) -> None:
    app = make_follow_app(path, clock=lambda: NOW)
    with store.session_lock(path):
        async with app.run_test(size=SMALL) as pilot:
            await until(pilot, lambda: "Tiden går" in shown(app))
            assert "stängd" not in shown(app)
            assert follow.app_state(path) is follow.AppState.RUNNING
    # The lock is let go: the facilitator's app has stopped.
    assert follow.app_state(path) is follow.AppState.STOPPED
    app = make_follow_app(path, clock=lambda: NOW)
    async with app.run_test(size=SMALL) as pilot:
        await until(pilot, lambda: "app är stängd" in shown(app))
        assert app.screen.query_one(RoomStatus).has_class("-notice")
        session = full_day()
        session.closed = at(16, 0)
        save(session, path)
        await until(pilot, lambda: "Mötet är avslutat." in shown(app))
        # Closed says it all: not also "stopped".
        assert "app är stängd" not in shown(app)


def test_app_state_without_a_list_of_locks_claims_nothing(path: Path, tmp_path: Path) -> None:
    with store.session_lock(path):
        assert follow.app_state(path, locks=tmp_path / "no-such-list") is follow.AppState.UNKNOWN
    assert follow.app_state(tmp_path / "never-opened.toml") is follow.AppState.STOPPED


async def test_a_revealed_vote_with_long_labels_reads_whole_at_64x20(path: Path) -> None:
    save(stand_on(full_day(), "tema1.c"), path)
    app = make_follow_app(path, clock=lambda: NOW)
    async with app.run_test(size=SMALL) as pilot:
        await until(pilot, lambda: "har röstat" in shown(app))
        body = app.screen.query_one(RoomBody)
        words: set[str] = set()
        assert body.page_count <= 3
        for _ in range(body.page_count):
            await pilot.pause(0.05)
            words |= words_on_screen(app)  # what the terminal draws, page by page
            await pilot.press("pagedown")
        for area in AREAS:
            for word in area.split():
                assert word in words, word


def test_cli_follow_refuses_a_file_that_is_not_a_session(
    tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("title = 'x'\nplan = 3\n", encoding="utf-8")
    assert main(["follow", str(bad)]) == 2
    assert "bad.toml" in capsys.readouterr().err
    assert main(["follow", str(tmp_path / "missing.toml")]) == 2
    assert bad.read_text(encoding="utf-8") == "title = 'x'\nplan = 3\n"


def test_poll_signature_sees_rename_and_growth(path: Path) -> None:
    first = follow.signature(path)
    assert first.session is not None and first.journal is None
    save(full_day(), path)
    assert follow.signature(path) != first
    journal = follow.journal_path(path)
    journal.write_text("a", encoding="utf-8")
    grown = follow.signature(path)
    with journal.open("a", encoding="utf-8") as handle:
        handle.write("b")
    assert follow.signature(path) != grown


async def test_nothing_the_room_reads_holds_markup(path: Path) -> None:
    app = make_follow_app(path, clock=lambda: NOW)
    async with app.run_test(size=(100, 40)) as pilot:
        await until(pilot, lambda: "[bold]Arbetare" in screen_text(app))


async def test_the_join_address_shows_while_the_room_is_open(path: Path) -> None:
    """The main app leaves the address in `<name>.room` while its room is open: the follow
    view shows it in words at 64x20 and with the QR code where there is room; it goes when
    the file goes, and a file left by an app that has stopped is not believed."""
    url = "http://192.168.1.23:8765/abcdefghijklmnopqrstuv/"
    join = "#follow-join"
    app = make_follow_app(path, clock=lambda: NOW)
    with store.session_lock(path):
        async with app.run_test(size=SMALL) as pilot:
            await until(pilot, lambda: "Personer utan rätt" in shown(app))
            assert url not in shown(app) and not app.screen.query_one(join).display
            follow.publish_room(path, url)
            await until(pilot, lambda: url in shown(app))
            assert app.screen.query_one(join).display
            assert "Personer utan rätt" in shown(app)  # the body still there beside it
            assert str(app.screen.query_one("#follow-qr", Static).render()) == ""
            await pilot.resize_terminal(140, 45)
            await until(pilot, lambda: "█" in str(app.screen.query_one("#follow-qr", Static).render()))
            qr = str(app.screen.query_one("#follow-qr", Static).render()).splitlines()
            assert len(qr) >= 15 and set("".join(qr)) <= set("█▀▄ ")
            follow.withdraw_room(path)
            await until(pilot, lambda: url not in shown(app))
            assert not app.screen.query_one(join).display
    follow.publish_room(path, url)  # left behind by an app that crashed
    app = make_follow_app(path, clock=lambda: NOW)
    async with app.run_test(size=SMALL) as pilot:
        await until(pilot, lambda: "app är stängd" in shown(app))
        assert url not in shown(app)
