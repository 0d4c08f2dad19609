"""The contributions pane: type what the room says, Enter, and it is in the list.

The list is an OptionList, which draws only the visible lines, so a step with thousands
of contributions stays fast. The pane never changes the session: it posts messages.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, Static
from textual.widgets.option_list import Option

from natverk_tui import grouping
from natverk_tui.locale import label, phrase, t
from natverk_tui.meeting import Change
from natverk_tui.model import Contribution, Sector
from natverk_tui.text import split_paste
from natverk_tui.widgets.item_list import ItemList
from natverk_tui.widgets.work_pane import StepView

SECTOR_KEYS = {"1": Sector.MYNDIGHET, "2": Sector.FORETAG, "3": Sector.FACK, "4": Sector.OVRIGT}


def prompt(item: Contribution, marked: bool = False) -> Content:
    """One line of the list: the text as typed, then its tags, dimmed."""
    tags = [x for x in (item.group, label(item.sector) if item.sector else None) if x]
    parts: list[Content | tuple[str, str]] = []
    if marked:
        parts.append(("⧉ ", "bold reverse"))
    parts.append(Content(item.text))
    if tags:
        parts.append((f"  · {' · '.join(tags)}", "italic $text-muted"))
    return Content.assemble(*parts)


class ContributionList(ItemList):
    """The list part, with the keys that act on the highlighted contribution."""

    BINDINGS = [
        Binding("e", "edit", phrase("key.edit"), id="contribution.edit"),
        Binding("delete,d", "delete", phrase("key.delete"), id="contribution.delete"),
        Binding("m", "merge", phrase("key.merge"), id="contribution.merge"),
        Binding("v", "move", phrase("key.move"), id="contribution.move"),
        Binding("g", "group", phrase("key.group"), id="contribution.group"),
        Binding("1", "sector('1')", phrase("key.sector"), id="contribution.sector1"),
        Binding("2", "sector('2')", show=False),
        Binding("3", "sector('3')", show=False),
        Binding("4", "sector('4')", show=False),
        Binding("escape,i", "back", phrase("key.write"), id="contribution.write"),
    ]

    def _pane(self) -> Contributions:
        return self.query_ancestor(Contributions)

    def _current(self) -> str | None:
        if self.highlighted is None:
            return None
        return self.get_option_at_index(self.highlighted).id

    def action_edit(self) -> None:
        if (cid := self._current()) is not None:
            self._pane().start_edit(cid)

    def action_delete(self) -> None:
        if (cid := self._current()) is not None:
            self.post_message(Contributions.Deleted(cid))

    def action_merge(self) -> None:
        if (cid := self._current()) is not None:
            self._pane().mark_for_merge(cid)

    def action_move(self) -> None:
        if (cid := self._current()) is not None:
            self.post_message(Contributions.MoveRequested(cid))

    def action_group(self) -> None:
        if (cid := self._current()) is not None:
            self._pane().cycle_group(cid)

    def action_sector(self, key: str) -> None:
        if (cid := self._current()) is not None:
            self.post_message(Contributions.Tagged(cid, sector=SECTOR_KEYS[key]))

    def action_back(self) -> None:
        self._pane().query_one(Input).focus()


class ContributionInput(Input):
    """The entry line. A pasted list (one area per line, say from an email) becomes one
    contribution per line instead of only its first line."""

    # The app leaves pasted line breaks to this field (see NatverkApp.on_event).
    PASTES_LINES = True

    async def action_submit(self) -> None:
        """Hand the text on and empty the field in the same step. Keys typed fast, or a
        paste, queued behind this Enter then start on an empty field: emptied later, by the
        pane, they would be lost, and a second Enter would send the same text again."""
        value = self.value
        self.value = ""
        self.post_message(self.Submitted(self, value))

    def _on_paste(self, event: events.Paste) -> None:
        """Each line break in the paste is an Enter: the text up to it (what was typed
        before included) is a contribution; what follows the last one stays to be typed on.
        Editing one contribution, the paste is only text."""
        pane = self.query_ancestor(Contributions)
        if pane.editing is not None:
            return  # Input's own handler (run after this one) inserts the first line
        before, after = self.value[: self.cursor_position], self.value[self.cursor_position :]
        complete, rest, after = split_paste(before, event.text, after)
        if not complete:
            return
        event.stop()
        event.prevent_default()
        self.value = rest + after
        self.cursor_position = len(rest)
        for line in complete:
            self.post_message(Contributions.Added(line))


class Contributions(Vertical):
    """Input above, list below. Attributes down (`show`, `append`, ...), messages up."""

    BINDINGS = [Binding("down", "to_list", phrase("key.to_list"), show=False)]
    shows = frozenset({"contributions", "groups"})

    @dataclass
    class Added(Message):
        text: str

    @dataclass
    class Edited(Message):
        contribution_id: str
        text: str

    @dataclass
    class Deleted(Message):
        contribution_id: str

    @dataclass
    class Tagged(Message):
        contribution_id: str
        sector: Sector | None = None
        group: str | None = None

    @dataclass
    class Merged(Message):
        keep_id: str
        other_id: str

    @dataclass
    class MoveRequested(Message):
        contribution_id: str

    def __init__(
        self,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
        disabled: bool = False,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes, disabled=disabled)
        self.editing: str | None = None
        self.marked: str | None = None
        self.group_names: list[str] = []
        # A contribution to highlight once it is updated (the one kept by a merge).
        self.follow: str | None = None
        self._items: dict[str, Contribution] = {}

    def compose(self) -> ComposeResult:
        yield ContributionInput(placeholder=t("contributions.placeholder"), id="contribution-input")
        yield ContributionList(id="contribution-list")
        yield Static(t("contributions.privacy"), id="contribution-hint", markup=False)

    @property
    def input(self) -> Input:
        return self.query_one(Input)

    @property
    def entries(self) -> ContributionList:
        return self.query_one(ContributionList)

    # As a WorkPane ---------------------------------------------------------------

    def show_step(self, view: StepView) -> None:
        self.group_names = [g.name for g in grouping.groups_for(view.session, view.step.id)]
        self.show(view.session.contributions_for(view.step.id), view.title)

    def changed(self, view: StepView, change: Change) -> None:
        """Update only the lines that changed: a step may hold thousands, and the room's queue
        accepted at once brings dozens in one change."""
        if "groups" in change.fields or not change.ids:
            self.show_step(view)
            return
        step = view.step.id
        wanted = set(change.ids)
        found: dict[str, Contribution] = {}
        # From the end: what changed is most often what was just said.
        for c in reversed(view.session.contributions):
            if c.id in wanted:
                found[c.id] = c
                if len(found) == len(wanted):
                    break
        new: set[str] = set()
        # Last first: a merge names the kept one first, so the other goes before it updates.
        for cid in reversed(change.ids):
            item = found.get(cid)
            listed = cid in self._items
            if item is None or item.step != step:
                if listed:
                    self.remove_item(cid)
            elif listed:
                self.update_item(item)
            else:
                new.add(cid)
        if new:
            tail = self._last_of_step(view, step, len(new))
            if {c.id for c in tail} != new:
                self.show_step(view)  # back in the middle of the list (an undo)
                return
            self.append(*tail)

    @staticmethod
    def _last_of_step(view: StepView, step: str, count: int) -> list[Contribution]:
        """The step's last `count` contributions, in order."""
        tail: list[Contribution] = []
        for c in reversed(view.session.contributions):
            if c.step == step:
                tail.append(c)
                if len(tail) == count:
                    break
        return tail[::-1]

    def focus_input(self) -> bool:
        self.input.focus()
        return True

    def show(self, items: list[Contribution], title: str) -> None:
        """Replace the whole list (on a change of step, an undo or a merge)."""
        self._items = {c.id: c for c in items}
        self.marked = None
        if self.editing is not None and self.editing not in self._items:
            self.cancel_edit()  # the contribution being edited is gone (or on another step)
            self.input.value = ""
        self.entries.set_options(Option(prompt(c), id=c.id) for c in items)
        self.border_title = Content(title)
        self._count()

    def highlight(self, contribution_id: str) -> None:
        self.entries.highlighted = self.entries.get_option_index(contribution_id)

    def append(self, *items: Contribution) -> None:
        """Add lines at the end, in one go, and keep the last in view: no redraw of the rest."""
        for item in items:
            self._items[item.id] = item
        self.entries.add_options([Option(prompt(item), id=item.id) for item in items])
        self.entries.highlighted = self.entries.option_count - 1
        self._count()

    def update_item(self, item: Contribution) -> None:
        self._items[item.id] = item
        self.entries.replace_option_prompt(item.id, prompt(item, item.id == self.marked))
        if item.id == self.follow:
            self.follow = None
            self.highlight(item.id)

    def remove_item(self, contribution_id: str) -> None:
        if contribution_id == self.editing:
            self.cancel_edit()
            self.input.value = ""
        self._items.pop(contribution_id, None)
        self.entries.remove_option(contribution_id)
        self._count()

    def _count(self) -> None:
        self.border_subtitle = t("contributions.count", n=self.entries.option_count)

    def start_edit(self, contribution_id: str) -> None:
        self.editing = contribution_id
        self.input.value = self._items[contribution_id].text
        self.input.placeholder = t("contributions.editing")
        self.add_class("-editing")
        self.input.focus()

    def cancel_edit(self) -> None:
        self.editing = None
        self.remove_class("-editing")
        self.input.placeholder = t("contributions.placeholder")

    def mark_for_merge(self, contribution_id: str) -> None:
        """First `m` marks a contribution, the second merges the marked one into this one."""
        if self.marked is None or self.marked not in self._items:
            self.marked = contribution_id
            self.update_item(self._items[contribution_id])
            self.notify(t("contributions.merge_hint"))
        elif self.marked == contribution_id:
            self.marked = None
            self.update_item(self._items[contribution_id])
        else:
            other, self.marked = self.marked, None
            self.post_message(self.Merged(contribution_id, other))

    def cycle_group(self, contribution_id: str) -> None:
        if not self.group_names:
            self.notify(t("contributions.no_groups"), severity="warning")
            return
        current = self._items[contribution_id].group
        names = self.group_names
        following = names[(names.index(current) + 1) % len(names)] if current in names else names[0]
        if current in names and names.index(current) == len(names) - 1:
            # After the last group, the same key clears the tag.
            self.post_message(self.Tagged(contribution_id, group=current))
            return
        self.post_message(self.Tagged(contribution_id, group=following))

    @on(Input.Submitted, "#contribution-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value.strip()
        if self.editing is not None:
            if text:
                self.post_message(self.Edited(self.editing, text))
            self.cancel_edit()
        elif text:
            self.post_message(self.Added(text))

    def action_to_list(self) -> None:
        # From the input, always onto the first item, as in the actions table.
        if self.entries.option_count:
            self.entries.highlighted = 0
            self.entries.focus()

    def key_escape(self) -> None:
        if self.editing is not None:
            self.cancel_edit()
            self.input.value = ""
