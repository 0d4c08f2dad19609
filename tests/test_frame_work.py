"""What a frame costs: the footer rebuilt only when its keys change, and a vote's rows laid
out without a table per row."""

from __future__ import annotations

import io
from pathlib import Path

from rich.console import Console
from rich.text import Text

from natverk_tui.widgets.key_bar import KeyBar
from natverk_tui.widgets.vote_tally import TallyLine
from room_session import full_day, stand_on
from screen_text import screen_text
from test_large_fonts import app_on, meeting


def _lines(line: TallyLine, width: int) -> list[str]:
    console = Console(width=width, file=io.StringIO(), color_system=None, legacy_windows=False)
    rendered = console.render_lines(line, console.options.update_width(width), pad=False)
    return ["".join(segment.text for segment in row).rstrip() for row in rendered]


def _revealed(label: str, rank: str, bar: int, count: int) -> TallyLine:
    return TallyLine(
        left=((Text("●"), 2, "left"), (Text(rank), 3, "right")),
        label=Text(label),
        right=((Text("█" * bar), 10, "left"), (Text(str(count)), 3, "right")),
    )


def test_bars_stand_in_one_column_whatever_the_label() -> None:
    short = _lines(_revealed("Kedjor", "=1", 10, 4), 60)
    long = _lines(_revealed("Dela information mellan myndigheter", "=1", 5, 2), 60)
    assert len(short) == len(long) == 1
    assert short[0].index("█") == long[0].index("█")
    assert short[0].endswith("  4") and long[0].endswith("  2")


def test_a_long_label_wraps_whole_words_beside_its_numbers() -> None:
    lines = _lines(_revealed("Löner under kollektivavtal i långa underleverantörskedjor", "3", 4, 1), 50)
    assert len(lines) > 1
    assert lines[0].startswith("●    3 Löner") and lines[0].endswith("████         1")
    # The label goes on in its own column; the other cells stay empty below.
    assert all(line.startswith(" " * 7) and "█" not in line for line in lines[1:])
    words = " ".join(line.strip() for line in lines).replace("█", "").split()
    assert "underleverantörskedjor" in words and "kollektivavtal" in words
    assert str(_revealed("Kedjor", "=1", 2, 4)) == "● =1 Kedjor ██ 4"


async def test_the_key_bar_is_one_line_that_follows_the_screens_keys(tmp_path: Path) -> None:
    from natverk_tui.screens.participants import ParticipantsScreen

    app = app_on(stand_on(full_day(), "tema1.a"), tmp_path / "m.toml")
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        screen = meeting(app)
        bar = screen.query_one(KeyBar)
        keys = bar.keys
        assert [k.display for k in keys[:3]] == ["f1", "f9", "pgdn"]
        for _ in range(3):  # what a focus change or a refresh asks: the same keys
            screen.refresh_bindings()
            await pilot.pause()
        assert bar.keys is keys  # nothing to draw anew
        bottom = screen_text(app).rstrip("\n").splitlines()[-1]
        assert bottom.startswith(" f1 Hjälp  f9 Deltagare  pgdn Nästa steg") and "^p palette" in bottom
        await pilot.press("pagedown", "pagedown")  # a vote: keys of its own
        await pilot.pause()
        assert screen.step.id == "tema1.c"
        shown = [key.description for key in bar.keys]
        assert "Prick" in shown and "Spara röst" in shown, shown
        # A click on a key presses it: F9 opens the participants.
        start = screen_text(app).rstrip("\n").splitlines()[-1].index("f9")
        await pilot.click(KeyBar, offset=(start, 0))
        await pilot.pause()
        assert isinstance(app.screen, ParticipantsScreen)


async def test_a_line_lays_out_the_screen_only_when_its_size_changes() -> None:
    from textual.app import App, ComposeResult
    from textual.content import Content

    from natverk_tui.widgets.line import Line

    class One(App[None]):
        CSS = "Line { width: 30; height: auto; }"

        def compose(self) -> ComposeResult:
            yield Line("Pausad · planerat 15:00", markup=False)

    app = One()
    async with app.run_test(size=(40, 10)) as pilot:
        await pilot.pause()
        line = app.query_one(Line)
        layouts: list[bool] = []
        refresh = line.refresh
        line.refresh = lambda *a, **k: (layouts.append(k.get("layout", False)), refresh(*a, **k))[1]  # type: ignore[method-assign]
        line.update(Content("Pågår · planerat 15:00"))  # one line still
        line.update(Content("Pågår · planerat 15:00"))  # the same: nothing to do
        assert layouts == [False]
        line.update(Content("Över tiden med 2:00 · planerat 15:00 · ta en paus"))  # two lines
        assert layouts == [False, True]
        await pilot.pause()
        assert line.size.height == 2
        assert "Över tiden" in str(line.render())


async def test_the_app_collects_young_garbage_less_often_while_it_runs(tmp_path: Path) -> None:
    import gc

    from natverk_tui.app import YOUNG_OBJECTS

    before = gc.get_threshold()
    app = app_on(stand_on(full_day(), "tema1.a"), tmp_path / "m.toml")
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        assert gc.get_threshold() == (YOUNG_OBJECTS, *before[1:])
    assert gc.get_threshold() == before
