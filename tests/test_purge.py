"""`natverk purge`: meetings older than a limit are rewritten anonymously, atomically, and
the command says what it changed; --dry-run changes nothing."""

from __future__ import annotations

import datetime as dt
import os
import stat
from pathlib import Path

import pytest

from natverk_tui import __main__ as cli
from natverk_tui import guard, purge, store
from natverk_tui.model import Session
from test_anonymous_export import named_everywhere


def _old_and_new(filled: Session, folder: Path) -> tuple[Path, Path, Session]:
    old = named_everywhere(filled)
    old.date = dt.date.today() - dt.timedelta(days=800)
    old.followup.notes += ", Skatteverkets kontor, 070-123 45 67"
    new = old.model_copy(deep=True)
    new.id, new.date = "s-new", dt.date.today() - dt.timedelta(days=30)
    folder.mkdir()
    (folder / "orebro").mkdir()
    old_path, new_path = folder / "orebro" / "gammal.toml", folder / "orebro" / "ny.toml"
    store.save_session(old, old_path)
    store.save_session(new, new_path)
    return old_path, new_path, old


def test_dry_run_lists_what_would_change_and_changes_nothing(
    filled: Session, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old_path, new_path, _ = _old_and_new(filled, tmp_path / "moten")
    before = {p: p.read_bytes() for p in (old_path, new_path)}
    assert cli.main(["purge", str(tmp_path / "moten"), "--older-than", "24m", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert f"{old_path}: " in out and "would rewrite" in out
    assert "4 participants reduced to number and sector" in out
    assert str(new_path) not in out
    assert "dry run: nothing changed" in out
    assert {p: p.read_bytes() for p in (old_path, new_path)} == before


def test_purge_rewrites_old_meetings_anonymously_and_keeps_the_work(
    filled: Session, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old_path, new_path, old = _old_and_new(filled, tmp_path / "moten")
    recent = new_path.read_bytes()
    assert cli.main(["purge", str(tmp_path / "moten"), "--older-than", "24m"]) == 0
    out = capsys.readouterr().out
    assert f"{old_path}: {old.date}: rewrote: 4 participants reduced" in out
    assert "rewritten anonymously: 1" in out

    purged = store.load_session(old_path)
    assert [(p.number, p.sector, p.name, p.organisation, p.role) for p in purged.participants] == [
        (p.number, p.sector, "", "", "") for p in old.participants]
    raw = old_path.read_text(encoding="utf-8")
    for gone in ("Andersson", "Berg", "Carlsson", "Öberg", "Skatteverket", "Byggnads", "Byggbolaget",
                 "Örebro kommun", "19121212", "070-123"):
        assert gone not in raw, gone
    names = [p.name for p in old.participants]
    assert [f for f in guard.find(raw, names)] == []
    # Programme, contributions, votes and actions are kept.
    assert purged.plan == old.plan
    assert len(purged.contributions) == len(old.contributions)
    assert purged.votes == old.votes
    assert [a.id for a in purged.actions] == [a.id for a in old.actions]
    assert purged.contributions[0].text == "#3 (Fack) fråga om bodarna"
    assert purged.followup.convener == "#4 (Övrigt)"
    assert purged.followup.notes.endswith("[myndighet] kontor, [telefon]")
    assert stat.S_IMODE(os.stat(old_path).st_mode) == 0o600
    # The recent meeting is untouched; a second purge has nothing left to do.
    assert new_path.read_bytes() == recent
    assert cli.main(["purge", str(tmp_path / "moten"), "--older-than", "24m"]) == 0
    assert "already anonymous" in capsys.readouterr().out


def test_an_open_meeting_is_not_purged(filled: Session, tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    old_path, _, _ = _old_and_new(filled, tmp_path / "moten")
    before = old_path.read_bytes()
    with store.session_lock(old_path):
        assert cli.main(["purge", str(tmp_path / "moten"), "--older-than", "2y"]) == 2
    assert "is open in natverk; not changed" in capsys.readouterr().err
    assert old_path.read_bytes() == before


@pytest.mark.parametrize("args, message", [
    (["--older-than", "24 månader"], "write a number and d, m or y"),
    (["--older-than", "24m"], "not a folder"),
])
def test_bad_input_is_a_clear_error(
    args: list[str], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / ("saknas" if "not a folder" in message else "")
    assert cli.main(["purge", str(folder), *args]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_cutoff_counts_months_days_and_years() -> None:
    today = dt.date(2026, 3, 31)
    assert purge.cutoff("24m", today) == dt.date(2024, 3, 31)
    assert purge.cutoff("1m", today) == dt.date(2026, 2, 28)
    assert purge.cutoff("2y", today) == dt.date(2024, 3, 31)
    assert purge.cutoff("90d", today) == dt.date(2025, 12, 31)


def test_a_meeting_with_a_journal_beside_it_is_left_alone(
    filled: Session, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old_path, _, _ = _old_and_new(filled, tmp_path / "moten")
    before = old_path.read_bytes()
    old_path.with_name(f"{old_path.name}.journal").write_text("", encoding="utf-8")
    assert cli.main(["purge", str(tmp_path / "moten"), "--older-than", "24m"]) == 2
    assert "gammal.toml.journal" in capsys.readouterr().err
    assert old_path.read_bytes() == before
