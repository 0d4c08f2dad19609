"""When Python's full garbage collections run: at a moment the app picks, never inside a frame.

CPython starts a full collection from whatever allocation crosses its threshold, so a pass of
20-40 ms (the objects made since start: the meeting's contributions, their rows, the room's
phones) lands inside whatever the event loop is doing at that moment: drawing the move to a
vote, answering thirty phones. Added to that work it stalls the app past what a person notices.

The app takes the full passes over while it runs: the young generations stay automatic (a
millisecond or so each), and the full pass runs on the app's timer as a callback of its own,
so the longest stall is the longer of the two, not their sum. What exists once the first
screen is drawn (the library, the programme, the widgets) lives all day and is frozen out of
the passes altogether.
"""

from __future__ import annotations

import gc

# Often enough that garbage from a busy room stays a few megabytes; each pass takes the
# time of one frame or so.
FULL_EVERY_SECONDS = 10.0
# A threshold the count of young collections never reaches (the C int's largest).
_NEVER = 2**31 - 1


class FullCollections:
    """The app's hold on full collections: take at start, give back at exit."""

    def __init__(self) -> None:
        self._saved: tuple[int, int, int] | None = None

    @property
    def held(self) -> bool:
        return self._saved is not None

    def take(self) -> None:
        """Full collections no longer start on their own (until `give_back`)."""
        if self._saved is None:
            young, middle, full = gc.get_threshold()
            self._saved = (young, middle, full)
            gc.set_threshold(young, middle, _NEVER)

    def freeze(self) -> None:
        """Everything alive now is left out of every later pass (it lives all day)."""
        gc.freeze()

    def run(self) -> None:
        """One full pass, as the app's own callback."""
        if self._saved is not None:
            gc.collect()

    def give_back(self) -> None:
        """Python's own thresholds again, and the frozen objects back in its passes."""
        if self._saved is not None:
            gc.set_threshold(*self._saved)
            self._saved = None
            gc.unfreeze()
