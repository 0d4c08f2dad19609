"""Where sessions are saved: one journal line per change at once, the readable TOML now and then.

Every change the meeting announces is appended to `<session>.journal` as one short JSON
line and fsynced before the screen shows it. The TOML file, the record a person reads, is
rewritten in the background from time to time; its first line says which journal entries
it holds, and the journal is then cut back to the entries after those. Reading a session
replays whatever the journal holds beyond its TOML, so a crash loses nothing entered.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import threading
import time
import typing
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from pydantic import BaseModel

from natverk_tui import store
from natverk_tui.model import SESSION_SCHEMA_VERSION, Session

JOURNAL_SUFFIX = ".journal"

# When the background snapshot is taken: after a quiet moment, or at the latest after this
# long or this many journal entries, so that the journal stays short and replays fast.
QUIET_SECONDS = 2.0
MAX_AGE_SECONDS = 30.0
MAX_ENTRIES = 500
RETRY_SECONDS = 5.0
# Lazy changes (what phones send, in bursts) are written at once and flushed by a thread
# this long after, so that a burst shares one fdatasync and the event loop waits for none.
LAZY_SYNC_SECONDS = 0.25



def _keyed_lists() -> dict[str, str]:
    """The session's lists whose items are journaled one by one, and the key that names an
    item: `id` where the items have one, `step` for votes (one per step)."""
    keyed = {"votes": "step"}
    for name, info in Session.model_fields.items():
        args = typing.get_args(info.annotation)
        if typing.get_origin(info.annotation) is list and args and isinstance(args[0], type) \
                and issubclass(args[0], BaseModel) and "id" in args[0].model_fields:
            keyed[name] = "id"
    return keyed


KEYED_LISTS = _keyed_lists()



class Change(Protocol):
    """What a meeting operation changed (natverk_tui.meeting.Change, which this module
    does not import: the meeting's rules need not load to read a file)."""

    @property
    def what(self) -> str: ...

    @property
    def fields(self) -> tuple[str, ...]: ...

    @property
    def ids(self) -> tuple[str, ...]: ...


_HEADER = re.compile(r"# natverk: saved through change (\d+)\b")


def journal_path(path: Path) -> Path:
    # Beside the real file: a meeting reached through a symbolic link has one journal.
    real = store.real_path(path)
    return real.with_name(real.name + JOURNAL_SUFFIX)


def header(seq: int, path: Path) -> str:
    return (f"# natverk: saved through change {seq}; any later changes are in"
            f" {journal_path(path).name} until the next save\n")


def snapshot_seq(text: str) -> int:
    """The last journal entry a snapshot holds (0 for a file written without a journal)."""
    match = _HEADER.match(text)
    return int(match.group(1)) if match else 0


# Reading -----------------------------------------------------------------------------


class JournalError(ValueError):
    """A journal entry that cannot be applied to its session."""


@dataclass
class Journal:
    """The entries of a journal file still to apply, each with its line number."""

    path: Path
    entries: list[tuple[int, dict[str, Any]]]
    exists: bool


def read_journal(path: Path) -> Journal:
    """The journal beside a session. A last line cut short by a crash is passed over; any
    other line that is not an entry is an error with its line."""
    journal = journal_path(path)
    try:
        raw = journal.read_bytes()
    except FileNotFoundError:
        return Journal(journal, [], False)
    except OSError as exc:
        raise store.FileError([store.Problem(journal, f"cannot read: {exc}")]) from None
    lines = raw.split(b"\n")
    entries: list[tuple[int, dict[str, Any]]] = []
    last = 0
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        torn = number == len(lines)  # no newline after it: the write did not finish
        try:
            entry = json.loads(line.decode("utf-8"))
            _check_entry(entry)
        except (UnicodeDecodeError, json.JSONDecodeError, JournalError) as exc:
            if torn:
                break
            message = exc.args[0] if isinstance(exc, JournalError) else f"not a journal entry ({exc})"
            raise store.FileError([store.Problem(journal, message, number)]) from None
        if entry["seq"] <= last:
            raise store.FileError([store.Problem(
                journal, f"change {entry['seq']} comes after change {last}", number)])
        last = entry["seq"]
        entries.append((number, entry))
    return Journal(journal, entries, True)


def _check_entry(entry: Any) -> None:
    if not isinstance(entry, dict):
        raise JournalError("not a journal entry (expected an object)")
    if not isinstance(entry.get("seq"), int) or not isinstance(entry.get("session"), str):
        raise JournalError("not a journal entry (no seq or session)")
    for section in ("set", "put", "drop"):
        value = entry.get(section, {})
        if not isinstance(value, dict):
            raise JournalError(f"`{section}` is not an object")
        for field in value:
            if field not in Session.model_fields:
                raise JournalError(f"`{section}` names {field!r}, which is not a session field")
            if section != "set" and field not in KEYED_LISTS:
                raise JournalError(f"`{section}` names {field!r}, which is not a list of items")
    for field, puts in entry.get("put", {}).items():
        if not isinstance(puts, list) or not all(
            isinstance(p, list) and len(p) == 2 and isinstance(p[0], int) and p[0] >= 0
            and isinstance(p[1], dict) for p in puts
        ):
            raise JournalError(f"`put.{field}` is not a list of [position, item]")
    for field, keys in entry.get("drop", {}).items():
        if not isinstance(keys, list) or not all(isinstance(k, str) for k in keys):
            raise JournalError(f"`drop.{field}` is not a list of keys")


def apply(data: dict[str, Any], entry: dict[str, Any]) -> None:
    """Apply one journal entry to a session's data (as read from TOML, or dumped)."""
    if entry["session"] != data.get("id"):
        raise JournalError(f"the entry belongs to session {entry['session']!r}, the file is"
                           f" {data.get('id')!r}")
    for field, value in entry.get("set", {}).items():
        if value is None:
            data.pop(field, None)
        else:
            data[field] = value
    puts: dict[str, list[list[Any]]] = entry.get("put", {})
    drops: dict[str, list[str]] = entry.get("drop", {})
    for field in {*puts, *drops}:
        key = KEYED_LISTS[field]
        placed = sorted(puts.get(field, []), key=lambda p: int(p[0]))
        touched = {*drops.get(field, []), *(item.get(key) for _, item in placed)}
        items = data.get(field, [])
        if not isinstance(items, list):
            raise JournalError(f"{field} in the session is not a list")
        # Everything touched leaves; what is still there goes back where it now stands, in
        # order of position, which puts every item where the meeting had it.
        kept = [x for x in items if not (isinstance(x, dict) and x.get(key) in touched)]
        for position, item in placed:
            kept.insert(position, item)
        data[field] = kept


@dataclass
class Replayed:
    session: Session
    seq: int  # the last change the session holds
    applied: int  # journal entries applied on top of the snapshot
    journal: bool  # a journal file was there


def replay(path: Path, data: dict[str, Any], text: str) -> Replayed:
    """The session in a TOML file (already parsed) with its journal applied on top."""
    journal = read_journal(path)
    seq = snapshot_seq(text)
    todo = [(n, e) for n, e in journal.entries if e["seq"] > seq]
    if not todo:
        return Replayed(store.validate(Session, data, path, text), seq, 0, journal.exists)
    for number, entry in todo:
        try:
            apply(data, entry)
        except JournalError as exc:
            raise store.FileError([store.Problem(journal.path, str(exc), number)]) from None
    try:
        session = store.validate(Session, data, path)
    except store.FileError:
        raise _first_bad(path, journal.path, todo) from None
    return Replayed(session, todo[-1][1]["seq"], len(todo), True)


def _first_bad(path: Path, journal: Path, todo: list[tuple[int, dict[str, Any]]]) -> store.FileError:
    """The journal does not replay into a valid session: the snapshot's own problems, or
    the first entry that breaks it (found the slow way, which only a broken file takes)."""
    data, text = store.read_toml(path)
    try:
        store.validate(Session, data, path, text)
    except store.FileError as exc:
        return exc
    for number, entry in todo:
        apply(data, entry)
        try:
            store.validate(Session, data, path)
        except store.FileError as exc:
            what = "; ".join(f"[{p.field}] {p.message}" if p.field else p.message
                             for p in exc.problems)
            return store.FileError([store.Problem(journal, f"cannot be replayed: {what}", number)])
    return store.FileError([store.Problem(journal, "cannot be replayed")])


def read_session(path: Path) -> Session:
    """A session as it was last changed: its TOML with the journal replayed on top. Only
    reads: no lock, no write, so it is safe on a meeting open in another window."""
    data, text = store.read_toml(path)
    return replay(path, data, text).session


def open_session(path: Path) -> Session:
    """Open a session to work on it (the caller holds its lock): a journal left by a crash
    is replayed into the TOML and removed, and temporary files a crash left are deleted."""
    data, text = store.read_toml(path)
    version = data.get("schema_version")
    replayed = replay(path, data, text)
    # Journal entries are written in today's schema: the file under them must be too.
    if replayed.applied or version != SESSION_SCHEMA_VERSION:
        _write_snapshot(path, replayed.session.model_dump(exclude_none=True), replayed.seq)
    if replayed.journal:
        _remove(journal_path(path))
    for leftover in store.temp_files(path):
        with contextlib.suppress(FileNotFoundError):
            leftover.unlink()
    return replayed.session


def create_session(session: Session, path: Path) -> None:
    """Write a new session file; an existing one is never replaced."""
    if path.exists():
        raise FileExistsError(f"{path}: exists already")
    _write_snapshot(path, session.model_dump(exclude_none=True), 0)


def save_session(session: Session, path: Path) -> None:
    """Write a session opened with open_session (lock held) and changed outside the app,
    as `natverk close` does: the whole file, after every journal entry there was."""
    seq = _seq_on_disk(path) or 0
    entries = read_journal(path).entries
    if entries:
        seq = max(seq, entries[-1][1]["seq"])
    _write_snapshot(path, session.model_dump(exclude_none=True), seq)
    _remove(journal_path(path))


def _seq_on_disk(path: Path) -> int | None:
    """The change a session file on disk is saved through (None: there is no file)."""
    try:
        with open(path, encoding="utf-8") as handle:
            return snapshot_seq(handle.readline())
    except (OSError, UnicodeDecodeError):
        return None


def _write_snapshot(path: Path, data: dict[str, Any], seq: int) -> None:
    store.atomic_write(path, header(seq, path) + store.dumps(data), store.SESSION_MODE)


def _remove(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
        _sync_dir(path.parent)


def _sync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


# Writing -----------------------------------------------------------------------------


def entry_for(session: Session, change: Change, seq: int) -> dict[str, Any]:
    """What a change did, in one journal entry: for a list of items, each item touched with
    its position (or dropped, when it is gone); any other field whole."""
    entry: dict[str, Any] = {"seq": seq, "session": session.id, "what": change.what}
    for field in change.fields:
        value = getattr(session, field)
        key = KEYED_LISTS.get(field)
        if change.ids and key is not None:
            # Accepting a whole queue names many items: look them up in one pass, not one each.
            where = ({getattr(item, key): i for i, item in enumerate(value)}
                     if len(change.ids) > 4 else None)
            for ident in change.ids:
                position = where.get(ident) if where is not None else _position(value, key, ident)
                if position is None:
                    entry.setdefault("drop", {}).setdefault(field, []).append(ident)
                else:
                    item = value[position].model_dump(mode="json", exclude_none=True)
                    entry.setdefault("put", {}).setdefault(field, []).append([position, item])
        else:
            entry.setdefault("set", {})[field] = session.model_dump(
                mode="json", include={field})[field]
    return entry


def _position(items: list[Any], key: str, ident: str) -> int | None:
    # From the end: what changes most is what was just added.
    for index in range(len(items) - 1, -1, -1):
        if getattr(items[index], key) == ident:
            return index
    return None


def _append(fd: int, data: bytes, sync: bool = True) -> None:
    """Append, and make it durable unless told not to yet (the one place a journal line
    reaches the disk). Written, a line survives the app being killed; synced, the machine."""
    written = 0
    while written < len(data):
        written += os.write(fd, data[written:])
    if sync:
        os.fdatasync(fd)


@dataclass(frozen=True)
class Snapshot:
    """The session's data taken on the event loop, to be written in a thread."""

    data: dict[str, Any]
    seq: int
    generation: int


class Saver:
    """Saves one open session: a listener of its Meeting that journals each change at once,
    and snapshots the whole session when `due` says so (the app writes those in a thread).

    The session must have been read with open_session, so the journal beside it is empty."""

    def __init__(
        self,
        session: Session,
        path: Path,
        on_status: Callable[[str | None], None] | None = None,
        clock: Callable[[], float] = time.monotonic,
        lazy: Callable[[Change], bool] | None = None,
    ) -> None:
        self.session = session
        self.lazy = lazy
        self._sync_wanted = threading.Event()
        self._syncer: threading.Thread | None = None
        self.path = path
        self.journal = journal_path(path)
        self.on_status = on_status
        self.clock = clock
        self._journal_error: str | None = None
        self._snapshot_error: str | None = None
        self._lock = threading.Lock()  # the journal file and its lines
        self._write_lock = threading.Lock()  # one snapshot written at a time
        self._fd: int | None = None
        self._size = 0
        self._lines: list[tuple[int, bytes]] = []  # in the journal file, after its snapshot
        self._unwritten: list[tuple[int, bytes]] = []  # not yet in it: a write failed
        on_disk = _seq_on_disk(path)
        entries = read_journal(path).entries if self.journal.exists() else []
        self._seq = max([on_disk or 0, *(e["seq"] for _, e in entries)])
        # (seq, generation) of the snapshot on disk: the session as it was given.
        self._saved = (self._seq, 0)
        # Changes the journal could not hold: only a snapshot saves those, so they count
        # up a generation.
        self._generation = 0
        self._first_unsaved: float | None = None
        self._last_change = 0.0
        self._failed_at = 0.0
        self._writing = 0

    @property
    def error(self) -> str | None:
        """Why the last write failed, while it has not been written since."""
        return self._journal_error or self._snapshot_error

    # On the event loop ------------------------------------------------------------------

    def record(self, change: Change) -> None:
        """Journal a change (the Meeting listener): durable when this returns, unless the
        disk refused it, which on_status reports; the line is then written on the next try."""
        try:
            entry = entry_for(self.session, change, self._seq + 1)
        except (AttributeError, TypeError, ValueError):
            # A change named in a way the journal cannot hold (a field the session lacks):
            # the meeting goes on, and the next snapshot, which is due at once, saves it.
            self.unannounced()
            return
        self._seq += 1
        line = (json.dumps(entry, ensure_ascii=False, separators=(",", ":")) + "\n").encode()
        self._touch()
        sync = self.lazy is None or not self.lazy(change)
        with self._lock:
            self._unwritten.append((self._seq, line))
            error = self._flush_locked(sync)
        if not sync and error is None:
            self._sync_soon()
        self._report(error)

    def _sync_soon(self) -> None:
        if self._syncer is None:
            self._syncer = threading.Thread(target=self._sync_later, name="journal-sync",
                                            daemon=True)
            self._syncer.start()
        self._sync_wanted.set()

    def _sync_later(self) -> None:
        """The thread that flushes lazy lines: fdatasync lets go of the GIL, so the event
        loop goes on while the disk works."""
        while True:
            self._sync_wanted.wait()
            time.sleep(LAZY_SYNC_SECONDS)
            self._sync_wanted.clear()
            with self._lock:
                fd = self._fd
            if fd is not None:
                # A journal closed or cut meanwhile: its lines are in the snapshot.
                with contextlib.suppress(OSError):
                    os.fdatasync(fd)

    def unannounced(self) -> None:
        """The session changed in a way the journal does not hold: the next snapshot, due
        at once, saves it."""
        self._generation += 1
        self._touch()

    def retry(self) -> None:
        """Write journal lines a failed write left behind."""
        with self._lock:
            error = self._flush_locked() if self._unwritten else None
        self._report(error)

    @property
    def unsaved(self) -> bool:
        """Whether the TOML file lags behind the session in memory."""
        return (self._seq, self._generation) > self._saved

    def due(self) -> bool:
        """Whether to take a snapshot now: the meeting has been quiet a moment, or the
        journal has grown long or old, or an unannounced change waits."""
        return self.wait() == 0.0

    def wait(self) -> float | None:
        """Seconds until a snapshot is due; None when the file is up to date or one is
        being written (ask again when it is done)."""
        if self._writing or not self.unsaved:
            return None
        now = self.clock()
        if self.error is not None:
            return max(0.0, RETRY_SECONDS - (now - self._failed_at))
        if self._generation > self._saved[1] or self._seq - self._saved[0] >= MAX_ENTRIES:
            return 0.0
        first = self._first_unsaved if self._first_unsaved is not None else now
        return max(0.0, min(QUIET_SECONDS - (now - self._last_change),
                            MAX_AGE_SECONDS - (now - first)))

    def snapshot(self) -> Snapshot:
        """The whole session as it is now (cheap enough for the event loop: ~25 ms at
        10,000 contributions); write it with `write`, in a thread."""
        self._writing += 1
        self._first_unsaved = None
        return Snapshot(self.session.model_dump(exclude_none=True), self._seq, self._generation)

    def close(self) -> None:
        """Write the snapshot on this thread and remove the journal: the app is quitting."""
        if self.unsaved:
            self.write(self.snapshot())
        with self._lock:
            if self._unwritten:
                raise OSError(f"{self.journal}: not everything could be written")
            if self._fd is not None:
                os.close(self._fd)
                self._fd = None
            self._lines = []
            _remove(self.journal)

    # On any thread ------------------------------------------------------------------------

    def write(self, snapshot: Snapshot) -> bool:
        """Write a snapshot taken with `snapshot`, then cut the journal back to what came
        after it. False when a newer one is on disk already. Raises OSError on failure."""
        try:
            with self._write_lock:
                if (snapshot.seq, snapshot.generation) <= self._saved:
                    return False
                try:
                    _write_snapshot(self.path, snapshot.data, snapshot.seq)
                except OSError as exc:
                    self._snapshot_error = str(exc)
                    self._failed_at = self.clock()
                    raise
                self._saved = (snapshot.seq, snapshot.generation)
                self._snapshot_error = None
                with self._lock:
                    self._trim_locked(snapshot.seq)
                    if not self._unwritten:
                        self._journal_error = None
            return True
        finally:
            self._writing -= 1

    # Inside ----------------------------------------------------------------------------------

    def _touch(self) -> float:
        now = self.clock()
        self._last_change = now
        if self._first_unsaved is None:
            self._first_unsaved = now
        return now

    def _report(self, error: str | None) -> None:
        self._journal_error = error
        if error is not None:
            self._failed_at = self.clock()
        if self.on_status is not None:
            self.on_status(self.error)

    def _open_locked(self) -> int:
        if self._fd is None:
            created = not self.journal.exists()
            self._fd = os.open(self.journal, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_CLOEXEC,
                               store.SESSION_MODE)
            self._size = os.fstat(self._fd).st_size
            if created:
                _sync_dir(self.journal.parent)
        return self._fd

    def _flush_locked(self, sync: bool = True) -> str | None:
        """Append every unwritten line; on failure cut the file back to where it was, so a
        half-written line never sits in the middle of the journal."""
        fd = None
        try:
            fd = self._open_locked()
            _append(fd, b"".join(line for _, line in self._unwritten), sync)
        except OSError as exc:
            if fd is not None:
                with contextlib.suppress(OSError):
                    os.ftruncate(fd, self._size)
            return str(exc)
        self._size += sum(len(line) for _, line in self._unwritten)
        self._lines += self._unwritten
        self._unwritten = []
        return None

    def _trim_locked(self, seq: int) -> None:
        """The snapshot holds every change up to `seq`. When that is all the journal holds,
        it is cut to nothing; otherwise it stays as it is (replay passes over what the
        snapshot holds), since rewriting it here would hold up the event loop's next line
        while phones send in bursts. It is cut at the next snapshot after a quiet moment."""
        self._unwritten = [(s, line) for s, line in self._unwritten if s > seq]
        if not self._lines or self._lines[-1][0] > seq:
            return
        if self._fd is not None:
            # Not synced: lost to a power cut, the old lines come back and are passed over.
            # The next line's fdatasync makes the cut durable with it.
            os.ftruncate(self._fd, 0)
            self._size = 0
        else:
            _remove(self.journal)
        self._lines = []
