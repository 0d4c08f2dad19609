"""The language is chosen at run time: every key binding, the footer and the help follow
`--lang` and NATVERK_LANG, whatever module was imported first."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

import pytest
from textual.binding import Binding
from textual.dom import DOMNode

import natverk_tui
from natverk_tui import __main__ as cli
from natverk_tui import store
from natverk_tui.app import NatverkApp, make_app
from natverk_tui.locale import Phrase, en, set_language, sv
from natverk_tui.model import Session
from natverk_tui.screens.groups import GroupsScreen
from natverk_tui.screens.help import HelpScreen
from natverk_tui.screens.participants import ParticipantsScreen
from natverk_tui.settings import Settings
from natverk_tui.widgets.key_bar import KeyBar

ROOT = Path(__file__).resolve().parents[1]
SWEDISH_ONLY = set(sv.STRINGS.values()) - set(en.STRINGS.values())


def _import_everything() -> list[type[DOMNode]]:
    """Every module of the package, imported while the language is Swedish; the classes
    of ours that define key bindings."""
    set_language("sv")
    for module in pkgutil.walk_packages(natverk_tui.__path__, "natverk_tui."):
        importlib.import_module(module.name)

    def subclasses(cls: type[DOMNode]) -> list[type[DOMNode]]:
        return [c for sub in cls.__subclasses__() for c in (sub, *subclasses(sub))]

    return [c for c in subclasses(DOMNode)
            if c.__module__.startswith("natverk_tui.") and c.__dict__.get("BINDINGS")]


def test_every_binding_of_every_class_is_english_after_choosing_english() -> None:
    classes = _import_everything()
    assert {c.__name__ for c in classes} >= {"MeetingScreen", "ReviewScreen", "NatverkApp",
                                              "ContributionList", "VoteTally"}
    described = 0
    set_language("en")
    for cls in classes:
        assert cls._merged_bindings is not None
        for bindings in cls._merged_bindings.key_to_bindings.values():
            for binding in bindings:
                if not binding.description:
                    continue
                described += 1
                assert binding.description not in SWEDISH_ONLY, (cls, binding)
        for binding in cls.__dict__["BINDINGS"]:
            if isinstance(binding, Binding) and binding.description:
                # Ours are Phrases: a plain str would stay in the language of the import
                # (Textual's own are English).
                assert isinstance(binding.description, Phrase), (cls, binding)
                key, values = binding.description.key, binding.description.values
                assert binding.description == en.STRINGS[key].format(**values), (cls, binding)
    assert described > 50
    set_language("sv")
    app_keys = NatverkApp._merged_bindings
    assert app_keys is not None
    assert app_keys.key_to_bindings["f1"][0].description == "Hjälp"


def _footer(app: NatverkApp) -> list[str]:
    return [key.description for bar in app.screen.query(KeyBar) for key in bar.keys if key.description]


def _english(texts: list[str]) -> None:
    assert texts
    swedish = [text for text in texts if text in SWEDISH_ONLY]
    assert swedish == []


@pytest.mark.parametrize("how", ["--lang", "NATVERK_LANG"])
async def test_the_app_started_in_english_shows_english_keys_everywhere(
    how: str, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _import_everything()
    # The way a person starts it: the CLI chooses the language, then opens the meeting.
    opened: list[tuple[Session, Path]] = []
    monkeypatch.setattr(cli, "run_app", lambda s, p, **_: opened.append((s, p)) or 0)
    monkeypatch.setenv("NATVERK_SESSIONS", str(tmp_path))
    args = ["run", str(ROOT / "agendas" / "kort.toml")]
    if how == "--lang":
        args = ["--lang", "en", *args]
    else:
        monkeypatch.setenv("NATVERK_LANG", "en")
    assert cli.main(args) == 0
    (started, path), = opened
    app = make_app(started, path, prefs=Settings())
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        footer = _footer(app)
        _english(footer)
        assert "Next step" in footer
        await pilot.press("f9")
        await pilot.pause()
        assert isinstance(app.screen, ParticipantsScreen)
        _english(_footer(app))
        await pilot.press("escape")
        assert app.meeting is not None
        app.meeting.go_to("tema1.a")  # a step in mixed groups
        await pilot.pause()
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert isinstance(app.screen, GroupsScreen)
        _english(_footer(app))
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = str(app.screen.query_one("#help-text").query_one("Static").render())
        assert "Next step" in text and "Nästa steg" not in text
    assert store.load_session(path).title
