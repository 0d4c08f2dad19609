"""HTML minutes and series exports: escaped, self-contained, the same content as Markdown."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser

from natverk_tui import export, followup
from natverk_tui.locale import set_language
from natverk_tui.model import Action, Contribution, LogEntry, Session, TimerEvent

AT = dt.datetime(2027, 2, 1, 12, 0)
EVIL = '<script>alert("x")</script> & [@click=app.quit]x[/]'


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.extend(attrs)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parse(page: str) -> _Collect:
    parser = _Collect()
    parser.feed(page)
    return parser


def test_html_is_self_contained_and_escaped(filled: Session) -> None:
    filled.contributions.append(Contribution(step="tema1.a", text=EVIL))
    filled.actions.append(Action(what=EVIL, owner='Bo "B" <b>'))
    page = export.html(filled, at=AT)
    assert page.startswith("<!doctype html>")
    assert '<html lang="sv">' in page
    assert "@media print" in page
    parsed = _parse(page)
    assert "script" not in parsed.tags and "link" not in parsed.tags and "img" not in parsed.tags
    assert not any(v and re.match(r"https?:|//", v) for _, v in parsed.attrs)
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; [@click=app.quit]x[/]" in page
    text = "".join(parsed.text)
    assert EVIL in text and 'Bo "B" <b>' in text


def test_html_has_the_content_of_the_minutes(filled: Session) -> None:
    step = filled.plan.steps[0]
    filled.log = [LogEntry(at=AT, step=step.id, event=TimerEvent.START),
                  LogEntry(at=AT + dt.timedelta(minutes=14), step=step.id, event=TimerEvent.LEAVE)]
    filled.actions[0].due = dt.date(2027, 1, 15)
    page = export.html(filled, at=AT)
    text = " ".join(" ".join(_parse(page).text).split())
    assert "Nätverksmöte Örebro" in text and "2026-11-28" in text
    assert "Presentationsrunda" in text and "14 min" in text
    assert 'class="num over"' in page  # 14 of 10 planned minutes
    for area in ("Dela information mellan myndigheter", "Svartarbete i långa underleverantörskedjor"):
        assert area in text
    assert "Röstresultat" in text and "3 röster" in text
    assert "Bjuda in Skatteverket till nästa möte" in text and "Anna" in text
    assert 'tr class="overdue"' in page and "försenad" in text
    assert "Mars 2027" in text and "RMS Örebro" in text
    assert "Få kontakter" in text and "Uppfylld" in text


def test_html_not_overdue_before_the_date(filled: Session) -> None:
    page = export.html(filled, at=dt.datetime(2027, 1, 15, 9, 0))
    assert 'tr class="overdue"' not in page


def test_anonymous_html_and_markdown_leave_out_names(filled: Session) -> None:
    for page in (export.html(filled, anonymous=True, at=AT),
                 export.markdown(filled, anonymous=True, at=AT)):
        assert "Anna" not in page and "Bo " not in page
        assert "Skatteverket" in page  # the owner shown as organisation, and the action text
    assert "Anna" in export.html(filled, at=AT)


def test_html_in_english(filled: Session) -> None:
    set_language("en")
    page = export.html(filled, at=AT)
    assert '<html lang="en">' in page and "Minutes" in page and "overdue" in page


def test_markdown_marks_overdue(filled: Session) -> None:
    assert "Öppen, försenad" in export.markdown(filled, at=AT)
    assert "försenad" not in export.markdown(filled, at=dt.datetime(2027, 1, 1))


def test_series_exports(filled: Session) -> None:
    second = filled.model_copy(deep=True)
    second.id = "s-second"
    second.title = "Andra mötet"
    second.date = dt.date(2027, 3, 10)
    carried = second.actions[0]
    followup.mark_done(carried)
    second.actions.append(Action(what="Ny checklista", owner="Bo"))
    meetings = [filled, second]

    md = export.series_markdown("orebro", meetings, at=AT)
    assert md.startswith("# Mötesserie: orebro")
    assert "2 möten, 1 öppna åtgärder nu." in md
    assert md.index("## Minnesanteckningar: Nätverksmöte Örebro") < md.index(
        "## Minnesanteckningar: Andra mötet")
    assert "\n# Minnesanteckningar" not in md

    page = export.series_html("orebro", meetings, at=AT)
    assert page.count('<article class="meeting">') == 2
    assert page.index(">Nätverksmöte Örebro</h2>") < page.index(">Andra mötet</h2>")
    assert len(re.findall(r"<h3 class=.section.>Åtgärder</h3>", page)) == 2

    rows = export.series_csv(meetings).splitlines()
    assert len(rows) == 3  # header, the carried action once (done), the new one
    assert "Klar" in rows[1] and "2027-03-10" in rows[1]
    assert rows[2].startswith("Ny checklista;Bo")


def test_one_vote_is_one_vote_not_votes(filled: Session) -> None:
    # The tally of the filled meeting is 3, 2 and 1.
    text = " ".join(" ".join(_parse(export.html(filled, at=AT)).text).split())
    assert "3 röster" in text and "1 röst" in text and "1 röster" not in text
    set_language("en")
    text = " ".join(" ".join(_parse(export.html(filled, at=AT)).text).split())
    assert "3 votes" in text and "1 vote" in text and "1 votes" not in text
