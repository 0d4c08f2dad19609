"""The room from the facilitator's side, with real keys (Pilot) and a real server on 127.0.0.1:
a phone's contribution waits in the queue, is accepted with a key, and shows on the screen
and in the saved file; the join screen shows the address and a QR code."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import aiohttp
from textual.widgets import OptionList, Static

from natverk_tui import follow, followup, persist, store
from natverk_tui.app import NatverkApp, make_app
from natverk_tui.model import Session
from natverk_tui.room.options import RoomOptions
from natverk_tui.screens.room_join import RoomJoinScreen
from natverk_tui.screens.room_queue import RoomQueueScreen
from natverk_tui.settings import Settings
from natverk_tui.widgets.qr_code import QrCode
from natverk_tui.widgets.room_corner import RoomCorner
from pilot import SIZE, Clock, listed, screen, settle

LOCAL = RoomOptions(host="127.0.0.1", port=0)
INJECTION = "[@click=app.quit]x[/] <b>fet</b> [red]röd"


def room_app(session: Session, path: Path, options: RoomOptions = LOCAL) -> NatverkApp:
    session.current_step = "tema1.a"
    store.save_session(session, path)
    return make_app(session, path, clock=Clock(), prefs=Settings(), room=options)


async def phone_sends(app: NatverkApp, *texts: str) -> list[int]:
    room = app.room
    assert room is not None
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
        async with http.get(room.url) as r:
            found = re.search(r'data-nonce="([^"]+)"', await r.text())
        assert found
        statuses = []
        for text in texts:
            body = {"nonce": found.group(1), "step": app.session.current_step if app.session else "",
                    "text": text}
            async with http.post(room.url + "send", json=body, headers={"Origin": room.origin}) as r:
                statuses.append(r.status)
        return statuses


async def wait_for_room(app: NatverkApp, pilot: object) -> None:
    for _ in range(50):
        if app.room is not None:
            return
        await pilot.pause(0.02)  # type: ignore[attr-defined]
    raise AssertionError("the room did not open")


async def until(pilot: object, check: Callable[[], bool]) -> None:
    """Phone changes reach the screen and the file within a second (they are batched)."""
    for _ in range(100):
        if check():
            return
        await pilot.pause(0.03)  # type: ignore[attr-defined]
    assert check()


def corner(app: NatverkApp) -> str:
    widget = screen(app).query_one(RoomCorner)
    return str(widget.render()) if widget.display else ""


async def test_a_phone_contribution_waits_then_is_accepted_with_a_key(
    session: Session, tmp_path: Path
) -> None:
    path = tmp_path / "mote.toml"
    app = room_app(session, path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_room(app, pilot)
        assert app.room is not None and app.room.url in corner(app)
        assert await phone_sends(app, "Svartarbete i kedjan", INJECTION) == [201, 201]
        # Waiting: counted in the corner, never shown on the projected screen.
        await until(pilot, lambda: "2 väntar" in corner(app))
        assert "Svartarbete" not in corner(app)
        assert listed(app) == []
        await until(pilot, lambda: len(persist.read_session(path).queue) == 2)
        assert [q.text for q in persist.read_session(path).queue] == ["Svartarbete i kedjan", INJECTION]

        await pilot.press("ctrl+l")
        await pilot.pause()
        assert isinstance(app.screen, RoomQueueScreen)
        items = app.screen.query_one(OptionList)
        assert items.option_count == 2
        assert INJECTION in str(items.get_option_at_index(1).prompt)
        await pilot.press("a")  # accept the first as sent
        await pilot.press("e")  # edit the second, then accept
        await pilot.pause()
        await pilot.press("end", "space", "!", "enter")
        await pilot.pause()
        assert items.option_count == 0
        await pilot.press("escape")
        await settle(app, pilot)

        assert listed(app) == ["Svartarbete i kedjan", INJECTION + " !"]  # literally
        assert app.is_running  # the [@click=app.quit] text did nothing
        assert "0 väntar" in corner(app)
        saved = persist.read_session(path)
        assert [c.text for c in saved.contributions] == ["Svartarbete i kedjan", INJECTION + " !"]
        assert saved.queue == []
        # Nothing of the room's address on disk: neither in the file nor in its journal.
        journal = persist.journal_path(path)
        on_disk = path.read_text(encoding="utf-8") + (
            journal.read_text(encoding="utf-8") if journal.exists() else "")
        assert "127.0.0.1" not in on_disk
        assert app.room.token not in on_disk
        url = app.room.url
    # Quitting the app closes the room with it.
    async with aiohttp.ClientSession() as http:
        try:
            async with http.get(url) as r:
                status = r.status
        except aiohttp.ClientError:
            status = 0
    assert status == 0


async def test_reject_and_accept_all(session: Session, tmp_path: Path) -> None:
    path = tmp_path / "mote.toml"
    app = room_app(session, path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_room(app, pilot)
        await phone_sends(app, "Reklam för en firma", "Ett", "Två")
        await until(pilot, lambda: "3 väntar" in corner(app))
        await pilot.press("ctrl+l")
        await pilot.pause()
        await pilot.press("r")  # reject the first
        await pilot.press("A")  # accept the rest
        await pilot.press("escape")
        await settle(app, pilot)
        assert listed(app) == ["Ett", "Två"]
        await pilot.press("ctrl+z")  # the facilitator's undo takes back "accept all"
        await settle(app, pilot)
        assert listed(app) == []
        assert [q.text for q in persist.read_session(path).queue] == ["Ett", "Två"]


async def test_auto_accept_shows_at_once(session: Session, tmp_path: Path) -> None:
    app = room_app(session, tmp_path / "mote.toml", RoomOptions(host="127.0.0.1", port=0, auto_accept=True))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_room(app, pilot)
        await phone_sends(app, "Direkt upp")
        await until(pilot, lambda: listed(app) == ["Direkt upp"])


async def test_the_join_screen_shows_the_url_and_a_qr_code(session: Session, tmp_path: Path) -> None:
    app = room_app(session, tmp_path / "mote.toml")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_room(app, pilot)
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert isinstance(app.screen, RoomJoinScreen)
        assert app.room is not None
        assert str(app.screen.query_one("#room-url", Static).render()) == app.room.url
        qr = str(app.screen.query_one(QrCode).render()).splitlines()
        assert len(qr) >= 15 and set("".join(qr)) <= set("█▀▄ ")
        await pilot.press("escape")
        assert not isinstance(app.screen, RoomJoinScreen)


async def test_closing_and_opening_from_the_palette_makes_a_new_address(
    session: Session, tmp_path: Path
) -> None:
    app = room_app(session, tmp_path / "mote.toml")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_room(app, pilot)
        assert app.room is not None
        first = app.room.url
        await run_command(pilot, "Stäng rummet")
        for _ in range(50):
            if app.room is None:
                break
            await pilot.pause(0.02)
        assert app.room is None and corner(app) == ""
        async with aiohttp.ClientSession() as http:
            try:
                async with http.get(first) as r:
                    status = r.status
            except aiohttp.ClientError:
                status = 0
        assert status in (0, 404)
        await run_command(pilot, "Öppna rummet")
        await wait_for_room(app, pilot)
        await pilot.pause()
        assert app.room.url != first
        assert isinstance(app.screen, RoomJoinScreen)  # opened from the palette, it shows how to join


async def run_command(pilot: object, name: str) -> None:
    await pilot.press("ctrl+p")  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]
    await pilot.press(*[c if c != " " else "space" for c in name])  # type: ignore[attr-defined]
    await pilot.pause(0.3)  # type: ignore[attr-defined]
    await pilot.press("enter")  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]


async def test_without_the_room_its_keys_stay_out_of_the_footer(session: Session, tmp_path: Path) -> None:
    store.save_session(session, tmp_path / "mote.toml")
    app = make_app(session, tmp_path / "mote.toml", clock=Clock(), prefs=Settings())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.room is None
        assert app.check_action("room_queue", ()) is False
        assert not screen(app).query_one(RoomCorner).display


async def test_the_join_address_lies_beside_the_session_only_while_the_room_is_open(
    session: Session, tmp_path: Path
) -> None:
    """`<name>.room` carries the address (and its token) to `natverk follow`: owner-only,
    rewritten on a new opening, gone when the room closes and when the app quits."""
    path = tmp_path / "mote.toml"
    sidecar = tmp_path / "mote.toml.room"
    app = room_app(session, path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_room(app, pilot)
        assert app.room is not None
        first = app.room.url
        assert sidecar.read_text(encoding="utf-8") == first + "\n"
        assert sidecar.stat().st_mode & 0o777 == 0o600
        assert follow.read_room(path) == first
        # Not a leftover temporary file to clean away, and not a meeting to list or purge.
        assert store.temp_files(path) == []
        sessions, problems = followup.load_folder(tmp_path)
        assert [p.name for p, _ in sessions] == ["mote.toml"] and problems == []
        await run_command(pilot, "Stäng rummet")
        await until(pilot, lambda: app.room is None)
        assert not sidecar.exists() and follow.read_room(path) == ""
        await run_command(pilot, "Öppna rummet")
        await wait_for_room(app, pilot)
        assert app.room.url != first
        assert follow.read_room(path) == app.room.url
        await pilot.press("escape")
        await pilot.press("ctrl+q")
    assert not sidecar.exists()


async def test_a_burst_of_phone_ballots_redraws_the_vote_once(session: Session, tmp_path: Path) -> None:
    """Two hundred phones voting as a vote opens must not redraw the pane two hundred times:
    the screen shows the room's changes together, and the tally still adds them all."""
    from natverk_tui.meeting import Change
    from natverk_tui.model import Contribution

    session.contributions = [Contribution(step="tema1.b", text=f"Område {n}") for n in range(1, 5)]
    app = room_app(session, tmp_path / "mote.toml")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_room(app, pilot)
        assert app.meeting is not None
        app.meeting.go_to("tema1.c")
        await settle(app, pilot)
        pane = screen(app).work_pane()
        redraws: list[Change] = []
        original = pane.changed
        pane.changed = lambda view, change: (redraws.append(change), original(view, change))  # type: ignore[method-assign]
        first = session.contributions[0].id
        for _ in range(40):
            app.meeting.room_ballot([first])
        await pilot.pause(0.5)
        await settle(app, pilot)
        assert 1 <= len(redraws) <= 2
        assert redraws[-1].what == "room"
        assert any("40" in str(cell.render()) for cell in pane.query(Static))


async def test_accepting_the_whole_queue_adds_its_lines_without_redrawing_the_list(
    session: Session, tmp_path: Path,
) -> None:
    """Thirty phones' contributions accepted with one key go on at the end of the list in one
    go, in the order they came; the lines already there are not drawn anew."""
    from natverk_tui.model import QueueKind
    from natverk_tui.widgets.contributions import ContributionList

    app = room_app(session, tmp_path / "mote.toml")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_room(app, pilot)
        assert app.meeting is not None
        app.meeting.go_to("tema1.a")
        app.meeting.add_contribution("Från tangentbordet")
        await settle(app, pilot)
        entries = screen(app).query_one(ContributionList)
        rebuilt: list[int] = []
        original = entries.set_options
        entries.set_options = lambda options: (rebuilt.append(1), original(options))[1]  # type: ignore[method-assign]
        for n in range(30):
            app.meeting.submit(f"Telefon {n}", QueueKind.CONTRIBUTION)
        app.meeting.accept_all()
        await pilot.pause(0.5)
        await settle(app, pilot)
        assert rebuilt == []
        assert listed(app) == ["Från tangentbordet"] + [f"Telefon {n}" for n in range(30)]
        # Undone, the lines go again; an undo in the middle of the list still redraws it whole.
        app.meeting.undo()
        await settle(app, pilot)
        assert listed(app) == ["Från tangentbordet"]
