"""The programme builder: the theme library beside the programme, with its live schedule."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Header, Label, Static

from natverk_tui import builder, store
from natverk_tui.builder import BuildError
from natverk_tui.locale import phrase, t
from natverk_tui.model import Programme, ThemeLibrary
from natverk_tui.resources import slug
from natverk_tui.schedule import hhmm, summary
from natverk_tui.screens.ask_text import AskText
from natverk_tui.screens.ask_yes_no import AskYesNo
from natverk_tui.widgets.key_bar import KeyBar
from natverk_tui.widgets.programme_list import ProgrammeList, Row
from natverk_tui.widgets.theme_library import ThemeLibraryTree

ClockSetter = Callable[[Programme, ThemeLibrary, dt.time | None], Programme]


class BuilderScreen(Screen[Path | None]):
    """Edits a Programme through builder's functions; dismisses with the file last saved."""

    BINDINGS = [
        Binding("a", "add_theme", phrase("builder.key.add"), id="builder.add"),
        Binding("x,delete", "remove", phrase("builder.key.remove"), id="builder.remove"),
        Binding("space", "toggle_step", phrase("builder.key.toggle"), id="builder.toggle"),
        Binding("plus,equals_sign", "minutes(5)", phrase("builder.key.more"), id="builder.more"),
        Binding("minus", "minutes(-5)", phrase("builder.key.less"), id="builder.less"),
        Binding("m", "set_minutes", phrase("builder.key.minutes"), id="builder.minutes"),
        Binding("shift+up,k", "move(-1)", phrase("builder.key.up"), id="builder.up"),
        Binding("shift+down,j", "move(1)", phrase("builder.key.down"), id="builder.down"),
        Binding("p", "pause", phrase("builder.key.pause"), id="builder.pause"),
        Binding("s", "start", phrase("builder.key.start"), id="builder.start"),
        Binding("e", "end_limit", phrase("builder.key.end"), id="builder.end"),
        Binding("t", "title", phrase("builder.key.title"), id="builder.title"),
        Binding("ctrl+s", "save", phrase("builder.key.save"), id="builder.save", priority=True),
        Binding("escape", "close", phrase("builder.key.close"), id="builder.close"),
    ]

    def __init__(
        self,
        library: ThemeLibrary,
        programme: Programme | None = None,
        path: Path | None = None,
        agendas: Path = Path("agendas"),
    ) -> None:
        super().__init__()
        self.library = library
        self.path = path
        self.agendas = agendas
        self.dirty = False
        if programme is None:
            first = "inledning" if "inledning" in {th.id for th in library.themes} else library.themes[0].id
            programme = builder.new_programme(library, [first], t("programme.new_title"))
        self.programme = programme

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="heading")
        with Horizontal(id="panes"):
            with Vertical(id="library-pane"):
                yield Label(t("builder.library"), classes="pane-title")
                yield ThemeLibraryTree(self.library, id="library")
            with Vertical(id="programme-pane"):
                yield Label(t("builder.programme"), classes="pane-title")
                yield ProgrammeList(id="programme")
        yield Static(id="summary")
        yield KeyBar(compact=True)

    def on_mount(self) -> None:
        self.title = t("builder.title")
        self._show(Row(0))
        self.query_one(ProgrammeList).focus()

    # Showing ---------------------------------------------------------------

    def _show(self, keep: Row | None = None) -> None:
        table = self.query_one(ProgrammeList).show(self.programme, self.library, keep)
        p = self.programme
        parts: list[str | tuple[str, str]] = [(p.title, "bold")]
        parts.append(f"   {t('builder.start')} {hhmm(table.start)}")
        if p.start is None:
            parts.append((f" ({t('builder.default')})", "$text-muted"))
        if table.end_limit is not None:
            parts.append(f"   {t('builder.end_limit')} {hhmm(table.end_limit)}")
        where = str(self.path) if self.path else t("builder.unsaved")
        parts.append((f"   {where}{' *' if self.dirty else ''}", "$text-muted"))
        self.query_one("#heading", Static).update(Content.assemble(*parts))
        lines = summary(table)
        status = self.query_one("#summary", Static)
        status.update(Content("\n".join(lines)))
        status.set_class(table.first_over is not None, "over")

    def _edit(self, change: Programme, keep: Row | None = None) -> None:
        self.programme = change
        self.dirty = True
        self._show(keep)

    def _try(self, edit: Callable[[], Programme], keep: Row | None = None) -> None:
        try:
            changed = edit()
        except BuildError as exc:
            self.notify(str(exc), title=t("builder.cannot"), severity="warning")
            return
        self._edit(changed, keep)

    def _current(self) -> Row | None:
        return self.query_one(ProgrammeList).current()

    # Library ---------------------------------------------------------------

    @on(ThemeLibraryTree.Chosen)
    def _chosen(self, event: ThemeLibraryTree.Chosen) -> None:
        self._add(event.theme_id)

    def action_add_theme(self) -> None:
        tree = self.query_one(ThemeLibraryTree)
        node = tree.cursor_node
        if node is None or node.data is None:
            return
        self._add(node.data)

    def _add(self, theme_id: str) -> None:
        row = self._current()
        at = row.item + 1 if row else len(self.programme.items)
        self._try(lambda: builder.add_theme(self.programme, self.library, theme_id, at), Row(at))

    # Programme -------------------------------------------------------------

    def action_remove(self) -> None:
        row = self._current()
        if row is not None:
            self._try(lambda: builder.remove_item(self.programme, self.library, row.item),
                      Row(max(0, min(row.item, len(self.programme.items) - 2))))

    def action_toggle_step(self) -> None:
        row = self._current()
        if row is None or row.step is None:
            self.notify(t("builder.choose_step"), severity="warning")
            return
        step = row.step
        self._try(lambda: builder.toggle_step(self.programme, self.library, row.item, step), row)

    def action_minutes(self, delta: int) -> None:
        row = self._current()
        if row is None:
            return
        minutes = self._minutes_of(row)
        if minutes is None:
            self.notify(t("builder.choose_step"), severity="warning")
            return
        self._set_minutes(row, max(0, minutes + delta))

    def action_set_minutes(self) -> None:
        row = self._current()
        minutes = self._minutes_of(row) if row else None
        if row is None or minutes is None:
            self.notify(t("builder.choose_step"), severity="warning")
            return

        def done(text: str | None) -> None:
            if text is None:
                return
            if not (text.strip().isdecimal() and text.strip().isascii()):
                self.notify(t("builder.not_minutes", text=text), severity="warning")
                return
            self._set_minutes(row, int(text))

        self.app.push_screen(AskText(t("builder.ask_minutes"), str(minutes)), done)

    def _minutes_of(self, row: Row) -> int | None:
        item = self.programme.items[row.item]
        if item.pause is not None:
            return item.pause
        if row.step is None:
            return None
        rows = builder.step_rows(self.programme, self.library, row.item)
        return next(r.minutes for r in rows if r.id == row.step)

    def _set_minutes(self, row: Row, minutes: int) -> None:
        self._try(lambda: builder.set_minutes(self.programme, self.library, row.item, row.step, minutes),
                  row)

    def action_move(self, delta: int) -> None:
        row = self._current()
        if row is None:
            return
        if row.step is None:
            target = max(0, min(len(self.programme.items) - 1, row.item + delta))
            self._try(lambda: builder.move_item(self.programme, self.library, row.item, delta),
                      Row(target))
        else:
            step = row.step
            self._try(lambda: builder.move_step(self.programme, self.library, row.item, step, delta),
                      row)

    def action_pause(self) -> None:
        row = self._current()
        at = row.item + 1 if row else len(self.programme.items)
        self._try(lambda: builder.insert_pause(self.programme, self.library, at), Row(at))

    # Header ----------------------------------------------------------------

    def action_title(self) -> None:
        def done(text: str | None) -> None:
            if text is not None:
                self._try(lambda: builder.set_title(self.programme, self.library, text))

        self.app.push_screen(AskText(t("builder.ask_title"), self.programme.title), done)

    def action_start(self) -> None:
        current = hhmm(self.programme.start) if self.programme.start else ""
        self.app.push_screen(
            AskText(t("builder.ask_start"), current, t("builder.clock_hint")),
            lambda text: self._clock(text, builder.set_start),
        )

    def action_end_limit(self) -> None:
        current = hhmm(self.programme.end_limit) if self.programme.end_limit else ""
        self.app.push_screen(
            AskText(t("builder.ask_end"), current, t("builder.clock_hint")),
            lambda text: self._clock(text, builder.set_end_limit),
        )

    def _clock(self, text: str | None, setter: ClockSetter) -> None:
        if text is None:
            return
        try:
            moment = builder.parse_clock(text) if text.strip() else None
        except ValueError:
            self.notify(t("builder.not_clock", text=text), severity="warning")
            return
        self._try(lambda: setter(self.programme, self.library, moment))

    # Saving and closing ----------------------------------------------------

    def action_save(self) -> None:
        if self.path is not None:
            self._save_to(self.path)
            return

        def named(text: str | None) -> None:
            if text is None:
                return
            name = slug(text.removesuffix(".toml"))
            self._save_to(self.agendas / f"{name}.toml")

        self.app.push_screen(
            AskText(t("builder.ask_name"), slug(self.programme.title),
                    t("builder.name_hint", folder=str(self.agendas))),
            named,
        )

    def _save_to(self, path: Path) -> None:
        """Write, asking first when that would replace another file or drop its comments."""
        question = None
        if store.has_comments(path):
            question = t("builder.ask_comments", path=str(path))
        elif path.exists() and path != self.path:
            question = t("builder.ask_replace", path=str(path))
        if question is None:
            self._write(self.programme, path)
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self._write(self.programme, path)

        self.app.push_screen(AskYesNo(question), answered)

    @work(thread=True, exclusive=True, group="builder-save")
    def _write(self, programme: Programme, path: Path) -> None:
        try:
            store.save_programme(programme, path)
        except OSError as exc:
            self.app.call_from_thread(
                self.notify, t("builder.save_failed", path=str(path), error=str(exc)), severity="error"
            )
            return
        self.app.call_from_thread(self._saved, programme, path)

    def _saved(self, programme: Programme, path: Path) -> None:
        self.path = path
        self.dirty = programme != self.programme
        self.notify(t("builder.saved", path=str(path)))
        self._show()

    def action_close(self) -> None:
        if not self.dirty:
            self.dismiss(self.path)
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.dismiss(self.path)

        self.app.push_screen(AskYesNo(t("builder.ask_close")), answered)
