"""A Static for text that changes while the meeting runs (a clock's status, a vote's count),
redrawn without laying out the whole screen when its size stays the same.

Textual's `Static.update` asks for a layout of the screen on every change, in case the new
text needs another size. A layout reflows every widget and repaints most of them: 15-25 ms at
160x45, once a second for the clocks alone and four times a second while phones vote. A line
whose new text has the same height (and whose width does not follow its text) only needs
itself repainted; an unchanged text needs nothing at all.
"""

from __future__ import annotations

from textual.visual import VisualType, visualize
from textual.widgets import Static

_NOTHING = object()


class Line(Static):
    """A Static that lays out the screen only when its new text changes its size."""

    _shown: object = _NOTHING

    def update(self, content: VisualType = "", *, layout: bool | None = None) -> None:
        if content == self._shown:
            return
        self._shown = content
        if layout is None:
            layout = self._resizes(content)
        super().update(content, layout=layout)

    def _resizes(self, content: VisualType) -> bool:
        """Whether `content` would give the line another size than it has now."""
        if not self.is_mounted or not self.size or not self.display:
            return True  # not laid out yet: the first layout sizes it
        styles = self.styles
        if styles.width is None or styles.width.is_auto:
            return True  # its width follows its text
        if styles.height is not None and not styles.height.is_auto:
            return False  # a fixed height: text never changes it
        width = self.content_region.width
        visual = visualize(self, content, markup=self._render_markup)
        # Textual passes a widget's styles as its rules map, as here.
        height = visual.get_height(styles, width)  # type: ignore[arg-type]
        return height != self.content_region.height
