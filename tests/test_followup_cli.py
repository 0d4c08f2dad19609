"""`natverk next`, `history`, `close` and `export` of a series, with the app stubbed out."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from natverk_tui import __main__ as cli
from natverk_tui import followup, store
from natverk_tui.model import Action, ActionStatus, Session, StepKind


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Session, Path, bool]]:
    """Records the sessions the CLI would open in the app instead of opening it."""
    calls: list[tuple[Session, Path, bool]] = []

    def fake_run_app(session: Session, path: Path, review: bool = False, **_: bool) -> int:
        calls.append((session, path, review))
        return 0


    monkeypatch.setattr(cli, "run_app", fake_run_app)
    return calls


@pytest.fixture
def first(filled: Session, tmp_path: Path) -> Path:
    filled.actions.append(Action(what="Checklista för upphandling", owner="Bo",
                                 status=ActionStatus.DONE))
    filled.actions.append(Action(what="Informationsblad", owner="Byggnads",
                                 status=ActionStatus.IN_PROGRESS))
    path = tmp_path / "orebro" / "2026-11-28-natverksmote-orebro.toml"
    store.save_session(filled, path)
    return path


def test_next_starts_the_following_meeting(
    first: Path, started: list[tuple[Session, Path, bool]], capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["next", str(first)]) == 0
    out = capsys.readouterr()
    assert "not closed" in out.err
    (_, path, review), = started
    assert not review
    assert path.parent == first.parent and path != first
    assert str(path) in out.out
    assert "2 open actions carried over" in out.out
    saved = store.load_session(path)
    assert saved.plan.steps[0].kind is StepKind.ACTION_REVIEW
    assert saved.plan.source == "kort"  # the last meeting's programme
    assert [a.what for a in saved.actions] == ["Bjuda in Skatteverket till nästa möte",
                                               "Informationsblad"]
    assert saved.previous == store.load_session(first).id
    assert path.stat().st_mode & 0o777 == 0o600


def test_next_with_programme_title_and_path(
    first: Path, started: list[tuple[Session, Path, bool]], tmp_path: Path
) -> None:
    target = tmp_path / "elsewhere" / "mars.toml"
    programme = Path(__file__).resolve().parents[1] / "agendas" / "goda-exempel.toml"
    code = cli.main(["next", str(first), "--programme", str(programme), "--title", "Mars",
                     "--session", str(target)])
    assert code == 0
    saved = store.load_session(target)
    assert saved.title == "Mars" and saved.plan.source == "goda-exempel"
    assert saved.series == "orebro"
    assert cli.main(["next", str(first), "--session", str(target)]) == 2


def test_next_errors(tmp_path: Path, started: list[tuple[Session, Path, bool]],
                     capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["next", str(tmp_path / "nej.toml")]) == 2
    assert "no such file" in capsys.readouterr().err
    assert started == []


def test_close_then_history(first: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["history", str(first.parent)]) == 0
    assert "ej avslutat" in capsys.readouterr().out
    assert cli.main(["close", str(first)]) == 0
    assert store.load_session(first).closed is not None
    assert cli.main(["close", str(first)]) == 0
    assert "closed already" in capsys.readouterr().out
    assert cli.main(["history", str(first.parent)]) == 0
    out = capsys.readouterr().out
    assert "Mötesserie: orebro" in out
    assert "åtgärder: 3 nya, 1 avslutade" in out
    assert "ej avslutat" not in out
    assert "Öppna åtgärder nu: 2" in out


def test_history_across_meetings(first: Path, started: list[tuple[Session, Path, bool]],
                                 capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["next", str(first)]) == 0
    _, second, _ = started[0]
    session = store.load_session(second)
    followup.mark_done(session.actions[0])
    store.save_session(session, second)
    capsys.readouterr()
    assert cli.main(["history", str(first.parent)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "3 nya, 1 avslutade" in lines[1] and "0 nya, 1 avslutade" in lines[2]
    assert "Öppna åtgärder nu: 1" in lines[3]
    assert "Informationsblad" in lines[4]


def test_history_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["history", str(tmp_path / "nej")]) == 2
    (tmp_path / "tom").mkdir()
    assert cli.main(["history", str(tmp_path / "tom")]) == 2
    assert "no session files" in capsys.readouterr().err


@pytest.mark.parametrize("fmt", ["md", "html", "csv"])
def test_export_a_series_folder(first: Path, started: list[tuple[Session, Path, bool]], fmt: str,
                                tmp_path: Path) -> None:
    assert cli.main(["next", str(first), "--title", "Andra mötet"]) == 0
    out = tmp_path / f"serie.{fmt}"
    assert cli.main(["export", str(first.parent), "--format", fmt, "--anonymous",
                     "-o", str(out)]) == 0
    text = out.read_text()
    assert "Anna" not in text
    if fmt == "csv":
        assert text.count("Informationsblad") == 1
    else:
        assert "Nätverksmöte Örebro" in text and "Andra mötet" in text


def test_export_single_html(first: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["export", str(first), "--format", "html"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("<!doctype html>") and "Anna" in out


def test_export_folder_with_two_series(first: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    other = store.load_session(first)
    other.id, other.series, other.date = "s-other", "Annan", dt.date(2027, 1, 1)
    store.save_session(other, first.parent / "annan.toml")
    assert cli.main(["export", str(first.parent)]) == 2
    assert "several series" in capsys.readouterr().err


def test_review_opens_the_review_screen(first: Path, started: list[tuple[Session, Path, bool]]) -> None:
    assert cli.main(["review", str(first)]) == 0
    assert cli.main(["next", str(first)]) == 0
    assert started[0][1:] == (first, True)
    assert started[1][2] is False
    assert cli.main(["review", str(first.parent / "nej.toml")]) == 2
