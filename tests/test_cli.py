"""The `natverk` command, driven through main() the way the console script calls it."""

from __future__ import annotations

import datetime as dt
import stat
from pathlib import Path

import pytest

from natverk_tui import __main__ as cli
from natverk_tui import __version__, resources, store
from natverk_tui.model import Session, ThemeLibrary

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Session, Path]]:
    """What would have been shown on screen: run_app records its arguments instead."""
    calls: list[tuple[Session, Path]] = []

    def fake_run_app(session: Session, path: Path, **_: bool) -> int:
        calls.append((session, path))
        return 0

    monkeypatch.setattr(cli, "run_app", fake_run_app)
    return calls


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        cli.main(["--version"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert out.strip() == f"natverk {__version__}"
    assert __version__ != "0.0.0"


def test_help_shows_the_commands_and_examples(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        cli.main(["--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    for command in ("run", "open", "themes", "check", "export"):
        assert command in out
    assert "examples:" in out
    assert "natverk run agendas/kort.toml" in out
    assert "natverk export MEETING.toml --format md" in out


def test_themes_lists_every_theme_and_step_with_minutes(
    library: ThemeLibrary, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["themes"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    for theme in library.themes:
        total = sum(s.minutes for s in theme.steps)
        assert f"{theme.title}  [{theme.id}, {total} min]" in lines
        for step in theme.steps:
            assert any(line.strip().startswith(f"{step.minutes} min  {step.title}  ({step.id},")
                       for line in lines), step.id
            if step.question:
                assert step.question in out
    assert "Vad är viktigast att börja med? Nämn 3 områden." in out
    assert lines[-1].startswith("Källa: Byggföretagen")
    # In the library's order: Inledning before Tema 1 before Tema 3.
    assert out.index("Inledning") < out.index("Tema 1") < out.index("Tema 3") < out.index("Avslutning")


def test_themes_from_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    own = tmp_path / "egna.toml"
    own.write_text(
        'schema_version = 1\n[[themes]]\nid = "egen"\ntitle = "Eget tema"\n'
        '[[themes.steps]]\nid = "egen.a"\ntitle = "En fråga"\nkind = "discussion"\nminutes = 7\n',
        encoding="utf-8",
    )
    assert cli.main(["themes", "--file", str(own)]) == 0
    out = capsys.readouterr().out
    assert "Eget tema  [egen, 7 min]" in out
    assert "Tema 1" not in out
    own.write_text("[[themes]]\nid = 1\n", encoding="utf-8")
    assert cli.main(["themes", "--file", str(own)]) == 2
    assert f"{own}:2: [themes.0.id]" in capsys.readouterr().err


def test_no_arguments_starts_a_full_day_session(
    started: list[tuple[Session, Path]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main([]) == 0
    out = capsys.readouterr().out
    folder = tmp_path / "data" / "natverk" / "sessions"
    (path,) = folder.glob("*.toml")
    assert out.strip() == f"natverk: session saved to {path}"
    assert path.name.startswith(dt.date.today().isoformat())
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    session = store.load_session(path)
    full_day = store.load_programme(resources.builtin_programme())
    assert session.plan.title == full_day.title
    assert [s.id for s in session.plan.steps] == [s.id for s in full_day.resolve(resources.library()).steps]
    assert started == [(session, path)]
    # A second meeting the same day gets its own file.
    assert cli.main([]) == 0
    assert len(list(folder.glob("*.toml"))) == 2


def test_sessions_folder_from_the_environment(
    started: list[tuple[Session, Path]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("NATVERK_SESSIONS", str(tmp_path / "möten"))
    assert cli.main([]) == 0
    assert started[0][1].parent == tmp_path / "möten"


def test_run_a_programme_with_title_and_session_path(
    started: list[tuple[Session, Path]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "m" / "möte.toml"
    status = cli.main(["run", str(ROOT / "agendas" / "kort.toml"), "--title", "T",
                       "--place", "Umeå", "--session", str(path)])
    assert status == 0
    assert capsys.readouterr().out.strip() == f"natverk: session saved to {path}"
    session = store.load_session(path)
    assert session.title == "T"
    assert session.place == "Umeå"
    assert session.plan.title == "Kort möte: risker i vår region"
    assert session.plan.source == "kort"
    assert session.plan.step("inledning.presentation").minutes == 10
    assert started == [(session, path)]


def test_run_refuses_to_overwrite_a_session(
    started: list[tuple[Session, Path]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "möte.toml"
    path.write_text("mitt viktiga möte\n", encoding="utf-8")
    status = cli.main(["run", str(ROOT / "agendas" / "kort.toml"), "--session", str(path)])
    assert status == 2
    err = capsys.readouterr().err
    assert "exists already" in err
    assert f"natverk open {path}" in err
    assert path.read_text(encoding="utf-8") == "mitt viktiga möte\n"
    assert not started


def test_open_a_session(
    started: list[tuple[Session, Path]], filled: Session, tmp_path: Path
) -> None:
    path = tmp_path / "s.toml"
    store.save_session(filled, path)
    assert cli.main(["open", str(path)]) == 0
    assert started == [(filled, path)]


@pytest.mark.parametrize(("text", "message"), [
    ('title = "x\n', "not valid TOML"),
    ('title = "x"\n', "plan"),
    ('schema_version = 99\ntitle = "x"\n', "unknown schema_version 99"),
])
def test_open_a_broken_file_exits_2(
    started: list[tuple[Session, Path]], tmp_path: Path, capsys: pytest.CaptureFixture[str],
    text: str, message: str,
) -> None:
    path = tmp_path / "trasig.toml"
    path.write_text(text, encoding="utf-8")
    assert cli.main(["open", str(path)]) == 2
    out, err = capsys.readouterr()
    assert err.startswith(str(path))
    assert message in err
    assert "Traceback" not in out + err
    assert not started
    assert path.read_text(encoding="utf-8") == text


def test_open_a_missing_file(started: list[tuple[Session, Path]], tmp_path: Path,
                             capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["open", str(tmp_path / "borta.toml")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_export_a_missing_or_wrong_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["export", str(tmp_path / "borta.toml")]) == 2
    assert "no such file" in capsys.readouterr().err
    assert cli.main(["export", str(ROOT / "agendas" / "kort.toml")]) == 2
    assert "required key is missing" in capsys.readouterr().err


def test_bad_arguments_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (["check"], ["--lang", "fi", "themes"], ["export", "x.toml", "--format", "pdf"], ["nej"]):
        with pytest.raises(SystemExit) as exit_:
            cli.main(argv)
        assert exit_.value.code == 2, argv
    capsys.readouterr()


def test_language_from_the_environment(
    filled: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = tmp_path / "s.toml"
    store.save_session(filled, path)
    monkeypatch.setenv("NATVERK_LANG", "en")
    assert cli.main(["export", str(path)]) == 0
    assert capsys.readouterr().out.startswith("# Minutes:")


def test_a_checkout_reads_its_own_top_level_files() -> None:
    """One source of truth: in a checkout, the top-level themes.toml and agendas/ (the wheel
    carries copies of them in natverk_tui/data; see test_wheel)."""
    assert resources.builtin_themes() == ROOT / "themes.toml"
    assert resources.builtin_programme() == ROOT / "agendas" / "heldag.toml"


def test_named_votes_is_the_rooms_choice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "run_app", lambda session, path, **_: 0)
    anonymous, named = tmp_path / "a.toml", tmp_path / "b.toml"
    assert cli.main(["run", str(ROOT / "agendas" / "kort.toml"), "--session", str(anonymous)]) == 0
    assert cli.main(["run", str(ROOT / "agendas" / "kort.toml"), "--session", str(named),
                     "--named-votes"]) == 0
    assert not store.load_session(anonymous).attributed_votes
    assert store.load_session(named).attributed_votes
