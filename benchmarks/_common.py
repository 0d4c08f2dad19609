"""What the benchmarks share: a session on the full-day programme filled with contributions."""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Sequence
from pathlib import Path

from natverk_tui import resources, store
from natverk_tui.meeting import new_session
from natverk_tui.model import Contribution, Sector, Session

ROOT = Path(__file__).resolve().parents[1]
STEP = "tema1.a"
SECTORS = [None, Sector.MYNDIGHET, Sector.FORETAG, Sector.FACK, Sector.OVRIGT]
PHRASES = [
    "Svartarbete i långa underleverantörskedjor",
    "Falska ID06-kort",
    "Bostäder på arbetsplatsen",
    "Löner under kollektivavtal",
    "Skenbolag som byts ut efter ett år",
    "Ingen kontroll av personalliggare",
]


def filled_session(count: int) -> Session:
    """A full-day session standing on tema1.a with `count` contributions there."""
    programme = store.load_programme(ROOT / "agendas" / "heldag.toml")
    session = new_session(programme, resources.library(), "Benchmark", "heldag",
                          date=dt.date(2026, 11, 28), place="Örebro")
    start = dt.datetime(2026, 11, 28, 9, 35)
    session.contributions = [
        Contribution(
            id=f"c-{i:08d}", step=STEP, text=f"{PHRASES[i % len(PHRASES)]} ({i})",
            created=start + dt.timedelta(seconds=i), sector=SECTORS[i % len(SECTORS)],
            group=f"Grupp {i % 4 + 1}" if i % 3 == 0 else None,
        )
        for i in range(count)
    ]
    session.current_step = STEP
    return session


def ms(values: Sequence[float]) -> tuple[float, float]:
    """Median and max of durations in seconds, in milliseconds."""
    return statistics.median(values) * 1000, max(values) * 1000
