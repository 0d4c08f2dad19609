"""The follow view's body: what the room has said and decided on this step, paged.

Content that does not fit is split into pages with a visible "page 1/2"; the screen turns
them (and PgDn/PgUp do, in the follow view only: there the keys take no step)."""

from __future__ import annotations

from dataclasses import dataclass

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.segment import Segment
from rich.table import Table
from rich.text import Text
from textual.content import Content
from textual.events import Resize
from textual.widgets import Static

from natverk_tui.layout import action_columns, bar_width, pages
from natverk_tui.locale import t
from natverk_tui.model import StepKind
from natverk_tui.projection import ActionView, Projection, VoteRow


def _title(text: str) -> Text:
    return Text(text, style="bold underline")


def _bullets(items: list[tuple[str, tuple[str, ...]]]) -> Table:
    table = Table.grid(padding=(0, 1))
    table.add_column(width=1, no_wrap=True)
    table.add_column(ratio=1)
    for text, tags in items:
        line = Text(text)
        if tags:
            line.append(f"  · {' · '.join(tags)}", style="italic")
        table.add_row("•", line)
    return table


def vote_table(rows: tuple[VoteRow, ...], width: int, revealed: bool) -> Table:
    """Labels wrap whole in their own column; the bars and counts sit beside them."""
    table = Table.grid(padding=(0, 1))
    if not revealed:
        table.add_column(width=1, no_wrap=True)
        table.add_column(ratio=1)
        for row in rows:
            table.add_row("•", Text(row.text))
        return table
    bars = bar_width(width)
    top = max((r.count or 0 for r in rows), default=0) or 1
    table.add_column(width=3, justify="right", no_wrap=True)
    table.add_column(ratio=1)
    table.add_column(width=bars, no_wrap=True)
    table.add_column(width=3, justify="right", no_wrap=True)
    for row in rows:
        count = row.count or 0
        mark = Text(row.mark, style="bold")
        bar = Text("█" * round(bars * count / top), style="bold")
        table.add_row(mark, Text(row.text), bar, Text(str(count), style="bold"))
    return table


def action_table(actions: tuple[ActionView, ...], width: int) -> Table:
    columns = action_columns(width)
    table = Table(box=None, padding=(0, 1), show_edge=False, header_style="bold")
    for column in columns:
        table.add_column(t(f"md.{column}"), ratio=2 if column in ("what", "area") else None,
                         no_wrap=column == "due")
    for action in actions:
        cells = {
            "what": action.what, "owner": action.owner, "status": action.status, "area": action.area,
            # Without the status column an overdue date still says so, in words.
            "due": action.due + (f" ({t('projector.overdue')})"
                                 if action.overdue and "status" not in columns else ""),
        }
        table.add_row(*(Text(cells[c], style="bold" if action.overdue else "") for c in columns))
    return table


def body(view: Projection, width: int) -> RenderableType:
    """The parts of the body for a projection, laid out for `width` cells."""
    parts: list[RenderableType] = []
    if view.groups:
        parts.append(_title(t("projector.groups")))
        table = Table.grid(padding=(0, 1))
        table.add_column(no_wrap=True, style="bold")
        table.add_column(ratio=1)
        for group in view.groups:
            table.add_row(group.name, Text(", ".join(group.members)))
        parts += [table, Text("")]
    if view.shows_top:
        parts.append(_title(t("projector.top")))
        if view.top_hidden:
            parts.append(Text(t("projector.top_hidden")))
        elif view.top:
            parts.append(vote_table(view.top, width, revealed=True))
        else:
            parts.append(Text(t("projector.none")))
        parts.append(Text(""))
    kind = view.kind
    if kind is StepKind.DISCUSSION:
        parts.append(_bullets([(c.text, c.tags) for c in view.contributions])
                     if view.contributions else Text(t("projector.none")))
    elif kind is StepKind.VOTE and view.vote is not None:
        vote = view.vote
        status = t("projector.voted", n=vote.voted)
        if not vote.revealed:
            status += " · " + t("projector.hidden")
        parts += [Text(status, style="italic"), vote_table(vote.rows, width, vote.revealed)]
    elif kind in (StepKind.ACTIONS, StepKind.ACTION_REVIEW):
        parts.append(action_table(view.actions, width) if view.actions else Text(t("projector.none")))
    elif kind is StepKind.ROUND and view.round is not None:
        turn = view.round
        if turn.current:
            parts.append(Text(t("projector.round_now", who=turn.current), style="bold"))
            if turn.waiting:
                parts.append(Text(t("projector.round_next", names=", ".join(turn.waiting))))
        else:
            parts.append(Text(t("projector.round_done", n=turn.done)))
    elif kind in (StepKind.EXPECTATIONS, StepKind.REFLECTION):
        parts.append(_bullets([(e.text, e.tags) for e in view.expectations])
                     if view.expectations else Text(t("projector.none")))
    elif kind is StepKind.FOLLOWUP:
        for name, value in view.followup:
            parts.append(Text.assemble((f"{name}: ", "bold"), value))
    if view.info:
        parts.append(Text(view.info, style="bold"))
    return Group(*parts)


def _count(view: Projection) -> int:
    return len(view.contributions) + len(view.expectations) + len(view.actions)


@dataclass(frozen=True)
class _Page:
    """Lines already laid out: one page of the body."""

    lines: list[list[Segment]]

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for line in self.lines:
            yield from line
            yield Segment.line()


class RoomBody(Static, can_focus=False):
    """`show(view)` draws the body; `turn(delta)` moves a page; the subtitle counts pages.

    The body is laid out here, at the pane's width, and cut into pages of its height, so a
    change is one frame: no scrolling that waits for the next layout to know its size."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.view: Projection | None = None
        self.page = 0
        self.page_count = 1
        self._lines: list[list[Segment]] = []
        self._to_end = False

    def show(self, view: Projection) -> None:
        old = self.view
        same_step = old is not None and old.step_id == view.step_id
        self.view = view
        if not same_step:
            self.page = 0
        elif old is not None and _count(view) > _count(old):
            # Something new was said: turn to the last page, where it is.
            self._to_end = True
        self._draw()

    def _draw(self) -> None:
        width, height = self.content_region.width, self.content_region.height
        if self.view is None or width <= 0 or height <= 0:
            return
        console = self.app.console
        self._lines = console.render_lines(
            body(self.view, width), console.options.update(width=width, height=None), pad=False)
        self.page_count = pages(len(self._lines), height)
        if self._to_end:
            self._to_end, self.page = False, self.page_count - 1
        self.page = min(self.page, self.page_count - 1)
        self._place()

    def _place(self) -> None:
        height = self.content_region.height
        start = self.page * height
        self.update(_Page(self._lines[start:start + height]))
        self.border_subtitle = (
            Content(t("projector.page", n=self.page + 1, total=self.page_count))
            if self.page_count > 1 else "")

    def turn(self, delta: int) -> None:
        """The next page (or the previous one), round to the first after the last."""
        self.page = (self.page + delta) % self.page_count
        self._place()

    def on_resize(self, event: Resize) -> None:
        self._draw()
