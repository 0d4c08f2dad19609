"""The round pane: whose turn it is, who is left, and a time box per person."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Digits, Static

from natverk_tui import rounds
from natverk_tui.locale import phrase, t
from natverk_tui.meeting import Change
from natverk_tui.projection import room_label
from natverk_tui.rounds import RoundState
from natverk_tui.timer import clock
from natverk_tui.widgets.line import Line
from natverk_tui.widgets.work_pane import StepView


class RoundPane(Vertical):
    """Shows a RoundState; Space gives the turn to the next person."""

    BINDINGS = [
        Binding("space,enter", "next", phrase("key.next_turn"), id="round.next"),
        Binding("r", "restart", phrase("key.restart_round"), id="round.restart"),
    ]
    # "log": the speaker's time box moves with the step's clock.
    shows = frozenset({"turns", "turn_started", "participants", "log"})

    class NextTurn(Message):
        """The current speaker is done."""

    class Restart(Message):
        """Start the round over."""

    def __init__(
        self,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
        disabled: bool = False,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes, disabled=disabled)
        self.can_focus = True
        self.state: RoundState | None = None

    def compose(self) -> ComposeResult:
        yield Line(id="round-current", markup=False)
        yield Digits("", id="round-clock")
        yield Line(id="round-waiting", markup=False)

    # As a WorkPane ---------------------------------------------------------------

    def show_step(self, view: StepView) -> None:
        session, step = view.session, view.step
        share = rounds.share_of_step(session, step.id)
        self.show(rounds.state(session, step.id, share), step.heading, t("round.no_people"))
        left = rounds.speaker_left(session, step.id, view.timer.elapsed)
        if left is not None:
            self.show_time(left)

    def changed(self, view: StepView, change: Change) -> None:
        self.show_step(view)

    def focus_input(self) -> bool:
        self.focus()
        return True

    def show(self, state: RoundState, title: str, no_people_hint: str) -> None:
        self.state = state
        self.border_title = Content(title)
        current = self.query_one("#round-current", Static)
        if state.current is not None:
            # Projected: a name with its organisation, or the sector alone, never a name
            # beside a union (room_label decides, as for the follow view).
            person = state.current
            who = room_label(person)
            if person.name and person.role and "#" not in who:
                who += f" · {person.role}"
            current.update(Content(t("round.now", who=who)))
        elif state.done:
            current.update(t("round.everyone"))
        else:
            current.update(no_people_hint)
        waiting = ", ".join(room_label(p) for p in state.waiting) or "–"
        self.query_one("#round-waiting", Static).update(Content(
            t("round.waiting", left=state.left, names=waiting, done=len(state.done))
        ))
        self.query_one("#round-clock", Digits).display = (
            state.per_person is not None and state.current is not None
        )

    def show_time(self, seconds_left: float) -> None:
        """The current speaker's time box; turns to the warning colour when used up."""
        self.query_one("#round-clock", Digits).update(clock(seconds_left))
        self.set_class(seconds_left < 0, "-over")

    def action_next(self) -> None:
        self.post_message(self.NextTurn())

    def action_restart(self) -> None:
        self.post_message(self.Restart())
