"""Proposed groups shown large for the projector; a cursor picks a person to move."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid
from textual.content import Content
from textual.message import Message
from textual.widgets import Static

from natverk_tui.locale import phrase, t
from natverk_tui.model import Group


class GroupBoard(Grid, can_focus=True):
    """One card per group. The screen sets `groups` and `labels` with `show()`; moving a
    person is asked for with a Moved message, and the screen decides."""

    BINDINGS = [
        Binding("down", "cursor(1)", phrase("key.next_person"), show=False),
        Binding("up", "cursor(-1)", phrase("key.previous_person"), show=False),
        Binding("right", "shift(1)", phrase("key.move_next_group"), id="move-next"),
        Binding("left", "shift(-1)", phrase("key.move_previous_group"), id="move-previous"),
        *(Binding(str(n), f"move_to({n - 1})", phrase("key.move_to_group", n=n), show=False)
          for n in range(1, 10)),
    ]

    @dataclass
    class Moved(Message):
        """The facilitator asks to move `person` into group number `target` (0-based)."""

        person: str
        target: int

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.groups: list[Group] = []
        self.labels: dict[str, str] = {}
        self.cursor: str | None = None

    def show(self, groups: Sequence[Group], labels: Mapping[str, str]) -> None:
        self.groups = list(groups)
        self.labels = dict(labels)
        everyone = [m for g in self.groups for m in g.members]
        if self.cursor not in everyone:
            self.cursor = everyone[0] if everyone else None
        # At most four columns, the rows as evenly filled as they can be (5 groups: 3 + 2).
        count = max(len(self.groups), 1)
        rows = -(-count // 4)
        self.styles.grid_size_columns = -(-count // rows)
        self.refresh(recompose=True)

    def compose(self) -> ComposeResult:
        for group in self.groups:
            lines = []
            for pid in group.members:
                text = f"{'▸ ' if pid == self.cursor else '  '}{self.labels.get(pid, pid)}"
                lines.append(Content.styled(text, "reverse") if pid == self.cursor else Content(text))
            if not lines:
                lines.append(Content(t("groups.empty")))
            card = Static(Content("\n").join(lines), classes="group-card")
            card.border_title = Content(f"{group.name} ({len(group.members)})")
            if self.cursor in group.members:
                card.add_class("-has-cursor")
            yield card

    def _order(self) -> list[str]:
        return [m for g in self.groups for m in g.members]

    def action_cursor(self, delta: int) -> None:
        order = self._order()
        if not order:
            return
        index = order.index(self.cursor) if self.cursor in order else 0
        self.cursor = order[(index + delta) % len(order)]
        self.refresh(recompose=True)

    def _current_group(self) -> int | None:
        for i, group in enumerate(self.groups):
            if self.cursor in group.members:
                return i
        return None

    def action_shift(self, delta: int) -> None:
        here = self._current_group()
        if here is not None and self.cursor is not None and len(self.groups) > 1:
            self.post_message(self.Moved(self.cursor, (here + delta) % len(self.groups)))

    def action_move_to(self, target: int) -> None:
        here = self._current_group()
        if self.cursor is not None and target < len(self.groups) and target != here:
            self.post_message(self.Moved(self.cursor, target))
