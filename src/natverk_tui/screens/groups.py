"""Form mixed groups or pairs for a step: ask, propose, reshuffle, move by hand, accept."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from natverk_tui import grouping
from natverk_tui.grouping import Split, SplitKind
from natverk_tui.locale import label, phrase, t
from natverk_tui.meeting import Meeting
from natverk_tui.model import Group, Participant, Session
from natverk_tui.projection import room_label
from natverk_tui.widgets.group_board import GroupBoard
from natverk_tui.widgets.key_bar import KeyBar


class GroupsScreen(ModalScreen[list[Group] | None]):
    """Dismisses with the accepted groups (set through the Meeting), or None."""

    BINDINGS = [
        Binding("escape", "cancel", phrase("groups.key_cancel"), id="cancel-groups"),
        Binding("enter", "accept", phrase("key.accept_groups"), id="accept-groups"),
        Binding("r", "reshuffle", phrase("key.reshuffle"), id="reshuffle"),
        Binding("g", "mode('groups')", phrase("key.mode_groups"), id="mode-groups"),
        Binding("k", "mode('size')", phrase("key.mode_size"), id="mode-size"),
        Binding("p", "mode('pairs')", phrase("key.mode_pairs"), id="mode-pairs"),
    ]

    def __init__(self, meeting: Meeting, step_id: str, seed: int = 0) -> None:
        super().__init__()
        self.meeting = meeting
        session = meeting.session
        self.step_id = step_id
        self.seed = seed
        self.kind = grouping.default_split(session, step_id).kind
        self.value = grouping.default_count(session)
        # A draft the facilitator shapes here; the session changes only on accept. Groups
        # carried from the step before are where the room already sits: start from them.
        self.groups: list[Group] = [
            g.model_copy(deep=True) for g in grouping.groups_for(session, step_id)]

    @property
    def session(self) -> Session:
        return self.meeting.session

    def compose(self) -> ComposeResult:
        step = self.session.plan.step(self.step_id)
        with Vertical(id="groups-dialog"):
            yield Static(t("groups.title", step=step.title, form=label(step.work_form)),
                         id="groups-title", markup=False)
            with Horizontal(id="split-row"):
                yield Static("", id="split-label", markup=False)
                yield Input(str(self.value), type="integer", id="split-value")
                yield Static("", id="groups-summary", markup=False)
            yield GroupBoard(id="board")
        yield KeyBar()

    def on_mount(self) -> None:
        if not self.groups:
            self.groups = self._propose()
        self._show()
        self.query_one(GroupBoard).focus()

    def split(self) -> Split:
        if self.kind is SplitKind.PAIRS:
            return Split.pairs()
        if self.kind is SplitKind.SIZE:
            return Split.size(self.value)
        return Split.groups(self.value)

    def _propose(self) -> list[Group]:
        return grouping.propose_for_step(self.session, self.step_id, self.split(), self.seed)

    def _show(self) -> None:
        key = {SplitKind.GROUPS: "groups.ask_count", SplitKind.SIZE: "groups.ask_size",
               SplitKind.PAIRS: "groups.ask_pairs"}[self.kind]
        self.query_one("#split-label", Static).update(t(key))
        self.query_one("#split-value", Input).display = self.kind is not SplitKind.PAIRS
        earlier = grouping.history(self.session, self.step_id)
        repeats, pairs = grouping.repeated_pairs(self.groups, earlier)
        people = sum(len(g.members) for g in self.groups)
        self.query_one("#groups-summary", Static).update(
            t("groups.summary", people=people, groups=len(self.groups), repeats=repeats, pairs=pairs))
        # The sector shows, so the room can see that each group mixes them; but never a
        # name beside a union (room_label gives "#3 (Fack)" for a union's member).
        labels = {p.id: _group_label(p) for p in self.session.participants}
        self.query_one(GroupBoard).show(self.groups, labels)

    def action_mode(self, kind: str) -> None:
        self.kind = SplitKind(kind)
        if self.kind is SplitKind.PAIRS:
            self.groups = self._propose()
            self._show()
            return
        self._show()
        self.query_one("#split-value", Input).focus()

    @on(Input.Submitted, "#split-value")
    def _value_given(self, event: Input.Submitted) -> None:
        try:
            value = int(event.value)
        except ValueError:
            self.notify(t("groups.bad_number"), severity="warning")
            return
        if value < 1:
            self.notify(t("groups.bad_number"), severity="warning")
            return
        self.value = value
        self.groups = self._propose()
        self._show()
        self.query_one(GroupBoard).focus()

    def action_reshuffle(self) -> None:
        self.seed += 1
        self.groups = self._propose()
        self._show()

    @on(GroupBoard.Moved)
    def _move(self, event: GroupBoard.Moved) -> None:
        self.groups = grouping.move(self.groups, event.person, event.target)
        self._show()

    def action_accept(self) -> None:
        self.dismiss(self.meeting.set_groups(self.step_id, self.groups))

    def action_cancel(self) -> None:
        self.dismiss(None)


def _group_label(person: Participant) -> str:
    shown = room_label(person)
    if shown.startswith("#"):
        return f"{shown} · {person.organisation}" if person.organisation else shown
    return f"{shown} · {label(person.sector)}"
