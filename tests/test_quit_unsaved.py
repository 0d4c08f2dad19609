"""Ctrl+Q asks about typed text only when some is not saved: the follow-up form shows saved
values in its fields, and those are not unsaved text."""

from __future__ import annotations

from pathlib import Path

from natverk_tui import store
from natverk_tui.model import Session
from natverk_tui.screens.ask_yes_no import AskYesNo
from pilot import SIZE, app_for, go_to, settle, type_text


async def test_saved_follow_up_fields_do_not_make_quit_ask(session: Session, tmp_path: Path) -> None:
    path = tmp_path / "f.toml"
    app = app_for(session, path)
    async with app.run_test(size=SIZE) as pilot:
        await go_to(app, pilot, "tema1.f")
        await type_text(pilot, "Mars 2027")
        await pilot.press("enter")  # saved; focus moves to the convener field
        await settle(app, pilot)
        await pilot.press("shift+tab")  # back on the saved field
        await settle(app, pilot)
        await pilot.press("ctrl+q")
        await settle(app, pilot)
        assert not isinstance(app.screen, AskYesNo)
        assert not app.is_running
    assert store.load_session(path).followup.next_meeting == "Mars 2027"


async def test_a_changed_follow_up_field_not_yet_saved_makes_quit_ask(session: Session,
                                                                     tmp_path: Path) -> None:
    session.followup.next_meeting = "Mars 2027"
    app = app_for(session, tmp_path / "g.toml")
    async with app.run_test(size=SIZE) as pilot:
        await go_to(app, pilot, "tema1.f")
        await pilot.press("end", "backspace", "8")
        await pilot.press("ctrl+q")
        await settle(app, pilot)
        assert isinstance(app.screen, AskYesNo)
