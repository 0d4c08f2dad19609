"""Memory of a real app process: natverk on a session with 1,000 and 10,000 contributions
in the current step, against the bare Textual app, in the same run.

Each sample forks a pseudo-terminal of 160x45, starts the command, waits for its first full
frame (the Footer's quit label, and for natverk a word of the step's question), lets
it settle for a moment (timers, the first autosave, the collector's freeze) and reads the
process's resident set size (VmRSS in /proc). Then it sends ctrl+q and waits for the exit.
The ratio is the median of each run's natverk RSS over that run's bare RSS.
"""

from __future__ import annotations

import argparse
import os
import select
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import ROOT, clean_env, filled_session, spawn_in_pty
from natverk_tui import store

COLUMNS, ROWS = 160, 45
TIMEOUT = 60.0
SETTLE = 1.5
SIZES = (0, 1_000, 10_000)
FOOTER = b"Avsluta"


def rss_after_first_frame(argv: list[str], env: dict[str, str], marker: bytes) -> int:
    """Resident bytes of the process once `marker` and the Footer are on its terminal."""
    pid, fd = spawn_in_pty(argv, env, COLUMNS, ROWS)
    start = time.perf_counter()
    output = bytearray()
    seen: set[bytes] = set()
    shown_at: float | None = None
    rss = 0
    try:
        while True:
            now = time.perf_counter()
            if now - start > TIMEOUT:
                raise RuntimeError(f"no first frame within {TIMEOUT} s: {bytes(output[-400:])!r}")
            if shown_at is not None and now - shown_at >= SETTLE:
                rss = resident(pid)
                os.write(fd, b"\x11")  # ctrl+q
                break
            ready, _, _ = select.select([fd], [], [], 0.1)
            if not ready:
                continue
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            output += chunk
            tail = bytes(output[-(len(chunk) + 64):])
            seen.update(m for m in (marker, FOOTER) if m in tail)
            if shown_at is None and seen == {marker, FOOTER}:
                shown_at = time.perf_counter()
        # Drain until the child closes the terminal, so it can exit.
        while True:
            ready, _, _ = select.select([fd], [], [], 5.0)
            if not ready:
                break
            try:
                if not os.read(fd, 65536):
                    break
            except OSError:
                break
    finally:
        os.close(fd)
        os.waitpid(pid, 0)
    if not rss:
        raise RuntimeError(f"{argv} exited before its first frame: {bytes(output[-400:])!r}")
    return rss


def resident(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise RuntimeError("no VmRSS")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3, help="samples per app and size (default 3)")
    args = parser.parse_args()

    bindir = Path(sys.executable).parent
    results: dict[str, list[int]] = {"bare": []}
    with tempfile.TemporaryDirectory() as tmp:
        env = clean_env(tmp)
        sessions = {}
        for count in SIZES:
            session = filled_session(count)
            session.log = []  # a meeting not yet started: `open` does not ask to continue
            path = Path(tmp) / f"s{count}.toml"
            store.save_session(session, path)
            sessions[count] = path
            results[f"{count:,}"] = []
        bare = [sys.executable, str(ROOT / "benchmarks" / "bare_app.py")]
        # One untimed round first, then rounds of every app in turn.
        for i in range(args.runs + 1):
            runs = [("bare", bare, b"presentera")]
            for count, path in sessions.items():
                # A word of the step's question: the step is on screen, with its list.
                runs.append((f"{count:,}", [str(bindir / "natverk"), "open", str(path)], b"risker"))
            for name, argv, marker in runs:
                rss = rss_after_first_frame(argv, env, marker)
                if i:
                    results[name].append(rss)

    mib = 1024 * 1024
    bare_runs = results["bare"]
    print(f"resident memory after the first frame, pty {COLUMNS}x{ROWS}, {args.runs} runs each, MiB")
    print(f"{'':34}{'median':>8}{'min':>8}{'max':>8}{'ratio':>8}")
    for name, values in results.items():
        label = "bare Textual app" if name == "bare" else f"natverk, {name} contributions"
        ratio = statistics.median(v / b for v, b in zip(values, bare_runs, strict=True))
        print(f"{label:34}{statistics.median(values) / mib:8.1f}{min(values) / mib:8.1f}"
              f"{max(values) / mib:8.1f}{ratio:8.2f}")
    print("goal: at most 1.5 times the bare app at 1,000 contributions")


if __name__ == "__main__":
    main()
