"""What the minutes say, without a format: the document export.py lays out as Markdown and HTML."""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import re
from collections.abc import Iterator

from natverk_tui import export, followup, minutes
from natverk_tui.locale import set_language
from natverk_tui.model import (
    ActionStatus,
    Contribution,
    Expectation,
    Group,
    LogEntry,
    Session,
    TimerEvent,
)
from natverk_tui.voting import set_paper_count

AT = dt.datetime(2027, 2, 1, 12, 0)


def texts(value: object) -> Iterator[str]:
    """Every string anywhere in a minutes document."""
    if isinstance(value, str):
        yield value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            yield from texts(getattr(value, f.name))
    elif isinstance(value, tuple):
        for item in value:
            yield from texts(item)


def with_names_everywhere(filled: Session) -> Session:
    """The filled meeting with a name wherever the minutes could show one."""
    anna, bo, _ = filled.participants
    anna.role = "Handläggare"
    filled.contributions.append(Contribution(step="tema1.a", text="Falska lönebesked", participant=bo.id))
    filled.groups["tema1.a"] = [Group(name="Grupp 1", members=[anna.id, bo.id])]
    filled.expectations.append(Expectation(text="Lära mer", participant=bo.id))
    filled.actions[0].owner = "  anna "
    return filled


def test_anonymous_minutes_hold_no_name_anywhere(filled: Session) -> None:
    session = with_names_everywhere(filled)
    named = " | ".join(texts(minutes.build(session, at=AT)))
    assert re.search(r"\bAnna\b", named) and re.search(r"\bBo\b", named)
    assert "Handläggare" in named

    doc = minutes.build(session, anonymous=True, at=AT)
    for text in texts(doc):
        assert not re.search(r"\b(Anna|Bo|anna)\b", text), text
        assert "Handläggare" not in text
    assert [(p.number, p.name, p.details) for p in doc.participants] == [
        (1, "", ("Myndighet",)), (2, "", ("Företag",)), (3, "", ("Fack",))]
    risks = doc.steps[0].items[0]
    assert risks.groups[0].members == ("#1", "#2")
    assert risks.contributions[-1] == minutes.ContributionLine("Falska lönebesked", ())
    # The owner is shown by number and sector, matched however the name was typed.
    assert doc.actions[0].owner == "#1 (Myndighet)"


def test_programme_says_planned_and_actual_time_in_minutes(filled: Session) -> None:
    first, second = filled.plan.steps[:2]
    start = dt.datetime(2026, 11, 28, 13, 0)
    filled.log = [
        LogEntry(at=start, step=first.id, event=TimerEvent.START),
        LogEntry(at=start + dt.timedelta(minutes=14), step=first.id, event=TimerEvent.LEAVE),
        LogEntry(at=start + dt.timedelta(minutes=14), step=second.id, event=TimerEvent.START),
        LogEntry(at=start + dt.timedelta(minutes=14, seconds=20), step=second.id, event=TimerEvent.LEAVE),
    ]
    doc = minutes.build(filled, at=AT)
    assert [b.theme for b in doc.programme] == ["Inledning", "Tema 1 Risker i vår region/kommun",
                                                "Avslutning"]
    assert sum(len(b.items) for b in doc.programme) == len(filled.plan.steps)
    assert doc.programme[0].items[0] == minutes.ProgrammeRow("Presentationsrunda", "10 min", "14 min", True)
    # Twenty seconds is neither "0 min" nor "1 min", and a step that never ran says so.
    assert doc.programme[0].items[1].actual == "20 s"
    assert doc.programme[0].items[2].actual == "–"
    assert doc.planned_total == f"{sum(s.minutes for s in filled.plan.steps)} min"
    assert doc.actual_total == "14 min 20 s"


def seconds_of(text: str) -> int:
    """"14 min 20 s" back to seconds; a dash is nothing."""
    total = 0
    for number, unit in re.findall(r"(\d+) (min|s)\b", text):
        total += int(number) * (60 if unit == "min" else 1)
    return total


def test_actual_times_add_up_to_the_total_in_markdown_and_html(filled: Session) -> None:
    """A lunch left after one second is "1 s", not "1 min", and the total is the sum of the
    rows as printed (it once said 4 min under rows adding up to 9)."""
    start = dt.datetime(2026, 11, 28, 13, 0)
    taken = [1, 45, 14 * 60 + 20, 2 * 60 + 40, 59, 89]
    filled.log = []
    at = start
    for step, seconds in zip(filled.plan.steps, taken, strict=False):
        filled.log.append(LogEntry(at=at, step=step.id, event=TimerEvent.START))
        at += dt.timedelta(seconds=seconds)
        filled.log.append(LogEntry(at=at, step=step.id, event=TimerEvent.LEAVE))
    doc = minutes.build(filled, at=AT)
    rows = [row.actual for block in doc.programme for row in block.items]
    assert rows[:6] == ["1 s", "45 s", "14 min", "3 min", "59 s", "1 min"]
    assert doc.actual_total == "19 min 45 s"
    assert sum(seconds_of(r) for r in rows) == seconds_of(doc.actual_total)

    md = export.markdown(filled, at=AT)
    cells = [line.split("|")[3].strip() for line in md.splitlines()
             if line.startswith("| ") and line.count("|") == 4 and " min |" in line]
    assert cells[:6] == rows[:6]
    assert f"| Totalt | {doc.planned_total} | {doc.actual_total} |" in md.splitlines()
    page = export.html(filled, at=AT)
    assert f"<td class='num'>{doc.actual_total}</td></tr>" in page
    shown = re.findall(r'<td class="num(?: over)?">([^<]*)</td></tr>', page)
    assert shown[:6] == rows[:6]
    assert sum(seconds_of(c) for c in shown) == seconds_of(doc.actual_total)


def test_only_steps_with_something_to_report(session: Session) -> None:
    doc = minutes.build(session, at=AT)
    # An empty meeting still reports its vote, with nobody having voted.
    (theme,) = doc.steps
    (step,) = theme.items
    assert step.title == "c) De tre viktigaste"
    assert step.vote == minutes.VoteResult("0 har röstat", ())
    assert doc.actions == doc.expectations == doc.followup == ()
    assert [f.label for f in doc.header] == ["Datum", "Plats", "Program", "Deltagare"]


def test_steps_group_under_their_theme_with_the_vote(filled: Session) -> None:
    set_paper_count(filled, "tema1.c", filled.contributions[2].id, 1)
    (theme,) = minutes.build(filled, at=AT).steps
    assert theme.theme == "Tema 1 Risker i vår region/kommun"
    risks, areas, vote_step = theme.items
    assert risks.contributions == (minutes.ContributionLine(
        "Svartarbete i långa underleverantörskedjor", ("Grupp 1", "Fack")),)
    assert risks.question.startswith("Vilka risker")
    assert len(areas.contributions) == 3 and areas.vote is None
    assert vote_step.vote is not None
    assert vote_step.vote.voters == "3 har röstat"
    assert [(r.rank, r.count, r.votes, r.tied) for r in vote_step.vote.rows] == [
        (1, 3, "3 röster", False), (2, 2, "2 röster", True), (2, 2, "2 röster", True)]


def test_groups_of_a_carry_into_the_minutes_of_b(filled: Session) -> None:
    """b) is in the same mixed groups as a) until they are reshuffled, and the minutes say so."""
    anna, bo, third = filled.participants
    filled.groups["tema1.a"] = [Group(name="Grupp 1", members=[anna.id, third.id]),
                                Group(name="Grupp 2", members=[bo.id])]
    (theme,) = minutes.build(filled, at=AT).steps
    risks, areas, vote_step = theme.items
    expected = (minutes.GroupLine("Grupp 1", ("Anna", "#3")), minutes.GroupLine("Grupp 2", ("Bo",)))
    assert risks.groups == areas.groups == expected
    assert vote_step.groups == ()
    md = export.markdown(filled, at=AT)
    areas_md = md.split("### b) Förbättringsområden")[1].split("###")[0]
    assert "- Grupp 1: Anna, #3" in areas_md


def test_one_vote_in_words() -> None:
    assert minutes.votes(1) == "1 röst"
    assert minutes.votes(0) == "0 röster"
    set_language("en")
    assert (minutes.votes(1), minutes.votes(2)) == ("1 vote", "2 votes")


def test_actions_overdue_carried_and_the_follow_up(filled: Session) -> None:
    filled.followup.notes = "Ring Bo"
    (action,) = minutes.build(filled, at=AT).actions
    assert (action.status, action.kind, action.overdue) == ("Öppen", ActionStatus.OPEN, True)
    assert action.status_line == "Öppen, försenad"
    assert action.due == "2027-01-15" and not action.carried
    assert not minutes.build(filled, at=dt.datetime(2027, 1, 15, 9, 0)).actions[0].overdue

    doc = minutes.build(filled, at=AT)
    assert [(f.label, f.value) for f in doc.followup] == [
        ("Nästa möte", "Mars 2027"), ("Sammankallande", "RMS Örebro"), ("Anteckningar", "Ring Bo")]
    assert doc.expectations == (
        minutes.ExpectationLine("Få kontakter", "Uppfylld", filled.expectations[0].met, ""),)


def test_series_of_meetings(filled: Session) -> None:
    second = filled.model_copy(deep=True)
    second.title = "Andra mötet"
    second.date = dt.date(2027, 3, 10)
    followup.mark_done(second.actions[0])
    doc = minutes.series("orebro", [filled, second], at=AT)
    assert doc.summary == "2 möten, 0 öppna åtgärder nu."
    assert [(f.label, f.value) for f in doc.contents] == [
        ("2026-11-28", "Nätverksmöte Örebro"), ("2027-03-10", "Andra mötet")]
    assert [m.title for m in doc.meetings] == ["Nätverksmöte Örebro", "Andra mötet"]
    assert doc.meetings[1].actions[0].status == "Klar"


def test_minutes_in_english(filled: Session) -> None:
    set_language("en")
    doc = minutes.build(filled, at=AT)
    assert [f.label for f in doc.header][:2] == ["Date", "Place"]
    # Named people are listed without their sector (privacy); the unnamed show it, in English.
    assert doc.participants[0].details == ("Skatteverket",)
    assert doc.participants[2].details == ("Union", "Byggnads")
    assert doc.actions[0].status_line == "Open, overdue"


def test_the_html_page_leaves_nothing_out(filled: Session) -> None:
    """Everything the minutes say is on the page (Markdown keeps to fewer columns)."""
    session = with_names_everywhere(filled)
    session.actions[0].note = "Ringer i januari"
    for anonymous in (False, True):
        page = html.unescape(export.html(session, anonymous=anonymous, at=AT))
        for text in texts(minutes.build(session, anonymous=anonymous, at=AT)):
            assert text in page, text
