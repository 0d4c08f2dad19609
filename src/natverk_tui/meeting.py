"""Starting a session from a programme."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from natverk_tui.model import Programme, Session, ThemeLibrary


def new_session(
    programme: Programme,
    library: ThemeLibrary,
    title: str | None = None,
    source: str = "",
    date: dt.date | None = None,
    place: str = "",
) -> Session:
    """A fresh session holding a frozen copy of the programme's running order."""
    plan = programme.resolve(library, source)
    return Session(
        title=title or programme.title,
        plan=plan,
        date=date or dt.date.today(),
        place=place,
    )


def programme_source(path: Path) -> str:
    return path.stem
