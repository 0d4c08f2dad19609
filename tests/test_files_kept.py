"""Files are never lost by accident: export never writes onto a meeting, links lead to one
meeting and one lock, read-only meetings open read-only, and what natverk creates is the
owner's alone."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

import pytest

from natverk_tui import __main__ as cli
from natverk_tui import store
from natverk_tui.app import NatverkApp, make_app
from natverk_tui.model import ActionStatus, Session
from natverk_tui.settings import Settings
from pilot import SIZE, Clock, settle, type_text


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str]:
    status = cli.main([str(a) for a in args])
    return status, capsys.readouterr().err


@pytest.fixture
def meeting(filled: Session, tmp_path: Path) -> Path:
    path = tmp_path / "mote.toml"
    store.save_session(filled, path)
    return path


# Export -----------------------------------------------------------------------------------

def test_export_never_writes_onto_the_meeting_it_exports(meeting: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    before = meeting.read_bytes()
    for extra in ([], ["--force"]):
        status, err = run(capsys, "export", meeting, "--format", "md", "-o", meeting, *extra)
        assert status == 2 and "is a session file" in err
    assert meeting.read_bytes() == before


def test_export_never_writes_onto_another_session(meeting: Path, filled: Session, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    other = tmp_path / "annat.toml"
    store.save_session(filled, other)
    before = other.read_bytes()
    status, err = run(capsys, "export", meeting, "--format", "html", "-o", other, "--force")
    assert status == 2 and "is a session file" in err
    assert other.read_bytes() == before


def test_export_replaces_an_existing_file_only_with_force(meeting: Path, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "protokoll.md"
    target.write_text("mina anteckningar\n", encoding="utf-8")
    status, err = run(capsys, "export", meeting, "-o", target)
    assert status == 2 and "exists already; add --force" in err
    assert target.read_text(encoding="utf-8") == "mina anteckningar\n"
    status, err = run(capsys, "export", meeting, "-o", target, "--force")
    assert status == 0, err
    assert target.read_text(encoding="utf-8").startswith("# Minnesanteckningar")
    new = tmp_path / "ny.md"
    assert run(capsys, "export", meeting, "-o", new)[0] == 0 and new.exists()


# Links --------------------------------------------------------------------------------------

def test_a_symlink_leads_to_the_same_lock(meeting: Path, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    link = tmp_path / "genvag.toml"
    link.symlink_to(meeting)
    with store.session_lock(meeting):
        with pytest.raises(store.SessionBusy), store.session_lock(link):
            pass
        status, err = run(capsys, "close", link)
        assert status == 2 and "is open" in err


def test_a_hard_link_leads_to_the_same_lock(meeting: Path, tmp_path: Path) -> None:
    other_dir = tmp_path / "annan"
    other_dir.mkdir()
    hard = other_dir / "samma.toml"
    os.link(meeting, hard)
    with store.session_lock(hard), pytest.raises(store.SessionBusy), store.session_lock(meeting):
        pass
    with store.session_lock(meeting), pytest.raises(store.SessionBusy), store.session_lock(hard):
        pass


def test_saves_go_through_a_symlink(meeting: Path, tmp_path: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    link = tmp_path / "genvag.toml"
    link.symlink_to(meeting)
    status, err = run(capsys, "close", link)
    assert status == 0, err
    assert link.is_symlink()
    assert store.load_session(meeting).closed is not None


async def test_the_app_saves_through_a_symlink(session: Session, tmp_path: Path) -> None:
    real = tmp_path / "mote.toml"
    store.save_session(session, real)
    link = tmp_path / "genvag.toml"
    link.symlink_to(real)
    app = make_app(store.load_session(link), link, clock=Clock(), prefs=Settings())
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(4):
            await pilot.press("pagedown")
        await type_text(pilot, "Via länken")
        await pilot.press("enter")
        await settle(app, pilot)
        await pilot.press("ctrl+q")
        await settle(app, pilot)
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert "Via länken" in [c.text for c in store.load_session(real).contributions]


# Read-only ------------------------------------------------------------------------------------

@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[NatverkApp]:
    """Apps the CLI starts, recorded instead of run."""
    apps: list[NatverkApp] = []

    def fake_run(self: NatverkApp, *args: Any, **kwargs: Any) -> None:
        apps.append(self)

    monkeypatch.setattr(NatverkApp, "run", fake_run)
    return apps


def test_a_read_only_file_opens_read_only_for_review(meeting: Path, started: list[NatverkApp],
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    meeting.chmod(0o400)
    before = meeting.read_bytes()
    status, err = run(capsys, "open", meeting)
    assert status == 0
    assert "is read-only" in err
    [app] = started
    assert app.read_only and app.review
    assert not (meeting.parent / f".{meeting.name}.lock").exists()
    status, err = run(capsys, "close", meeting)
    assert status == 2 and "read-only" in err
    assert meeting.read_bytes() == before and mode(meeting) == 0o400
    status, err = run(capsys, "export", meeting, "--format", "csv")
    assert status == 0, err


def test_a_read_only_folder_opens_read_only(meeting: Path, started: list[NatverkApp],
                                            capsys: pytest.CaptureFixture[str]) -> None:
    meeting.parent.chmod(0o500)
    try:
        status, err = run(capsys, "review", meeting)
        assert status == 0 and "is read-only" in err
        assert started[0].read_only
        assert not (meeting.parent / f".{meeting.name}.lock").exists()
    finally:
        meeting.parent.chmod(0o700)


async def test_the_read_only_review_changes_nothing_on_disk(meeting: Path) -> None:
    meeting.chmod(0o400)
    before = meeting.read_bytes()
    session = store.load_session(meeting)
    app = make_app(session, meeting, clock=Clock(), prefs=Settings(), review=True, read_only=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert "skrivskyddad" in app.sub_title
        await pilot.press("s")  # next status of the first action
        await settle(app, pilot)
        assert session.actions[0].status is not ActionStatus.OPEN
        await pilot.press("ctrl+q")
        await settle(app, pilot)
    assert meeting.read_bytes() == before and mode(meeting) == 0o400


# Owner-only -------------------------------------------------------------------------------

def test_the_lock_file_and_a_new_sessions_folder_are_owner_only(filled: Session, tmp_path: Path) -> None:
    os.umask(0o022)
    path = tmp_path / "ny" / "serie" / "mote.toml"
    store.save_session(filled, path)
    assert mode(path.parent) == 0o700 and mode(path.parent.parent) == 0o700
    with store.session_lock(path):
        assert mode(path.parent / ".mote.toml.lock") == 0o600
