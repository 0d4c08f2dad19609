"""The question pane: what the room is working on now, large and uncluttered."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.events import Resize
from textual.widgets import Static

from natverk_tui.layout import pages
from natverk_tui.locale import label, t
from natverk_tui.model import PlannedStep, StepKind
from natverk_tui.voting import TallyRow
from natverk_tui.widgets.line import Line


class QuestionPane(VerticalScroll):
    """Shows a step: its question, work form and minutes, the note, and the areas it builds on."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        # The text each line shows now: the screen shows the question again on every change
        # a question may depend on (each contribution, say), and a line updated with the same
        # text would still lay out and draw the whole screen again.
        self._shown: dict[str, str] = {}

    def _set(self, line_id: str, text: str) -> None:
        if self._shown.get(line_id) != text:
            self._shown[line_id] = text
            self.query_one(f"#{line_id}", Static).update(Content(text))

    def compose(self) -> ComposeResult:
        yield Line(id="question-text", markup=False)
        yield Line(id="question-meta", markup=False)
        yield Line(id="question-top", markup=False)
        yield Line(id="question-groups", markup=False)
        yield Line(id="question-note", markup=False)

    def show(
        self,
        step: PlannedStep,
        top: list[TallyRow],
        notes_visible: bool,
        groups: list[str] | None = None,
    ) -> None:
        """`groups`: one line per group of this step ("Grupp 1: Anna, #4, ..."), for the room."""
        self._set("question-groups", "\n".join(groups or []))
        self.query_one("#question-groups", Static).display = bool(groups)
        self._step = step
        self._title()
        text = step.question or step.title
        if step.kind is StepKind.BREAK:
            text = step.title
        self._set("question-text", text)
        meta = f"{label(step.work_form)} · {t('minutes', n=step.minutes)} · {label(step.kind)}"
        if step.kind is StepKind.BREAK:
            meta = t("minutes", n=step.minutes)
        if step.kind is StepKind.VOTE:
            meta += " · " + t("question.dots", n=step.dots)
        if step.kind is StepKind.MEDIA:
            meta += " · " + (t("question.link", link=step.link) if step.link else t("question.no_link"))
        self._set("question-meta", meta)
        top_widget = self.query_one("#question-top", Static)
        if step.shows_top_of:
            lines = [t("question.top")]
            # A tie carries its sign ("=1"), not only a shared number.
            lines += [f"  {'=' if r.tied else ''}{r.rank}. {r.text} ({r.count})" for r in top] or [
                t("question.no_votes")]
            self._set("question-top", "\n".join(lines))
            top_widget.display = True
        else:
            top_widget.display = False
        self._set("question-note", f"{t('question.note')}: {step.notes}" if step.notes else "")
        self.query_one("#question-note", Static).display = notes_visible and bool(step.notes)
        self.scroll_home(animate=False)

    # Pages: with a large font the top areas and groups may not fit; the subtitle says
    # "1/2" and Ctrl+↓ turns the page (PgDn stays the clicker's next step).

    def turn(self, delta: int) -> None:
        height = self.scrollable_content_region.height
        self.scroll_to(y=max(0, self.scroll_y + delta * height), animate=False)
        self.call_after_refresh(self._count_pages)

    def _count_pages(self) -> None:
        height = max(1, self.scrollable_content_region.height)
        count = pages(self.virtual_size.height, height)
        page = count if self.scroll_y >= self.max_scroll_y else int(self.scroll_y // height) + 1
        self.border_subtitle = t("question.pages", n=page, total=count) if count > 1 else ""

    def on_resize(self, event: Resize) -> None:
        self._title()
        self.call_after_refresh(self._count_pages)

    def _title(self) -> None:
        # A border title is cut at the edge: with few columns the step's own title is enough.
        step = getattr(self, "_step", None)
        if step is None:
            return
        fits = len(step.heading) + 6 <= (self.size.width or 200)
        self.border_title = Content(step.heading if fits else step.title)

    def watch_virtual_size(self) -> None:
        # The text's height is known once it is laid out: count the pages then.
        self.call_after_refresh(self._count_pages)
