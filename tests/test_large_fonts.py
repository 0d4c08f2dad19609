"""The main app with a projector's large font: 80x24 and 64x20, driven with real keys."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import ContentSwitcher

from natverk_tui import settings, store
from natverk_tui.app import NatverkApp, make_app
from natverk_tui.model import Session
from natverk_tui.screens.meeting import MeetingScreen
from natverk_tui.widgets.action_table import ActionTable
from natverk_tui.widgets.question import QuestionPane
from room_session import AREAS, NOW, full_day, stand_on
from screen_text import screen_text, words_on_screen


def app_on(session: Session, path: Path) -> NatverkApp:
    session.log = []  # a meeting that has not started: no question on opening
    store.save_session(session, path)
    return make_app(session, path, clock=lambda: NOW, prefs=settings.Settings())


def meeting(app: NatverkApp) -> MeetingScreen:
    assert isinstance(app.screen, MeetingScreen)
    return app.screen


async def test_agenda_folds_below_the_width_and_comes_back_with_a_key(tmp_path: Path) -> None:
    app = app_on(stand_on(full_day(), "tema1.a"), tmp_path / "m.toml")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        left = meeting(app).query_one("#left")
        assert not left.display
        text = screen_text(app)
        assert "⏱ 20:00" in text  # the clock is on one line instead
        await pilot.press("f10")
        await pilot.pause()
        assert left.display
        await pilot.press("f10")
        await pilot.pause()
        assert not left.display
    app = app_on(stand_on(full_day(), "tema1.a"), tmp_path / "w.toml")
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        assert meeting(app).query_one("#left").display


async def test_footer_keeps_help_and_participants_at_80_and_64(tmp_path: Path) -> None:
    for size in ((80, 24), (64, 20)):
        app = app_on(stand_on(full_day(), "tema1.a"), tmp_path / f"{size[0]}.toml")
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            footer = screen_text(app).rstrip("\n").splitlines()[-1]
            assert "f1 Hjälp" in footer and "f9 Deltagare" in footer, footer
            await pilot.press("down")  # into the list: its keys join the footer
            await pilot.pause()
            footer = screen_text(app).rstrip("\n").splitlines()[-1]
            assert "f1 Hjälp" in footer and "f9 Deltagare" in footer, footer


async def test_zoom_gives_the_work_pane_the_screen_and_gives_it_back(tmp_path: Path) -> None:
    app = app_on(stand_on(full_day(), "tema1.c"), tmp_path / "m.toml")
    async with app.run_test(size=(64, 20)) as pilot:
        await pilot.pause()
        screen = meeting(app)
        await pilot.press("f11")
        await pilot.pause()
        assert screen.maximized is screen.query_one(ContentSwitcher)
        # Every label of the revealed vote reads whole, with the bars beside it.
        words = words_on_screen(app)
        for area in AREAS:
            for word in area.split():
                assert word in words, word
        assert "Vad är viktigast" not in screen_text(app)  # the question pane is away
        await pilot.press("f11")
        await pilot.pause()
        assert screen.maximized is None
        assert "Vad är viktigast" in screen_text(app)


async def test_question_pages_turn_with_ctrl_down_and_pgdn_stays_the_next_step(
    tmp_path: Path,
) -> None:
    app = app_on(stand_on(full_day(), "tema1.d"), tmp_path / "m.toml")
    async with app.run_test(size=(64, 20)) as pilot:
        await pilot.pause(0.1)
        question = meeting(app).query_one(QuestionPane)
        assert str(question.border_subtitle).startswith("1/")
        pages = int(str(question.border_subtitle).split("/")[1].split()[0])
        seen = set(words_on_screen(app))
        for n in range(2, pages + 1):
            await pilot.press("ctrl+down")
            await pilot.pause(0.1)
            assert str(question.border_subtitle).startswith(f"{n}/{pages}")
            seen |= words_on_screen(app)
        # Every top area, read whole over the pages.
        for area in AREAS[:4]:
            for word in area.split():
                assert word in seen, word
        await pilot.press("pagedown")
        await pilot.pause()
        assert meeting(app).step.id == "tema1.e"


async def test_action_table_drops_area_then_status(tmp_path: Path) -> None:
    widths = {}
    for size in ((160, 45), (80, 24), (64, 20)):
        app = app_on(stand_on(full_day(), "tema1.e"), tmp_path / f"{size[0]}.toml")
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            table = meeting(app).query_one(ActionTable)
            widths[size[0]] = [str(c.key.value) for c in table.ordered_columns]
            if size[0] == 64:
                words = words_on_screen(app)
                for word in ["Bjuda", "in", "Skatteverket", "till", "nästa", "möte", "2027-01-15"]:
                    assert word in words, word
    assert widths[160] == ["what", "owner", "due", "status", "area"]
    assert widths[80] == ["what", "owner", "due", "status"]
    assert widths[64] == ["what", "owner", "due"]


async def test_round_and_groups_never_show_a_name_beside_a_union(tmp_path: Path) -> None:
    session = stand_on(full_day(), "inledning.presentation")
    session.turns = {"inledning.presentation": ["p-anna", "p-bo"]}  # Cecilia's turn
    app = app_on(session, tmp_path / "m.toml")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "Ordet har: #3 (Fack)" in text
        assert "Cecilia" not in text and "Eva" not in text
        await pilot.press("pagedown", "pagedown", "pagedown")  # to tema1.a and its groups
        await pilot.pause()
        assert meeting(app).step.id == "tema1.a"
        assert "Cecilia" not in screen_text(app)
        await pilot.press("ctrl+g")
        await pilot.pause()
        text = screen_text(app)
        assert "Cecilia" not in text and "Eva" not in text
        assert "Bo (Byggbolaget) ·" in text and "#3 (Fack) ·" in text
