"""Typed text passes the personal-data guard: the facilitator sees what was found before it
is added, and masks it (the default), keeps it (logged without the value) or cancels."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from textual import events
from textual.widgets import Static

from natverk_tui import followup, store
from natverk_tui.app import NatverkApp, make_app
from natverk_tui.model import Action, Participant, Sector, Session
from natverk_tui.screens.personal_data import PersonalDataScreen
from natverk_tui.settings import Settings
from natverk_tui.widgets.contributions import Contributions
from pilot import SIZE, app_for, go_to, listed, screen, settle, type_text


def _room(session: Session) -> None:
    session.participants = [
        Participant(number=1, name="Anna Andersson", organisation="Skatteverket", sector=Sector.MYNDIGHET),
        Participant(number=2, name="Cecilia Carlsson", organisation="Byggnads", sector=Sector.FACK),
    ]


def _modal_text(app: NatverkApp) -> str:
    assert isinstance(app.screen, PersonalDataScreen)
    return "\n".join(str(s.render()) for s in app.screen.query(Static))


async def test_an_identity_number_and_a_roster_name_are_flagged_and_masked(
    session: Session, tmp_path: Path
) -> None:
    _room(session)
    path = tmp_path / "mote.toml"
    app = app_for(session, path)
    async with app.run_test(size=SIZE) as pilot:
        await go_to(app, pilot, "tema1.a")
        await type_text(pilot, "Han uppgav 19121212-1212 vid grinden")
        await pilot.press("enter")
        await settle(app, pilot)
        # Nothing is added before the facilitator has answered.
        assert session.contributions == []
        shown = _modal_text(app)
        assert "personnummer" in shown
        assert "Han uppgav 19121212-1212 vid grinden" in shown
        assert "Maskerat: Han uppgav [personnummer] vid grinden" in shown
        await pilot.press("enter")  # mask, the default
        await settle(app, pilot)
        assert listed(app) == ["Han uppgav [personnummer] vid grinden"]

        await type_text(pilot, "anna andersson sa att bodarna saknar vatten")
        await pilot.press("enter")
        await settle(app, pilot)
        assert "namn" in _modal_text(app)
        await pilot.press("m")
        await settle(app, pilot)
        assert listed(app)[-1] == "[namn] sa att bodarna saknar vatten"
        assert not session.privacy_log

    raw = path.read_text(encoding="utf-8")
    assert "19121212" not in raw
    assert raw.count("Anna Andersson") == 1  # the roster, nowhere else
    assert "anna andersson" not in raw.lower().replace("name = \"anna andersson\"", "")


async def test_keep_is_logged_without_the_value_and_cancel_adds_nothing(
    session: Session, tmp_path: Path
) -> None:
    _room(session)
    path = tmp_path / "mote.toml"
    app = app_for(session, path)
    async with app.run_test(size=SIZE) as pilot:
        await go_to(app, pilot, "tema1.a")
        await type_text(pilot, "Tipsen går till 070-123 45 67")
        await pilot.press("enter", "k")
        await settle(app, pilot)
        assert listed(app) == ["Tipsen går till 070-123 45 67"]

        await type_text(pilot, "A. Andersson vet mer")
        await pilot.press("enter")
        await settle(app, pilot)
        await pilot.press("escape")
        await settle(app, pilot)
        assert listed(app) == ["Tipsen går till 070-123 45 67"]
        # What was typed is back in the entry line, to be reworded.
        assert screen(app).query_one(Contributions).input.value == "A. Andersson vet mer"

    saved = store.load_session(path)
    assert [(n.field, n.kinds, n.step) for n in saved.privacy_log] == [
        ("contribution", ["phone"], "tema1.a")]
    log = path.read_text(encoding="utf-8").split("[[privacy_log]]")[1]
    assert "070" not in log


async def test_pasted_lines_keep_their_order_while_one_is_asked_about(
    session: Session, tmp_path: Path
) -> None:
    _room(session)
    app = app_for(session, tmp_path / "paste.toml")
    async with app.run_test(size=SIZE) as pilot:
        await go_to(app, pilot, "tema1.b")
        field = screen(app).query_one(Contributions).input
        field.post_message(events.Paste("Dela information\nFråga Cecilia Carlsson\nStöd till offer\n"))
        await settle(app, pilot)
        assert [c.text for c in session.contributions] == ["Dela information"]
        await pilot.press("enter")
        await settle(app, pilot)
        assert listed(app) == ["Dela information", "Fråga [namn]", "Stöd till offer"]


async def test_typed_markup_in_flagged_text_is_shown_as_typed(session: Session, tmp_path: Path) -> None:
    _room(session)
    app = app_for(session, tmp_path / "m.toml")
    async with app.run_test(size=SIZE) as pilot:
        await go_to(app, pilot, "tema1.a")
        await type_text(pilot, "[@click=app.quit]Anna Andersson[/] [b]")
        await pilot.press("enter")
        await settle(app, pilot)
        assert "[@click=app.quit]Anna Andersson[/] [b]" in _modal_text(app)
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.is_running
        assert listed(app) == ["[@click=app.quit][namn][/] [b]"]


async def test_actions_followup_and_expectations_pass_the_guard(session: Session, tmp_path: Path) -> None:
    _room(session)
    path = tmp_path / "a.toml"
    app = app_for(session, path)
    async with app.run_test(size=SIZE) as pilot:
        await go_to(app, pilot, "inledning.forvantningar")
        await type_text(pilot, "Träffa Cecilia Carlsson")
        await pilot.press("enter", "enter")
        await settle(app, pilot)
        assert [e.text for e in session.expectations] == ["Träffa [namn]"]

        await go_to(app, pilot, "tema1.e")
        # The owner is a roster name on purpose: only the text of the action is flagged.
        await type_text(pilot, "Kontrollera 556036-0793")
        await pilot.press("tab")
        await type_text(pilot, "Anna Andersson")
        await pilot.press("tab")
        await type_text(pilot, "2027-01-15")
        await pilot.press("enter")
        await settle(app, pilot)
        assert "orgnr" in _modal_text(app)
        await pilot.press("enter")
        await settle(app, pilot)
        action = session.actions[0]
        assert (action.what, action.owner) == ("Kontrollera [orgnr]", "Anna Andersson")

        await go_to(app, pilot, "tema1.f")
        await pilot.press("tab")  # to the convener: a name there is no finding
        await type_text(pilot, "Cecilia Carlsson")
        await pilot.press("enter")
        await pilot.press("tab")
        await type_text(pilot, "Ring cecilia.carlsson@byggnads.se")
        await pilot.press("enter")
        await settle(app, pilot)
        assert "e-post" in _modal_text(app)
        await pilot.press("k")
        await settle(app, pilot)
        assert session.followup.convener == "Cecilia Carlsson"
        assert session.followup.notes == "Ring cecilia.carlsson@byggnads.se"
        assert [(n.field, n.kinds) for n in session.privacy_log] == [("followup.notes", ["email"])]


async def test_a_review_note_passes_the_guard(session: Session, tmp_path: Path) -> None:
    _room(session)
    session.actions.append(Action(what="Checklista", owner="Anna Andersson", due=dt.date(2027, 3, 1)))
    followup.close_session(session, at=dt.datetime(2026, 11, 28, 16, 0))
    path = tmp_path / "r.toml"
    store.save_session(session, path)
    app = make_app(store.load_session(path), path, clock=lambda: dt.datetime(2027, 2, 1, 10, 0),
                   prefs=Settings(), review=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("n")
        await type_text(pilot, "A. Andersson ringer 08-123 456 78")
        await pilot.press("enter")
        await settle(app, pilot)
        assert "telefon" in _modal_text(app)
        await pilot.press("enter")
        await settle(app, pilot)
    assert store.load_session(path).actions[0].note == "[namn] ringer [telefon]"
