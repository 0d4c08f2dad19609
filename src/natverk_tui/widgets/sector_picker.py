"""Pick a participant's sector with one key, 1 to 4."""

from __future__ import annotations

from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from natverk_tui.locale import label, phrase, t
from natverk_tui.model import Sector
from natverk_tui.roster import SECTOR_KEYS


class SectorPicker(Widget, can_focus=True):
    """The four sectors in a row; a digit picks one, Enter asks to add the person. A new
    person starts with none chosen: the facilitator asks, rather than carrying one over."""

    BINDINGS = [
        *(Binding(str(n), f"pick({n - 1})", phrase(f"Sector.{s.value}"), id=f"sector-{n}",
                  show=False)
          for n, s in enumerate(SECTOR_KEYS, start=1)),
        Binding("left", "step(-1)", phrase("key.previous_sector"), show=False),
        Binding("right", "step(1)", phrase("key.next_sector"), show=False),
        Binding("enter", "submit", phrase("key.add_person"), id="add-person"),
    ]

    sector: reactive[Sector | None] = reactive(None)

    class Submitted(Message):
        """Enter on the picker: add (or save) the person in the form."""

    def render(self) -> Content:
        parts: list[str | tuple[str, str]] = [(f"{t('participants.sector')}: ", "bold")]
        for n, sector in enumerate(SECTOR_KEYS, start=1):
            text = f" {n} {label(sector)} "
            parts.append((text, "reverse bold") if sector == self.sector else text)
            parts.append(" ")
        return Content.assemble(*parts)

    def action_pick(self, index: int) -> None:
        self.sector = SECTOR_KEYS[index]

    def action_step(self, delta: int) -> None:
        if self.sector is None:
            self.sector = SECTOR_KEYS[0 if delta > 0 else -1]
            return
        index = SECTOR_KEYS.index(self.sector)
        self.sector = SECTOR_KEYS[(index + delta) % len(SECTOR_KEYS)]

    def action_submit(self) -> None:
        self.post_message(self.Submitted())
