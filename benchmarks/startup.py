"""Process start to first frame: `natverk run` on the full-day programme against a bare
Textual app, both in a real pseudo-terminal of 160x45, in the same run.

Each sample forks a pty, starts the command, and times how long until the terminal output
contains a string that only the first full frame has: the question text (the screen's
content) and the Footer's quit label. Then it sends ctrl+q and waits for the exit.
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

from _common import ROOT, clean_env, spawn_in_pty

COLUMNS, ROWS = 160, 45
TIMEOUT = 60.0
# The first step's question of heldag.toml, and the quit key's label in the Footer. The bare
# app shows the same words. Single words: escape codes may split a styled run of text.
CONTENT = b"presentera"
FOOTER = b"Avsluta"


def sample(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Seconds from fork to the content and to the footer appearing on the terminal."""
    start = time.perf_counter()
    pid, fd = spawn_in_pty(argv, env, COLUMNS, ROWS)
    seen: dict[bytes, float] = {}
    output = bytearray()
    quit_sent = False
    try:
        while True:
            ready, _, _ = select.select([fd], [], [], 1.0)
            if time.perf_counter() - start > TIMEOUT:
                raise RuntimeError(f"no first frame within {TIMEOUT} s: {bytes(output[-400:])!r}")
            if not ready:
                continue
            try:
                chunk = os.read(fd, 65536)
            except OSError:  # EIO: the child has closed the terminal
                break
            if not chunk:
                break
            at = time.perf_counter()
            output += chunk
            # Only look at the recent end: the markers are short.
            tail = bytes(output[-(len(chunk) + 64):])
            for marker in (CONTENT, FOOTER):
                if marker not in seen and marker in tail:
                    seen[marker] = at - start
            if len(seen) == 2 and not quit_sent:
                os.write(fd, b"\x11")  # ctrl+q
                quit_sent = True
    finally:
        os.close(fd)
        _, status = os.waitpid(pid, 0)
    if len(seen) < 2:
        raise RuntimeError(f"{argv[0]} exited ({status}) before its first frame: {bytes(output[-400:])!r}")
    return seen[CONTENT], seen[FOOTER]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=11, help="samples per app (default 11)")
    args = parser.parse_args()

    bindir = Path(sys.executable).parent
    with tempfile.TemporaryDirectory() as tmp:
        env = clean_env(tmp)
        bare = [sys.executable, str(ROOT / "benchmarks" / "bare_app.py")]
        runs: dict[str, list[tuple[float, float]]] = {"bare": [], "natverk": []}
        # One untimed run of each first (bytecode, disk cache), then alternate so drifts in
        # the machine's load fall on both alike.
        for i in range(args.runs + 1):
            natverk = [str(bindir / "natverk"), "run", "agendas/heldag.toml",
                       "--session", f"{tmp}/session-{i}.toml"]
            for name, argv in (("bare", bare), ("natverk", natverk)):
                result = sample(argv, env)
                if i:
                    runs[name].append(result)

    def column(name: str, index: int) -> list[float]:
        return [r[index] * 1000 for r in runs[name]]

    print(f"startup to first frame, pty {COLUMNS}x{ROWS}, {args.runs} runs each, milliseconds")
    print(f"{'':22}{'content median':>16}{'min':>8}{'max':>8}{'footer median':>16}{'min':>8}{'max':>8}")
    for name, label in (("bare", "bare Textual app"), ("natverk", "natverk run heldag")):
        cells = ""
        for index in (0, 1):
            values = column(name, index)
            cells += f"{statistics.median(values):16.0f}{min(values):8.0f}{max(values):8.0f}"
        print(f"{label:22}{cells}")
    ratios = []
    for index in (0, 1):
        paired = [n / b for n, b in zip(column("natverk", index), column("bare", index), strict=True)]
        ratios.append(statistics.median(paired))
    print(f"{'ratio (median of pairs)':22}{ratios[0]:16.2f}{'':16}{ratios[1]:16.2f}{'':16}   goal <= 1.30")


if __name__ == "__main__":
    main()
