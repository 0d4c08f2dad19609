"""The roster: registering, editing, absence, numbering, imports and `run --participants`."""

from __future__ import annotations

from pathlib import Path

import pytest

from natverk_tui import __main__ as cli
from natverk_tui import export, roster, store
from natverk_tui.grouping import Split, propose_for_step
from natverk_tui.model import Group, Participant, Sector, Session
from natverk_tui.store import FileError


def test_add_numbers_people_in_order_and_names_are_optional(session: Session) -> None:
    a = roster.add(session, " Anna ", "Skatteverket", "Inspektör", Sector.MYNDIGHET)
    b = roster.add(session, sector=Sector.FACK)
    assert (a.number, b.number) == (1, 2)
    assert a.name == "Anna"
    assert b.name == "" and b.label() == "#2 (Fack)"
    assert session.participants == [a, b]


def test_edit_remove_absent_and_renumber(session: Session) -> None:
    a = roster.add(session, "Anna", sector=Sector.MYNDIGHET)
    b = roster.add(session, "Bo", sector=Sector.FORETAG)
    c = roster.add(session, "Cia", sector=Sector.FACK)
    roster.edit(session, b.id, organisation=" Byggbolaget ", sector=Sector.OVRIGT)
    assert (b.organisation, b.sector) == ("Byggbolaget", Sector.OVRIGT)
    with pytest.raises(ValueError):
        roster.edit(session, b.id, present=False)
    with pytest.raises(ValueError):
        roster.edit(session, b.id, sector="nonsense")
    roster.set_present(session, c.id, False)
    assert not c.present
    session.groups["tema1.a"] = [Group(name="Grupp 1", members=[a.id, b.id])]
    session.turns["inledning.presentation"] = [a.id]
    roster.remove(session, a.id)
    assert session.participants == [b, c]
    assert session.groups["tema1.a"][0].members == [b.id]
    assert session.turns["inledning.presentation"] == []
    assert roster.add(session, "Dan").number == 4
    roster.renumber(session)
    assert [p.number for p in session.participants] == [1, 2, 3]
    with pytest.raises(KeyError):
        roster.remove(session, "p-nobody")


@pytest.mark.parametrize(("word", "sector"), [
    ("myndighet", Sector.MYNDIGHET), ("Authority", Sector.MYNDIGHET),
    ("FÖRETAG", Sector.FORETAG), ("foretag", Sector.FORETAG), ("company", Sector.FORETAG),
    ("Fack", Sector.FACK), ("union", Sector.FACK),
    ("övrigt", Sector.OVRIGT), ("Ovrigt", Sector.OVRIGT), (" other ", Sector.OVRIGT),
    ("kommun", Sector.OVRIGT), ("Länsstyrelsen", Sector.MYNDIGHET), ("Facket", Sector.FACK),
    ("BYGGNADS", Sector.FACK), ("arbetsgivare", Sector.FORETAG), ("Entreprenör", Sector.FORETAG),
    ("  Trade   Union ", Sector.FACK), ("Region", Sector.OVRIGT), ("konsult", None), ("", None),
])
def test_parse_sector(word: str, sector: Sector | None) -> None:
    assert roster.parse_sector(word) == sector


CSV = """name,organisation,role,sector
Anna,Skatteverket,Inspektör,myndighet
,Byggbolaget AB,Platschef,Företag
Cia,Byggnads,,kommun
"Dahl, Eva",Arbetsmiljöverket,,authority
Frank,Fackförbundet,,

Gun,Kommunen,Upphandlare,Ovrigt,extra
Hans,Fair Play Bygg,,union
"""


def test_csv_import_keeps_good_rows_and_reports_bad_ones(tmp_path: Path) -> None:
    path = tmp_path / "deltagare.csv"
    path.write_text(CSV, encoding="utf-8")
    people, problems = roster.import_file(path)
    # A municipality is "övrigt" (DOMAIN.md); a row without a sector is kept as övrigt.
    assert [(p.name, p.sector) for p in people] == [
        ("Anna", Sector.MYNDIGHET), ("", Sector.FORETAG), ("Cia", Sector.OVRIGT),
        ("Dahl, Eva", Sector.MYNDIGHET), ("Frank", Sector.OVRIGT), ("Hans", Sector.FACK)]
    assert [p.number for p in people] == [1, 2, 3, 4, 5, 6]
    assert people[1].organisation == "Byggbolaget AB"
    assert [p.line for p in problems] == [6, 8]
    assert all(p.file == path for p in problems)
    assert "no sector: kept as övrigt" in problems[0].message
    assert not roster.is_refusal(problems[0])
    assert "5 fields" in problems[1].message and roster.is_refusal(problems[1])
    assert str(problems[1]).startswith(f"{path}:8:")


def test_csv_with_semicolons_swedish_headers_and_bom(tmp_path: Path) -> None:
    path = tmp_path / "lista.csv"
    path.write_text("\ufeffNamn;Organisation;Roll;Sektor\nAnna;Skatteverket;;Myndighet\n", encoding="utf-8")
    people, problems = roster.import_file(path)
    assert problems == []
    assert [(p.name, p.organisation, p.sector) for p in people] == [
        ("Anna", "Skatteverket", Sector.MYNDIGHET)]


def test_csv_without_sector_column_cannot_be_read(tmp_path: Path) -> None:
    path = tmp_path / "lista.csv"
    path.write_text("name,organisation\nAnna,Skatteverket\n", encoding="utf-8")
    with pytest.raises(FileError) as err:
        roster.import_file(path)
    assert "no sector column" in str(err.value)


def test_missing_and_binary_files_cannot_be_read(tmp_path: Path) -> None:
    with pytest.raises(FileError, match="no such file"):
        roster.import_file(tmp_path / "nope.csv")
    binary = tmp_path / "lista.csv"
    binary.write_bytes(b"\xff\xfe\x00name")
    with pytest.raises(FileError, match="cannot read"):
        roster.import_file(binary)


TOML = """# prepared before the meeting
[[participants]]
name = "Anna"
organisation = "Skatteverket"
sector = "myndighet"

[[participants]]
organisation = "Byggnads"
sector = "Union"

[[participants]]
name = "Cia"
sector = "kommun"

[[participants]]
name = 42
sector = "fack"

[[participants]]
name = "Dan"
sektor = "fack"
"""


def test_toml_import(tmp_path: Path) -> None:
    path = tmp_path / "deltagare.toml"
    path.write_text(TOML, encoding="utf-8")
    people, problems = roster.import_file(path)
    assert [(p.name, p.sector) for p in people] == [
        ("Anna", Sector.MYNDIGHET), ("", Sector.FACK), ("Cia", Sector.OVRIGT)]
    # Each problem points at its [[participants]] table, in file order.
    assert [(p.line, p.field) for p in problems] == [(15, "name"), (19, "sektor")]
    assert "should be text" in problems[0].message
    assert "unknown key 'sektor'" in problems[1].message


def test_toml_without_participants_cannot_be_read(tmp_path: Path) -> None:
    path = tmp_path / "x.toml"
    path.write_text('title = "x"\n', encoding="utf-8")
    with pytest.raises(FileError, match="participants"):
        roster.import_file(path)
    path.write_text("[[participants]\n", encoding="utf-8")
    with pytest.raises(FileError, match="not valid TOML"):
        roster.import_file(path)


def test_roster_is_taken_over_from_a_previous_session(filled: Session, tmp_path: Path) -> None:
    filled.participants[1].present = False
    path = tmp_path / "förra.toml"
    store.save_session(filled, path)
    people, problems = roster.import_file(path)
    assert problems == []
    assert [(p.name, p.number, p.sector) for p in people] == [
        (p.name, p.number, p.sector) for p in filled.participants]
    assert all(p.present for p in people)
    assert not {p.id for p in people} & {p.id for p in filled.participants}


def test_extend_numbers_on_after_the_room(session: Session) -> None:
    roster.add(session, "Anna")
    added = roster.extend(session, [Participant(number=1, name="Bo"), Participant(number=2)])
    assert [p.number for p in session.participants] == [1, 2, 3]
    assert added == session.participants[1:]


@pytest.fixture
def no_app(monkeypatch: pytest.MonkeyPatch) -> list[Session]:
    started: list[Session] = []

    def fake_run_app(session: Session, path: Path, **_: bool) -> int:
        started.append(store.load_session(path))
        return 0

    monkeypatch.setattr(cli, "run_app", fake_run_app)
    return started


def test_cli_run_with_participants(tmp_path: Path, no_app: list[Session],
                                   capsys: pytest.CaptureFixture[str]) -> None:
    lista = tmp_path / "deltagare.csv"
    lista.write_text(CSV, encoding="utf-8")
    target = tmp_path / "möte.toml"
    programme = str(Path(__file__).resolve().parents[1] / "agendas" / "kort.toml")
    code = cli.main(["run", programme, "--participants", str(lista), "--session", str(target)])
    assert code == 0
    (saved,) = no_app
    assert [p.name for p in saved.participants] == ["Anna", "", "Cia", "Dahl, Eva", "Frank", "Hans"]
    err = capsys.readouterr().err
    assert f"{lista}:6:" in err and f"{lista}:8:" in err
    assert "6 participants" in err


def test_cli_run_with_an_unreadable_participants_file_exits_2(
        tmp_path: Path, no_app: list[Session], capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "möte.toml"
    code = cli.main(["run", "--participants", str(tmp_path / "saknas.csv"), "--session", str(target)])
    assert code == 2
    assert no_app == []
    assert not target.exists()
    assert "no such file" in capsys.readouterr().err


def test_groups_appear_in_the_minutes(session: Session) -> None:
    for name, sector in [("Anna", Sector.MYNDIGHET), ("Bo", Sector.FORETAG),
                         ("Cia", Sector.FACK), ("Dan", Sector.MYNDIGHET)]:
        roster.add(session, name, sector=sector)
    groups = propose_for_step(session, "tema1.a", Split.groups(2), seed=1)
    session.groups["tema1.a"] = groups
    text = export.markdown(session)
    assert "**Grupper:**" in text
    for g in groups:
        people = [p for m in g.members if (p := session.participant(m))]
        # Named, except the person from a union, who is listed by number only.
        names = ", ".join(f"#{p.number}" if p.sector is Sector.FACK else p.name for p in people)
        assert f"- {export.md_escape(g.name)}: {export.md_escape(names)}" in text
    assert "Cia" not in text
    anonymous = export.markdown(session, anonymous=True)
    assert "Anna" not in anonymous
    assert "Grupp 1: \\#" in anonymous
