"""Saving: the journal beside a session, its replay, the snapshot and what a crash leaves."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from natverk_tui import __main__ as cli
from natverk_tui import persist, store
from natverk_tui.followup import FollowupError
from natverk_tui.meeting import Meeting
from natverk_tui.model import ActionStatus, Session
from natverk_tui.settings import Settings
from pilot import SIZE, Clock, go_to, type_text
from test_meeting_spec import CASES, room  # noqa: F401 - room is the spec's fixture
from test_meeting_spec import NOW as SPEC_NOW

NOW = dt.datetime(2026, 11, 28, 13, 30)


class Ticks:
    """A monotonic clock for the saver, moved by hand."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def opened(filled: Session, path: Path, ticks: Ticks | None = None) -> tuple[Meeting, persist.Saver]:
    """A meeting on a saved session, journaled as the app journals it."""
    persist.create_session(filled, path)
    session = persist.open_session(path)
    meeting = Meeting(session, clock=lambda: NOW)
    saver = persist.Saver(session, path, clock=ticks or Ticks())
    meeting.listeners.append(saver.record)
    return meeting, saver


# What the meeting spec does not undo (the room's clock and where it stands), journaled too.
NAVIGATION: dict[str, Callable[[Meeting], object]] = {
    "go to step": lambda m: m.go_to("tema1.b"),
    "next and previous step": lambda m: (m.next_step(), m.next_step(), m.previous_step()),
    "timer": lambda m: (m.toggle_timer(), m.adjust_timer(60), m.toggle_timer(), m.reset_timer(),
                        m.pause_timer()),
}


def journaled(session: Session, path: Path) -> Meeting:
    persist.create_session(session, path)
    again = persist.open_session(path)
    meeting = Meeting(again, clock=lambda: SPEC_NOW)
    meeting.listeners.append(persist.Saver(again, path).record)
    return meeting


@pytest.mark.parametrize(("name", "label", "op"), CASES, ids=[f"{n}-{lb}" for n, lb, _ in CASES])
def test_every_operation_replays_from_the_journal_alone(
    room: Session,  # noqa: F811 - the spec's fixture
    tmp_path: Path, name: str, label: str, op: Callable[[Meeting], object],
) -> None:
    """Each operation of the meeting spec, and its undo: the TOML as it was plus the
    journal give the session as it is."""
    if name == "reopen":
        room.closed = SPEC_NOW
    path = tmp_path / "möte.toml"
    meeting = journaled(room, path)
    snapshot = path.read_bytes()
    op(meeting)
    assert path.read_bytes() == snapshot, "the TOML waits for the background snapshot"
    assert persist.journal_path(path).stat().st_size > 0
    assert persist.read_session(path) == meeting.session
    assert meeting.undo() is not None
    assert persist.read_session(path) == meeting.session


@pytest.mark.parametrize("name", NAVIGATION)
def test_steps_and_timers_replay(filled: Session, tmp_path: Path, name: str) -> None:
    meeting = journaled(filled, tmp_path / "möte.toml")
    NAVIGATION[name](meeting)
    assert persist.read_session(tmp_path / "möte.toml") == meeting.session


def test_a_long_meeting_replays_across_snapshots(
    room: Session,  # noqa: F811 - the spec's fixture
    tmp_path: Path,
) -> None:
    """Every operation in turn, a snapshot now and then in between, then undo all the way:
    at each point the files give the session as it is."""
    path = tmp_path / "möte.toml"
    persist.create_session(room, path)
    session = persist.open_session(path)
    meeting = Meeting(session, clock=lambda: SPEC_NOW)
    saver = persist.Saver(session, path)
    meeting.listeners.append(saver.record)
    done = 0
    for name, _label, op in CASES:
        if name in ("reopen", "close"):
            continue
        try:
            op(meeting)
        except (KeyError, ValueError, StopIteration, FollowupError):
            continue  # what it acts on was removed by an earlier operation
        done += 1
        if done % 7 == 0:
            saver.write(saver.snapshot())
        assert persist.read_session(path) == session, name
    assert done > 25
    while meeting.can_undo:
        meeting.undo()
        assert persist.read_session(path) == session
    saver.close()
    assert store.load_session(path) == session


def test_a_journal_line_holds_only_what_changed(filled: Session, tmp_path: Path) -> None:
    path = tmp_path / "möte.toml"
    meeting, saver = opened(filled, path)
    for i in range(200):
        meeting.add_contribution(f"Bidrag {i}")
    meeting.edit_contribution(meeting.session.contributions[3].id, "Kort")
    lines = saver.journal.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 201
    last = json.loads(lines[-1])
    assert last["put"] == {"contributions": [[3, meeting.session.contributions[3].model_dump(
        mode="json", exclude_none=True)]]}
    assert len(lines[-1]) < 400


def test_a_torn_last_line_is_passed_over(filled: Session, tmp_path: Path) -> None:
    path = tmp_path / "möte.toml"
    meeting, saver = opened(filled, path)
    meeting.add_contribution("Hel rad")
    entered = meeting.session.model_copy(deep=True)
    meeting.add_contribution("Halv rad")
    whole = saver.journal.read_bytes()
    saver.journal.write_bytes(whole[: len(whole) - 30])  # the crash came mid-write
    assert persist.read_session(path) == entered
    assert cli.main(["check", str(path)]) == 0


def test_a_broken_line_in_the_middle_cannot_be_replayed(
    filled: Session, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "möte.toml"
    meeting, saver = opened(filled, path)
    for text in ("Ett", "Två", "Tre"):
        meeting.add_contribution(text)
    lines = saver.journal.read_bytes().split(b"\n")
    lines[1] = lines[1][:20]
    saver.journal.write_bytes(b"\n".join(lines))
    before = path.read_bytes(), saver.journal.read_bytes()
    with pytest.raises(store.FileError) as error:
        persist.read_session(path)
    assert str(error.value).startswith(f"{saver.journal}:2: not a journal entry")
    assert cli.main(["check", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"{saver.journal}:2: not a journal entry" in err and "Traceback" not in err
    # Neither open nor export repairs it by guessing: both stop, and change nothing.
    assert cli.main(["open", str(path)]) == 2
    assert cli.main(["export", str(path)]) == 2
    assert (path.read_bytes(), saver.journal.read_bytes()) == before


def test_an_entry_that_breaks_the_session_is_named_by_its_line(
    filled: Session, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "möte.toml"
    meeting, saver = opened(filled, path)
    meeting.add_contribution("Ett")
    meeting.add_contribution("Två")
    lines = saver.journal.read_text(encoding="utf-8").splitlines()
    entry = json.loads(lines[1])
    entry["put"]["contributions"][0][1]["step"] = "tema9.x"
    lines[1] = json.dumps(entry)
    saver.journal.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert cli.main(["check", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"{saver.journal}:2: cannot be replayed:" in err and "tema9.x" in err


def test_a_journal_of_another_session_is_refused(
    filled: Session, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "möte.toml"
    meeting, saver = opened(filled, path)
    meeting.add_contribution("Ett")
    other = tmp_path / "annat.toml"
    persist.create_session(filled.model_copy(update={"id": "s-annat"}), other)
    persist.journal_path(other).write_bytes(saver.journal.read_bytes())
    assert cli.main(["check", str(other)]) == 2
    assert f"{persist.journal_path(other)}:1: the entry belongs to session" in capsys.readouterr().err


def test_a_crash_between_snapshot_and_truncate_applies_nothing_twice(
    filled: Session, tmp_path: Path
) -> None:
    """Entries the snapshot already holds are skipped by their number. Applied again, an
    edit put back at its old position would reorder the list after a later delete."""
    path = tmp_path / "möte.toml"
    meeting, saver = opened(filled, path)
    meeting.edit_contribution(meeting.session.contributions[2].id, "Ändrad")
    meeting.delete_contribution(meeting.session.contributions[0].id)
    journal = saver.journal.read_bytes()
    saver.write(saver.snapshot())
    assert saver.journal.read_bytes() == b""
    saver.journal.write_bytes(journal)  # as if the process died before cutting it back
    assert persist.read_session(path) == meeting.session
    # The guard is what makes it right: without the snapshot's number the edit lands twice.
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# natverk: saved through change 2;")
    path.write_text(text.split("\n", 1)[1], encoding="utf-8")
    assert persist.read_session(path) != meeting.session


def test_the_journal_is_cut_once_a_snapshot_holds_all_of_it(filled: Session, tmp_path: Path) -> None:
    path = tmp_path / "möte.toml"
    ticks = Ticks()
    meeting, saver = opened(filled, path, ticks)
    meeting.add_contribution("Före")
    assert not saver.due()
    ticks.now += persist.QUIET_SECONDS
    assert saver.due()
    taken = saver.snapshot()
    meeting.add_contribution("Under tiden")  # while the thread writes
    written = threading.Thread(target=saver.write, args=(taken,))
    written.start()
    written.join()
    # The journal is not rewritten while it holds a later change: replay passes over 1.
    lines = saver.journal.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["seq"] for line in lines] == [1, 2]
    assert "Före" in path.read_text(encoding="utf-8")
    assert "Under tiden" not in path.read_text(encoding="utf-8")
    assert persist.read_session(path) == meeting.session
    meeting.add_contribution("Efter")
    assert persist.read_session(path) == meeting.session
    # The next snapshot holds all of it: the journal is cut to nothing.
    saver.write(saver.snapshot())
    assert saver.journal.read_bytes() == b""
    meeting.add_contribution("Sist")
    assert [json.loads(line)["seq"] for line in saver.journal.read_text().splitlines()] == [4]
    assert persist.read_session(path) == meeting.session
    saver.close()
    assert not saver.journal.exists()
    assert store.load_session(path) == meeting.session


def test_snapshots_are_coalesced(filled: Session, tmp_path: Path) -> None:
    path = tmp_path / "möte.toml"
    ticks = Ticks()
    meeting, saver = opened(filled, path, ticks)
    assert saver.wait() is None, "nothing to write: no timer while the meeting is idle"
    meeting.add_contribution("Först")
    assert saver.wait() == persist.QUIET_SECONDS
    for i in range(persist.MAX_ENTRIES - 2):
        meeting.add_contribution(f"Snabbt {i}")
        ticks.now += 0.2  # five a second: never quiet
        assert not saver.due() or ticks.now - 100 >= persist.MAX_AGE_SECONDS
    ticks.now = 100.0 + persist.MAX_AGE_SECONDS / 2
    meeting.add_contribution("Den sista")
    assert saver.due(), "at most MAX_ENTRIES journal entries wait for the snapshot"


def test_read_session_never_writes_and_needs_no_lock(filled: Session, tmp_path: Path) -> None:
    path = tmp_path / "möte.toml"
    meeting, _ = opened(filled, path)
    meeting.add_contribution("Bara i journalen")
    leftover = tmp_path / ".möte.toml.abcd1234.tmp"
    leftover.write_text("halv", encoding="utf-8")
    before = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in tmp_path.iterdir()}
    with store.session_lock(path):  # open in another window
        assert persist.read_session(path) == meeting.session
        assert cli.main(["export", str(path)]) == 0
        assert cli.main(["check", str(path)]) == 0
    after = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in tmp_path.iterdir()
             if p.suffix != ".lock"}
    assert after == before


def test_open_session_replays_and_cleans_up(filled: Session, tmp_path: Path) -> None:
    path = tmp_path / "möte.toml"
    meeting, saver = opened(filled, path)
    meeting.add_contribution("Efter kraschen")
    stray = [tmp_path / ".möte.toml.k3j2h1g0.tmp", tmp_path / ".möte.toml.journal.a1b2c3d4.tmp"]
    for leftover in stray:
        leftover.write_text("namn och allt", encoding="utf-8")
    unrelated = [tmp_path / "anteckningar.tmp", tmp_path / ".annat.toml.abcd1234.tmp"]
    for keep in unrelated:
        keep.write_text("mitt", encoding="utf-8")
    again = persist.open_session(path)
    assert again == meeting.session
    assert "Efter kraschen" in path.read_text(encoding="utf-8")
    assert not saver.journal.exists()
    assert not any(p.exists() for p in stray)
    assert all(p.exists() for p in unrelated)
    assert store.load_session(path) == meeting.session


def test_temp_files_of_a_killed_write_are_found(filled: Session, tmp_path: Path) -> None:
    """The real atomic_write, killed before its rename: the file it leaves is one
    store.temp_files finds, so the next open removes it."""
    path = tmp_path / "möte.toml"
    persist.create_session(filled, path)
    code = (
        "import os, sys\n"
        "from pathlib import Path\n"
        "from natverk_tui import store\n"
        "os.replace = lambda *a: os._exit(9)\n"
        "store.atomic_write(Path(sys.argv[1]), 'x = 1', 0o600)\n"
    )
    done = subprocess.run([sys.executable, "-c", code, str(path)], check=False)
    assert done.returncode == 9
    (leftover,) = store.temp_files(path)
    assert leftover.parent == tmp_path and leftover.read_text() == "x = 1"
    persist.open_session(path)
    assert store.temp_files(path) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["möte.toml"]


def test_a_failed_append_leaves_no_half_line(
    filled: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "möte.toml"
    meeting, saver = opened(filled, path)
    reports: list[str | None] = []
    saver.on_status = reports.append
    meeting.add_contribution("Före")
    real = persist._append

    def half_then_full(fd: int, data: bytes, sync: bool = True) -> None:
        os.write(fd, data[: len(data) // 2])
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(persist, "_append", half_then_full)
    meeting.add_contribution("Medan disken är full")
    assert reports[-1] is not None and "No space left" in reports[-1]
    assert saver.error is not None
    assert persist.read_session(path).contributions[-1].text == "Före"
    monkeypatch.setattr(persist, "_append", real)
    meeting.add_contribution("När det finns plats")
    assert reports[-1] is None and saver.error is None
    assert persist.read_session(path) == meeting.session


def test_close_and_reopen_go_through_the_journal(filled: Session, tmp_path: Path) -> None:
    path = tmp_path / "möte.toml"
    meeting, _ = opened(filled, path)
    meeting.add_contribution("Sista bidraget")
    assert cli.main(["close", str(path)]) == 0
    closed = store.load_session(path)
    assert closed.closed is not None and closed.contributions[-1].text == "Sista bidraget"
    assert not persist.journal_path(path).exists()
    assert cli.main(["reopen", str(path)]) == 0
    assert store.load_session(path).closed is None


def test_history_and_folder_export_replay_the_journal(
    filled: Session, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "möte.toml"
    meeting, _ = opened(filled, path)
    meeting.add_action("Åtgärd bara i journalen", "Bo")
    capsys.readouterr()
    assert cli.main(["history", str(tmp_path)]) == 0
    assert "Åtgärd bara i journalen" in capsys.readouterr().out
    assert cli.main(["export", str(tmp_path), "--format", "csv"]) == 0
    assert "Åtgärd bara i journalen" in capsys.readouterr().out


async def test_enter_is_on_disk_before_the_app_ends(session: Session, tmp_path: Path) -> None:
    """Through the real keys: what was Entered replays from the files as they are while
    the app still runs, which is what a kill -9 at that moment leaves."""
    from natverk_tui.app import make_app

    path = tmp_path / "möte.toml"
    persist.create_session(session, path)
    app = make_app(persist.open_session(path), path, clock=Clock(), prefs=Settings())
    async with app.run_test(size=SIZE) as pilot:
        await go_to(app, pilot, "tema1.a")
        await type_text(pilot, "Svartarbete")
        await pilot.press("enter")
        await pilot.pause()
        assert "Svartarbete" not in path.read_text(encoding="utf-8")
        crashed = tmp_path / "kopia"
        crashed.mkdir()
        for name in (path.name, persist.journal_path(path).name):
            (crashed / name).write_bytes((tmp_path / name).read_bytes())
        reopened = persist.open_session(crashed / path.name)
        assert [c.text for c in reopened.contributions] == ["Svartarbete"]
        assert reopened.current_step == "tema1.a"
    # A clean end leaves the TOML alone, complete.
    assert not persist.journal_path(path).exists()
    assert [c.text for c in store.load_session(path).contributions] == ["Svartarbete"]


def test_a_change_the_journal_cannot_hold_is_left_to_the_snapshot(
    filled: Session, tmp_path: Path
) -> None:
    from natverk_tui.meeting import Change

    path = tmp_path / "möte.toml"
    meeting, saver = opened(filled, path)
    meeting.session.place = "Västerås"
    saver.record(Change("place", ("no_such_field",)))
    assert saver.due()
    saver.write(saver.snapshot())
    assert persist.read_session(path).place == "Västerås"


def test_an_old_file_is_written_in_todays_schema_before_anything_is_journaled(
    tmp_path: Path,
) -> None:
    """Journal entries are in today's schema; replayed onto a version 1 file and then
    migrated, they would be migrated twice. Opening writes the file anew first."""
    path = tmp_path / "gammal.toml"
    path.write_bytes((Path(__file__).parent / "data" / "session-v1.toml").read_bytes())
    session = persist.open_session(path)
    assert "schema_version = 2" in path.read_text(encoding="utf-8")
    meeting = Meeting(session, clock=lambda: NOW)
    saver = persist.Saver(session, path)
    meeting.listeners.append(saver.record)
    meeting.update_action(session.actions[2].id, status=ActionStatus.DONE, note="Klart")
    assert persist.read_session(path) == meeting.session


def test_sessions_are_read_and_written_only_through_persist() -> None:
    """One route to a session file: no other module writes one with store's bare helpers
    or reads one past its journal."""
    src = Path(__file__).resolve().parents[1] / "src" / "natverk_tui"
    offenders = [
        f"{path.relative_to(src)}: {name}"
        for path in src.rglob("*.py") if path.name not in ("persist.py", "store.py")
        for name in ("save_session(", "load_session(", "store.validate(Session")
        if name in path.read_text(encoding="utf-8").replace("persist.save_session(", "")
    ]
    assert offenders == []


def test_what_phones_send_is_written_at_once_and_flushed_by_a_thread(
    filled: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import time

    from natverk_tui.meeting import ROOM_ACTS
    from natverk_tui.model import QueueKind

    path = tmp_path / "möte.toml"
    persist.create_session(filled, path)
    session = persist.open_session(path)
    meeting = Meeting(session, clock=lambda: NOW)
    saver = persist.Saver(session, path, lazy=lambda c: c.what in ROOM_ACTS)
    meeting.listeners.append(saver.record)
    syncs: list[bool] = []  # True: on the thread that made the change
    real = os.fdatasync
    here = threading.get_ident()
    monkeypatch.setattr(os, "fdatasync",
                        lambda fd: (syncs.append(threading.get_ident() == here), real(fd)))
    meeting.go_to("tema1.a")
    assert syncs == [True]
    for i in range(40):
        meeting.submit(f"Från telefon {i}", QueueKind.CONTRIBUTION)
    assert syncs == [True], "the event loop waits for no flush of what phones send"
    assert persist.read_session(path) == meeting.session  # written, so a kill loses nothing
    waited = time.monotonic()
    while len(syncs) < 2 and time.monotonic() - waited < 5:
        time.sleep(0.01)
    assert syncs[1:] == [False], "one flush, on the thread, for the whole burst"
    meeting.add_contribution("Från tangentbordet")  # the facilitator's own: flushed at once
    assert syncs[-1] is True and persist.read_session(path) == meeting.session
