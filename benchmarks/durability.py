"""Nothing Entered is lost to kill -9: the real app in a pseudo-terminal, killed at random.

For 100, 1,000 and 10,000 contributions, `natverk open` runs on a session standing on
tema1.a in a pty of 160x45. A contribution is typed (a unique marker), Enter is sent once
its text shows in the input, and the next one follows 200 ms after the previous Enter: five
a second, with one pause of 0-4 s at a random point of each run so that a background
snapshot is sometimes being written when the kill comes. At a random moment the process
gets SIGKILL. The next run's `natverk open` is the reopen: after its first frame the files
are read (persist.read_session, read-only) and counted.

- entered: Enter was sent and the screen then showed the contribution in the meeting: the
  count under the list ("N bidrag") moved to this one's number. The app journals and
  fsyncs the change before it draws that frame, so each of these must survive. `lost`
  counts those missing after reopen.
- in flight: Enter sent, not yet drawn at the kill; kept = how many of those survived anyway.
- temp left: atomic_write's temporary files beside the session after reopening.
- Enter->journal: until the marker can be read from the journal file (a thread polls it,
  about every millisecond). Written to the file, it survives a kill -9 of the app.
- Enter->durable: until, after that, the app's main thread is no longer inside fdatasync
  (read from /proc/PID/syscall every 0.1 ms): written and flushed, so it survives a crash
  of the machine too.
- Enter->screen: until the count moves on screen (after the fsync, by construction), for
  reference; echo: from sending the typed text to seeing it in the input, the baseline of
  the same run (a loaded machine slows every column alike).
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import select
import signal
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import clean_env, filled_session, spawn_in_pty
from natverk_tui import persist, store

COLUMNS, ROWS = 160, 45
SIZES = (100, 1_000, 10_000)
PERIOD = 0.2  # Enter five times a second
ECHO_WAIT = 3.0  # at most this long for typed text to show before Enter is sent anyway
STARTUP_TIMEOUT = 60.0
# The question of tema1.a: the screen is up and the contribution input has focus.
READY = b"konkurrens"
# The number of fdatasync as /proc/PID/syscall shows it.
FDATASYNC = {"x86_64": 75, "aarch64": 83}.get(platform.machine(), -1)


@dataclass
class Entry:
    marker: bytes
    # The pane's count once this one is in the list: "N bidrag" under it changes to this.
    counted: bytes
    typed: float = 0.0
    echoed: float | None = None
    enter: float | None = None
    screen: float | None = None
    journal: float | None = None
    durable: float | None = None


@dataclass
class Run:
    size: int
    base: int  # contributions in the step when the run starts
    entries: list[Entry] = field(default_factory=list)
    killed_at: float = 0.0
    snapshot_in_flight: bool = False  # a temp file of a snapshot was there at the kill


class Terminal:
    """One `natverk open` in a pty; a thread reads its output and notes when markers show."""

    def __init__(self, argv: list[str], env: dict[str, str]) -> None:
        self.pid, self.fd = spawn_in_pty(argv, env, COLUMNS, ROWS)
        self.lock = threading.Lock()
        self.ready = threading.Event()
        self.tail = b""
        self.entries: list[Entry] = []
        self.closed = False
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        while True:
            try:
                ready, _, _ = select.select([self.fd], [], [], 0.5)
                if not ready:
                    continue
                chunk = os.read(self.fd, 65536)
            except OSError:  # EIO: the process is gone
                break
            if not chunk:
                break
            at = time.perf_counter()
            with self.lock:
                seen = self.tail + chunk
                self.tail = seen[-64:]
                if not self.ready.is_set() and READY in seen:
                    self.ready.set()
                for entry in self.entries:
                    if entry.enter is None:
                        if entry.echoed is None and entry.marker in seen:
                            entry.echoed = at
                    elif entry.screen is None and entry.counted in seen:
                        # Not the marker itself: the input's cursor blink redraws the typed
                        # text before a late Enter is handled. The count moves only once
                        # the contribution is in the meeting.
                        entry.screen = at
        self.closed = True

    def send(self, data: bytes) -> None:
        os.write(self.fd, data)

    def kill(self) -> None:
        os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)
        self.reader.join(timeout=5)
        os.close(self.fd)


class JournalWatch:
    """Polls the journal file and notes when each marker has been written to it."""

    def __init__(self, path: Path, entries: list[Entry], lock: threading.Lock, pid: int) -> None:
        self.syscall = Path(f"/proc/{pid}/syscall")
        self.path = path
        self.entries = entries
        self.lock = lock
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._poll, daemon=True)
        self.thread.start()

    def _poll(self) -> None:
        inode, offset, carry = -1, 0, b""
        handle = None
        while not self.stop.is_set():
            try:
                st = os.stat(self.path)
            except FileNotFoundError:
                time.sleep(0.001)
                continue
            if st.st_ino != inode or st.st_size < offset:
                if handle is not None:
                    handle.close()
                handle = open(self.path, "rb")  # noqa: SIM115 - reopened when replaced
                inode, offset, carry = st.st_ino, 0, b""
            if st.st_size > offset:
                handle.seek(offset)
                data = handle.read(st.st_size - offset)
                at = time.perf_counter()
                offset += len(data)
                seen = carry + data
                carry = seen[-64:]
                with self.lock:
                    found = [e for e in self.entries
                             if e.enter is not None and e.journal is None and e.marker in seen]
                for entry in found:
                    entry.journal = at
                if found:
                    durable = self._synced()
                    for entry in found:
                        entry.durable = durable
            time.sleep(0.001)
        if handle is not None:
            handle.close()

    def _synced(self) -> float:
        """When the main thread is next seen outside fdatasync (checked twice, 0.1 ms apart,
        so that the moment between its write and its fdatasync is not taken for after)."""
        outside = 0
        while outside < 2:
            try:
                call = self.syscall.read_text().split(" ", 1)[0]
            except OSError:
                break  # the process is gone
            outside = 0 if call == str(FDATASYNC) else outside + 1
            time.sleep(0.0001)
        return time.perf_counter()

    def close(self) -> None:
        self.stop.set()
        self.thread.join()


def start(path: Path, env: dict[str, str]) -> Terminal:
    natverk = str(Path(sys.executable).parent / "natverk")
    terminal = Terminal([natverk, "open", str(path)], env)
    if not terminal.ready.wait(STARTUP_TIMEOUT):
        terminal.kill()
        raise RuntimeError(f"natverk open {path}: no first frame within {STARTUP_TIMEOUT} s")
    time.sleep(0.3)  # the first frame is drawn; let mounting settle before typing
    return terminal


def type_until_killed(
    terminal: Terminal, path: Path, run: Run, number: int, rng: random.Random, in_snapshot: bool
) -> None:
    """Type and Enter five a second until a random moment, then kill -9. In a run aimed at
    a snapshot, a few entries are followed by a pause, and the kill comes the moment a
    snapshot's temporary file is seen (or at the end of the pause)."""
    if in_snapshot:
        pause_at, pause = rng.randrange(3, 8), 4.0
        kill_after = pause_at * PERIOD + pause + 1.0
    else:
        # The kill may come during the pause too, when a background snapshot may be written.
        kill_after = rng.uniform(0.3, 5.0)
        pause_at, pause = rng.randrange(1, 15), rng.uniform(0.0, 4.0)
    watch = JournalWatch(persist.journal_path(path), terminal.entries, terminal.lock, terminal.pid)
    began = time.perf_counter()
    deadline = began + kill_after
    i = 0
    next_at = began
    try:
        while True:
            now = time.perf_counter()
            if now >= deadline:
                break
            if now < next_at:
                if in_snapshot and i >= pause_at:
                    if store.temp_files(path):
                        break
                    time.sleep(0.0005)
                else:
                    time.sleep(min(next_at, deadline) - now)
                continue
            entry = Entry(f"d{run.size}r{number}e{i}q".encode(), f" {run.base + i + 1} bidrag ".encode())
            with terminal.lock:
                terminal.entries.append(entry)
            entry.typed = time.perf_counter()
            terminal.send(entry.marker)
            while entry.echoed is None and time.perf_counter() - entry.typed < ECHO_WAIT:
                if time.perf_counter() >= deadline:
                    break
                time.sleep(0.001)
            if time.perf_counter() >= deadline:
                break
            entry.enter = time.perf_counter()
            terminal.send(b"\r")
            i += 1
            next_at = entry.enter + PERIOD + (pause if i == pause_at else 0.0)
        run.snapshot_in_flight = bool(store.temp_files(path))
        run.killed_at = time.perf_counter()
        terminal.kill()
    finally:
        watch.close()
    run.entries = list(terminal.entries)


@dataclass
class Checked:
    entered: int
    lost: int
    in_flight: int
    kept: int
    temps: int


def check(path: Path, run: Run) -> Checked:
    """After the reopen: which of the run's contributions are in the session now."""
    texts = {c.text for c in persist.read_session(path).contributions}
    entered = [e for e in run.entries if e.screen is not None and e.screen < run.killed_at]
    in_flight = [e for e in run.entries if e.enter is not None and e not in entered]
    for e in entered:
        if e.marker.decode() not in texts:
            print(f"lost {e.marker.decode()}: typed {e.typed - run.killed_at:+.3f} s before the"
                  f" kill, echo {_since(e.echoed, run)}, enter {_since(e.enter, run)}, screen"
                  f" {_since(e.screen, run)}, journal {_since(e.journal, run)}", file=sys.stderr)
    return Checked(
        entered=len(entered),
        lost=sum(e.marker.decode() not in texts for e in entered),
        in_flight=len(in_flight),
        kept=sum(e.marker.decode() in texts for e in in_flight),
        temps=len(store.temp_files(path)),
    )


def _since(at: float | None, run: Run) -> str:
    return "-" if at is None else f"{at - run.killed_at:+.3f} s"


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] * 1000


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kills", type=int, default=10,
                        help="kills at a random moment per size (default 10: 30 in all)")
    parser.add_argument("--snapshot-kills", type=int, default=2,
                        help="kills per size aimed at a background snapshot (default 2)")
    parser.add_argument("--seed", type=int, default=9, help="random seed (default 9)")
    parser.add_argument("--sizes", default=",".join(str(s) for s in SIZES),
                        help="contribution counts, comma-separated")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    sizes = [int(s) for s in args.sizes.split(",")]
    rows = []
    began = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        env = clean_env(tmp)
        for size in sizes:
            path = Path(tmp) / f"durability-{size}.toml"
            persist.create_session(filled_session(size), path)
            results: list[Checked] = []
            runs: list[Run] = []
            kills = args.kills + args.snapshot_kills
            aimed = set(rng.sample(range(kills), args.snapshot_kills))
            for number in range(kills + 1):
                terminal = start(path, env)  # the reopen after the previous kill
                if runs:
                    results.append(check(path, runs[-1]))
                if number == kills:
                    terminal.send(b"\x11")  # ctrl+q: the last open only checks
                    terminal.kill()
                    break
                run = Run(size, len(persist.read_session(path).contributions))
                type_until_killed(terminal, path, run, number, rng, number in aimed)
                runs.append(run)
            entries = [e for r in runs for e in r.entries]
            journal = [e.journal - e.enter for e in entries if e.journal and e.enter]
            durable = [e.durable - e.enter for e in entries if e.durable and e.enter]
            echo = [e.echoed - e.typed for e in entries if e.echoed]
            screen = [e.screen - e.enter for r in runs for e in r.entries
                      if e.screen and e.enter and e.screen < r.killed_at]
            rows.append((size, len(runs), sum(r.entered for r in results), sum(r.lost for r in results),
                         sum(r.in_flight for r in results), sum(r.kept for r in results),
                         sum(r.temps for r in results), sum(r.snapshot_in_flight for r in runs),
                         percentile(journal, 0.5), percentile(journal, 0.95),
                         percentile(durable, 0.5), percentile(durable, 0.95),
                         percentile(screen, 0.5), percentile(screen, 0.95),
                         percentile(echo, 0.5), percentile(echo, 0.95)))
    took = time.perf_counter() - began
    print(f"durability: kill -9 of `natverk open` in a pty {COLUMNS}x{ROWS}, Enter every"
          f" {PERIOD * 1000:.0f} ms, seed {args.seed}, {took:.0f} s in all; milliseconds")
    head = ["kills", "entered", "lost", "in flight", "kept", "temp left", "kill in snap",
            "journal p50", "p95", "durable p50", "p95", "screen p50", "p95", "echo p50", "p95"]
    print(f"{'contributions':>13}" + "".join(f"{h:>13}" for h in head))
    for row in rows:
        print(f"{row[0]:>13,}" + "".join(f"{c:>13}" for c in row[1:8])
              + "".join(f"{c:>13.1f}" for c in row[8:]))
    lost = sum(r[3] for r in rows)
    left = sum(r[6] for r in rows)
    worst = max(r[11] for r in rows)
    print(f"goal: 0 lost ({lost}), 0 temp files left ({left}), Enter->durable p95 <= 50 ms at"
          f" every size (worst {worst:.1f} ms)")
    print("echo = a typed marker to its echo in the input, the same run's baseline: how fast"
          " this machine answers a key at all")


if __name__ == "__main__":
    main()
