"""Textual's Footer, rebuilt only when the keys it shows have changed.

Textual's Footer rebuilds all its keys (a widget each, styled twice as it mounts) whenever
the screen's bindings may have changed: on every focus change and every `refresh_bindings`,
several times for one move to the next step. Most of those leave the same keys with the same
words. Measured on a move to a vote with the room open, the footer was half of the event
loop's work; this footer skips a rebuild that would draw what is already there.
"""

from __future__ import annotations

from collections.abc import Hashable

from textual.widgets import Footer


class KeyFooter(Footer):
    """A Footer that compares what it would show with what it shows before rebuilding."""

    _shown: Hashable = None

    def _keys(self) -> Hashable:
        """Everything the Footer's compose reads: each shown binding's key, words, state
        and group, and the footer's own options."""
        if not self._bindings_ready:
            return None
        keys = tuple(
            (binding.key, binding.key_display, str(binding.description), binding.action,
             enabled, tooltip, str(binding.tooltip), id(binding.group))
            for _, binding, enabled, tooltip in self.screen.active_bindings.values()
            if binding.show
        )
        return keys, self.compact, self.show_command_palette, self.app.ENABLE_COMMAND_PALETTE

    async def recompose(self) -> None:
        if not self.is_attached or self._pruning:
            return  # a footer on its way out (its screen closing) shows nothing more
        keys = self._keys()
        if keys is not None and keys == self._shown:
            return
        self._shown = keys
        await super().recompose()

    def watch_show_command_palette(self) -> None:
        # Textual's Footer shows a changed option at its next rebuild; do it now, as the
        # options are part of what is compared.
        if self.is_attached and self._bindings_ready:
            self.call_after_refresh(self.recompose)
