"""Following a session from outside the app that runs it: notice every change to its file
and journal, read it without the lock and without writing, and tell whether the
facilitator's app still holds the session. No UI here; the follow view and the room's
page both use it."""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from natverk_tui import persist, store
from natverk_tui.model import Session

PROC_LOCKS = Path("/proc/locks")

# (inode, size, mtime in ns) of the session file and of its journal; None when absent.
FileStamp = tuple[int, int, int] | None


def journal_path(path: Path) -> Path:
    """Where the saver keeps the changes since the last snapshot: `<name>.journal`."""
    return persist.journal_path(path)


ROOM_SUFFIX = ".room"


def room_path(path: Path) -> Path:
    """Where the facilitator's app leaves the room's join address while the room is open:
    `<name>.room`, beside the real file like the journal. Not a temporary file (those are
    `.NAME.RANDOM.tmp`) and not `*.toml`, so cleanup, `history` and `purge` pass it by."""
    real = store.real_path(path)
    return real.with_name(real.name + ROOM_SUFFIX)


def publish_room(path: Path, url: str) -> None:
    """The join address (its token included) for the follow view: the owner's alone,
    written whole or not at all."""
    store.atomic_write(room_path(path), url + "\n", mode=store.SESSION_MODE)


def withdraw_room(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        room_path(path).unlink()


def read_room(path: Path) -> str:
    """The join address the app left, or "" when the room is closed (or the file is not
    one line of an address)."""
    try:
        text = room_path(path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
    url = text.strip()
    if "\n" in url or len(url) > 2000 or not url.startswith(("http://", "https://")):
        return ""
    return url


def lock_path(path: Path) -> Path:
    """The file `store.session_lock` holds while the session is open."""
    return path.with_name(f".{path.name}.lock")


def _stamp(path: Path) -> FileStamp:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns)


@dataclass(frozen=True)
class Signature:
    """What a poll compares. A save renames a new file over the old one (a new inode), a
    journal grows (a new size) or is started afresh: any of these is a change."""

    session: FileStamp
    journal: FileStamp
    room: FileStamp = None


def signature(path: Path) -> Signature:
    return Signature(_stamp(path), _stamp(journal_path(path)), _stamp(room_path(path)))


def read_session(path: Path) -> Session:
    """The session as it stands: the snapshot with its journal replayed on top. Never
    takes the lock and never writes."""
    return persist.read_session(path)


class AppState(Enum):
    RUNNING = "running"
    STOPPED = "stopped"
    UNKNOWN = "unknown"


def app_state(path: Path, locks: Path = PROC_LOCKS) -> AppState:
    """Whether the facilitator's app holds the session's lock, found without taking it.

    `store.session_lock` holds an flock on `.NAME.lock`. Trying the lock would take it
    for a moment (and could make the app's own start fail), so instead the kernel's list
    of held locks is read: on Linux /proc/locks names each flock by device and inode.
    Where that list does not exist, the answer is UNKNOWN and nothing is claimed."""
    try:
        st = os.stat(lock_path(path))
    except OSError:
        return AppState.STOPPED  # the app removes it when it closes cleanly
    try:
        text = locks.read_text(encoding="ascii", errors="replace")
    except OSError:
        return AppState.UNKNOWN
    wanted = f"{os.major(st.st_dev):02x}:{os.minor(st.st_dev):02x}:{st.st_ino}"
    for line in text.splitlines():
        fields = line.split()
        # "1: FLOCK  ADVISORY  WRITE 7863 fe:00:2147944 0 EOF"; "->" marks a waiter.
        if "->" in fields or len(fields) < 6 or fields[1] != "FLOCK":
            continue
        if fields[5] == wanted:
            return AppState.RUNNING
    return AppState.STOPPED
