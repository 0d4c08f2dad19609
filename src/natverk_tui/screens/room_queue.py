"""The moderation queue: what phones sent, read by the facilitator before the room sees it."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from natverk_tui.locale import phrase, t
from natverk_tui.meeting import Meeting
from natverk_tui.messages import SessionChanged
from natverk_tui.screens.ask_text import AskText
from natverk_tui.widgets.key_bar import KeyBar


class RoomQueueScreen(Screen[None]):
    """Oldest first. Nothing here is shown on the meeting screen until it is accepted."""

    BINDINGS = [
        Binding("enter,a", "accept", phrase("key.accept"), id="queue.accept"),
        Binding("e", "edit", phrase("key.accept_edit"), id="queue.edit"),
        Binding("r,delete,d", "reject", phrase("key.reject"), id="queue.reject"),
        Binding("A", "accept_all", phrase("key.accept_all"), id="queue.accept_all"),
        Binding("ctrl+z", "undo", phrase("key.undo"), show=False, id="queue.undo"),
        Binding("escape,ctrl+l", "close", phrase("key.close"), id="queue.close"),
    ]

    def __init__(self, meeting: Meeting) -> None:
        super().__init__()
        self.meeting = meeting

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="queue-pane"):
            yield OptionList(id="queue-items", markup=False)
            yield Static(Content(t("queue.empty")), id="queue-empty")
        yield KeyBar()

    def on_mount(self) -> None:
        self.show_queue()
        self.query_one(OptionList).focus()

    @on(SessionChanged)
    def _session_changed(self, event: SessionChanged) -> None:
        if "queue" in event.change.fields:
            self.show_queue()

    def show_queue(self) -> None:
        """Phones sent more, or an item was handled: show the queue as it is now."""
        items = self.meeting.session.queue
        box = self.query_one(OptionList)
        keep = self._highlighted()
        plan = self.meeting.session.plan
        options = []
        for item in items:
            where = f"{plan.step(item.step).heading} · {t(f'queue.kind.{item.kind.value}')}"
            flags = f"  ⚑ {', '.join(_flag_label(f) for f in item.flags)}" if item.flags else ""
            options.append(Option(Content.assemble(
                (where + flags, "dim"), "\n", Content(item.text)), id=item.id))
        box.set_options(options)
        ids = [item.id for item in items]
        if ids:
            box.highlighted = ids.index(keep) if keep in ids else 0
        box.display = bool(ids)
        self.query_one("#queue-empty").display = not ids
        self.query_one("#queue-pane").border_title = Content(t("queue.title", n=len(ids)))

    def _highlighted(self) -> str | None:
        box = self.query_one(OptionList)
        index = box.highlighted
        return None if index is None or index >= box.option_count else box.get_option_at_index(index).id

    def _done(self, notice: str) -> None:
        self.show_queue()  # at once: the keys that follow act on what is highlighted now
        self.notify(notice)

    def action_accept(self) -> None:
        if (item_id := self._highlighted()) is not None:
            self.meeting.accept(item_id)
            self._done(t("queue.accepted", n=1))

    def action_edit(self) -> None:
        if (item_id := self._highlighted()) is None:
            return
        text = self.meeting.queue_item(item_id).text

        def edited(value: str | None) -> None:
            if value is None or item_id not in {q.id for q in self.meeting.session.queue}:
                return
            accepted = self.meeting.accept(item_id, value)
            self._done(t("queue.accepted", n=1) if accepted else t("queue.rejected"))

        self.app.push_screen(AskText(t("queue.edit_prompt"), text), edited)

    def action_reject(self) -> None:
        if (item_id := self._highlighted()) is not None:
            self.meeting.reject(item_id)
            self._done(t("queue.rejected"))

    def action_accept_all(self) -> None:
        accepted = self.meeting.accept_all()
        if accepted:
            self._done(t("queue.accepted", n=len(accepted)))

    def action_undo(self) -> None:
        what = self.meeting.undo()
        if what is not None:
            self.show_queue()
            self.notify(t("undo.done", what=t(f"undo.{what}")))

    def action_close(self) -> None:
        self.dismiss(None)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_accept()


def _flag_label(flag: str) -> str:
    """The room's word for a flag the guard set (a kind it knows), else the flag as stored."""
    from natverk_tui.guard import Kind, kind_label

    return kind_label(Kind(flag)) if flag in set(Kind) else flag
