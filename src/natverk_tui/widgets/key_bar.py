"""The screen's keys along the bottom edge, drawn as one line by one widget.

Textual's Footer is a widget per key: each is mounted and styled when the keys change (every
move to a step of another kind), a fifth of the work of moving to a vote, and about as much
again at start. This bar shows the same keys with the same colours (the theme's footer
variables) from one widget: a change of keys repaints one line. A click on a key presses it.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from textual import events
from textual.content import Content
from textual.reactive import reactive
from textual.screen import Screen
from textual.style import Style
from textual.widget import Widget

# The edge before the command palette's key, as Textual's footer draws it.
PALETTE_EDGE = "▏"


def _cells(pieces: list[tuple[str, Style]]) -> int:
    return sum(cell_len(text) for text, _ in pieces)


@dataclass(frozen=True)
class Key:
    """One key as the bar shows it."""

    key: str  # what a click presses
    display: str  # how the key is written ("f1", "^z")
    description: str
    enabled: bool


class KeyBar(Widget, can_focus=False):
    """The keys of the current screen (its active bindings that are shown), in their order,
    and the command palette's key on the right."""

    COMPONENT_CLASSES = {
        "key-bar--key",
        "key-bar--description",
        "key-bar--hover",
        "key-bar--edge",
    }

    compact: reactive[bool] = reactive(False)
    show_command_palette: reactive[bool] = reactive(True)

    def __init__(
        self,
        *,
        compact: bool = False,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.set_reactive(KeyBar.compact, compact)
        self.keys: tuple[Key, ...] = ()
        self.palette: Key | None = None
        self._hover: int | None = None
        # Where each key was drawn: (first column, column after it, key).
        self._places: list[tuple[int, int, Key]] = []

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._bindings_changed(self.screen)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        if not self.is_attached or screen is not self.screen:
            return
        keys: list[Key] = []
        palette: Key | None = None
        seen: set[str] = set()
        app = self.app
        for binding_key, active in screen.active_bindings.items():
            binding, enabled = active.binding, active.enabled
            if binding_key == app.COMMAND_PALETTE_BINDING and app.ENABLE_COMMAND_PALETTE:
                palette = Key(binding.key, app.get_key_display(binding), str(binding.description), enabled)
                continue
            # A key for an action already shown (another key for it) is not shown again.
            if not binding.show or binding.action in seen:
                continue
            seen.add(binding.action)
            keys.append(Key(binding.key, app.get_key_display(binding), str(binding.description), enabled))
        if (tuple(keys), palette) != (self.keys, self.palette):
            self.keys, self.palette = tuple(keys), palette
            self.refresh()

    # Drawing --------------------------------------------------------------------

    def render(self) -> Content:
        width = self.size.width
        key_style = self.get_visual_style("key-bar--key", partial=True)
        text_style = self.get_visual_style("key-bar--description", partial=True)
        hover_style = self.get_visual_style("key-bar--hover", partial=True)
        edge_style = self.get_visual_style("key-bar--edge", partial=True)
        palette = self.palette if self.show_command_palette else None
        tail: list[tuple[str, Style]] = []
        if palette is not None:
            dim = Style(dim=True) if not palette.enabled else Style()
            tail = [(PALETTE_EDGE, edge_style), (palette.display, key_style + dim),
                    (f" {palette.description} ", text_style + dim)]
        room = width - _cells(tail)
        parts: list[tuple[str, Style]] = []
        self._places = []
        used = 0
        for index, key in enumerate(self.keys):
            if used >= room:
                break
            pieces = self._key_parts(key, key_style, text_style)
            if index == self._hover:
                pieces = [(text, style + hover_style) for text, style in pieces]
            self._places.append((used, used + _cells(pieces), key))
            parts += pieces
            used += _cells(pieces)
        line = Content.assemble(*parts).truncate(max(0, room), pad=True)
        if palette is not None:
            self._places.append((max(0, room), width, palette))
            line = Content.assemble(line, *tail)
        return line

    def _key_parts(self, key: Key, key_style: Style, text_style: Style) -> list[tuple[str, Style]]:
        """The key and its words, spaced as Textual's footer spaces them."""
        dim = Style(dim=True) if not key.enabled else Style()
        if self.compact:
            return [(key.display, key_style + dim), (f" {key.description} ", text_style + dim)]
        return [(f" {key.display} ", key_style + dim), (f"{key.description} ", text_style + dim)]

    def watch_compact(self) -> None:
        self.refresh()

    def watch_show_command_palette(self) -> None:
        self.refresh()

    # The mouse ------------------------------------------------------------------

    def _at(self, x: int) -> tuple[int, Key] | None:
        for index, (start, end, key) in enumerate(self._places):
            if start <= x < end:
                return index, key
        return None

    def on_mouse_move(self, event: events.MouseMove) -> None:
        found = self._at(event.x)
        hover = found[0] if found and found[1] is not self.palette else None
        if hover != self._hover:
            self._hover = hover
            self.refresh()

    def on_leave(self) -> None:
        if self._hover is not None:
            self._hover = None
            self.refresh()

    def on_click(self, event: events.Click) -> None:
        found = self._at(event.x)
        if found is None:
            return
        key = found[1]
        if key.enabled:
            self.app.simulate_key(key.key.split(",")[0])
        else:
            self.app.bell()
