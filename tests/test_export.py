"""The minutes read correctly: Swedish Markdown, names left out on request, CSV for a spreadsheet."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token

from natverk_tui import __main__ as cli
from natverk_tui import export, store
from natverk_tui.locale import set_language
from natverk_tui.model import Action, Contribution, LogEntry, Sector, Session, TimerEvent
from natverk_tui.voting import set_paper_count

AT = dt.datetime(2026, 11, 28, 17, 0)
TYPED = [
    "[@click=app.quit]x[/]",
    "# heading",
    "a | b | c",
    "<script>alert(1)</script>",
    "*inte fet* och _inte kursiv_ och `ingen kod`",
    "1. ingen lista",
    "- inget streck",
    "> inget citat",
    "[länk](https://example.org) ![bild](x.png) <https://example.org>",
    "&amp; &#38; \\ slut\\",
]


def read_csv(text: str, delimiter: str = ";") -> list[list[str]]:
    """Rows of an actions CSV as Excel in Sweden reads it: a BOM, then semicolons."""
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:], newline=""), delimiter=delimiter))


def render(md: str) -> list[Token]:
    return MarkdownIt("commonmark").enable(["table", "strikethrough"]).parse(md)


def html(md: str) -> str:
    return MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(md)


def inline_text(token: Token) -> str:
    """The text of an inline token, failing if anything in it became markup."""
    kinds = {child.type for child in token.children or []}
    assert kinds <= {"text"}, (kinds, token.content)
    return "".join(child.content for child in token.children or [])


def tables(md: str) -> list[list[list[str]]]:
    """Every table as rows of cell texts (header row first)."""
    out: list[list[list[str]]] = []
    cell = False
    for token in render(md):
        if token.type == "table_open":
            out.append([])
        elif token.type == "tr_open":
            out[-1].append([])
        elif token.type in ("th_open", "td_open"):
            cell = True
        elif token.type in ("th_close", "td_close"):
            cell = False
        elif token.type == "inline" and cell:
            out[-1][-1].append(inline_text(token))
    return out


def section(md: str, heading: str) -> str:
    """The text under a heading line, up to the next heading of the same or a higher level."""
    level = len(heading) - len(heading.lstrip("#"))
    lines = md.splitlines()
    start = lines.index(heading)
    end = next((i for i in range(start + 1, len(lines))
                if re.match(rf"^#{{1,{level}}} ", lines[i])), len(lines))
    return "\n".join(lines[start + 1:end])


@pytest.fixture
def meeting(filled: Session) -> Session:
    """The filled meeting with a tie in the vote, a timed step and an attributed contribution."""
    # Paper dots make "Dela information" and "Följa upp krav" tie on 2.
    set_paper_count(filled, "tema1.c", filled.contributions[2].id, 1)
    start = dt.datetime(2026, 11, 28, 13, 0)
    filled.log = [
        LogEntry(at=start, step="inledning.presentation", event=TimerEvent.START),
        LogEntry(at=start + dt.timedelta(minutes=12, seconds=30), step="inledning.presentation",
                 event=TimerEvent.LEAVE),
    ]
    filled.contributions.append(Contribution(step="tema1.a", text="Falska lönebesked",
                                             participant=filled.participants[1].id))
    filled.followup.report = "Åtgärdernas status"
    filled.expectations[0].comment = "Tre nya kontakter"
    return filled


def test_swedish_minutes_of_a_filled_meeting(meeting: Session) -> None:
    md = export.markdown(meeting, at=AT)
    lines = md.splitlines()
    assert lines[0] == "# Minnesanteckningar: Nätverksmöte Örebro"
    assert "- **Datum:** 2026-11-28" in lines
    assert "- **Plats:** Örebro" in lines
    assert "- **Program:** Kort möte: risker i vår region" in lines
    assert "- **Deltagare:** 3 deltagare" in lines
    assert "fenomen" in md

    programme, vote, actions = tables(md)
    assert programme[0] == ["Steg", "Planerat", "Faktiskt"]
    assert len(programme) == 2 + len(meeting.plan.steps)
    assert programme[1] == ["Inledning: Presentationsrunda", "10 min", "13 min"]
    assert programme[4] == ["Tema 1 Risker i vår region/kommun: a) Risker", "20 min", "–"]
    assert programme[-1] == ["Totalt", f"{meeting.plan.planned_minutes} min", "13 min"]
    for row, step in zip(programme[1:-1], meeting.plan.steps, strict=True):
        assert row[0].endswith(step.title)
        assert row[1] == f"{step.minutes} min"

    risks = section(md, "### a) Risker")
    assert "- Svartarbete i långa underleverantörskedjor (Grupp 1, Fack)" in risks
    assert "- Falska lönebesked (Bo)" in risks
    areas = section(md, "### b) Förbättringsområden")
    assert areas.count("\n- ") == 3
    assert "Följa upp varje led i kedjan" in areas
    assert "Svartarbete" not in areas

    assert "**Röstresultat** (3 har röstat):" in section(md, "### c) De tre viktigaste")
    assert vote == [
        ["Placering", "Område", "Röster"],
        ["1", "Följa upp varje led i kedjan", "3"],
        ["2 (delad placering)", "Dela information mellan myndigheter", "2"],
        ["2 (delad placering)", "Följa upp krav i upphandling", "2"],
    ]

    assert actions == [
        ["Vad", "Ansvarig", "Senast", "Status", "Område"],
        ["Bjuda in Skatteverket till nästa möte", "Anna", "2027-01-15", "Öppen",
         "Följa upp varje led i kedjan"],
    ]
    followup = section(md, "## Uppföljning")
    assert "- **Nästa möte:** Mars 2027" in followup
    assert "- **Sammankallande:** RMS Örebro" in followup
    assert "- **Det här rapporteras:** Åtgärdernas status" in followup
    assert section(md, "## Förväntningar").strip() == "- Få kontakter: **Uppfylld** (Tre nya kontakter)"


def test_steps_without_notes_are_left_out_and_an_empty_meeting_says_so(session: Session) -> None:
    md = export.markdown(session, at=AT)
    assert "### a) Risker" not in md
    assert "Inga åtgärder." in md
    assert "Inga förväntningar antecknade." in md
    assert "## Uppföljning" not in md
    # The vote step is always reported, even before anyone has voted.
    assert "**Röstresultat** (0 har röstat):" in md


def test_anonymous_minutes_leave_names_out(meeting: Session) -> None:
    named = export.markdown(meeting, at=AT)
    assert re.search(r"\bAnna\b", named)
    assert re.search(r"\bBo\b", named)
    md = export.markdown(meeting, anonymous=True, at=AT)
    for name in ("Anna", "Bo"):
        assert not re.search(rf"\b{name}\b", md), name
    assert "- #1 (Myndighet)" in md
    # The owner is shown by number and sector instead (an organisation can name a person).
    assert tables(md)[2][1][1] == "#1 (Myndighet)"
    csv_text = export.actions_csv(meeting, anonymous=True)
    assert "Anna" not in csv_text
    assert "#1 (Myndighet)" in csv_text


def test_anonymous_export_through_the_command(
    meeting: Session, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "s.toml"
    store.save_session(meeting, path)
    assert cli.main(["export", str(path), "--anonymous"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# Minnesanteckningar: Nätverksmöte Örebro")
    assert not re.search(r"\b(Anna|Bo)\b", out)
    assert cli.main(["export", str(path)]) == 0
    assert re.search(r"\bAnna\b", capsys.readouterr().out)


def test_actions_csv(meeting: Session) -> None:
    meeting.actions.append(Action(what="Ta fram, en \"checklista\"\nför upphandling", owner="Byggnads",
                                  note="Två rader"))
    text = export.actions_csv(meeting)
    rows = read_csv(text)
    assert rows[0] == ["Vad", "Ansvarig", "Senast", "Status", "Område", "Anteckningar", "id", "Datum"]
    assert len(rows) == 1 + len(meeting.actions)
    assert rows[1] == ["Bjuda in Skatteverket till nästa möte", "Anna", "2027-01-15", "Öppen",
                       "Följa upp varje led i kedjan", "", meeting.actions[0].id, "2026-11-28"]
    assert rows[2][0] == "Ta fram, en \"checklista\"\nför upphandling"
    assert rows[2][2] == ""


@pytest.mark.parametrize("cell", ["=HYPERLINK(\"http://x\")", "+1", "-1+1", "@SUM(A1)", "\t=1", "\r=1",
                                  "  =1+1", " \t@SUM(A1)", "\n-1", "\uff1dHYPERLINK(1)", "\uff0b1",
                                  "\uff0d1", "\uff20SUM(A1)", "\u3000=1"])
def test_formula_like_cells_are_defused(meeting: Session, cell: str) -> None:
    meeting.actions = [Action(what=cell, owner=cell, area=cell)]
    cell = meeting.actions[0].what  # as the model keeps it (a lone CR is a line break)
    rows = read_csv(export.actions_csv(meeting))
    assert len(rows) == 2
    assert rows[1][0] == rows[1][1] == rows[1][4] == f"'{cell}"


def test_typed_text_stays_literal_in_the_minutes(meeting: Session) -> None:
    meeting.title = "Möte <b>| #1"
    meeting.place = "[Örebro](javascript:alert(1))"
    meeting.contributions += [Contribution(step="tema1.b", text=text) for text in TYPED]
    meeting.actions[0].what = "a | b <i>c</i>"
    md = export.markdown(meeting, at=AT)
    tokens = render(md)
    items = {"".join(c.content for c in t.children or []): t for i, t in enumerate(tokens)
             if t.type == "inline" and tokens[i - 2].type == "list_item_open"}
    for text in TYPED:
        assert text in items, text
        assert inline_text(items[text]) == text
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert "heading" not in headings
    assert sum(t.type == "heading_open" and t.tag == "h1" for t in tokens) == 1
    title = next(tokens[i + 1] for i, t in enumerate(tokens) if t.type == "heading_open")
    assert inline_text(title) == "Minnesanteckningar: Möte <b>| #1"
    assert "- **Plats:** " in md
    assert "[Örebro](javascript:alert(1))" in html(md).replace("&quot;", '"')
    rendered = html(md)
    # (Emphasis is the template's own, for questions and the privacy note.)
    for tag in ("<script", "<b>", "<i>", "<a ", "<img", "<code>", "<blockquote>", "<ol", "<del"):
        assert tag not in rendered, tag
    assert tables(md)[2][1][0] == "a | b <i>c</i>"
    # The vote table keeps its three columns whatever the candidates say.
    assert all(len(row) == 3 for row in tables(md)[1])


def test_escaping_keeps_ordinary_text_readable() -> None:
    text = "a) Risker i bygg- och anläggningssektorn (t.ex. rivning)! 3 områden."
    assert export.md_escape(text) == text
    assert export.md_escape("Rad ett\n\nrad två") == "Rad ett rad två"
    assert export.md_escape("- x") == "\\- x"
    assert export.md_escape("12. x") == "12\\. x"


def test_english_minutes(meeting: Session) -> None:
    set_language("en")
    md = export.markdown(meeting, at=AT)
    lines = md.splitlines()
    assert lines[0] == "# Minutes: Nätverksmöte Örebro"
    assert "- **Date:** 2026-11-28" in lines
    assert "- **Place:** Örebro" in lines
    assert "**Vote results** (3 have voted):" in md
    programme, vote, actions = tables(md)
    assert programme[0] == ["Step", "Planned", "Actual"]
    assert vote[0] == ["Rank", "Area", "Votes"]
    assert vote[2][0] == "2 (tied)"
    assert actions[0] == ["What", "Owner", "Due", "Status", "Area"]
    assert actions[1][3] == "Open"
    assert "- Få kontakter: **Met** (Tre nya kontakter)" in md
    assert "- **Next meeting:** Mars 2027" in md
    assert "Svartarbete i långa underleverantörskedjor (Grupp 1, Union)" in md
    header = read_csv(export.actions_csv(meeting))[0]
    assert header[:3] == ["What", "Owner", "Due"]


def test_english_through_the_command(
    meeting: Session, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "s.toml"
    store.save_session(meeting, path)
    assert cli.main(["--lang", "en", "export", str(path), "--format", "csv"]) == 0
    assert capsys.readouterr().out.startswith("\ufeffWhat;Owner;Due;Status;Area")


def test_sectors_on_contributions(meeting: Session) -> None:
    meeting.contributions.append(Contribution(step="tema1.a", text="Fenomen", sector=Sector.MYNDIGHET))
    assert "- Fenomen (Myndighet)" in export.markdown(meeting, at=AT)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="ascii", exclude_categories=("Cc",)), min_size=1))
@example("0 #")  # a heading's closing #s
@example("Risk ##")
def test_any_typed_text_renders_as_itself(text: str) -> None:
    """Wherever the minutes put typed text (list item, table cell, heading), it renders as text."""
    flat = " ".join(text.split())
    if not flat:
        return
    escaped = export.md_escape(text)
    for doc in (f"- {escaped}", f"| x |\n|---|\n| {escaped} |", f"### {escaped}"):
        cells = [t for t in render(doc) if t.type == "inline"]
        assert inline_text(cells[-1]) == flat, doc


def test_csv_opens_in_swedish_excel_by_default(meeting: Session, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "s.toml"
    store.save_session(meeting, path)
    out = tmp_path / "atgarder.csv"
    assert cli.main(["export", str(path), "--format", "csv", "-o", str(out)]) == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfVad;Ansvarig;Senast;Status;Omr\xc3\xa5de;")
    assert raw.count(b"\r\n") == len(meeting.actions) + 1
    assert cli.main(["export", str(path), "--format", "csv", "--delimiter", ","]) == 0
    text = capsys.readouterr().out
    assert text.startswith("\ufeffVad,Ansvarig,Senast,Status,Område,")
    assert read_csv(text, ",")[1][0] == meeting.actions[0].what
