"""Messages the app sends to its screens."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual.message import Message

from natverk_tui.meeting import Change


@dataclass
class SessionChanged(Message):
    """The meeting changed (through Meeting, the one door): what changed, so a screen can
    refresh what shows it. The app posts one to each screen; it has saved already."""

    bubble: ClassVar[bool] = False  # the app sent it; it stops at the screen

    change: Change
