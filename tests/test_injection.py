"""Text is text everywhere: a session, a theme file and a roster full of markup, terminal
escapes, C1 controls, NUL and bidi overrides are walked through every screen and export.
Nothing may crash, nothing may be read as markup, and no control character may reach
the terminal."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from natverk_tui import __main__ as cli
from natverk_tui import store
from natverk_tui.app import NatverkApp, make_app
from natverk_tui.model import Group, Session
from natverk_tui.settings import Settings
from natverk_tui.text import safe
from pilot import SIZE, Clock, settle

CORPUS = [
    "[bold red]fet[/] [@click=app.quit]klick[/]",
    "Möte 3 [/2026]",
    "Risker [UE-kedjor]",
    "\x1b[2J\x1b[H rensa skärmen",
    "\x1b]52;c;SGVsbG8=\x07 urklipp",
    "\x9b31m C1 \x9d0;titel\x9c slut",
    "NUL\x00här DEL\x7f",
    "\u202eRTL override\u202c slut",
    "$accent [$primary]var[/] {t} %s",
    "a\rb\x08c\x0bd",
]
# What must never reach the terminal from a file or a person.
FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def toml_string(text: str) -> str:
    """A TOML basic string's body holding any text, controls as \\u escapes."""
    out = []
    for ch in text:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return "".join(out)


def inject(path: Path) -> None:
    """Put the corpus where the placeholders INJ0 ... INJ9 are, as TOML escapes."""
    text = path.read_text(encoding="utf-8")
    for i in reversed(range(len(CORPUS))):
        text = text.replace(f"INJ{i}", toml_string(CORPUS[i]))
    path.write_text(text, encoding="utf-8")


@pytest.fixture
def poisoned(filled: Session, tmp_path: Path) -> Path:
    s = filled
    n = len(CORPUS)
    s.title, s.place = "INJ0", "INJ3"
    s.plan.title = "INJ1"
    for i, step in enumerate(s.plan.steps):
        step.title = f"INJ{(i + 1) % n}"
        step.theme_title = f"INJ{(i + 2) % n}"
        step.question = f"INJ{(i + 3) % n}"
        step.notes = f"INJ{(i + 4) % n}"
    for i, p in enumerate(s.participants):
        # Names from the end of the corpus: the minutes put a number for a name they meet.
        p.name, p.organisation, p.role = f"INJ{i + 7}", f"INJ{(i + 3) % n}", f"INJ{(i + 5) % n}"
    for i, c in enumerate(s.contributions):
        c.text = f"INJ{i % n}"
    for i in range(n):
        s.contributions.append(s.contributions[0].model_copy(update={"id": f"c-inj{i}", "text": f"INJ{i}",
                                                                     "step": "tema1.a"}))
    a = s.actions[0]
    a.what, a.owner, a.area, a.note = "INJ2", "INJ3", "INJ4", "INJ5"
    s.followup.next_meeting, s.followup.convener, s.followup.report = "INJ6", "INJ7", "INJ8"
    s.expectations[0].text, s.expectations[0].comment = "INJ9", "INJ0"
    s.groups["tema1.a"] = [Group(name="INJ3", members=[s.participants[0].id]),
                           Group(name="INJ1", members=[s.participants[1].id])]
    path = tmp_path / "gift.toml"
    store.save_session(s, path)
    inject(path)
    return path


def strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from strings(k)
            yield from strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from strings(v)


def screen_text(app: NatverkApp) -> str:
    """What the terminal is sent for the screen on top, as text."""
    update = app.screen._compositor.render_full_update(simplify=True)
    return "\n".join("".join(strip.text for strip in line) for line in update.strips)


def test_reading_makes_every_text_safe(poisoned: Path) -> None:
    raw = poisoned.read_text(encoding="utf-8")
    assert "\\u001b" in raw and "[@click" in raw
    session = store.load_session(poisoned)
    texts = list(strings(session.model_dump()))
    assert len(texts) > 50
    assert not [t for t in texts if FORBIDDEN.search(t)]
    assert session.contributions[-1].text == safe(CORPUS[-1]) == "a\nb\u2408c\u240bd"
    assert session.title == CORPUS[0]


def test_typed_text_is_made_safe_on_assignment(filled: Session) -> None:
    filled.contributions[0].text = "\x1b]52;c;eA==\x07"
    assert filled.contributions[0].text == "\u241b]52;c;eA==\u2407"


@pytest.mark.parametrize("fmt", ["md", "html", "csv"])
def test_exports_to_stdout_send_no_control_characters(fmt: str, poisoned: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    status = cli.main(["export", str(poisoned), "--format", fmt])
    out, err = capsys.readouterr()
    assert status == 0, err
    assert not FORBIDDEN.search(out.replace("\r\n", "\n"))
    assert "UE-kedjor" in out and "rensa skärmen" in out


async def walk(app: NatverkApp, pilot: object, seen: list[str]) -> None:
    async def look() -> None:
        await settle(app, pilot)
        text = screen_text(app)
        assert not FORBIDDEN.search(text), repr(FORBIDDEN.search(text))
        seen.append(text)

    press = pilot.press  # type: ignore[attr-defined]
    await look()
    for key in ("f3", "f4", "f1", "escape", "f9", "escape", "ctrl+o", "escape"):
        await press(key)
        await look()
    await press("ctrl+p")
    for query in ("Möte", "Risker", "UE-k"):
        await press(*query.replace(" ", "space"))
        await look()
        for _ in query:
            await press("backspace")
    await press("escape")
    await look()
    for _ in range(len(app.meeting_screen.session.plan.steps) if app.meeting_screen else 0):
        await press("pagedown")
        await look()
        await press("ctrl+g")
        await look()
        await press("escape")


async def test_every_screen_shows_the_corpus_as_text(poisoned: Path) -> None:
    session = store.load_session(poisoned)
    app = make_app(session, poisoned, clock=Clock(), prefs=Settings())
    seen: list[str] = []
    async with app.run_test(size=SIZE) as pilot:
        await walk(app, pilot, seen)
        assert app.is_running
    everything = "\n".join(seen)
    assert "Risker [UE-kedjor]" in everything
    assert "Möte 3 [/2026]" in everything
    assert "[@click=app.quit]klick[/]" in everything
    assert "\u241b[2J" in everything


async def test_the_review_shows_the_corpus_as_text(poisoned: Path) -> None:
    session = store.load_session(poisoned)
    app = make_app(session, poisoned, clock=Clock(), prefs=Settings(), review=True)
    seen: list[str] = []
    async with app.run_test(size=SIZE) as pilot:
        for key in ("tab", "right", "right", "right", "right", "ctrl+p", "escape", "f1", "escape"):
            await pilot.press(key)
            await settle(app, pilot)
            text = screen_text(app)
            assert not FORBIDDEN.search(text)
            seen.append(text)
        assert app.is_running
    assert "UE-kedjor" in "\n".join(seen)


async def test_the_builder_shows_a_poisoned_theme_file_as_text(tmp_path: Path, library: object) -> None:
    from natverk_tui.model import ThemeLibrary

    assert isinstance(library, ThemeLibrary)
    mine = tmp_path / "mina.toml"
    own = ThemeLibrary(themes=[library.themes[1].model_copy(deep=True)])
    own.themes[0].id = "egen"
    own.themes[0].title = "INJ2"
    for i, step in enumerate(own.themes[0].steps):
        step.id = step.id.replace("tema1", "egen")
        for ref in ("candidates_from", "shows_top_of"):
            if getattr(step, ref):
                setattr(step, ref, getattr(step, ref).replace("tema1", "egen"))
        step.title = f"INJ{i % len(CORPUS)}"
        step.question = f"INJ{(i + 3) % len(CORPUS)}"
    store.atomic_write(mine, store.to_toml(own))
    inject(mine)
    merged = library.merged(store.load_library(mine))
    app = make_app(library=merged, build=True, agendas=tmp_path, prefs=Settings())
    async with app.run_test(size=SIZE) as pilot:
        seen = []
        for key in ("end", "up", "enter", "tab", "down", "ctrl+p", "escape"):
            await pilot.press(key)
            await settle(app, pilot)
            text = screen_text(app)
            assert not FORBIDDEN.search(text)
            seen.append(text)
        assert app.is_running
    assert "Risker [UE-kedjor]" in "\n".join(seen)


async def test_the_palette_shows_titles_with_brackets_whole(session: Session, tmp_path: Path) -> None:
    session.plan.steps[1].title = "Möte 3 [/2026]"
    session.plan.steps[2].title = "Risker [UE-kedjor]"
    path = tmp_path / "m.toml"
    store.save_session(session, path)
    app = make_app(session, path, clock=Clock(), prefs=Settings())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await settle(app, pilot)
        assert "Möte 3 [/2026]" in screen_text(app)
        await pilot.press(*"Risker")
        await settle(app, pilot)
        assert "Risker [UE-kedjor]" in screen_text(app)
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.is_running and app.meeting_screen is not None
        assert app.meeting_screen.session.current_step == session.plan.steps[2].id


async def test_pasted_escapes_are_not_sent_to_the_terminal(session: Session, tmp_path: Path) -> None:
    from textual import events

    path = tmp_path / "m.toml"
    store.save_session(session, path)
    app = make_app(session, path, clock=Clock(), prefs=Settings())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("pagedown", "pagedown", "pagedown", "pagedown")
        await settle(app, pilot)
        app.post_message(events.Paste("\x1b]52;c;SGVsbG8=\x07\x9bklistrat"))
        await settle(app, pilot)
        text = screen_text(app)
        assert "klistrat" in text and not FORBIDDEN.search(text)
        await pilot.press("enter")
        await settle(app, pilot)
        assert not FORBIDDEN.search(screen_text(app))
