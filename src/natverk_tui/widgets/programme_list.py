"""The programme as the builder shows it: themes and breaks, each step with its clock times."""

from __future__ import annotations

from dataclasses import dataclass

from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option, OptionDoesNotExist

from natverk_tui import builder
from natverk_tui.locale import t
from natverk_tui.model import Programme, ThemeLibrary
from natverk_tui.schedule import Slot, Timetable, hhmm, timetable


@dataclass(frozen=True)
class Row:
    """What a line of the list stands for: an item (step None) or one of its steps."""

    item: int
    step: str | None = None

    @property
    def key(self) -> str:
        return f"{self.item}" if self.step is None else f"{self.item}/{self.step}"

    @classmethod
    def parse(cls, key: str) -> Row:
        item, _, step = key.partition("/")
        return cls(int(item), step or None)


class ProgrammeList(OptionList):
    """Rows for every item and step, left-out steps dimmed, steps past the end limit marked."""

    def show(self, programme: Programme, library: ThemeLibrary, keep: Row | None = None) -> Timetable:
        """Rebuild the rows and highlight `keep` (or the row highlighted before)."""
        keep = keep or self.current()
        table = timetable(programme.resolve(library))
        slots = iter(table.slots)
        limit_shown = False
        options: list[Option] = []
        for index, item in enumerate(programme.items):
            if item.pause is not None:
                slot = next(slots)
                if slot.over and not limit_shown:
                    options.append(self._limit_line(table))
                    limit_shown = True
                options.append(Option(self._pause_line(slot), id=Row(index).key))
                continue
            rows = builder.step_rows(programme, library, index)
            theme = library.theme(item.theme or "")
            used = [next(slots) for row in rows if row.included]
            minutes = sum(s.step.minutes for s in used)
            heading = Content.assemble(
                (f"  {hhmm(used[0].start)}–{hhmm(used[-1].end)} ", "bold"),
                (f"{minutes:>4} min", "$text-muted"), "  ",
                ("▸ ", "$text-accent"), (item.title or theme.title, "bold"),
            )
            options.append(Option(heading, id=Row(index).key))
            timed = iter(used)
            titles = {s.id: s.title for s in theme.steps}
            for row in rows:
                if not row.included:
                    options.append(Option(self._left_out_line(titles[row.id]), id=Row(index, row.id).key))
                    continue
                slot = next(timed)
                if slot.over and not limit_shown:
                    options.append(self._limit_line(table))
                    limit_shown = True
                changed = row.minutes != row.default_minutes
                options.append(Option(self._step_line(slot, changed), id=Row(index, row.id).key))
        highlighted = self.highlighted
        self.set_options(options)
        target = self._index_of(keep) if keep else None
        if target is None and highlighted is not None:
            target = min(highlighted, self.option_count - 1)
        if target is not None and self.get_option_at_index(target).disabled:
            target = min(target + 1, self.option_count - 1)
        self.highlighted = target if target is not None else 0
        return table

    def current(self) -> Row | None:
        option = self.highlighted_option
        return Row.parse(option.id) if option is not None and option.id else None

    def _index_of(self, row: Row) -> int | None:
        try:
            return self.get_option_index(row.key)
        except OptionDoesNotExist:
            return None

    @staticmethod
    def _times(slot: Slot) -> tuple[str, str]:
        return f"  {hhmm(slot.start)}–{hhmm(slot.end)} ", "$text-warning" if slot.over else ""

    def _step_line(self, slot: Slot, changed: bool) -> Content:
        minutes = f"{slot.step.minutes:>4} min"
        return Content.assemble(
            self._times(slot),
            (minutes, "bold" if changed else ""),
            "  ",
            (slot.step.title, "$text-warning" if slot.over else ""),
        )

    def _pause_line(self, slot: Slot) -> Content:
        return Content.assemble(
            self._times(slot),
            (f"{slot.step.minutes:>4} min", "$text-warning" if slot.over else "$text-muted"), "  ",
            ("▸ ", "$text-accent"), (slot.step.title, "bold italic"),
        )

    @staticmethod
    def _left_out_line(title: str) -> Content:
        return Content.assemble(
            (f"{'':14}{'–':>8}  ", "$text-muted"),
            (title, "$text-muted strike"),
            (f"  ({t('builder.left_out')})", "$text-muted italic"),
        )

    @staticmethod
    def _limit_line(table: Timetable) -> Option:
        limit = hhmm(table.end_limit) if table.end_limit else ""
        text = Content.styled(f"  ── {t('builder.limit_line', limit=limit)} ──", "$text-warning bold")
        return Option(text, disabled=True)
