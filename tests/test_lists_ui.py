"""The lists of the meeting screen behave alike: entering from the input with ↓, and `d`
deleting with a "Ctrl+Z ångrar" toast that Ctrl+Z keeps its word on."""

from __future__ import annotations

from pathlib import Path

from natverk_tui import persist, store
from natverk_tui.app import NatverkApp
from natverk_tui.model import Action, Contribution, Expectation, Session
from pilot import SIZE, app_for, go_to, screen, settle

TOAST = "Borttaget (Ctrl+Z ångrar)"


def toasts(app: NatverkApp) -> list[str]:
    return [n.message for n in app._notifications]


async def test_d_deletes_an_action_with_a_toast_and_ctrl_z_brings_it_back(
    session: Session, tmp_path: Path
) -> None:
    session.actions = [Action(what="Bjuda in Skatteverket", step="tema1.e"),
                       Action(what="Kontrollista för upphandling", step="tema1.e")]
    path = tmp_path / "atgarder.toml"
    app = app_for(session, path)
    async with app.run_test(size=SIZE) as pilot:
        await go_to(app, pilot, "tema1.e")
        await pilot.press("down", "d")
        await settle(app, pilot)
        assert [a.what for a in session.actions] == ["Kontrollista för upphandling"]
        assert TOAST in toasts(app)
        # On disk while the app runs: the file with its journal.
        assert [a.what for a in persist.read_session(path).actions] == ["Kontrollista för upphandling"]
        await pilot.press("ctrl+z")
        await settle(app, pilot)
        assert [a.what for a in session.actions] == ["Bjuda in Skatteverket", "Kontrollista för upphandling"]
    assert [a.what for a in store.load_session(path).actions] == [
        "Bjuda in Skatteverket", "Kontrollista för upphandling"]


async def test_d_deletes_an_expectation_with_a_toast_and_ctrl_z_brings_it_back(
    session: Session, tmp_path: Path
) -> None:
    session.expectations = [Expectation(text="Få kontakter"), Expectation(text="Lära om upphandling")]
    path = tmp_path / "forvantningar.toml"
    app = app_for(session, path)
    async with app.run_test(size=SIZE) as pilot:
        await go_to(app, pilot, "tema1.tillbakablick")
        await pilot.press("d")
        await settle(app, pilot)
        assert [e.text for e in session.expectations] == ["Lära om upphandling"]
        assert TOAST in toasts(app)
        await pilot.press("ctrl+z")
        await settle(app, pilot)
    assert [e.text for e in store.load_session(path).expectations] == ["Få kontakter", "Lära om upphandling"]


async def test_d_deletes_a_contribution_with_the_same_toast(session: Session, tmp_path: Path) -> None:
    session.contributions = [Contribution(step="tema1.a", text="Svartarbete")]
    app = app_for(session, tmp_path / "bidrag.toml")
    async with app.run_test(size=SIZE) as pilot:
        await go_to(app, pilot, "tema1.a")
        await pilot.press("down", "d")
        await settle(app, pilot)
        assert session.contributions == [] and TOAST in toasts(app)
        await pilot.press("ctrl+z")
        await settle(app, pilot)
        assert [c.text for c in session.contributions] == ["Svartarbete"]
        assert screen(app).step.id == "tema1.a"


async def test_down_from_the_input_lands_on_the_first_item_and_stops_at_the_last(
    session: Session, tmp_path: Path
) -> None:
    """Contributions and actions alike: ↓ from the input goes to the first item, and ↓ on
    the last item stays there instead of wrapping round to the first."""
    from natverk_tui.widgets.action_table import ActionTable
    from natverk_tui.widgets.contributions import ContributionList

    session.contributions = [Contribution(step="tema1.a", text=text) for text in ("Ett", "Två", "Tre")]
    session.actions = [Action(what=what, step="tema1.e") for what in ("Första", "Andra", "Tredje")]
    app = app_for(session, tmp_path / "listor.toml")
    async with app.run_test(size=SIZE) as pilot:
        await go_to(app, pilot, "tema1.a")
        entries = screen(app).query_one(ContributionList)
        await pilot.press("down")
        await pilot.pause()
        assert app.focused is entries and entries.highlighted == 0
        await pilot.press("down", "down", "down", "down")
        await pilot.pause()
        assert entries.highlighted == 2
        # Back to typing and down again: the first item, not where the cursor was.
        await pilot.press("escape", "down")
        await pilot.pause()
        assert app.focused is entries and entries.highlighted == 0
        await pilot.press("up")
        await pilot.pause()
        assert entries.highlighted == 0

        await go_to(app, pilot, "tema1.e")
        table = screen(app).query_one(ActionTable)
        await pilot.press("down")
        await pilot.pause()
        assert app.focused is table and table.cursor_row == 0
        await pilot.press("down", "down", "down", "down")
        await pilot.pause()
        assert table.cursor_row == 2
        await pilot.press("escape", "down")
        await pilot.pause()
        assert app.focused is table and table.cursor_row == 0
