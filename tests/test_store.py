"""Files: round trips, `natverk check`, clear messages for broken files, atomic owner-only writes."""

from __future__ import annotations

import datetime as dt
import os
import re
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from natverk_tui import __main__ as cli
from natverk_tui import store
from natverk_tui.meeting import new_session
from natverk_tui.model import (
    Contribution,
    Group,
    LogEntry,
    Programme,
    Session,
    ThemeLibrary,
    TimerEvent,
)
from natverk_tui.voting import set_paper_count

ROOT = Path(__file__).resolve().parents[1]
AGENDAS = sorted((ROOT / "agendas").glob("*.toml"))
THEMES = (ROOT / "themes.toml").read_text(encoding="utf-8")
KORT = (ROOT / "agendas" / "kort.toml").read_text(encoding="utf-8")


def check(capsys: pytest.CaptureFixture[str], *files: Path) -> tuple[int, str, str]:
    status = cli.main(["check", *map(str, files)])
    out, err = capsys.readouterr()
    return status, out, err


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def line_of(text: str, pattern: str, nth: int = 0) -> int:
    """1-based line of the nth line that matches."""
    hits = [i for i, line in enumerate(text.splitlines(), start=1) if re.search(pattern, line)]
    return hits[nth]


# Round trips -----------------------------------------------------------------------------------

def test_library_round_trip(library: ThemeLibrary, tmp_path: Path) -> None:
    target = tmp_path / "themes.toml"
    store.atomic_write(target, store.to_toml(library))
    assert store.load_library(target) == library


@pytest.mark.parametrize("path", AGENDAS, ids=lambda p: p.stem)
def test_programme_round_trip(path: Path, tmp_path: Path, library: ThemeLibrary) -> None:
    programme = store.load_programme(path)
    target = tmp_path / path.name
    store.save_programme(programme, target)
    again = store.load_programme(target)
    assert again == programme
    assert again.resolve(library) == programme.resolve(library)


def test_filled_session_round_trip(filled: Session, tmp_path: Path) -> None:
    at = dt.datetime(2026, 11, 28, 13, 0)
    filled.log = [
        LogEntry(at=at, step="inledning.presentation", event=TimerEvent.START),
        LogEntry(at=at + dt.timedelta(minutes=12), step="inledning.presentation",
                 event=TimerEvent.LEAVE),
        LogEntry(at=at + dt.timedelta(minutes=13), step="tema1.a", event=TimerEvent.ADJUST,
                 seconds=120),
    ]
    filled.groups = {"tema1.a": [Group(name="Grupp 1", members=[filled.participants[0].id])]}
    set_paper_count(filled, "tema1.c", filled.contributions[2].id, 2)
    filled.closed = at + dt.timedelta(hours=3)
    target = tmp_path / "möte.toml"
    store.save_session(filled, target)
    again = store.load_session(target)
    assert again == filled
    assert again.model_dump() == filled.model_dump()


# `natverk check` -------------------------------------------------------------------------------

def test_every_builtin_file_passes_check(capsys: pytest.CaptureFixture[str]) -> None:
    assert AGENDAS, "no programmes in agendas/"
    status, out, err = check(capsys, ROOT / "themes.toml", *AGENDAS)
    assert status == 0, err
    assert err == ""
    assert out.count(": ok") == len(AGENDAS) + 1
    assert "ok (ThemeLibrary)" in out
    assert out.count("ok (Programme)") == len(AGENDAS)


def test_a_saved_session_passes_check(
    filled: Session, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "s.toml"
    store.save_session(filled, target)
    status, out, _ = check(capsys, target)
    assert status == 0
    assert "ok (Session)" in out


def _nth_step_kind(n: int, kind: str) -> Callable[[str], str]:
    """Change the kind of the nth [[themes.steps]] (0-based) of the library."""
    def edit(text: str) -> str:
        starts = [m.start() for m in re.finditer(r"(?m)^\[\[themes\.steps\]\]", text)]
        head, tail = text[: starts[n]], text[starts[n]:]
        return head + re.sub(r'(?m)^kind = ".*"$', f'kind = "{kind}"', tail, count=1)
    return edit


def _replace(old: str, new: str) -> Callable[[str], str]:
    def edit(text: str) -> str:
        assert old in text, old
        return text.replace(old, new, 1)
    return edit


# name, the file it starts from, the edit, the message, a pattern for the line it names (or None).
BROKEN: list[tuple[str, str, Callable[[str], str], str, str | None]] = [
    ("broken_toml", THEMES, _replace('minutes = 20\n', 'minutes = = 20\n'),
     "not valid TOML", r"^minutes = = 20"),
    ("unknown_kind", THEMES, _nth_step_kind(2, "workshop"),
     "Input should be 'info'", r'^kind = "workshop"'),
    ("missing_step", THEMES, _replace('candidates_from = "tema1.b"', 'candidates_from = "tema1.x"'),
     "candidates_from names 'tema1.x', no such step", r'^candidates_from = "tema1.x"'),
    ("shows_missing_step", THEMES, _replace('shows_top_of = "tema1.c"', 'shows_top_of = "tema9.c"'),
     "shows_top_of names 'tema9.c', no such step", r'^shows_top_of = "tema9.c"'),
    ("negative_minutes", THEMES, _replace("minutes = 20\n", "minutes = -5\n"),
     "greater than or equal to 0", r"^minutes = -5"),
    ("duplicate_theme", THEMES, _replace('id = "tema3"\n', 'id = "tema2"\n'),
     "duplicate theme id 'tema2'", r'^id = "tema2"$'),
    ("duplicate_step_in_theme", THEMES, _replace('id = "tema1.b"', 'id = "tema1.a"'),
     "duplicate step id 'tema1.a'", r'^id = "tema1.a"'),
    ("duplicate_step_across_themes", THEMES, _replace('id = "tema3.a"', 'id = "tema2.a"'),
     "duplicate step id 'tema2.a'", r'^id = "tema2.a"'),
    ("unknown_schema_version", THEMES, _replace("schema_version = 1", "schema_version = 7"),
     "unknown schema_version 7", None),
    ("unknown_key", THEMES, _replace('link = ""', 'link = ""\nlinks = "x"'),
     "unknown key", r'^links = "x"'),
    ("programme_unknown_theme", KORT, _replace('theme = "tema1"', 'theme = "tema9"'),
     "no theme 'tema9'", r'^theme = "tema9"'),
    ("programme_unknown_step", KORT, _replace('theme = "tema1"', 'theme = "tema1"\nskip = ["tema1.x"]'),
     "has no step 'tema1.x'", r"^skip = "),
    ("programme_negative_minutes", KORT, _replace("= 10 }", "= -10 }"),
     "greater than or equal to 0", r"^minutes = \{"),
    ("programme_session_version", KORT, _replace("schema_version = 1", 'schema_version = "x"'),
     "unknown schema_version 'x'", None),
    ("none_of_the_three", "title = \"Ett möte\"\n", lambda text: text,
     "not a themes, programme or session file", None),
]


@pytest.mark.parametrize(("name", "start", "edit", "message", "line"), BROKEN, ids=[b[0] for b in BROKEN])
def test_a_broken_file_gets_its_message_and_exit_2(
    name: str,
    start: str,
    edit: Callable[[str], str],
    message: str,
    line: str | None,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    text = edit(start)
    assert text != start or name == "none_of_the_three"
    path = tmp_path / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    before = path.read_bytes()
    status, out, err = check(capsys, path)
    assert status == 2
    assert message in err
    assert "Traceback" not in out + err
    # The last match: a duplicate is reported where it repeats.
    where = f"{path}:{line_of(text, line, -1)}:" if line else f"{path}:"
    assert err.startswith(where), err
    if line is None:
        assert not re.match(rf"{re.escape(str(path))}:\d", err)
    assert path.read_bytes() == before


def test_check_reports_every_file_and_still_passes_the_good_ones(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("schema_version = 1\n[[items]]\ntheme = 3\n", encoding="utf-8")
    status, out, err = check(capsys, ROOT / "agendas" / "kort.toml", bad, tmp_path / "nowhere.toml")
    assert status == 2
    assert "kort.toml: ok" in out
    assert f"{bad}:3: [items.0.theme]" in err
    assert f"{tmp_path / 'nowhere.toml'}: no such file" in err


def test_one_message_per_problem(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = _nth_step_kind(0, "x")(THEMES).replace("minutes = 20\n", "minutes = -1\n", 1)
    path = tmp_path / "two.toml"
    path.write_text(text, encoding="utf-8")
    status, _, err = check(capsys, path)
    assert status == 2
    lines = err.strip().splitlines()
    assert len(lines) == 2
    assert any("steps.0.kind" in line for line in lines)
    assert any("minutes" in line and "-1" in line for line in lines)


# find_line ---------------------------------------------------------------------------------

NESTED = """\
schema_version = 1
[[themes]]
id = "a"
[[themes.steps]]
id = "a.one"
kind = "info"
[[themes.steps]]
id = "a.two"
kind = "info"
[[themes]]
id = "b"
notes = \"\"\"
kind = "not a key"
\"\"\"
[[themes.steps]]
id = "b.one"
[[themes.steps]]
id = "b.two"
kind = "info"
minutes = { "b.two" = 3 }
[plan]
title = "x"
"""


@pytest.mark.parametrize(("loc", "line"), [
    (("themes", 0, "steps", 1, "kind"), 9),
    # A key that is missing: the table that should hold it, not the same key further down.
    (("themes", 1, "steps", 0, "kind"), 15),
    (("themes", 1, "steps", 1, "kind"), 19),
    (("themes", 1, "steps", 1, "minutes", "b.two"), 20),
    (("themes", 1, "id"), 11),
    (("themes", 1), 10),
    (("themes", 1, "steps"), 15),
    (("plan", "title"), 22),
    (("title",), None),
    ((), None),
])
def test_find_line_nested(loc: tuple[int | str, ...], line: int | None) -> None:
    assert store.find_line(NESTED, loc) == line


def test_find_line_the_third_step_of_the_real_library() -> None:
    text = _nth_step_kind(2, "bogus")(THEMES)
    with pytest.raises(store.FileError) as caught:
        store.validate(ThemeLibrary, store.tomllib.loads(text), Path("t.toml"), text)
    (problem,) = caught.value.problems
    assert problem.field == "themes.0.steps.2.kind"
    assert problem.line == line_of(text, r'^kind = "bogus"')


def test_a_missing_key_names_its_step(tmp_path: Path) -> None:
    text = THEMES.replace('kind = "expectations"\n', "", 1)
    path = tmp_path / "t.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(store.FileError) as caught:
        store.load_library(path)
    (problem,) = caught.value.problems
    assert problem.message == "required key is missing"
    header = line_of(text, r'^id = "inledning.forvantningar"') - 1
    assert problem.line == header
    assert text.splitlines()[header - 1] == "[[themes.steps]]"


# Loads never write; writes are atomic ------------------------------------------------------

def test_open_of_a_broken_session_exits_2_and_leaves_it_alone(
    filled: Session, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = tmp_path / "s.toml"
    store.save_session(filled, path)
    path.write_text(path.read_text(encoding="utf-8").replace('title = "', 'title = ', 1),
                    encoding="utf-8")
    before = path.read_bytes()
    started: list[Session] = []
    monkeypatch.setattr(cli, "run_app", lambda s, p: started.append(s) or 0)
    status = cli.main(["open", str(path)])
    err = capsys.readouterr().err
    assert status == 2
    assert f"{path}:3: not valid TOML" in err
    assert "Traceback" not in err
    assert not started
    assert path.read_bytes() == before
    # Nothing beside it either, but the lock the open took.
    assert sorted(p for p in tmp_path.iterdir() if p.suffix != ".lock") == [path]


def test_run_on_a_broken_programme_writes_no_session(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    programme = tmp_path / "p.toml"
    programme.write_text(KORT.replace('theme = "tema1"', 'theme = "tema9"'), encoding="utf-8")
    before = programme.read_bytes()
    monkeypatch.setattr(cli, "run_app", lambda s, p: 0)
    status = cli.main(["run", str(programme), "--session", str(tmp_path / "s.toml")])
    assert status == 2
    assert capsys.readouterr().err.startswith(f"{programme}:12: [items.1.theme] item 2: no theme 'tema9'")
    assert not (tmp_path / "s.toml").exists()
    assert programme.read_bytes() == before


def _interrupt_replace(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(src: object, dst: object) -> None:
        raise OSError("disk pulled out")
    monkeypatch.setattr(store.os, "replace", fail)


def _interrupt_fsync(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(fd: int) -> None:
        raise OSError("power cut")
    monkeypatch.setattr(store.os, "fsync", fail)


@pytest.mark.parametrize("interrupt", [_interrupt_replace, _interrupt_fsync])
def test_an_interrupted_write_leaves_the_old_file(
    interrupt: Callable[[pytest.MonkeyPatch], None], filled: Session, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = tmp_path / "s.toml"
    store.save_session(filled, path)
    before = path.read_bytes()
    filled.title = "Ändrad titel"
    interrupt(monkeypatch)
    with pytest.raises(OSError):
        store.save_session(filled, path)
    assert path.read_bytes() == before
    assert sorted(tmp_path.iterdir()) == [path]


def test_a_write_that_fails_half_way_leaves_the_old_file(filled: Session, tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    store.save_session(filled, path)
    before = path.read_bytes()
    # A lone surrogate cannot be encoded: the write stops part of the way through the text.
    with pytest.raises(UnicodeEncodeError):
        store.atomic_write(path, "x" * 100_000 + "\ud800", store.SESSION_MODE)
    assert path.read_bytes() == before
    assert sorted(tmp_path.iterdir()) == [path]


# Owner-only files ----------------------------------------------------------------------------

def test_session_files_are_owner_only(filled: Session, tmp_path: Path) -> None:
    new = tmp_path / "new" / "s.toml"
    store.save_session(filled, new)
    assert mode(new) == 0o600
    old = tmp_path / "old.toml"
    old.write_text("x", encoding="utf-8")
    old.chmod(0o644)
    store.save_session(filled, old)
    assert mode(old) == 0o600


def test_natverk_run_creates_an_owner_only_session(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[tuple[Session, Path]] = []

    def fake_run_app(session: Session, path: Path, **_: bool) -> int:
        seen.append((session, path))
        return 0

    monkeypatch.setattr(cli, "run_app", fake_run_app)
    target = tmp_path / "m.toml"
    # A permissive umask must not make the session readable by others.
    old_umask = os.umask(0)
    try:
        status = cli.main(["run", str(ROOT / "agendas" / "kort.toml"), "--session", str(target)])
    finally:
        os.umask(old_umask)
    assert status == 0
    assert mode(target) == 0o600
    assert seen and seen[0][1] == target
    assert store.load_session(target) == seen[0][0]


def test_export_to_a_file_is_owner_only(
    filled: Session, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    session = tmp_path / "s.toml"
    store.save_session(filled, session)
    for fmt in ("md", "csv"):
        out = tmp_path / f"ut.{fmt}"
        assert cli.main(["export", str(session), "--format", fmt, "-o", str(out)]) == 0
        assert mode(out) == 0o600
        assert out.stat().st_size > 0


@pytest.mark.parametrize(("old", "new", "message", "line"), [
    ('current_step = "inledning.presentation"', 'current_step = "tema9.a"',
     "current_step 'tema9.a' is not a step of the plan", r"^current_step = "),
    ('id = "tema1.f"', 'id = "tema1.e"', "duplicate step id 'tema1.e' in the plan", r'^id = "tema1.e"'),
    ('step = "tema1.c"', 'step = "tema9.c"', "vote on step 'tema9.c'", r'^step = "tema9.c"'),
    ('step = "tema1.a"', 'step = "tema9.a"', "is on step 'tema9.a', not in the plan",
     r'^step = "tema9.a"'),
    ("number = 2", "number = -2", "greater than or equal to 0", r"^number = -2"),
])
def test_a_broken_session_file_names_its_line(
    old: str, new: str, message: str, line: str, filled: Session, tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = tmp_path / "s.toml"
    store.save_session(filled, path)
    good = path.read_text(encoding="utf-8")
    assert old in good
    text = good.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    status, _, err = check(capsys, path)
    assert status == 2
    assert message in err
    assert err.startswith(f"{path}:{line_of(text, line, -1)}:"), err


def test_a_rewritten_programme_keeps_its_permissions(tmp_path: Path) -> None:
    programme = store.load_programme(ROOT / "agendas" / "kort.toml")
    new = tmp_path / "ny.toml"
    store.save_programme(programme, new)
    assert mode(new) == 0o644
    shared = tmp_path / "delad.toml"
    shared.write_text(KORT, encoding="utf-8")
    shared.chmod(0o664)
    store.save_programme(programme, shared)
    assert mode(shared) == 0o664


def test_a_file_that_is_not_utf8(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "latin1.toml"
    path.write_bytes('title = "Möte"\n'.encode("latin-1"))
    status, _, err = check(capsys, path)
    assert status == 2
    assert err.startswith(f"{path}:1: not UTF-8 text: byte 0xf6 at column 11")


def test_programme_kinds_are_told_apart() -> None:
    data, _ = store.read_toml(ROOT / "agendas" / "kort.toml")
    assert store.kind_of(data) is Programme
    data, _ = store.read_toml(ROOT / "themes.toml")
    assert store.kind_of(data) is ThemeLibrary
    assert store.kind_of({"title": "x"}) is None


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(exclude_categories=("Cs",))))
def test_any_typed_text_survives_a_round_trip(text: str) -> None:
    session = _BASE.model_copy(deep=True)
    session.title = text or "x"
    session.contributions = [Contribution(step="tema1.a", text=text)]
    session.followup.notes = text
    again = Session.model_validate(store.tomllib.loads(store.to_toml(session)))
    assert again == session


_BASE = new_session(Programme.model_validate(store.tomllib.loads(KORT)),
                    store.load_library(ROOT / "themes.toml"), "Möte", "kort")


def test_a_session_open_in_one_window_is_refused_in_another(tmp_path: Path) -> None:
    from natverk_tui.store import SessionBusy, session_lock

    path = tmp_path / "möte.toml"
    path.write_text("", encoding="utf-8")
    with session_lock(path), pytest.raises(SessionBusy), session_lock(path):
        pass
    with session_lock(path):  # free again once the first window is closed
        pass
    with session_lock(path), pytest.raises(SessionBusy), session_lock(path):
        pass  # and still held while it is held, with the lock file left in place


V1_FILE = Path(__file__).parent / "data" / "session-v1.toml"


def test_a_session_saved_by_version_1_opens_with_its_history_as_facts(tmp_path: Path) -> None:
    """tests/data/session-v1.toml was saved by the version before schema 2: a follow-up
    meeting whose actions were decided in Swedish, one of them changed again in English."""
    from natverk_tui import followup
    from natverk_tui.locale import set_language
    from natverk_tui.model import EventKind

    session = store.load_session(V1_FILE)
    assert session.schema_version == 2
    done, continued, waiting = session.actions
    assert [(e.kind, e.old, e.new) for e in done.history] == [
        (EventKind.STATUS, "open", "in_progress"), (EventKind.NOTE, "", "Kontakt tagen"),
        (EventKind.CARRIED, "", ""), (EventKind.STATUS, "in_progress", "done")]
    carried = done.history[2]
    assert (carried.meeting, carried.title, carried.date) == (
        "s-0000aaaa", "Nätverksmöte Örebro", dt.date(2026, 9, 1))
    assert [(e.kind, e.old, e.new) for e in continued.history[1:]] == [
        (EventKind.STATUS, "open", "in_progress"), (EventKind.DUE, "", "2027-01-15"),
        (EventKind.DECIDED, "", "continue"), (EventKind.OWNER, "Bo", "Cecilia"),
        (EventKind.OWNER, "Cecilia", "Dan"), (EventKind.NOTE, "", "Written in English")]
    # The check no longer reads words: only the action nobody has decided on is undecided.
    assert followup.undecided(session) == [waiting]
    # Shown in the language of the screen, whatever language made the change.
    set_language("en")
    assert [followup.describe(e) for e in continued.history[-3:]] == [
        "Owner: Bo → Cecilia", "Owner: Cecilia → Dan", "Note: Written in English"]
    set_language("sv")
    assert followup.describe(continued.history[3]) == "Beslut: fortsätter"
    # Saved again, it is a version 2 file that reads back the same.
    path = tmp_path / "again.toml"
    store.save_session(session, path)
    assert "schema_version = 2" in path.read_text(encoding="utf-8")
    assert store.load_session(path) == session


def test_a_sentence_version_1_cannot_read_is_kept_as_it_was() -> None:
    from natverk_tui import followup
    from natverk_tui.migrations import v1_event

    at = dt.datetime(2026, 1, 1, 9, 0)
    for words in ("Ringde Skatteverket", "Status: Öppen → Okänd"):
        facts = v1_event({"at": at, "change": words})
        assert facts == {"at": at, "kind": "text", "new": words}
    from natverk_tui.model import ActionEvent, EventKind

    assert followup.describe(ActionEvent(at=at, kind=EventKind.TEXT, new="Ringde")) == "Ringde"
