"""The texts the personal-data guard is measured on: phenomena it must leave alone (the
written corpus, the meeting guide, the built-in themes) and identifiers planted in sentences
that it must find. Shared by tests/test_guard_measure.py and benchmarks/guard_accuracy.py."""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from natverk_tui import guard

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "guard"
# The guide sits in shared/ beside the repository (a checkout in CI has it there too).
GUIDE = ROOT.parent / "shared" / "seed" / "samverkan-myndigheter-parter.txt"

# A roster of common Swedish names, some of them Swedish words as well (per, bo, lind, ek).
ROSTER = [
    "Anna Andersson", "Bo Berg", "Cecilia Carlsson", "Anna-Karin Öberg", "Per Persson",
    "Eva Lind", "Lars Holm", "Ali Hassan", "Maria Nilsson", "Jonas Ek",
]


@dataclass(frozen=True)
class Planted:
    line: int
    kind: guard.Kind
    identifier: str
    sentence: str


def phenomena() -> list[str]:
    lines = (DATA / "phenomena.txt").read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip() and not line.startswith("#")]


def planted() -> list[Planted]:
    out = []
    for number, line in enumerate((DATA / "planted.tsv").read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        kind, identifier, sentence = line.split("\t")
        # "\u00a0" in the file stands for a non-breaking space, which an editor would hide.
        identifier, sentence = (s.replace("\\u00a0", "\u00a0") for s in (identifier, sentence))
        out.append(Planted(number, guard.Kind(kind), identifier, sentence))
    return out


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def theme_texts() -> list[str]:
    """Every string in the built-in themes.toml (questions, notes, titles) and programmes."""
    files = [ROOT / "themes.toml", *sorted((ROOT / "agendas").glob("*.toml"))]
    return [text for path in files for text in _strings(tomllib.loads(path.read_text(encoding="utf-8")))]


def ui_texts() -> list[str]:
    """Every UI string in both languages (dates, key hints, counts)."""
    from natverk_tui.locale import en, sv

    return [*sv.STRINGS.values(), *en.STRINGS.values()]


def false_alarms(texts: list[str]) -> list[tuple[str, guard.Finding]]:
    roster = guard.Roster(ROSTER)
    return [(text, f) for text in texts for f in guard.find(text, roster)]


def missed(items: list[Planted]) -> list[Planted]:
    """Planted identifiers not found whole, with their kind."""
    roster = guard.Roster(ROSTER)
    out = []
    for item in items:
        found = guard.find(item.sentence, roster)
        if not any(f.kind is item.kind and f.text == item.identifier for f in found):
            out.append(item)
    return out
