"""Autosave at 1,000 and 10,000 contributions: what it costs and how long it stalls the UI.

Part one times the pieces of a background snapshot: the part on the event loop (app.save():
the session's model_dump and starting the thread worker) and the thread's part (store.dumps
and store.atomic_write). Part two runs the app headless with a 5 ms ticker on the event loop
and adds a contribution every 250 ms through the same message the Enter key posts, once with
saving (each change journaled and fsynced on the loop, snapshots when due) and once without
(the saver detached), alternating; the longest gap between ticks is the longest the UI could
not respond.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import filled_session, ms
from natverk_tui import persist, store
from natverk_tui.app import NatverkApp, make_app
from natverk_tui.settings import Settings
from natverk_tui.widgets.contributions import Contributions

SIZES = (1_000, 10_000)
TICK = 0.005
ADD_EVERY = 0.25


class Collections:
    """The longest full (generation 2) garbage collection: a stall too, caused by allocation."""

    def __init__(self) -> None:
        self.longest = 0.0
        self._start = 0.0
        gc.callbacks.append(self._callback)

    def _callback(self, phase: str, info: dict[str, int]) -> None:
        if info["generation"] != 2:
            return
        if phase == "start":
            self._start = time.perf_counter()
        else:
            self.longest = max(self.longest, time.perf_counter() - self._start)

    def reset(self) -> None:
        self.longest = 0.0

    def close(self) -> None:
        gc.callbacks.remove(self._callback)


class Ticker:
    """Notes the largest gap between ticks of a short interval timer on the event loop."""

    def __init__(self, app: NatverkApp) -> None:
        self.last = time.perf_counter()
        self.gaps: list[float] = []
        app.set_interval(TICK, self._tick)

    def _tick(self) -> None:
        now = time.perf_counter()
        self.gaps.append(now - self.last)
        self.last = now

    def reset(self) -> None:
        self.last = time.perf_counter()
        self.gaps = []


async def measure(count: int, repeats: int, entries: int, path: Path) -> dict[str, float]:
    session = filled_session(count)
    persist.create_session(session, path)
    app = make_app(session, path, prefs=Settings())
    loop_part: list[float] = []
    stalls: dict[bool, list[float]] = {True: [], False: []}
    collections: dict[bool, list[float]] = {True: [], False: []}
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        pane = app.screen.query_one(Contributions)
        for _ in range(repeats):
            await app.workers.wait_for_complete()
            start = time.perf_counter()
            app.save()
            loop_part.append(time.perf_counter() - start)
        await app.workers.wait_for_complete()

        ticker = Ticker(app)
        full_gc = Collections()
        saver = app.saver
        assert saver is not None and app.meeting is not None
        for round_ in range(repeats):
            for saving in (False, True) if round_ % 2 == 0 else (True, False):
                app.saver = saver if saving else None
                if saving:
                    app.meeting.listeners.append(saver.record)
                elif saver.record in app.meeting.listeners:
                    app.meeting.listeners.remove(saver.record)
                await app.workers.wait_for_complete()
                await pilot.pause()
                ticker.reset()
                full_gc.reset()
                for i in range(entries):
                    pane.post_message(Contributions.Added(f"Medan det sparas {round_}.{i}"))
                    await asyncio.sleep(ADD_EVERY)
                await app.workers.wait_for_complete()
                stalls[saving].append(max(ticker.gaps))
                collections[saving].append(full_gc.longest)
        full_gc.close()

    # The thread's part, outside the app, on the same session.
    data = app.session.model_dump(exclude_none=True)
    snapshot, dumps, write = [], [], []
    for _ in range(repeats):
        start = time.perf_counter()
        data = app.session.model_dump(exclude_none=True)
        middle = time.perf_counter()
        text = store.dumps(data)
        end = time.perf_counter()
        store.atomic_write(path, text, store.SESSION_MODE)
        snapshot.append(middle - start)
        dumps.append(end - middle)
        write.append(time.perf_counter() - end)
    return {
        "loop": ms(loop_part)[0], "loop_max": ms(loop_part)[1], "dump": ms(snapshot)[0],
        "dumps": ms(dumps)[0], "write": ms(write)[0], "kb": len(text.encode()) / 1024,
        "stall_off": statistics.median(stalls[False]) * 1000,
        "stall_on": statistics.median(stalls[True]) * 1000,
        "gc_off": statistics.median(collections[False]) * 1000,
        "gc_on": statistics.median(collections[True]) * 1000,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=5, help="repeats of each measure (default 5)")
    parser.add_argument("--entries", type=int, default=12, help="contributions added per stall round")
    args = parser.parse_args()
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for count in SIZES:
            path = Path(tmp) / f"s{count}.toml"
            results[count] = asyncio.run(measure(count, args.repeats, args.entries, path))

    print(f"autosave, headless 160x45, median of {args.repeats}; milliseconds")
    head = ["app.save loop", "(max)", "model_dump", "dumps thr", "write thr", "file KiB",
            "stall off", "stall on", "gc2 off", "gc2 on"]
    print(f"{'contributions':>14}" + "".join(f"{h:>14}" for h in head))
    for count, r in results.items():
        cells = [r["loop"], r["loop_max"], r["dump"], r["dumps"], r["write"], r["kb"],
                 r["stall_off"], r["stall_on"], r["gc_off"], r["gc_on"]]
        print(f"{count:>14,}" + "".join(f"{c:>14.1f}" for c in cells))
    r = results[1_000]
    print(f"stall = longest gap of a {TICK * 1000:.0f} ms ticker while adding a contribution every"
          f" {ADD_EVERY * 1000:.0f} ms, autosave off/on (median of rounds); gc2 = longest full"
          f" garbage collection in the same rounds; goal < 50 ms at 1,000:"
          f" on-loop {r['loop']:.1f} ms, stall {r['stall_on']:.1f} ms")


if __name__ == "__main__":
    main()
