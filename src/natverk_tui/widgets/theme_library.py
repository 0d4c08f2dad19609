"""The theme library as a tree: themes with their steps; choosing a theme adds it."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.message import Message
from textual.widgets import Tree

from natverk_tui.locale import t
from natverk_tui.model import ThemeLibrary


class ThemeLibraryTree(Tree[str]):
    """Each node's data is its theme's id, so a step node chooses its theme too."""

    @dataclass
    class Chosen(Message):
        theme_id: str

    def __init__(self, library: ThemeLibrary, *, id: str | None = None) -> None:
        super().__init__(Text(t("builder.library")), id=id)
        self.auto_expand = False
        self.show_root = False
        for theme in library.themes:
            total = sum(s.minutes for s in theme.steps)
            # Rich Text, never a str: a str label would be parsed as markup.
            node = self.root.add(Text(f"{theme.title}  ({t('minutes', n=total)})"), data=theme.id)
            for step in theme.steps:
                node.add_leaf(Text(f"{step.minutes:>3}  {step.title}"), data=theme.id)
            node.expand()

    def on_tree_node_selected(self, event: Tree.NodeSelected[str]) -> None:
        event.stop()
        if event.node.data is not None:
            self.post_message(self.Chosen(event.node.data))
