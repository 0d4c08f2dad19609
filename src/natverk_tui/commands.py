"""The command palette knows the meeting: go to a step, run the timer, export minutes."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher
from textual.markup import escape

from natverk_tui.locale import t

if TYPE_CHECKING:
    from natverk_tui.app import NatverkApp


class MeetingCommands(Provider):
    def _commands(self) -> list[tuple[str, Callable[[], object], str]]:
        app = cast("NatverkApp", self.app)
        commands: list[tuple[str, Callable[[], object], str]] = []
        screen = app.meeting_screen
        if screen is not None:
            for step in screen.session.plan.steps:
                commands.append((
                    t("cmd.goto", step=step.heading),
                    partial(screen.go_to, step.id), step.question,
                ))
            commands += [
                (t("cmd.timer"), screen.action_toggle_timer, t("key.timer")),
                (t("cmd.plus"), partial(screen.action_adjust_timer, 60), t("key.plus")),
                (t("cmd.minus"), partial(screen.action_adjust_timer, -60), t("key.minus")),
                (t("cmd.reset"), screen.action_reset_timer, t("key.reset")),
                (t("cmd.notes"), screen.action_toggle_notes, t("key.notes")),
            ]
        if app.meeting is not None and not app.review:
            if app.room is None:
                commands.append((t("cmd.room_open"), app.action_room_open, t("cmd.room_open.help")))
            else:
                commands += [
                    (t("cmd.room_join"), app.action_room_join, t("key.room")),
                    (t("cmd.room_close"), app.action_room_close, t("cmd.room_close.help")),
                ]
            commands.append((t("cmd.room_queue"), app.action_room_queue, t("key.queue")))
        commands += [
            (t("cmd.export"), app.action_export, t("cmd.export.help")),
            (t("cmd.close"), app.action_close_meeting, t("cmd.close.help")),
            (t("cmd.build"), app.open_builder, t("cmd.build.help")),
            (t("cmd.theme"), app.action_toggle_theme, t("key.theme")),
            (t("cmd.bell"), app.action_toggle_bell, t("cmd.bell.help")),
            (t("cmd.help"), app.action_help, t("key.help")),
        ]
        return commands

    async def discover(self) -> Hits:
        for name, callback, help_text in self._commands():
            yield DiscoveryHit(Content(name), callback, text=name, help=escape(help_text))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, callback, help_text in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, highlight(matcher, name), callback, text=name, help=escape(help_text))


def highlight(matcher: Matcher, name: str) -> Content:
    """The name with the letters the query matched marked, as plain text: Textual's own
    highlight reads the name as markup, and step titles come from files ("Möte 3 [/2026]")."""
    content = Content(name)
    score, offsets = matcher.fuzzy_search.match(matcher.query, name)
    if not score:
        return content
    for offset in offsets:
        if not name[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content
