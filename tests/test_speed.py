"""The app stays light: what `natverk run` imports up to its first frame, the saved theme
from that frame on, panes composed when needed, and no whole-screen redraw that nothing
asked for. (How fast it is: benchmarks/.)"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from natverk_tui import settings
from natverk_tui.app import make_app
from natverk_tui.model import Session

ROOT = Path(__file__).resolve().parents[1]

# Run `natverk run` through main(), headless, and report the modules loaded once the
# meeting screen has drawn its first frame.
FIRST_FRAME = """
import json, sys
from textual.app import App
from natverk_tui.__main__ import main

run = App.run

async def first_frame(pilot):
    await pilot.pause()
    print(json.dumps({"screen": type(pilot.app.screen).__name__, "modules": sorted(sys.modules)}))
    pilot.app.exit(0)

def headless(self, *args, **kwargs):
    return run(self, headless=True, size=(160, 45), auto_pilot=first_frame)

App.run = headless
sys.exit(main(["run", "agendas/heldag.toml", "--session", sys.argv[1]]))
"""

# Each is needed only once the facilitator asks for it (minutes, the builder, the review,
# the groups dialog) or belongs to a server of its own (the room on phones).
LATER = [
    "natverk_tui.export",
    "natverk_tui.minutes",
    "natverk_tui.builder",
    "natverk_tui.schemas",
    "natverk_tui.screens.builder",
    "natverk_tui.screens.review",
    "natverk_tui.screens.groups",
    "natverk_tui.screens.participants",
    "natverk_tui.screens.help",
    "natverk_tui.widgets.action_table",  # Textual's DataTable: a fifth of the start
    "aiohttp",
    "segno",
    "html",
]


def test_first_frame_imports_nothing_it_does_not_draw(tmp_path: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-c", FIRST_FRAME, str(tmp_path / "s.toml")],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=True,
        env={"PATH": "", "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / "c"),
             "XDG_DATA_HOME": str(tmp_path / "d"), "NATVERK_LANG": "sv"},
    )
    report = json.loads(out.stdout.strip().splitlines()[-1])
    assert report["screen"] == "MeetingScreen"
    loaded = set(report["modules"])
    assert "natverk_tui.screens.meeting" in loaded  # the probe did see the app's modules
    assert sorted(loaded & set(LATER)) == []


async def test_a_saved_light_theme_is_there_from_the_first_frame(
    session: Session, tmp_path: Path
) -> None:
    prefs = settings.Settings(theme=settings.LIGHT_THEME)
    app = make_app(session, tmp_path / "x.toml", prefs=prefs)
    async with app.run_test(size=(120, 40)) as pilot:
        assert app.theme == settings.LIGHT_THEME
        assert {"-light-mode", f"-theme-{settings.LIGHT_THEME}"} <= app.classes
        assert not {"-dark-mode", "-theme-textual-dark"} & app.classes
        assert app.screen.styles.background.hex == "#FFFFFF"
        await pilot.press("f2")
        await pilot.pause()
        assert app.theme == settings.DARK_THEME
        assert "-dark-mode" in app.classes
        assert app.screen.styles.background.hex == "#101418"


async def test_an_unknown_saved_theme_starts_dark(session: Session, tmp_path: Path) -> None:
    app = make_app(session, tmp_path / "x.toml", prefs=settings.Settings(theme="gone"))
    async with app.run_test(size=(120, 40)):
        assert app.theme == settings.DARK_THEME
        assert app.screen.styles.background.hex == "#101418"


async def test_a_pane_is_composed_when_a_step_first_needs_it(
    session: Session, tmp_path: Path
) -> None:
    from textual.widgets import ContentSwitcher

    from natverk_tui.screens.meeting import MeetingScreen

    app = make_app(session, tmp_path / "x.toml", prefs=settings.Settings())
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        switcher = screen.query_one(ContentSwitcher)
        first = switcher.current
        assert first is not None and [c.id for c in switcher.children] == [first]
        seen = [first]
        for _ in session.plan.steps[1:]:
            await pilot.press("pagedown")
            await pilot.pause()
            shown = switcher.current
            assert shown is not None and switcher.visible_content is not None
            if shown not in seen:
                seen.append(shown)
            # Each pane once, in the order the steps needed them; only the current one shows.
            assert [c.id for c in switcher.children] == seen
            assert [c.id for c in switcher.children if c.display] == [shown]
        assert len(seen) > 2


async def test_entering_a_contribution_redraws_only_what_changed(
    session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An Enter changes the list, its count and the saved time in the header: the question
    lines are not set again, and the screen is not repainted as a whole."""
    from textual.screen import Screen
    from textual.widgets import Static
    from textual.widgets._header import HeaderTitle

    from pilot import app_for, go_to, settle, type_text

    app = app_for(session, tmp_path / "m.toml")
    async with app.run_test(size=(140, 42)) as pilot:
        await go_to(app, pilot, "tema1.a")
        await settle(app, pilot)
        app.sub_title = "before"
        await pilot.pause()
        updated: list[str | None] = []
        repainted: list[bool] = []
        static_update, screen_refresh = Static.update, Screen.refresh

        def update(self: Static, *args: Any, **kwargs: Any) -> None:
            updated.append(self.id)
            static_update(self, *args, **kwargs)

        def refresh(self: Screen[Any], *regions: Any, **kwargs: Any) -> Screen[Any]:
            repainted.append(not regions and kwargs.get("repaint", True))
            return screen_refresh(self, *regions, **kwargs)

        monkeypatch.setattr(Static, "update", update)
        monkeypatch.setattr(Screen, "refresh", refresh)
        await type_text(pilot, "Skenbolag")
        await pilot.press("enter")
        await settle(app, pilot)
        assert session.contributions[-1].text == "Skenbolag"
        assert not [i for i in updated if i and i.startswith("question-")]
        assert not any(repainted)
        # The header still shows the new save time: it redraws its own line.
        assert "sparat" in str(app.screen.query_one(HeaderTitle).render())
