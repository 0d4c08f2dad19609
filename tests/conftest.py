"""Shared fixtures: the built-in library, a session on a programme, a filled-in meeting."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from natverk_tui import resources, store
from natverk_tui.locale import set_language
from natverk_tui.meeting import new_session
from natverk_tui.model import (
    Action,
    Contribution,
    Expectation,
    Fulfilment,
    Participant,
    Sector,
    Session,
    ThemeLibrary,
)
from natverk_tui.voting import record_ballot

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test touches the user's real config, sessions or language."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.delenv("NATVERK_SESSIONS", raising=False)
    monkeypatch.delenv("NATVERK_LANG", raising=False)
    set_language("sv")


@pytest.fixture
def library() -> ThemeLibrary:
    return resources.library()


@pytest.fixture
def session(library: ThemeLibrary) -> Session:
    programme = store.load_programme(ROOT / "agendas" / "kort.toml")
    return new_session(programme, library, "Nätverksmöte Örebro", "kort",
                       date=dt.date(2026, 11, 28), place="Örebro")


@pytest.fixture
def filled(session: Session) -> Session:
    """A short meeting with participants, areas, a vote, actions and expectations."""
    people = [
        Participant(number=1, name="Anna", organisation="Skatteverket", sector=Sector.MYNDIGHET),
        Participant(number=2, name="Bo", organisation="Byggbolaget", sector=Sector.FORETAG),
        Participant(number=3, organisation="Byggnads", sector=Sector.FACK),
    ]
    session.participants = people
    areas = ["Dela information mellan myndigheter", "Följa upp varje led i kedjan",
             "Följa upp krav i upphandling"]
    session.contributions = [Contribution(step="tema1.b", text=a) for a in areas]
    session.contributions.append(
        Contribution(step="tema1.a", text="Svartarbete i långa underleverantörskedjor",
                     group="Grupp 1", sector=Sector.FACK))
    ids = [c.id for c in session.contributions]
    record_ballot(session, "tema1.c", people[0].id, [ids[0], ids[1], ids[2]])
    record_ballot(session, "tema1.c", people[1].id, [ids[0], ids[1]])
    record_ballot(session, "tema1.c", people[2].id, [ids[1]])
    session.actions = [Action(what="Bjuda in Skatteverket till nästa möte", owner="Anna",
                              due=dt.date(2027, 1, 15), area=areas[1], step="tema1.e")]
    session.followup.next_meeting = "Mars 2027"
    session.followup.convener = "RMS Örebro"
    session.expectations = [Expectation(text="Få kontakter", participant=people[0].id,
                                        met=Fulfilment.MET)]
    return session
