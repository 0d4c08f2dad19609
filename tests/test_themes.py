"""themes.toml is the meeting guide as data: every question in the guide's own words."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from natverk_tui import store
from natverk_tui.model import StepKind, ThemeLibrary, WorkForm

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "seed"

# The guide's questions, copied from it word for word (the seed file in ../shared/seed).
GUIDE_QUESTIONS: dict[str, str] = {
    "inledning.presentation":
        "Be var och en presentera sig själv och sin roll i den egna organisationen.",
    "inledning.bakgrund": "Introducera bakgrunden ovan, syfte och  upplägget för dagen.",
    "inledning.forvantningar":
        "Vilka förväntningar har du på mötet och vad hoppas du kunna ta med dig?",
    "tema1.a": "Vilka risker ser vi i vår region/kommun när det gäller osund konkurrens"
               " inom bygg- och anläggningssektorn?",
    "tema1.b": "Vilka är de viktigaste förbättringsområdena för att motverka fusk,"
               " regelöverträdelser och brottslighet i vår sektor?",
    "tema1.c": "Vad är viktigast att börja med? Nämn 3 områden.",
    "tema1.d": "Baserat på de förbättringsområden som fått flest “röster”: Hur förebygger vi framöver?",
    "tema1.e": "Vem ansvarar för vad och vad kan vi göra tillsammans som enskild aktör och"
               " tillsammans mellan myndigheter och parter?",
    "tema1.f": "Hur ska vi följa upp i detta nätverk?",
    "tema1.tillbakablick":
        "Se tillbaka på förväntningarna på mötet och reflektera kring hur väl dessa uppfyllts.",
    "tema2.film": "Ta del av filmen om gott exempel:",
    "tema2.a": "Fundera över några goda exempel i vår region/kommun? Berätta!",
    "tema2.b": "Vad kan vi lära oss av dessa? Vad har varit viktigt för att nå framgång?",
    "tema2.c": "Hur kan vi i vårt nätverk på ett systematiskt vis sprida och dela med oss av våra"
               " erfarenheter och fler goda exempel? Hur får vi till stånd ett lärande över tid?",
    "tema2.d": "Vem gör vad och vad är nästa steg?",
    "tema3.a": "Fundera över några goda exempel i andra delar av landet. Berätta!",
    "tema3.b": "Hur kan vi lära av varandra och utbyta information lokalt, regionalt och nationellt?",
    "tema3.c": "Vilka hinder finns och hur kan vi överbrygga dessa?",
    "tema3.d": "Vem gör vad och vad är nästa steg?",
}

# The guide's hints to the facilitator, which belong in a step's notes.
GUIDE_NOTES: dict[str, list[str]] = {
    "inledning.forvantningar": ["Skriv gärna ner dessa."],
    "tema1.a": ["Prata i mixade grupper/par", "Lista det som sägs."],
    "tema1.b": ["Samla hela gruppen i gemensam dialog  och låt dem dela sin bild av ovanstående"
                " 2 punkter. Lista det som sägs."],
    "tema1.c": ["Låt gruppen tänka vidare på vad som framkommit under punkt b.",
                "markera vilka områden som var och en ser som de tre viktigaste"],
    "tema2.a": ["Prata i mixade grupper"],
    "tema3.a": ["Prata i mixade grupper"],
}

GUIDE_HEADINGS: dict[str, str] = {
    "tema1": "Tema 1 Risker i vår region/kommun",
    "tema2": "Tema 2 Goda exempel på konkreta åtgärder för att identifiera, motverka och förebygga"
             " arbetslivskriminalitet",
    "tema3": "Tema 3 Vad kan vi lära av andra delar av landet när det gäller konkreta åtgärder för"
             " att identifiera, motverka och förebygga arbetslivskriminalitet ?",
}

STEPS: dict[str, list[tuple[str, StepKind]]] = {
    "inledning": [
        ("inledning.presentation", StepKind.ROUND),
        ("inledning.bakgrund", StepKind.INFO),
        ("inledning.forvantningar", StepKind.EXPECTATIONS),
    ],
    "tema1": [
        ("tema1.a", StepKind.DISCUSSION),
        ("tema1.b", StepKind.DISCUSSION),
        ("tema1.c", StepKind.VOTE),
        ("tema1.d", StepKind.DISCUSSION),
        ("tema1.e", StepKind.ACTIONS),
        ("tema1.f", StepKind.FOLLOWUP),
        ("tema1.tillbakablick", StepKind.REFLECTION),
    ],
    "tema2": [
        ("tema2.film", StepKind.MEDIA),
        ("tema2.a", StepKind.DISCUSSION),
        ("tema2.b", StepKind.DISCUSSION),
        ("tema2.c", StepKind.DISCUSSION),
        ("tema2.d", StepKind.ACTIONS),
    ],
    "tema3": [
        ("tema3.a", StepKind.DISCUSSION),
        ("tema3.b", StepKind.DISCUSSION),
        ("tema3.c", StepKind.DISCUSSION),
        ("tema3.d", StepKind.ACTIONS),
    ],
    "avslutning": [("avslutning.sammanfattning", StepKind.FOLLOWUP)],
    "paus": [("paus.paus", StepKind.BREAK)],
}

QUOTES = str.maketrans({c: '"' for c in "“”„‟«»″"} | {c: "'" for c in "‘’‚‛"})


def norm(text: str) -> str:
    """Compare text, not typography: quotes, runs of spaces, a space before punctuation,
    and the colon or full stop that ends a sentence in the guide."""
    text = unicodedata.normalize("NFC", text).translate(QUOTES)
    text = " ".join(text.split())
    text = re.sub(r"\s+([?!.,:;])", r"\1", text)
    return text.rstrip(".:")


@pytest.fixture(scope="module")
def lib() -> ThemeLibrary:
    return store.load_library(ROOT / "themes.toml")


def test_norm_keeps_words() -> None:
    assert norm("a  “b” ?") == 'a "b"?'
    assert norm("x:") == norm("x.") == "x"
    assert norm("bakgrunden ovan") != norm("bakgrunden")


@pytest.mark.parametrize("step_id", sorted(GUIDE_QUESTIONS))
def test_every_guide_question_is_in_the_library_in_its_own_words(
    lib: ThemeLibrary, step_id: str
) -> None:
    assert norm(lib.step(step_id).question) == norm(GUIDE_QUESTIONS[step_id])


@pytest.mark.parametrize("step_id", sorted(GUIDE_NOTES))
def test_the_guides_hints_are_in_the_notes(lib: ThemeLibrary, step_id: str) -> None:
    notes = norm(lib.step(step_id).notes).casefold()
    for hint in GUIDE_NOTES[step_id]:
        assert norm(hint).casefold() in notes


@pytest.mark.parametrize("theme_id", sorted(GUIDE_HEADINGS))
def test_theme_headings_are_the_guides(lib: ThemeLibrary, theme_id: str) -> None:
    theme = lib.theme(theme_id)
    number = " ".join(theme.title.split()[:2])  # "Tema 2"
    candidates = {norm(theme.title), norm(f"{number} {theme.description}")}
    assert norm(GUIDE_HEADINGS[theme_id]) in candidates


def test_the_quoted_text_is_the_guides() -> None:
    """The sentences above are the guide's; checked against the seed where it is at hand."""
    files = sorted(SEED.glob("*.txt")) if SEED.is_dir() else []
    if not files:
        pytest.skip("the meeting guide (../shared/seed) is not next to this checkout")
    guide = norm(" ".join(f.read_text(encoding="utf-8") for f in files))
    quoted = [*GUIDE_QUESTIONS.values(), *GUIDE_HEADINGS.values()]
    quoted += [h for hints in GUIDE_NOTES.values() for h in hints]
    for sentence in quoted:
        assert norm(sentence).casefold() in guide.casefold(), sentence


def test_themes_and_steps_in_the_guides_order(lib: ThemeLibrary) -> None:
    assert [t.id for t in lib.themes] == list(STEPS)
    for theme in lib.themes:
        assert [(s.id, s.kind) for s in theme.steps] == STEPS[theme.id], theme.id


def test_every_step_has_a_title_minutes_and_the_guides_questions_are_all_covered(
    lib: ThemeLibrary,
) -> None:
    steps = [s for t in lib.themes for s in t.steps]
    assert all(s.title and s.minutes > 0 for s in steps)
    asked = {s.id for s in steps if s.kind not in (StepKind.BREAK,) and s.question}
    assert set(GUIDE_QUESTIONS) <= asked


def test_work_forms(lib: ThemeLibrary) -> None:
    mixed = ["tema1.a", "tema1.b", "tema2.a", "tema2.b", "tema2.c", "tema3.a", "tema3.b", "tema3.c"]
    for step_id in mixed:
        assert lib.step(step_id).work_form is WorkForm.MIXED_GROUPS, step_id
    assert lib.step("inledning.presentation").work_form is WorkForm.WHOLE_GROUP
    assert lib.step("inledning.forvantningar").work_form is WorkForm.INDIVIDUAL
    # "markera vilka områden som var och en ser som de tre viktigaste": each person votes.
    assert lib.step("tema1.c").work_form is WorkForm.INDIVIDUAL
    assert lib.step("tema1.tillbakablick").work_form is WorkForm.WHOLE_GROUP


def test_the_vote_and_the_steps_that_build_on_it(lib: ThemeLibrary) -> None:
    vote = lib.step("tema1.c")
    assert vote.candidates_from == "tema1.b"
    assert vote.dots == 3
    assert not vote.stacking
    for step_id in ("tema1.d", "tema1.e"):
        step = lib.step(step_id)
        assert step.shows_top_of == "tema1.c"
        assert step.top_n == 3
    others = [s for t in lib.themes for s in t.steps if s.id not in ("tema1.c", "tema1.d", "tema1.e")]
    assert not any(s.candidates_from or s.shows_top_of for s in others)


def test_the_film_has_a_link_to_fill_in(lib: ThemeLibrary) -> None:
    film = lib.step("tema2.film")
    assert film.kind is StepKind.MEDIA
    assert film.link == ""
    assert "länk" in film.notes


def test_the_library_records_the_guide_as_source(lib: ThemeLibrary) -> None:
    assert "Byggföretagen" in lib.source
    assert "Samverkan mellan myndigheter och arbetsmarknadens parter" in lib.source


def test_step_ids_are_stable_and_unique(lib: ThemeLibrary) -> None:
    ids = [s.id for t in lib.themes for s in t.steps]
    assert len(ids) == len(set(ids))
    for theme in lib.themes:
        assert all(s.id.startswith(f"{theme.id}.") for s in theme.steps)
