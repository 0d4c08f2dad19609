"""A contribution entered in the main app, to the same contribution on the follow view.

Two real pseudo-terminals: `natverk run agendas/heldag.toml --session S` at 160x45, moved to
the first discussion step with PgDn, and `natverk follow S` at 64x20 (what a projector with a
large font shows). For each contribution the text is typed into the main app, then Enter is
written; the time runs from that Enter to the first output of the follow view's terminal
that holds the text. The follow view never sees typed text, only what the main app saved:
so the figure is the whole path, Enter -> Meeting -> autosave (atomic write and fsync) ->
the follow view's 50 ms poll -> reading and projecting the file -> its frame.

Bounded: --count contributions (default 40), each waited for at most 5 s.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import select
import statistics
import sys
import tempfile
import time
from pathlib import Path

from natverk_tui.follow import signature

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import clean_env, spawn_in_pty

WAIT = 5.0
PAGE_DOWN = b"\x1b[6~"


class Term:
    """A child process on a pty of its own size; its output is kept and drained."""

    def __init__(self, argv: list[str], env: dict[str, str], cols: int, rows: int) -> None:
        pid, fd = spawn_in_pty(argv, env, cols, rows)
        self.pid, self.fd = pid, fd
        self.output = bytearray()
        self.mark = 0  # where the search for the next marker starts

    def write(self, data: bytes) -> None:
        os.write(self.fd, data)

    def stop(self) -> None:
        self.write(b"\x11")  # ctrl+q
        end = time.monotonic() + 10
        while time.monotonic() < end:
            done, _ = os.waitpid(self.pid, os.WNOHANG)
            if done:
                break
            pump([self], 0.1)
        else:
            os.kill(self.pid, 9)
            os.waitpid(self.pid, 0)
        os.close(self.fd)


def pump(terms: list[Term], timeout: float) -> float:
    """Read what is ready from any terminal; returns the time the reading ended."""
    ready, _, _ = select.select([t.fd for t in terms], [], [], timeout)
    for term in terms:
        if term.fd in ready:
            with contextlib.suppress(OSError):
                term.output += os.read(term.fd, 1 << 16)
    return time.perf_counter()


def wait_for(
    term: Term, marker: bytes, others: list[Term], limit: float,
    saved: tuple[Path, list[float]] | None = None,
) -> float | None:
    """Seconds until `marker` is in `term`'s output after its mark, or None after `limit`.
    With `saved`, also notes when the session on disk changed (its file or its journal)."""
    start = time.perf_counter()
    before = _stamp(saved[0]) if saved else None
    while time.perf_counter() - start < limit:
        at = pump([term, *others], 0.002)
        if saved and before is not None and _stamp(saved[0]) != before:
            saved[1].append(at - start)
            before = None
        if marker in term.output[term.mark:]:
            return at - start
    return None


def _stamp(path: Path) -> object:
    """The session file and its journal, as the follow view compares them."""
    return signature(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=40, help="contributions (default 40)")
    args = parser.parse_args()
    bindir = Path(sys.executable).parent
    with tempfile.TemporaryDirectory() as tmp:
        env = clean_env(tmp)
        session = f"{tmp}/follow.toml"
        main_app = Term([str(bindir / "natverk"), "run", "agendas/heldag.toml",
                         "--session", session], env, 160, 45)
        assert wait_for(main_app, b"presentera", [], 60) is not None, "main app did not start"
        for _ in range(3):  # round -> background -> expectations -> tema1.a
            main_app.write(PAGE_DOWN)
            pump([main_app], 0.3)
        follow = Term([str(bindir / "natverk"), "follow", session], env, 64, 20)
        assert wait_for(follow, b"osund", [main_app], 60) is not None, "follow view did not start"
        pump([main_app, follow], 0.5)

        latencies: list[float] = []
        saves: list[float] = []
        missed = 0
        for i in range(args.count):
            text = f"Bidrag{i:03d}q".encode()
            main_app.write(text)
            pump([main_app, follow], 0.05)
            follow.mark = len(follow.output)
            main_app.write(b"\r")
            seen = wait_for(follow, text, [main_app], WAIT, (Path(session), saves))
            if seen is None:
                missed += 1
            else:
                latencies.append(seen)
            pump([main_app, follow], 0.2)  # the room's pace: not one Enter on top of another
        follow.stop()
        main_app.stop()

    if not latencies:
        raise SystemExit(f"none of {args.count} contributions reached the follow view")
    print(f"Enter in the main app (pty 160x45) to the text on `natverk follow` (pty 64x20),"
          f" {args.count} contributions; milliseconds")
    print(f"{'':24}{'p50':>8}{'p95':>8}{'min':>8}{'max':>8}{'missed':>8}")
    for label, found, lost in (("Enter -> follow view", latencies, missed),
                               ("Enter -> on disk", saves, args.count - len(saves))):
        if not found:
            print(f"{label:24}{'-':>8}{'-':>8}{'-':>8}{'-':>8}{lost:8d}")
            continue
        values = sorted(v * 1000 for v in found)
        p95 = values[min(len(values) - 1, round(0.95 * (len(values) - 1)))]
        print(f"{label:24}{statistics.median(values):8.0f}{p95:8.0f}{values[0]:8.0f}"
              f"{values[-1]:8.0f}{lost:8d}")
    print("goal: Enter -> follow view p95 <= 200 ms, 0 missed")


if __name__ == "__main__":
    main()
