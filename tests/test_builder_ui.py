"""The builder screen through real keys: rebuild programmes, save, and check what was saved."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.pilot import Pilot

from natverk_tui import store
from natverk_tui.__main__ import main
from natverk_tui.app import NatverkApp, make_app
from natverk_tui.model import Programme, ThemeLibrary
from natverk_tui.screens.ask_text import AskText
from natverk_tui.screens.ask_yes_no import AskYesNo
from natverk_tui.screens.builder import BuilderScreen
from natverk_tui.widgets.programme_list import ProgrammeList, Row
from natverk_tui.widgets.theme_library import ThemeLibraryTree

ROOT = Path(__file__).resolve().parents[1]
SIZE = (120, 40)


def screen(app: NatverkApp) -> BuilderScreen:
    assert isinstance(app.screen, BuilderScreen), app.screen
    return app.screen


def rows(app: NatverkApp) -> list[str]:
    plist = screen(app).query_one(ProgrammeList)
    return [str(plist.get_option_at_index(i).prompt) for i in range(plist.option_count)]


async def go_to(pilot: Pilot[int], app: NatverkApp, row: Row) -> None:
    """Highlight a programme row with the arrow keys, as a person would."""
    plist = screen(app).query_one(ProgrammeList)
    plist.focus()
    target = plist.get_option_index(row.key)
    while plist.highlighted != target:
        key = "down" if (plist.highlighted or 0) < target else "up"
        await pilot.press(key)


async def choose_theme(pilot: Pilot[int], app: NatverkApp, theme_id: str) -> None:
    """Move the library's cursor to a theme and press Enter."""
    tree = screen(app).query_one(ThemeLibraryTree)
    tree.focus()
    await pilot.press("home")
    while (node := tree.cursor_node) is None or node.data != theme_id or node.parent is not tree.root:
        await pilot.press("down")
    await pilot.press("enter")


async def answer(pilot: Pilot[int], app: NatverkApp, text: str) -> None:
    assert isinstance(app.screen, AskText)
    await pilot.press("ctrl+a", "ctrl+k", *text, "enter")


async def test_rebuild_kort_from_the_library_and_save(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    agendas = tmp_path / "agendas"
    app = make_app(build=True, agendas=agendas)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        builder_screen = screen(app)
        assert [i.theme for i in builder_screen.programme.items] == ["inledning"]
        await go_to(pilot, app, Row(0, "inledning.presentation"))
        await pilot.press("minus")
        await pilot.pause()
        await choose_theme(pilot, app, "tema1")
        await pilot.pause()
        await choose_theme(pilot, app, "avslutning")
        await pilot.pause()
        await pilot.press("t")
        await pilot.pause()
        await answer(pilot, app, "Kort möte: risker i vår region")
        await pilot.press("s")
        await pilot.pause()
        await answer(pilot, app, "13:00")
        await pilot.press("e")
        await pilot.pause()
        await answer(pilot, app, "16.00")
        await pilot.pause()
        assert "Totalt 2 h 30 min: 13:00–15:30" in str(builder_screen.query_one("#summary").render())
        await pilot.press("ctrl+s")
        await pilot.pause()
        await answer(pilot, app, "kort")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert builder_screen.path == agendas / "kort.toml"
        assert not builder_screen.dirty
    saved = agendas / "kort.toml"
    assert store.load_programme(saved) == store.load_programme(ROOT / "agendas" / "kort.toml")
    assert main(["check", str(saved)]) == 0
    assert "ok (Programme)" in capsys.readouterr().out


async def test_half_day_with_a_break_runs_past_its_limit(tmp_path: Path, library: ThemeLibrary) -> None:
    app = make_app(build=True, agendas=tmp_path, library=library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        s = screen(app)
        await choose_theme(pilot, app, "tema1")
        await pilot.pause()
        await go_to(pilot, app, Row(1))
        await pilot.press("p")  # a break after tema1
        await pilot.pause()
        await choose_theme(pilot, app, "avslutning")
        await pilot.press("e")
        await pilot.pause()
        await answer(pilot, app, "11:00")
        await pilot.pause()
        assert [i.theme or "paus" for i in s.programme.items] == ["inledning", "tema1", "paus", "avslutning"]
        summary = str(s.query_one("#summary").render())
        # 09:00 + 35 + 110 + 15 + 10 = 11:50
        assert "Totalt 2 h 50 min: 09:00–11:50" in summary
        assert "50 min efter sluttiden 11:00" in summary
        assert s.query_one("#summary").has_class("over")
        assert any("sluttid 11:00" in r for r in rows(app))
        # The break's minutes go up in fives, and the warning follows.
        await go_to(pilot, app, Row(2))
        await pilot.press("minus", "minus", "minus")
        await pilot.pause()
        assert s.programme.items[2].pause == 0
        await pilot.press("m")
        await pilot.pause()
        await answer(pilot, app, "20")
        await pilot.pause()
        assert s.programme.items[2].pause == 20
        # Leave tema1's last two steps out: it now fits.
        await go_to(pilot, app, Row(1, "tema1.tillbakablick"))
        await pilot.press("space")
        await go_to(pilot, app, Row(1, "tema1.f"))
        await pilot.press("space")
        await pilot.press("e")
        await pilot.pause()
        await answer(pilot, app, "12:00")
        await pilot.pause()
        assert s.programme.items[1].skip == ["tema1.f", "tema1.tillbakablick"]
        assert "Ryms före sluttiden 12:00 (25 min till godo)" in str(s.query_one("#summary").render())
        assert not s.query_one("#summary").has_class("over")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await answer(pilot, app, "Halvdag Örebro")
        await app.workers.wait_for_complete()
        await pilot.pause()
    saved = tmp_path / "halvdag-orebro.toml"
    assert main(["check", str(saved)]) == 0
    programme = store.load_programme(saved)
    assert programme.items[2].pause == 20
    assert programme.end_limit is not None and programme.end_limit.hour == 12


async def test_reorder_and_remove(tmp_path: Path) -> None:
    path = tmp_path / "heldag.toml"
    path.write_text(store.programme_toml(store.load_programme(ROOT / "agendas" / "heldag.toml")))
    app = make_app(build=True, build_path=path, agendas=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        s = screen(app)
        themes = [i.theme or f"paus{i.pause}" for i in s.programme.items]
        assert themes == ["inledning", "tema1", "paus45", "tema2", "paus15", "tema3", "avslutning"]
        await go_to(pilot, app, Row(3))  # tema2 up above lunch
        await pilot.press("shift+up")
        await pilot.pause()
        assert [i.theme or "p" for i in s.programme.items][:4] == ["inledning", "tema1", "tema2", "p"]
        assert s.query_one(ProgrammeList).current() == Row(2)
        await pilot.press("x")  # and out with it
        await pilot.pause()
        assert "tema2" not in [i.theme for i in s.programme.items]
        await go_to(pilot, app, Row(0, "inledning.forvantningar"))
        await pilot.press("k")
        await pilot.pause()
        assert s.programme.items[0].steps == [
            "inledning.presentation", "inledning.forvantningar", "inledning.bakgrund"]
        assert s.query_one(ProgrammeList).current() == Row(0, "inledning.forvantningar")
        # The vote needs its candidates: the builder says so and changes nothing.
        before = s.programme
        await go_to(pilot, app, Row(1, "tema1.b"))
        await pilot.press("space")
        await pilot.pause()
        assert s.programme == before
        assert any("tema1.b" in n.message for n in app._notifications)
        await pilot.press("ctrl+s")  # its own file, which has no comments: saved at once
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert store.load_programme(path).items[0].steps is not None


async def test_asks_before_dropping_comments(tmp_path: Path) -> None:
    path = tmp_path / "kort.toml"
    shutil.copy(ROOT / "agendas" / "kort.toml", path)
    original = path.read_text()
    app = make_app(build=True, build_path=path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("p", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, AskYesNo)
        await pilot.press("n")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert path.read_text() == original
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("j")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen(app).dirty is False
    assert "#" not in path.read_text()
    assert store.load_programme(path).items[1].pause == 15


async def test_saving_over_another_file_asks(tmp_path: Path) -> None:
    (tmp_path / "nytt-program.toml").write_text('title = "annat"\n[[items]]\ntheme = "tema2"\n')
    app = make_app(build=True, agendas=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        await answer(pilot, app, "nytt program")
        await pilot.pause()
        assert isinstance(app.screen, AskYesNo)
        await pilot.press("escape")
        await pilot.pause()
        assert screen(app).path is None
    assert 'theme = "tema2"' in (tmp_path / "nytt-program.toml").read_text()


async def test_close_asks_when_unsaved_and_quits(tmp_path: Path) -> None:
    app = make_app(build=True, agendas=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("p", "escape")
        await pilot.pause()
        assert isinstance(app.screen, AskYesNo)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, BuilderScreen)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("j")
        await pilot.pause()
    assert app.return_code == 0


async def test_text_from_files_is_not_markup(tmp_path: Path, library: ThemeLibrary) -> None:
    path = tmp_path / "x.toml"
    path.write_text('title = "[@click=app.quit]x[/] [b"\n[[items]]\npause = 5\ntitle = "[/]Fika[red]"\n')
    app = make_app(build=True, build_path=path, library=library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "[/]Fika[red]" in rows(app)[0]
        heading = str(screen(app).query_one("#heading").render())
        assert "[@click=app.quit]x[/] [b" in heading
        assert isinstance(screen(app).programme, Programme)
