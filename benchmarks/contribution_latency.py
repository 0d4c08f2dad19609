"""Enter to the new contribution on screen, at 100, 1,000 and 10,000 contributions in the step.

The app runs headless (make_app + run_test) on a session standing on tema1.a. For each entry
the input gets a text, then an Enter key event goes to the driver, as a keyboard would send
it; the time runs until the screen has written a frame in which the new line is in the list's
visible window. Headless Textual builds the frame but does not turn it into escape codes, a
small part of a real terminal's cost.

Pilot.press is not used for the timing: it sleeps at least 2 x 20 ms waiting for the process
to go idle, which would hide anything under 40 ms. The pilot figure is printed for reference.
Between entries the previous autosave is allowed to finish, as it would while someone types.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from textual import events
from textual.screen import Screen

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import STEP, filled_session, ms
from natverk_tui.app import NatverkApp, make_app
from natverk_tui.model import now
from natverk_tui.settings import Settings
from natverk_tui.widgets.contributions import Contributions

SIZES = (100, 1_000, 10_000)


class FrameWatch:
    """Wraps app._display: notes when the first frame shows the list's last line."""

    def __init__(self, app: NatverkApp, pane: Contributions) -> None:
        self.app = app
        self.entries = pane.entries
        self.expected = -1
        self.shown = asyncio.Event()
        self.at = 0.0
        self._display = app._display
        app._display = self._frame  # type: ignore[method-assign]

    def _frame(self, screen: Screen[Any], renderable: Any) -> None:
        self._display(screen, renderable)
        entries = self.entries
        if renderable is None or self.shown.is_set() or entries.option_count != self.expected:
            return
        visible = entries.scroll_offset.y + entries.scrollable_content_region.height
        if visible >= self.expected:
            self.at = time.perf_counter()
            self.shown.set()


async def measure(count: int, entries: int, path: Path) -> dict[str, tuple[float, float]]:
    session = filled_session(count)
    app = make_app(session, path, clock=now, prefs=Settings())
    timings: dict[str, list[float]] = {"enter": [], "pilot": [], "meeting": [], "append": [], "save": []}
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        screen = app.screen
        pane = screen.query_one(Contributions)
        assert screen.meeting.step.id == STEP and pane.entries.option_count == count
        watch = FrameWatch(app, pane)
        driver = app._driver
        assert driver is not None
        for i in range(entries):
            await app.workers.wait_for_complete()
            await pilot.pause()
            pane.input.value = f"Nytt bidrag nummer {i}"
            watch.expected = pane.entries.option_count + 1
            watch.shown.clear()
            key = events.Key("enter", "\r")
            key.set_sender(app)
            start = time.perf_counter()
            driver.send_message(key)
            await asyncio.wait_for(watch.shown.wait(), 10)
            timings["enter"].append(watch.at - start)

        # The same through Pilot, which waits for the process to go idle after the key.
        for i in range(entries):
            await app.workers.wait_for_complete()
            await pilot.pause()
            pane.input.value = f"Via pilot {i}"
            before = pane.entries.option_count
            start = time.perf_counter()
            await pilot.press("enter")
            await pilot.pause()
            timings["pilot"].append(time.perf_counter() - start)
            assert pane.entries.option_count == before + 1

        # The calls the Enter handler makes, one at a time.
        meeting = screen.meeting
        for i in range(entries):
            await app.workers.wait_for_complete()
            start = time.perf_counter()
            item = meeting.add_contribution(f"Direkt {i}")
            middle = time.perf_counter()
            assert item is not None
            pane.append(item)
            end = time.perf_counter()
            app.save()
            saved = time.perf_counter()
            timings["meeting"].append(middle - start)
            timings["append"].append(end - middle)
            timings["save"].append(saved - end)
        await app.workers.wait_for_complete()
    return {name: ms(values) for name, values in timings.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entries", type=int, default=30, help="entries per size (default 30)")
    args = parser.parse_args()
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for count in SIZES:
            results[count] = asyncio.run(measure(count, args.entries, Path(tmp) / f"s{count}.toml"))

    print(f"Enter to contribution on screen, headless 160x45, {args.entries} entries per size;"
          " milliseconds, median / max")
    columns = [("enter", "Enter->frame"), ("pilot", "pilot press+pause"),
               ("meeting", "Meeting.add"), ("append", "Contributions.append"),
               ("save", "app.save (loop)")]
    print(f"{'contributions':>14}" + "".join(f"{label:>22}" for _, label in columns))
    for count, row in results.items():
        cells = "".join(f"{row[name][0]:>13.1f} / {row[name][1]:>6.1f}" for name, _ in columns)
        print(f"{count:>14,}{cells}")
    first, last = results[SIZES[0]]["enter"][0], results[SIZES[-1]]["enter"][0]
    print(f"Enter->frame median {SIZES[-1]:,} / {SIZES[0]:,}: {last / first:.2f}x"
          f"   goal <= 1.5x and < 33 ms")


if __name__ == "__main__":
    main()
