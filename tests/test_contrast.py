"""The light theme is the projector's: what the room reads is at least 7:1 against its
background, placeholders and faint guides at least 4.5:1 (WCAG relative luminance).

The colours are the ones app.tcss gives those texts, resolved through the theme exactly as
Textual resolves them ("auto 87%" is black or white at 87% over the background)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.color import Color

from natverk_tui import settings
from natverk_tui.app import THEMES

TCSS = Path(__file__).resolve().parents[1] / "src" / "natverk_tui" / "app.tcss"
LIGHT = next(theme for theme in THEMES if theme.name == settings.LIGHT_THEME)
VARIABLES = LIGHT.to_color_system().generate()
READ, FAINT = 7.0, 4.5


def luminance(color: Color) -> float:
    def channel(value: int) -> float:
        v = value / 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(color.r) + 0.7152 * channel(color.g) + 0.0722 * channel(color.b)


def contrast(a: Color, b: Color) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def resolve(value: str, background: Color) -> Color:
    """A colour as the theme and stylesheet write it, over `background`."""
    value = value.strip()
    if value.startswith("$"):
        name, _, rest = value[1:].partition(" ")
        value = (VARIABLES[name] + " " + rest).strip()
    auto = re.fullmatch(r"auto(?: (\d+)%)?", value)
    if auto:
        alpha = int(auto.group(1) or 100) / 100
        return background + background.get_contrast_text(alpha)
    return background + Color.parse(value)


def stylesheet() -> dict[str, dict[str, str]]:
    """Each selector of app.tcss with its declarations (the app's rules are flat)."""
    text = re.sub(r"/\*.*?\*/", "", TCSS.read_text(encoding="utf-8"), flags=re.S)
    rules: dict[str, dict[str, str]] = {}
    for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", text):
        declarations = dict(
            (k.strip(), v.strip()) for k, _, v in
            (d.partition(":") for d in body.split(";") if ":" in d))
        for selector in selectors.split(","):
            rules.setdefault(" ".join(selector.split()), {}).update(declarations)
    return rules


RULES = stylesheet()

# (selector in app.tcss, the background it sits on, the least contrast it needs)
ROOM_TEXTS = [
    ("#question-text", "$surface", READ),
    ("#question-meta", "$surface", READ),
    ("#question-top", "$surface", READ),
    ("#question-groups", "$surface", READ),
    ("#vote-status", "$surface", READ),
    ("#vote-waiting", "$surface", READ),
    ("#expectation-person", "$surface", READ),
    ("#expectation-summary", "$surface", READ),
    ("#round-current", "$surface", READ),
    ("#round-waiting", "$surface", READ),
    ("StepTimer #clock", "$surface", READ),
    ("StepTimer.-running #clock", "$surface", READ),
    ("StepTimer.-over #clock", "$surface", READ),
    ("StepTimer #timer-status", "$surface", READ),
    ("StepTimer #meeting-pace", "$surface", READ),
    ("TimerLine", "$panel", READ),
    ("TimerLine.-over", "$panel", READ),
    ("Agenda > .option-list--option-disabled", "$surface", READ),
    ("#contribution-hint", "$surface", FAINT),
    ("#question-note", "$surface", FAINT),
    # The follow view: all of it is for the room.
    ("#room-question-heading", "$surface", READ),
    ("#room-question-text", "$surface", READ),
    ("#room-question-meta", "$surface", READ),
    ("RoomBody", "$surface", READ),
    ("RoomStatus", "$panel", READ),
    ("RoomStatus.-over", "$panel", READ),
]

# Colours Textual's own widgets and our inline styles use for what the room reads.
THEME_TEXTS = [
    ("text on the panes", "$text", "$surface", READ),
    ("text on the panel", "$text", "$panel", READ),
    ("typed text in a field", "$foreground", "$surface", READ),
    ("agenda times, tags, history (inline $text-muted)", "$text-muted", "$surface", READ),
    ("muted text on the panel", "$text-muted", "$panel", READ),
    ("placeholders", "$text-disabled", "$surface", FAINT),
    ("placeholders in the compact fields", "$text-disabled", "$panel", FAINT),
    ("footer keys", "$footer-key-foreground", "$footer-background", READ),
    ("footer descriptions", "$footer-description-foreground", "$footer-background", READ),
    ("highlighted row", "$block-cursor-foreground", "$block-cursor-background", READ),
    ("the current step's marker (bold $accent)", "$accent", "$surface", READ),
    ("notice in the follow view", "$background", "$foreground", READ),
]


@pytest.mark.parametrize(("selector", "background", "least"), ROOM_TEXTS)
def test_room_texts_in_the_stylesheet(selector: str, background: str, least: float) -> None:
    assert selector in RULES, f"{selector} is not styled in app.tcss any more"
    colour = RULES[selector].get("color")
    assert colour, f"{selector} has no colour of its own"
    bg = resolve(background, Color.parse("#ffffff"))
    ratio = contrast(resolve(colour, bg), bg)
    assert ratio >= least, f"{selector}: {colour} on {background} is {ratio:.2f}:1"


@pytest.mark.parametrize(("what", "colour", "background", "least"), THEME_TEXTS)
def test_theme_texts(what: str, colour: str, background: str, least: float) -> None:
    bg = resolve(background, Color.parse("#ffffff"))
    ratio = contrast(resolve(colour, bg), bg)
    assert ratio >= least, f"{what}: {colour} on {background} is {ratio:.2f}:1"


def test_the_computation_matches_wcag() -> None:
    assert contrast(Color.parse("#000000"), Color.parse("#ffffff")) == pytest.approx(21.0)
    assert contrast(Color.parse("#767676"), Color.parse("#ffffff")) == pytest.approx(4.54, 0.01)


def test_no_room_text_is_drawn_dim() -> None:
    """Dim halves a colour toward its background: a projector washes it out altogether."""
    root = TCSS.parent
    for name in ("agenda.py", "contributions.py", "expectations_pane.py", "action_review.py",
                 "vote_tally.py", "question.py", "round_pane.py", "room_body.py"):
        source = (root / "widgets" / name).read_text(encoding="utf-8")
        assert not re.search(r"[\"']dim\b|\bdim[\"']", source), name
        assert "text-style: dim" not in TCSS.read_text(encoding="utf-8")
