"""The shape every step pane has (contributions, vote, actions, ...): the screen shows a
step in whichever pane the step's kind calls for, without knowing which one it is."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import ClassVar, Protocol

from natverk_tui.meeting import Change
from natverk_tui.model import PlannedStep, Session
from natverk_tui.timer import TimerState


@dataclass(frozen=True)
class StepView:
    """What a pane is given to show a step. The session is for reading: a pane changes
    nothing, it posts messages and the screen asks the Meeting."""

    session: Session
    step: PlannedStep
    now: dt.datetime  # the app's clock
    timer: TimerState  # the step's clock
    # Few columns (a projector's large font): titles leave out the theme's name, which
    # would push the step's own title past the border's edge.
    narrow: bool = False

    @property
    def title(self) -> str:
        return self.step.title if self.narrow else self.step.heading

    @property
    def today(self) -> dt.date:
        return self.now.date()


class WorkPane(Protocol):
    # The session fields the pane shows: a change to any of them reaches `changed`.
    shows: ClassVar[frozenset[str]]

    def show_step(self, view: StepView) -> None:
        """Show the step from scratch (on arriving at it)."""

    def changed(self, view: StepView, change: Change) -> None:
        """Something it shows changed (by this screen, another one, or undo)."""

    def focus_input(self) -> bool:
        """Put the cursor where the facilitator types; False when the pane has no input."""
