"""Anonymous exports hold: no roster name, however it was typed, in any format; a name
becomes the person's number and sector, never an organisation. Named minutes never put a
name beside a union."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from pathlib import Path

import pytest

from natverk_tui import __main__ as cli
from natverk_tui import export, guard, minutes, store
from natverk_tui.model import (
    Action,
    Contribution,
    Expectation,
    Group,
    Participant,
    Sector,
    Session,
)

AT = dt.datetime(2027, 2, 1, 12, 0)

# Five spellings of roster names, as the issue found them left as typed.
SPELLINGS = ["A. Andersson", "Anna Andersson och Bo Berg", "Cecilia Carlsson (Byggnads)",
             "anna andersson ", "Anna\u00a0Andersson"]


def named_everywhere(session: Session) -> Session:
    """A meeting whose convener, owners, notes, contributions, groups and expectations hold
    roster names in five spellings (and a few more)."""
    anna, bo, cecilia, ake = session.participants = [
        Participant(number=1, name="Anna Andersson", organisation="Skatteverket", sector=Sector.MYNDIGHET),
        Participant(number=2, name="Bo Berg", organisation="Byggbolaget", sector=Sector.FORETAG),
        Participant(number=3, name="Cecilia Carlsson", organisation="Byggnads", role="ombud",
                    sector=Sector.FACK),
        Participant(number=4, name="Åke Öberg", organisation="Örebro kommun", sector=Sector.OVRIGT),
    ]
    session.followup.convener = "Åke\u00a0Öberg"
    session.followup.notes = "Anna Anderssons förslag; ring ANDERSSON, ANNA om det"
    session.followup.report = "Å. Öberg och B. Berg rapporterar"
    session.actions = [
        Action(what="Checklista", owner=owner, note=f"Tas upp av {owner.strip()}", step="tema1.e")
        for owner in SPELLINGS
    ]
    session.actions[0].area = "Berg och Carlsson ansvarar"
    session.contributions = [
        Contribution(step="tema1.a", text="Cecilia Carlssons fråga om bodarna", participant=cecilia.id),
        Contribution(step="tema1.a", text="Som bo berg sa: långa kedjor", participant=bo.id,
                     sector=Sector.FORETAG, group="Anna Anderssons grupp"),
        Contribution(step="tema1.b", text="Dela information, sa A.Andersson 19121212-1212"),
    ]
    # The areas are new, so the vote on the old ones goes: a saved ballot names only areas
    # that are there (store refuses the file otherwise).
    session.votes = []
    session.groups["tema1.a"] = [Group(name="Grupp Öberg", members=[anna.id, cecilia.id]),
                                 Group(name="Grupp 2", members=[bo.id, ake.id])]
    session.expectations = [
        Expectation(text="Att Bo Berg och anna andersson träffas", participant=anna.id,
                    comment="Öberg höll med")]
    return session


def _filled_plain(filled: Session) -> Session:
    return filled


def _named(session: Session) -> Session:
    return named_everywhere(session)


def _carried_over(filled: Session) -> Session:
    filled.actions.append(Action(what="Följa upp Bo", owner="bo", origin="s-previous"))
    return filled


def _one_word_names(filled: Session) -> Session:
    """The fixture's people are named "Anna" and "Bo": typed in any case as a whole field."""
    anna, bo, _ = filled.participants
    filled.contributions.append(Contribution(step="tema1.a", text="Anna tog upp det", participant=bo.id))
    filled.groups["tema1.a"] = [Group(name="Bos grupp", members=[anna.id, bo.id])]
    filled.actions[0].owner = "  anna "
    filled.followup.convener = "BO"
    return filled


SESSIONS: dict[str, Callable[[Session], Session]] = {
    "filled": _filled_plain, "names in five spellings": _named, "carried over": _carried_over,
    "one-word names": _one_word_names,
}


def exports(session: Session) -> dict[str, str]:
    return {
        "md": export.markdown(session, anonymous=True, at=AT),
        "html": html.unescape(export.html(session, anonymous=True, at=AT)),
        "csv": export.actions_csv(session, anonymous=True),
        "series md": export.series_markdown("s", [session], anonymous=True, at=AT),
        "series html": html.unescape(export.series_html("s", [session], anonymous=True, at=AT)),
        "series csv": export.series_csv([session], anonymous=True),
    }


@pytest.mark.parametrize("which", SESSIONS)
def test_the_guard_finds_nothing_in_anonymous_exports(which: str, filled: Session) -> None:
    session = SESSIONS[which](filled)
    names = [p.name for p in session.participants if p.name]
    assert names
    for fmt, text in exports(session).items():
        found = [(f.kind.value, f.text) for f in guard.find(text, names)]
        assert found == [], (fmt, found)


def test_every_spelling_becomes_number_and_sector(filled: Session) -> None:
    session = named_everywhere(filled)
    doc = minutes.build(session, anonymous=True, at=AT)
    assert [a.owner for a in doc.actions] == [
        "#1 (Myndighet)", "#1 (Myndighet) och #2 (Företag)", "#3 (Fack) (Byggnads)", "#1 (Myndighet)",
        "#1 (Myndighet)"]
    assert [f.value for f in doc.followup] == ["Mars 2027",
        "#4 (Övrigt)", "#4 (Övrigt) och #2 (Företag) rapporterar",
        "#1 (Myndighet) förslag; ring #1 (Myndighet) om det"]
    texts = [c.text for t in doc.steps for s in t.items for c in s.contributions]
    assert texts == ["#3 (Fack) fråga om bodarna", "Som #2 (Företag) sa: långa kedjor",
                     "Dela information, sa #1 (Myndighet) [personnummer]"]
    risks = doc.steps[0].items[0]
    assert [g.name for g in risks.groups] == ["Grupp #4 (Övrigt)", "Grupp 2"]
    assert risks.contributions[1].tags == ("#1 (Myndighet) grupp", "Företag")
    # No organisation stands in for a person: each of them has one person in this meeting.
    page = export.markdown(session, anonymous=True, at=AT)
    for org in ("Skatteverket", "Byggbolaget", "Örebro kommun"):
        assert org not in page


def test_export_anonymous_through_the_command_names_nobody(
    filled: Session, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    session = named_everywhere(filled)
    path = tmp_path / "mote.toml"
    store.save_session(session, path)
    names = [p.name for p in session.participants]
    for fmt in ("md", "html", "csv"):
        assert cli.main(["export", str(path), "--format", fmt, "--anonymous"]) == 0
        out = html.unescape(capsys.readouterr().out)
        assert [f for f in guard.find(out, names) if f.kind is guard.Kind.NAME] == [], fmt
        assert "Carlsson" not in out and "Andersson" not in out and "Öberg" not in out


def test_named_minutes_never_put_a_name_beside_a_union(filled: Session) -> None:
    session = named_everywhere(filled)
    session.contributions[0].sector = Sector.FACK
    doc = minutes.build(session, at=AT)
    people = {p.number: (p.name, p.details) for p in doc.participants}
    assert people[1] == ("Anna Andersson", ("Skatteverket",))
    assert people[3] == ("", ("Fack",))  # the sector alone: no name, no union's name
    everything = export.markdown(session, at=AT) + export.html(session, at=AT) + export.actions_csv(session)
    assert "Cecilia" not in html.unescape(everything)
    assert "Carlsson" not in html.unescape(everything)
    risks = doc.steps[0].items[0]
    assert risks.groups[0].members == ("Anna Andersson", "#3")
    assert risks.contributions[0].tags == ("Fack", "#3")
    # Other names are kept in named minutes.
    assert doc.actions[1].owner == "Anna Andersson och Bo Berg"
