"""What the benchmarks share: a session on the full-day programme filled with contributions,
and a way to start the app on a pseudo-terminal."""

from __future__ import annotations

import datetime as dt
import fcntl
import os
import pty
import statistics
import struct
import termios
from collections.abc import Sequence
from pathlib import Path

from natverk_tui import resources, store
from natverk_tui.meeting import new_session
from natverk_tui.model import Contribution, Sector, Session

ROOT = Path(__file__).resolve().parents[1]


def clean_env(home: str) -> dict[str, str]:
    """A child's environment as on a new user's machine: its own empty home and folders,
    a colour terminal, Swedish and UTF-8, and nothing else from ours."""
    return {
        "PATH": os.environ.get("PATH", ""), "HOME": home, "TERM": "xterm-256color",
        "XDG_CONFIG_HOME": f"{home}/config", "XDG_DATA_HOME": f"{home}/data",
        "NATVERK_LANG": "sv", "LANG": "C.UTF-8",
    }


def spawn_in_pty(argv: list[str], env: dict[str, str], columns: int, rows: int) -> tuple[int, int]:
    """Start `argv` in the repository on a pseudo-terminal of its own size, as a person's
    terminal would run it: its pid and the pty's file descriptor."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: the pty is its controlling terminal and stdio
        try:
            fcntl.ioctl(1, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
            os.chdir(ROOT)
            os.execve(argv[0], argv, env)
        finally:
            os._exit(127)
    return pid, fd
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
