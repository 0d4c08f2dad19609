"""Session files as the facilitator meets them on disk: names from the plain words of the
title, no lock file left after a clean exit, and try-outs kept out of the series."""

from __future__ import annotations

import datetime as dt
import fcntl
from pathlib import Path

import pytest

from natverk_tui import __main__ as cli
from natverk_tui import followup, store
from natverk_tui.meeting import Meeting, new_session
from natverk_tui.model import Session, ThemeLibrary
from natverk_tui.resources import slug

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(("title", "stem"), [
    ("Möte [bold red]x[/]", "mote-x"),
    ("[@click=app.quit]Nätverksmöte[/] Örebro", "natverksmote-orebro"),
    ("Nätverk [Örebro] 2026 [/bold]", "natverk-orebro-2026"),
    ("Samverkan mellan myndigheter och arbetsmarknadens parter", "samverkan-mellan-myndigheter-och"),
    ("[/]", "mote"),
])
def test_file_names_from_the_plain_words_of_a_title(title: str, stem: str) -> None:
    assert slug(title) == stem


def test_run_names_the_file_from_the_title_without_markup(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("NATVERK_SESSIONS", str(tmp_path))
    monkeypatch.setattr(cli, "run_app", lambda session, path, **_: 0)
    assert cli.main(["run", str(ROOT / "agendas" / "kort.toml"), "--title", "Möte [bold red]x[/]"]) == 0
    (saved,) = tmp_path.glob("*.toml")
    assert saved.name.endswith("-mote-x.toml")
    assert "bold" not in saved.name and str(saved) in capsys.readouterr().out
    assert store.load_session(saved).title == "Möte [bold red]x[/]"  # the title itself as typed


def lock_files(folder: Path) -> list[Path]:
    return sorted(folder.glob(".*.lock"))


def test_no_lock_file_is_left_after_a_clean_exit(session: Session, tmp_path: Path) -> None:
    path = tmp_path / "mote.toml"
    store.save_session(session, path)
    with store.session_lock(path):
        assert lock_files(tmp_path) == [tmp_path / ".mote.toml.lock"]
        with pytest.raises(store.SessionBusy), store.session_lock(path):
            pass
    assert lock_files(tmp_path) == []
    # Through the command a user runs between meetings.
    assert cli.main(["close", str(path)]) == 0
    assert lock_files(tmp_path) == []


def test_a_lock_on_a_file_removed_meanwhile_does_not_count(
    session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The race that removing the file opens: a window opens the lock file, the holder
    removes it and exits, the window then locks the orphan. It must notice, and lock the
    file that the path names, so that a third window is still refused."""
    path = tmp_path / "mote.toml"
    store.save_session(session, path)
    lock_path = tmp_path / ".mote.toml.lock"
    real_flock = fcntl.flock
    calls = 0

    def flock_after_the_holder_left(fd: object, op: int) -> None:
        nonlocal calls
        calls += 1
        if calls == 1:
            lock_path.unlink()  # the last holder removed it just before our lock
        real_flock(fd, op)  # type: ignore[arg-type]

    monkeypatch.setattr(store.fcntl, "flock", flock_after_the_holder_left)
    with store.session_lock(path):
        # Two on the lock file (the orphan, then the file the path names), one on the
        # session file itself (hard links).
        assert calls == 3 and lock_path.exists()
        monkeypatch.setattr(store.fcntl, "flock", real_flock)
        with pytest.raises(store.SessionBusy), store.session_lock(path):
            pass
    assert not lock_path.exists()


def test_history_leaves_out_an_empty_try_out(
    filled: Session, library: ThemeLibrary, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "orebro"
    store.save_session(filled, folder / "2026-11-28-natverksmote-orebro.toml")
    # A try-out: opened and stepped through, nothing recorded, no timer started.
    tryout = new_session(store.load_programme(ROOT / "agendas" / "kort.toml"), library,
                         "Nätverksmöte Örebro", "kort", date=dt.date(2026, 11, 29))
    Meeting(tryout).next_step()
    Meeting(tryout).next_step()
    assert followup.is_empty(tryout)
    store.save_session(tryout, folder / "2026-11-29-natverksmote-orebro.toml")
    assert cli.main(["history", str(folder)]) == 0
    out, err = capsys.readouterr()
    assert "2026-11-28" in out and "2026-11-29" not in out
    assert "2026-11-29-natverksmote-orebro.toml" in err and "empty try-out" in err
    # Once a timer has run it is a meeting of the series.
    Meeting(tryout).toggle_timer()
    assert not followup.is_empty(tryout)
    store.save_session(tryout, folder / "2026-11-29-natverksmote-orebro.toml")
    assert cli.main(["history", str(folder)]) == 0
    assert "2026-11-29" in capsys.readouterr().out


def test_anything_recorded_makes_a_meeting(session: Session) -> None:
    assert followup.is_empty(session)
    for change in (
        lambda m: m.add_contribution("Svartarbete", step_id="tema1.a"),
        lambda m: m.add_action("Bjuda in"),
        lambda m: m.add_expectation("Kontakter"),
        lambda m: m.set_followup(next_meeting="Mars"),
        lambda m: m.toggle_timer(),
    ):
        copy = session.model_copy(deep=True)
        change(Meeting(copy))
        assert not followup.is_empty(copy)
