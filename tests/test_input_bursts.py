"""Pasted and bursty input: a terminal hands the app a whole paste, or many keys in one
read, and no Enter and no character may be lost, doubled or land in the wrong field."""

from __future__ import annotations

from pathlib import Path

from textual import events
from textual.widgets import Input

from natverk_tui import store
from natverk_tui.app import NatverkApp
from natverk_tui.model import Sector, Session
from natverk_tui.screens.participants import ParticipantsScreen
from natverk_tui.text import split_paste
from natverk_tui.widgets.contributions import Contributions
from natverk_tui.widgets.sector_picker import SectorPicker
from pilot import SIZE, app_for, go_to, listed, screen, settle

LONG = "".join("abcdefghij"[i % 10] if i % 50 else " " for i in range(1, 2001))


def test_split_paste() -> None:
    assert split_paste("", "en rad", "") == ([], "en rad", "")
    assert split_paste("", "en rad\n", "") == (["en rad"], "", "")
    assert split_paste("Dela ", "information\r\nFölja upp\rsist", " kvar") == (
        ["Dela information", "Följa upp"], "sist", " kvar")
    assert split_paste("", "\n\n  \n", "") == ([], "", "")


def keys(text: str) -> list[events.Key]:
    names = {"\t": "tab", "\r": "enter", " ": "space"}
    return [events.Key(names.get(c, c), c) for c in text]


async def burst(app: NatverkApp, pilot: object, text: str) -> None:
    """Keys as a terminal hands them over after one read: all queued at once."""
    for key in keys(text):
        app.post_message(key)
    await settle(app, pilot)


async def test_a_pasted_line_with_its_enter_is_one_contribution(session: Session, tmp_path: Path) -> None:
    path = tmp_path / "p.toml"
    app = app_for(session, path)
    async with app.run_test(size=SIZE) as pilot:
        await go_to(app, pilot, "tema1.b")
        field = screen(app).query_one(Contributions).input
        app.post_message(events.Paste(LONG + "\r"))
        await settle(app, pilot)
        assert listed(app) == [LONG.strip()]
        assert field.value == ""
        # Typed text before the paste belongs to the line the paste ends.
        field.value = "Början: "
        field.cursor_position = len(field.value)
        app.post_message(events.Paste("slut\nnästa påbörjad"))
        await settle(app, pilot)
        assert listed(app)[-1] == "Början: slut"
        assert field.value == "nästa påbörjad"
    texts = [c.text for c in store.load_session(path).contributions]
    assert texts == [LONG.strip(), "Början: slut"]


async def test_two_thousand_keys_and_enter_in_one_read(session: Session, tmp_path: Path) -> None:
    path = tmp_path / "b.toml"
    app = app_for(session, path)
    async with app.run_test(size=SIZE) as pilot:
        await go_to(app, pilot, "tema1.b")
        await burst(app, pilot, LONG + "\r")
        assert listed(app) == [LONG.strip()]
        assert screen(app).query_one(Contributions).input.value == ""
    assert [c.text for c in store.load_session(path).contributions] == [LONG.strip()]


async def test_keys_after_enter_start_the_next_contribution(session: Session, tmp_path: Path) -> None:
    app = app_for(session, tmp_path / "e.toml")
    async with app.run_test(size=SIZE) as pilot:
        await go_to(app, pilot, "tema1.b")
        await burst(app, pilot, "Första\rAndra\r\rTredje på gång")
        assert listed(app) == ["Första", "Andra"]
        assert screen(app).query_one(Contributions).input.value == "Tredje på gång"


async def test_keys_typed_after_tab_land_in_the_next_field(session: Session, tmp_path: Path) -> None:
    app = app_for(session, tmp_path / "t.toml")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f9")
        await settle(app, pilot)
        assert isinstance(app.screen, ParticipantsScreen)
        await burst(app, pilot, "Anna\tSkatteverket\tInspektör")
        values = [app.screen.query_one(f"#{key}", Input).value for key in ("name", "organisation", "role")]
        assert values == ["Anna", "Skatteverket", "Inspektör"]
        await burst(app, pilot, "\t1\r")  # on to the sector, 1 for myndighet, Enter
        assert [(p.name, p.organisation, p.role, p.sector) for p in session.participants] == [
            ("Anna", "Skatteverket", "Inspektör", Sector.MYNDIGHET)]


async def test_a_paste_into_a_one_line_field_keeps_its_enter(session: Session, tmp_path: Path) -> None:
    app = app_for(session, tmp_path / "o.toml")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f9")
        await settle(app, pilot)
        app.screen.query_one(SectorPicker).sector = Sector.FACK
        app.post_message(events.Paste("Anna\nÖberg\n"))
        await settle(app, pilot)
        assert [p.name for p in session.participants] == ["Anna Öberg"]
