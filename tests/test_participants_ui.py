"""Pilot tests: registering the room and forming groups with real keys, saved in the session."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, Input, Static

from natverk_tui import grouping, roster, store
from natverk_tui.app import make_app
from natverk_tui.model import Sector, Session
from natverk_tui.screens.groups import GroupsScreen
from natverk_tui.screens.participants import ParticipantsScreen
from natverk_tui.widgets.group_board import GroupBoard
from natverk_tui.widgets.sector_picker import SectorPicker

STEP = "tema1.a"


async def test_register_people_with_the_keyboard(session: Session, tmp_path: Path) -> None:
    path = tmp_path / "möte.toml"
    store.save_session(session, path)
    app = make_app(session, path)
    edits: list[str] = []
    assert app.meeting is not None
    app.meeting.listeners.append(lambda change: edits.append(change.what))

    async with app.run_test(size=(120, 40)) as pilot:
        await app.push_screen(ParticipantsScreen(app.meeting))
        await pilot.pause()
        # Name, Tab, organisation, Tab, role, Tab to the sector, 3 = fack, Enter.
        await pilot.press(*"Anna", "tab", *"Byggnads", "tab", *"Ombud", "tab", "3", "enter")
        await pilot.pause()
        # Only a number: Tab past the fields, sector 1, Enter; the form is cleared each time.
        await pilot.press("tab", "tab", "tab", "1", "enter")
        await pilot.pause()
        # Markup in a name is shown as typed. The last sector is not carried over: Enter
        # without one is refused with a message and nobody is added.
        assert screen_of(app).query_one(SectorPicker).sector is None
        await pilot.press(*"[b]x[/]", "enter")
        await pilot.pause()
        assert len(session.participants) == 2
        status = str(screen_of(app).query_one("#participants-status", Static).render())
        assert "Välj sektor först" in status
        assert isinstance(screen_of(app).focused, SectorPicker)
        await pilot.press("1", "enter")
        await pilot.pause()
        assert [(p.name, p.organisation, p.role, p.sector) for p in session.participants] == [
            ("Anna", "Byggnads", "Ombud", Sector.FACK),
            ("", "", "", Sector.MYNDIGHET),
            ("[b]x[/]", "", "", Sector.MYNDIGHET),
        ]
        assert [p.number for p in session.participants] == [1, 2, 3]
        screen = app.screen
        assert isinstance(screen, ParticipantsScreen)
        assert screen.query_one("#name", Input).value == ""
        assert screen.focused is screen.query_one("#name", Input)
        table = screen.query_one(DataTable)
        assert str(table.get_row_at(2)[1]) == "[b]x[/]"
        note = str(screen.query_one("#participants-note", Static).render())
        assert "känsliga personuppgifter" in note

        # To the list: mark the first person absent, edit the second, remove the third.
        table.focus()
        table.move_cursor(row=0)
        await pilot.press("a")
        await pilot.pause()
        assert not session.participants[0].present
        await pilot.press("down", "e")
        await pilot.pause()
        assert screen.focused is screen.query_one("#name", Input)
        await pilot.press(*"Bo", "tab", *"Skatteverket", "tab", "tab", "2", "enter")
        await pilot.pause()
        assert (session.participants[1].name, session.participants[1].organisation,
                session.participants[1].sector) == ("Bo", "Skatteverket", Sector.FORETAG)
        assert len(session.participants) == 3
        table.focus()
        table.move_cursor(row=2)
        await pilot.press("delete")
        await pilot.pause()
        await pilot.press("j")  # yes, remove
        await pilot.pause()
        assert [p.name for p in session.participants] == ["Anna", "Bo"]
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ParticipantsScreen)

    # Three added, one marked absent, one edited, one removed: each announced once.
    assert edits == ["participant"] * 6
    saved = store.load_session(path)
    assert [(p.name, p.present) for p in saved.participants] == [("Anna", False), ("Bo", True)]


def room_of_23(session: Session) -> None:
    sectors = [Sector.MYNDIGHET] * 8 + [Sector.FORETAG] * 7 + [Sector.FACK] * 5 + [Sector.OVRIGT] * 3
    for sector in sectors:
        roster.add(session, sector=sector)


async def test_form_five_groups_reshuffle_move_and_accept(session: Session, tmp_path: Path) -> None:
    room_of_23(session)
    roster.set_present(session, session.participants[0].id, False)
    path = tmp_path / "möte.toml"
    store.save_session(session, path)
    app = make_app(session, path)
    async with app.run_test(size=(160, 50)) as pilot:
        results: list[object] = []
        assert app.meeting is not None
        app.push_screen(GroupsScreen(app.meeting, STEP), results.append)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, GroupsScreen)
        # Ask for 4 groups, then for 5.
        await pilot.press("g")
        await pilot.press("backspace", "4", "enter")
        await pilot.pause()
        assert len(screen.groups) == 4
        await pilot.press("g", "backspace", "5", "enter")
        await pilot.pause()
        assert [g.name for g in screen.groups] == [f"Grupp {n}" for n in range(1, 6)]
        first = [list(g.members) for g in screen.groups]
        assert sorted(m for g in first for m in g) == sorted(p.id for p in session.participants[1:])
        board = screen.query_one(GroupBoard)
        assert len(board.children) == 5

        await pilot.press("r")
        await pilot.pause()
        assert [g.members for g in screen.groups] != first

        # The cursor stays on its person through a reshuffle; move them with a group's number.
        person = board.cursor
        assert person is not None
        here = grouping.group_of(screen.groups, person)
        assert here is not None
        target = (here + 2) % 5
        await pilot.press(str(target + 1))
        await pilot.pause()
        assert grouping.group_of(screen.groups, person) == target
        assert sum(len(g.members) for g in screen.groups) == 22
        await pilot.press("left")
        await pilot.pause()
        target = (target - 1) % 5
        assert grouping.group_of(screen.groups, person) == target

        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, GroupsScreen)

    stored = session.groups[STEP]
    assert results == [stored]
    assert grouping.group_of(stored, person) == target
    saved = store.load_session(path)
    assert [g.members for g in saved.groups[STEP]] == [g.members for g in stored]


async def test_pairs_for_a_pairs_step_and_cancel_keeps_nothing(session: Session, tmp_path: Path) -> None:
    for sector in [Sector.MYNDIGHET, Sector.FACK, Sector.FORETAG, Sector.MYNDIGHET, Sector.FACK]:
        roster.add(session, sector=sector)
    path = tmp_path / "möte.toml"
    app = make_app(session, path)
    async with app.run_test(size=(120, 40)) as pilot:
        assert app.meeting is not None
        app.push_screen(GroupsScreen(app.meeting, STEP))
        await pilot.pause()
        await pilot.press("p")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, GroupsScreen)
        assert [g.name for g in screen.groups] == ["Par 1", "Par 2"]
        await pilot.press("escape")
        await pilot.pause()
    assert STEP not in session.groups
    assert not path.exists()


def screen_of(app: object) -> ParticipantsScreen:
    screen = app.screen  # type: ignore[attr-defined]
    assert isinstance(screen, ParticipantsScreen)
    return screen
