"""The screen as the room sees it, as plain text: what the terminal draws, line by line."""

from __future__ import annotations

import io
from typing import Any

from rich.console import Console


def screen_text(app: Any) -> str:
    """Every cell of the current screen (and the screens below it), as text."""
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), force_terminal=True,
                      color_system="truecolor", record=True, legacy_windows=False, safe_box=False)
    console.print(app.screen._compositor.render_update(
        full=True, screen_stack=app._background_screens))
    return console.export_text()


def words_on_screen(app: Any) -> set[str]:
    """Whole words on screen: a word split by the right edge or a border shows up cut."""
    text = screen_text(app)
    for border in "│╭╮╰╯─▎▊▔▁":
        text = text.replace(border, " ")
    return set(text.split())
