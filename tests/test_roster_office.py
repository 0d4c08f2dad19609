"""Rosters as offices save them: Swedish Excel's CSV (Windows-1252, semicolons, CRLF,
Förnamn/Efternamn), UTF-8 with and without BOM, commas and tabs, English headers, sector
words in any case, .xlsx workbooks; and the rows left out are shown in the app (F9)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from natverk_tui import __main__ as cli
from natverk_tui import roster, store
from natverk_tui.app import NatverkApp, make_app
from natverk_tui.model import Sector, Session
from natverk_tui.screens.participants import ParticipantsScreen
from natverk_tui.settings import Settings
from natverk_tui.store import FileError
from pilot import SIZE, Clock, settle

FIXTURE = Path(__file__).parent / "fixtures" / "deltagare-excel.csv"
KORT = Path(__file__).resolve().parents[1] / "agendas" / "kort.toml"

EXPECTED = [
    ("Anna Öberg", "Skatteverket", "Kontrollant", Sector.MYNDIGHET),
    ("Björn Åkesson", "Byggbolaget i Örebro AB", "Platschef", Sector.FORETAG),
    ("Cecilia Lindqvist", "Byggnads Mellan", "Ombudsman", Sector.FACK),
    ("Dragan Petrovic", "Örebro kommun", "Upphandlare", Sector.OVRIGT),
    ("Eva Ström", "Länsstyrelsen Örebro", "Handläggare", Sector.MYNDIGHET),
    ("Fredrik Nyström", "Arbetsmiljöverket", "Inspektör", Sector.OVRIGT),
    ("Gunilla Hägg", "Fair Play Bygg", "Samordnare", Sector.FACK),
    ("Hassan Yilmaz", "Entreprenad & Mark AB", "VD", Sector.FORETAG),
]


def people_of(path: Path) -> tuple[list[tuple[str, str, str, Sector]], list[store.Problem]]:
    people, problems = roster.import_file(path)
    return [(p.name, p.organisation, p.role, p.sector) for p in people], problems


def test_the_fixture_is_what_swedish_excel_saves() -> None:
    raw = FIXTURE.read_bytes()
    assert b"\r\n" in raw and b";" in raw
    assert "Förnamn".encode("cp1252") in raw
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")


def test_a_swedish_excel_roster_imports_every_named_person() -> None:
    people, problems = people_of(FIXTURE)
    assert people == EXPECTED
    refused = [p for p in problems if roster.is_refusal(p)]
    assert [(p.line, p.field) for p in refused] == [(9, "sector")]
    assert "unknown sector 'Konsult'" in refused[0].message
    notes = [p for p in problems if not roster.is_refusal(p)]
    assert [p.line for p in notes] == [1, 8]  # the e-mail column, Fredrik without a sector


@pytest.mark.parametrize(("encoding", "delimiter", "newline"), [
    ("utf-8-sig", ";", "\r\n"), ("utf-8", ";", "\n"), ("utf-8", ",", "\n"), ("cp1252", "\t", "\r\n"),
    ("utf-16", "\t", "\r\n"),
])
def test_encodings_and_separators(encoding: str, delimiter: str, newline: str, tmp_path: Path) -> None:
    text = FIXTURE.read_bytes().decode("cp1252").replace(";", delimiter).replace("\r\n", newline)
    path = tmp_path / "lista.csv"
    path.write_bytes(text.encode(encoding))
    assert people_of(path)[0] == EXPECTED


def test_english_headers_in_any_case(tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_text(" First Name ,LAST NAME,Organization,role,SECTOR\n"
                    "Anna,Öberg,Skatteverket,,Authority\n\n"
                    "Bo,,Byggbolaget,,Company\n", encoding="utf-8")
    assert people_of(path)[0] == [("Anna Öberg", "Skatteverket", "", Sector.MYNDIGHET),
                                  ("Bo", "Byggbolaget", "", Sector.FORETAG)]


def test_a_name_column_wins_over_first_and_last(tmp_path: Path) -> None:
    path = tmp_path / "lista.csv"
    path.write_text("Namn;Förnamn;Efternamn;Sektor\nAnna Ö;Anna;Öberg;fack\n", encoding="utf-8")
    assert people_of(path)[0] == [("Anna Ö", "", "", Sector.FACK)]


def test_an_xlsx_roster(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for row in FIXTURE.read_bytes().decode("cp1252").splitlines():
        sheet.append([cell or None for cell in row.split(";")])
    sheet.append(["Ivan", "Ek", 4711, None, "övrigt"])  # a number typed into a cell
    path = tmp_path / "deltagare.xlsx"
    book.save(path)
    people, problems = people_of(path)
    assert people == [*EXPECTED, ("Ivan Ek", "4711", "", Sector.OVRIGT)]
    assert [p.line for p in problems if roster.is_refusal(p)] == [9]


def test_a_broken_xlsx_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "trasig.xlsx"
    path.write_bytes(b"PK\x03\x04 inte en arbetsbok")
    with pytest.raises(FileError, match="cannot read as an Excel workbook"):
        roster.import_file(path)
    status = cli.main(["run", str(KORT), "--participants", str(path), "--session", str(tmp_path / "m.toml")])
    assert status == 2 and "Traceback" not in capsys.readouterr().err


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[NatverkApp]:
    apps: list[NatverkApp] = []

    def fake_run(self: NatverkApp, *args: Any, **kwargs: Any) -> None:
        apps.append(self)

    monkeypatch.setattr(NatverkApp, "run", fake_run)
    return apps


def test_the_cli_hands_the_import_to_the_app(tmp_path: Path, started: list[NatverkApp]) -> None:
    status = cli.main(["run", str(KORT), "--participants", str(FIXTURE),
                       "--session", str(tmp_path / "m.toml")])
    assert status == 0
    [app] = started
    assert app.imported is not None and app.imported.imported == 8
    assert [p.line for p in app.imported.refused] == [9]


async def test_the_participants_screen_shows_the_rows_left_out(session: Session, tmp_path: Path) -> None:
    people, problems = roster.import_file(FIXTURE)
    roster.extend(session, people)
    path = tmp_path / "m.toml"
    store.save_session(session, path)
    report = roster.ImportReport(FIXTURE, len(people), tuple(problems))
    app = make_app(session, path, clock=Clock(), prefs=Settings(), imported=report)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert any("1 rad i deltagare-excel.csv lämnades utanför" in str(n.message)
                   for n in app._notifications)
        await pilot.press("f9")
        await settle(app, pilot)
        assert isinstance(app.screen, ParticipantsScreen)
        shown = str(app.screen.query_one("#participants-import").render())
        assert "Från deltagare-excel.csv: 8 personer. 1 rad lämnades utanför." in shown
        assert "rad 9: okänd sektor 'Konsult'" in shown
        assert "rad 8: ingen sektor: blev övrigt" in shown
        assert len(session.participants) == 8
