"""The follow-up step of the next meeting: carried actions decided one at a time by key."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from textual.widgets import Input, Static

from natverk_tui import followup, store
from natverk_tui.app import make_app
from natverk_tui.model import Action, ActionStatus, Programme, Session, ThemeLibrary
from natverk_tui.settings import Settings
from natverk_tui.widgets.action_review import ActionReview

ROOT = Path(__file__).resolve().parents[1]
NOW = dt.datetime(2027, 3, 10, 9, 30)


async def test_room_decides_on_each_carried_action(
    filled: Session, library: ThemeLibrary, tmp_path: Path
) -> None:
    filled.actions += [Action(what="Checklista för upphandling", owner="Bo"),
                       Action(what="Klar redan", status=ActionStatus.DONE),
                       Action(what="Informationsblad", owner="Byggnads")]
    programme: Programme = store.load_programme(ROOT / "agendas" / "kort.toml")
    nxt = followup.next_session(filled, tmp_path / "a.toml", programme, library)
    path = tmp_path / "b.toml"
    store.save_session(nxt, path)
    app = make_app(store.load_session(path), path, clock=lambda: NOW, prefs=Settings())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        pane = app.screen.query_one(ActionReview)
        assert pane.display and pane.has_focus
        assert [a.what for a in pane.actions] == [
            "Bjuda in Skatteverket till nästa möte", "Checklista för upphandling",
            "Informationsblad"]
        current = str(app.screen.query_one("#review-current", Static).render())
        assert "Åtgärd 1 av 3" in current and "Öppen · försenad" in current  # due 2027-01-15
        assert "Överförd" not in current
        await pilot.press("k")              # done; moves on to the next undecided
        await pilot.pause()
        assert pane.index == 1
        await pilot.press("o")              # a new owner
        await pilot.pause()
        app.screen.query_one(Input).value = ""
        await pilot.press(*"Cecilia", "enter")
        await pilot.pause()
        assert pane.index == 2
        await pilot.press("x")              # dropped
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.session is not None and followup.undecided(app.session) == []
    saved = store.load_session(path)
    assert [(a.status, a.owner) for a in saved.actions] == [
        (ActionStatus.DONE, "Anna"), (ActionStatus.OPEN, "Cecilia"),
        (ActionStatus.DROPPED, "Byggnads")]
    assert followup.describe(saved.actions[1].history[-1]) == "Ansvarig: Bo → Cecilia"
    assert saved.actions[1].history[-1].at == NOW
