"""Changes through the one door reach every screen: a change made outside the keyboard
(as the room's phones will make) shows at once, is saved, and Ctrl+Z takes it back."""

from __future__ import annotations

from pathlib import Path

from textual.message import Message

from natverk_tui import persist
from natverk_tui.messages import SessionChanged
from natverk_tui.model import Sector, Session
from natverk_tui.screens.participants import ParticipantsScreen
from natverk_tui.widgets.round_pane import RoundPane
from pilot import SIZE, Clock, app_for, go_to, listed, screen, settle


async def test_a_change_from_outside_shows_is_saved_and_undone(
    session: Session, tmp_path: Path
) -> None:
    path = tmp_path / "mote.toml"
    app = app_for(session, path, Clock())
    seen: dict[int, str] = {}

    def hook(message: Message) -> None:
        if isinstance(message, SessionChanged):
            seen[id(message)] = message.change.what

    async with app.run_test(size=SIZE, message_hook=hook) as pilot:
        await go_to(app, pilot, "tema1.a")
        seen.clear()
        assert app.meeting is not None
        item = app.meeting.add_contribution("Falska uppgifter i personalliggaren", "tema1.a")
        assert item is not None
        await settle(app, pilot)
        assert listed(app)[-1].startswith("Falska uppgifter")
        # One message to each screen (the meeting's, and Textual's blank one beneath).
        assert list(seen.values()) == ["add"] * len(app.screen_stack)
        assert [c.id for c in persist.read_session(path).contributions] == [item.id]  # on disk

        await pilot.press("ctrl+z")
        await settle(app, pilot)
        assert listed(app) == []
        assert persist.read_session(path).contributions == []


async def test_people_registered_show_in_the_round_beneath(session: Session, tmp_path: Path) -> None:
    app = app_for(session, tmp_path / "mote.toml", Clock())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.meeting is not None and screen(app).step.id == "inledning.presentation"
        await app.push_screen(ParticipantsScreen(app.meeting))
        await pilot.pause()
        # Registered from the dialog; the round on the screen below follows at once.
        await pilot.press(*"Anna", "tab", "tab", "tab", "3", "enter")
        await pilot.pause()
        app.meeting.add_participant("Bo", sector=Sector.FORETAG)  # and from outside
        await pilot.pause()
        assert isinstance(app.screen, ParticipantsScreen)
        rows = app.screen.query_one("DataTable")
        assert rows.row_count == 2  # type: ignore[attr-defined]
        below = app.meeting_screen
        assert below is not None
        state = below.query_one(RoundPane).state
        assert state is not None and state.current is not None
        assert state.current.name == "Anna" and [p.name for p in state.waiting] == ["Bo"]
