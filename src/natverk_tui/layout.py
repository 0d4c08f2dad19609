"""Layout decisions for few cells (a projector with a large font): which table columns
stay, how long a vote's bars are, when the agenda folds away. Plain functions, no UI."""

from __future__ import annotations

# Below this width the agenda folds away so the work pane has the width; a key brings it back.
FOLD_AGENDA_BELOW = 110

# The action table's columns, and the order they go in as the width shrinks: the area
# first (the room said it a step ago), then the status (an overdue date still says so).
ACTION_COLUMNS = ("what", "owner", "due", "status", "area")
ACTION_DROP_ORDER = ("area", "status")
# Width each column needs besides "what" to be worth keeping.
_ACTION_NEED = {"owner": 16, "due": 12, "status": 16, "area": 24}
WHAT_MIN = 24


def action_columns(width: int) -> tuple[str, ...]:
    """The columns that fit `width` cells, "what" always among them."""
    columns = list(ACTION_COLUMNS)
    for dropped in ACTION_DROP_ORDER:
        if WHAT_MIN + sum(_ACTION_NEED[c] for c in columns if c != "what") <= width:
            break
        columns.remove(dropped)
    return tuple(columns)


def action_column_widths(width: int, padding: int = 1) -> tuple[tuple[str, int], ...]:
    """The columns that fit, each with its width in cells; "what" takes what is left."""
    columns = action_columns(width)
    fixed = {c: _ACTION_NEED[c] - 2 * padding for c in columns if c != "what"}
    what = max(8, width - sum(fixed.values()) - 2 * padding * len(columns) - 1)
    return tuple((c, what if c == "what" else fixed[c]) for c in columns)


def bar_width(width: int) -> int:
    """A vote's bars: a quarter of the width, between 4 and 24 cells; the labels wrap
    whole words in the rest."""
    return max(4, min(24, width // 4))


def pages(content_height: int, viewport_height: int) -> int:
    """How many pages of `viewport_height` lines `content_height` lines take."""
    if viewport_height <= 0:
        return 1
    return max(1, -(-content_height // viewport_height))
