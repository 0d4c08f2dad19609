"""The pane of the follow-up step: last meeting's open actions, one at a time, for the room
to decide on (done, continue, new owner, drop)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Static

from natverk_tui import followup
from natverk_tui.followup import Decision, describe
from natverk_tui.locale import label, phrase, t
from natverk_tui.meeting import Change
from natverk_tui.model import Action
from natverk_tui.widgets.work_pane import StepView


class ActionReview(VerticalScroll, can_focus=True):
    """Shows the carried actions; the one in focus is large. Keys post `Decided`; the
    screen applies the decision through followup.py and sets `actions` again."""

    BINDINGS = [
        Binding("k", "decide('done')", phrase("followup.key_done"), id="carried.done"),
        Binding("f", "decide('continue')", phrase("followup.key_continue"), id="carried.continue"),
        Binding("o", "decide('new_owner')", phrase("followup.key_owner"), id="carried.owner"),
        Binding("x", "decide('drop')", phrase("followup.key_drop"), id="carried.drop"),
        Binding("down,j", "move(1)", phrase("followup.key_next"), id="carried.next"),
        Binding("up", "move(-1)", phrase("followup.key_previous"), show=False, id="carried.previous"),
    ]

    @dataclass
    class Decided(Message):
        action_id: str
        decision: Decision

    index: reactive[int] = reactive(0)
    shows = frozenset({"actions"})

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.actions: list[Action] = []
        self.undecided: set[str] = set()
        self.today: dt.date | None = None  # set by show(), from the app's clock

    def compose(self) -> ComposeResult:
        yield Static("", id="review-current")
        yield Static("", id="review-list")

    # As a WorkPane ---------------------------------------------------------------

    def show_step(self, view: StepView) -> None:
        session = view.session
        self.show(followup.carried_actions(session), followup.undecided(session), view.today,
                  view.title)

    def changed(self, view: StepView, change: Change) -> None:
        """After a decision (or its undo) the room goes on with the first undecided one."""
        self.show_step(view)
        left = [a.id for a in self.actions if a.id in self.undecided]
        if left:
            self.index = [a.id for a in self.actions].index(left[0])

    def focus_input(self) -> bool:
        self.focus()
        return True

    def show(self, actions: list[Action], undecided: list[Action], today: dt.date,
             title: str) -> None:
        self.border_title = Content(title)
        self.actions = actions
        self.undecided = {a.id for a in undecided}
        self.today = today
        if self.index >= len(actions):
            self.index = max(0, len(actions) - 1)
        self._render_all()

    def watch_index(self) -> None:
        if self.is_mounted:
            self._render_all()

    def current(self) -> Action | None:
        return self.actions[self.index] if self.actions else None

    def _render_all(self) -> None:
        current = self.query_one("#review-current", Static)
        listing = self.query_one("#review-list", Static)
        action = self.current()
        if action is None:
            current.update(Content(t("followup.none_carried")))
            current.set_class(False, "-overdue")
            listing.update("")
            return
        late = self.today is not None and action.overdue(self.today)
        current.set_class(late, "-overdue")
        due = action.due.isoformat() if action.due else "–"
        status = label(action.status) + (f" · {t('md.overdue')}" if late else "")
        parts: list[Content | str | tuple[str, str]] = [
            (t("followup.counter", n=self.index + 1, total=len(self.actions)), "$text-muted"), "\n",
            (action.what, "bold"), "\n",
            f"{t('md.owner')}: {action.owner or '–'}   {t('md.due')}: {due}   ",
            (f"{t('md.status')}: {status}", "bold" if late else ""),
        ]
        if action.note:
            parts.append(f"\n{t('md.notes')}: {action.note}")
        # An undecided action's last event is the carry itself, which says nothing new.
        if action.history and action.id not in self.undecided:
            last = action.history[-1]
            parts += ["\n", (f"{last.at:%Y-%m-%d}  {describe(last)}", "$text-muted")]
        current.update(Content.assemble(*parts))
        lines: list[Content | str | tuple[str, str]] = []
        for i, a in enumerate(self.actions):
            mark = "▶ " if i == self.index else "  "
            state = "…" if a.id in self.undecided else label(a.status)
            lines.append(f"{mark}{a.what} ({a.owner or '–'}) · ")
            lines.append((f"{state}\n", "bold" if a.id in self.undecided else "$text-muted"))
        listing.update(Content.assemble(*lines).rstrip())

    def action_move(self, step: int) -> None:
        if self.actions:
            self.index = (self.index + step) % len(self.actions)

    def action_decide(self, decision: str) -> None:
        if action := self.current():
            self.post_message(self.Decided(action.id, Decision(decision)))
