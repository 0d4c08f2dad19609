"""F1: every key of the app, with what it does, as the footer would describe it."""

from __future__ import annotations

from dataclasses import replace

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from natverk_tui.locale import phrase, t


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,f1,question_mark,q", "dismiss", phrase("key.close"), id="help.close")]

    def __init__(self, sections: list[tuple[str, list[Binding]]]) -> None:
        super().__init__()
        self.sections = sections

    def compose(self) -> ComposeResult:
        lines: list[Content] = [Content.styled(t("help.title"), "bold"), Content("")]
        for heading, bindings in self.sections:
            lines.append(Content.styled(heading, "bold underline"))
            seen = set()
            for b in bindings:
                if not b.description or (b.key, b.description) in seen:
                    continue
                seen.add((b.key, b.description))
                lines.append(Content.assemble((f"  {self.key_label(b):<18}", "bold"), b.description))
            lines.append(Content(""))
        lines.append(Content(t("help.close")))
        help_text = VerticalScroll(Static(Content("\n").join(lines)), id="help-text")
        help_text.border_title = t("help.title")
        yield help_text

    def key_label(self, binding: Binding) -> str:
        """The binding's keys as Textual names them in the footer."""
        keys = [replace(binding, key=key.strip()) for key in binding.key.split(",")]
        return ", ".join(self.app.get_key_display(key) for key in keys)

    def on_mount(self) -> None:
        self.query_one("#help-text").focus()  # arrows and PgDn scroll it
