"""Programme edits and the timed schedule, without the UI."""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

import pytest

from natverk_tui import builder, store
from natverk_tui.builder import BuildError
from natverk_tui.model import Programme, ThemeLibrary
from natverk_tui.schedule import duration, hhmm, timetable

ROOT = Path(__file__).resolve().parents[1]


def ids(programme: Programme, library: ThemeLibrary) -> list[str]:
    return [s.id for s in programme.resolve(library).steps]


@pytest.fixture
def short(library: ThemeLibrary) -> Programme:
    return builder.new_programme(library, ["inledning", "avslutning"], "Kort", dt.time(9, 0))


def test_new_programme_with_a_break(library: ThemeLibrary) -> None:
    p = builder.new_programme(library, ["inledning", "paus:20", "avslutning", "paus"], "X")
    assert [i.theme or f"paus {i.pause}" for i in p.items] == [
        "inledning", "paus 20", "avslutning", "paus 15"]


@pytest.mark.parametrize("entries, message", [
    (["nope"], "no theme 'nope'"),
    (["inledning:5"], "only a break"),
    (["paus:x"], "whole number"),
    ([], "at least one theme"),
])
def test_new_programme_refuses(library: ThemeLibrary, entries: list[str], message: str) -> None:
    with pytest.raises(BuildError, match=message):
        builder.new_programme(library, entries, "X")


def test_rebuild_kort_equals_the_shipped_file(library: ThemeLibrary) -> None:
    p = builder.new_programme(library, ["inledning", "tema1"], "Kort möte: risker i vår region",
                              dt.time(13, 0), dt.time(16, 0))
    p = builder.add_theme(p, library, "avslutning")
    p = builder.set_minutes(p, library, 0, "inledning.presentation", 10)
    assert p == store.load_programme(ROOT / "agendas" / "kort.toml")


def test_add_remove_and_move_items(short: Programme, library: ThemeLibrary) -> None:
    p = builder.add_theme(short, library, "tema2", at=1)
    assert [i.theme for i in p.items] == ["inledning", "tema2", "avslutning"]
    p = builder.move_item(p, library, 0, +1)
    assert [i.theme for i in p.items] == ["tema2", "inledning", "avslutning"]
    p = builder.move_item(p, library, 0, -1)  # already first: stays
    assert [i.theme for i in p.items] == ["tema2", "inledning", "avslutning"]
    p = builder.remove_item(p, library, 1)
    assert [i.theme for i in p.items] == ["tema2", "avslutning"]
    p = builder.remove_item(p, library, 0)
    with pytest.raises(BuildError, match="at least one"):
        builder.remove_item(p, library, 0)
    with pytest.raises(BuildError, match="no item 3"):
        builder.remove_item(p, library, 2)


def test_adding_the_break_theme_inserts_a_break(short: Programme, library: ThemeLibrary) -> None:
    p = builder.add_theme(short, library, "paus", at=1)
    assert p.items[1].pause == 15 and p.items[1].theme is None
    p = builder.set_minutes(p, library, 1, None, 30)
    assert p.items[1].pause == 30
    p = builder.insert_pause(p, library, 0, minutes=5, title="Kaffe")
    assert ids(p, library)[0] == "paus.paus"
    assert p.resolve(library).steps[0].title == "Kaffe"


def test_leave_a_step_out_and_back_in(short: Programme, library: ThemeLibrary) -> None:
    p = builder.toggle_step(short, library, 0, "inledning.bakgrund")
    assert p.items[0].skip == ["inledning.bakgrund"]
    assert "inledning.bakgrund" not in ids(p, library)
    p = builder.toggle_step(p, library, 0, "inledning.bakgrund")
    assert p.items[0] == short.items[0]


def test_a_theme_keeps_one_step(library: ThemeLibrary) -> None:
    p = builder.new_programme(library, ["avslutning", "inledning"], "X")
    with pytest.raises(BuildError, match="at least one step"):
        builder.toggle_step(p, library, 0, "avslutning.sammanfattning")


def test_a_vote_needs_its_candidates(library: ThemeLibrary) -> None:
    p = builder.new_programme(library, ["tema1"], "X")
    with pytest.raises(BuildError, match=r"takes its candidates from 'tema1\.b'"):
        builder.toggle_step(p, library, 0, "tema1.b")
    with pytest.raises(BuildError, match="candidates"):
        builder.move_step(p, library, 0, "tema1.c", -1)
    p = builder.toggle_step(p, library, 0, "tema1.c")
    p = builder.toggle_step(p, library, 0, "tema1.b")
    assert "tema1.c" not in ids(p, library)


def test_reorder_steps_keeps_a_left_out_step_in_place(short: Programme, library: ThemeLibrary) -> None:
    p = builder.move_step(short, library, 0, "inledning.forvantningar", -1)
    assert p.items[0].steps == ["inledning.presentation", "inledning.forvantningar",
                                "inledning.bakgrund"]
    p = builder.toggle_step(p, library, 0, "inledning.bakgrund")
    rows = builder.step_rows(p, library, 0)
    assert [(r.id, r.included) for r in rows] == [
        ("inledning.presentation", True), ("inledning.forvantningar", True),
        ("inledning.bakgrund", False)]
    p = builder.move_step(p, library, 0, "inledning.forvantningar", +1)
    assert p.items[0].steps is None  # back in the theme's order: nothing to write
    assert p.items[0].skip == ["inledning.bakgrund"]


def test_goda_exempel_rows_show_the_omitted_step(library: ThemeLibrary) -> None:
    p = store.load_programme(ROOT / "agendas" / "goda-exempel.toml")
    rows = builder.step_rows(p, library, 0)
    assert [(r.id, r.included) for r in rows] == [
        ("inledning.presentation", True), ("inledning.forvantningar", True),
        ("inledning.bakgrund", False)]
    p2 = builder.toggle_step(p, library, 0, "inledning.bakgrund")
    assert ids(p2, library)[:3] == ["inledning.presentation", "inledning.forvantningar",
                                   "inledning.bakgrund"]


def test_minutes_equal_to_the_theme_stay_out_of_the_file(short: Programme, library: ThemeLibrary) -> None:
    p = builder.set_minutes(short, library, 0, "inledning.bakgrund", 25)
    assert p.items[0].minutes == {"inledning.bakgrund": 25}
    p = builder.set_minutes(p, library, 0, "inledning.bakgrund", 10)
    assert p.items[0].minutes == {}
    assert "minutes" not in store.programme_toml(p)
    with pytest.raises(BuildError, match="between 0"):
        builder.set_minutes(p, library, 0, "inledning.bakgrund", -5)
    with pytest.raises(BuildError, match="choose a step"):
        builder.set_minutes(p, library, 0, None, 5)
    with pytest.raises(BuildError, match=r"no step 'tema1\.a'"):
        builder.set_minutes(p, library, 0, "tema1.a", 5)


def test_header_edits(short: Programme, library: ThemeLibrary) -> None:
    p = builder.set_start(short, library, dt.time(13, 30))
    p = builder.set_end_limit(p, library, dt.time(15, 0))
    p = builder.set_title(p, library, "  Eftermiddag ")
    assert (p.title, p.start, p.end_limit) == ("Eftermiddag", dt.time(13, 30), dt.time(15, 0))
    assert builder.set_end_limit(p, library, None).end_limit is None
    with pytest.raises(BuildError, match="title"):
        builder.set_title(p, library, " ")


@pytest.mark.parametrize("text, expected", [
    ("9:00", dt.time(9, 0)), ("09:30", dt.time(9, 30)), ("13.15", dt.time(13, 15))])
def test_parse_clock(text: str, expected: dt.time) -> None:
    assert builder.parse_clock(text) == expected


@pytest.mark.parametrize("text", ["24:00", "9", "9:5", "nio", "12:60"])
def test_parse_clock_refuses(text: str) -> None:
    with pytest.raises(ValueError, match="clock time"):
        builder.parse_clock(text)


def test_timetable_of_kort(library: ThemeLibrary) -> None:
    plan = store.load_programme(ROOT / "agendas" / "kort.toml").resolve(library)
    tt = timetable(plan)
    first, second = tt.slots[0], tt.slots[1]
    assert (hhmm(first.start), hhmm(first.end)) == ("13:00", "13:10")
    assert (hhmm(second.start), hhmm(second.end)) == ("13:10", "13:20")
    # inledning 10+10+10, tema1 20+20+15+20+15+10+10, avslutning 10
    assert tt.total_minutes == 30 + 110 + 10
    assert hhmm(tt.end) == "15:30"
    assert tt.over_minutes == 0 and tt.first_over is None


def test_timetable_past_the_end_limit(library: ThemeLibrary) -> None:
    p = store.load_programme(ROOT / "agendas" / "kort.toml")
    p = builder.set_end_limit(p, library, dt.time(15, 0))
    tt = timetable(p.resolve(library))
    assert tt.over_minutes == 30
    assert tt.first_over is not None
    assert hhmm(tt.first_over.end) > "15:00" >= hhmm(tt.first_over.start)
    assert [s.over for s in tt.slots].index(True) == tt.slots.index(tt.first_over)
    assert all(s.over for s in tt.slots[tt.slots.index(tt.first_over):])


def test_timetable_start_override_and_midnight(library: ThemeLibrary) -> None:
    p = builder.new_programme(library, ["paus:90"], "Sent", dt.time(23, 0), dt.time(23, 30))
    tt = timetable(p.resolve(library))
    assert hhmm(tt.end) == "00:30" and tt.over_minutes == 60
    assert hhmm(timetable(p.resolve(library), dt.time(8, 0)).end) == "09:30"


@pytest.mark.parametrize("minutes, text", [(45, "45 min"), (180, "3 h"), (195, "3 h 15 min")])
def test_duration(minutes: int, text: str) -> None:
    assert duration(minutes) == text


@pytest.mark.parametrize("name", ["kort", "goda-exempel", "heldag"])
def test_programme_toml_round_trips_the_shipped_files(name: str) -> None:
    path = ROOT / "agendas" / f"{name}.toml"
    programme = store.load_programme(path)
    text = store.programme_toml(programme)
    assert Programme.model_validate(tomllib.loads(text)) == programme
    # The shipped files are written the same way, apart from their comments.
    written = [line for line in path.read_text().splitlines() if not line.startswith("#")]
    assert text.splitlines() == written


def test_programme_toml_quotes_what_needs_quoting(library: ThemeLibrary) -> None:
    p = builder.new_programme(library, ["inledning"], 'Möte "Väst" \\ [x]')
    text = store.programme_toml(p)
    assert Programme.model_validate(tomllib.loads(text)).title == 'Möte "Väst" \\ [x]'
