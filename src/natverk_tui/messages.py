"""Messages that any screen or pane posts upward to the app."""

from __future__ import annotations

from textual.message import Message


class SessionEdited(Message):
    """The session in memory changed: the app autosaves it (in a worker) and refreshes."""

    def __init__(self, what: str = "") -> None:
        super().__init__()
        self.what = what


class RoomChanged(Message):
    """A phone changed the meeting (through Meeting): the app saves and the screens refresh.
    `what` is "submit" (the queue grew), "accept" (auto-accepted) or "vote" (a phone's
    ballot)."""

    def __init__(self, what: str) -> None:
        super().__init__()
        self.what = what
