"""What the room may see: every step kind, never the facilitator's notes, no union by a name."""

from __future__ import annotations

import ast
import dataclasses
from pathlib import Path

import pytest

import natverk_tui.projection as projection_module
from natverk_tui.model import Session, StepKind
from natverk_tui.projection import Projection, project, room_label
from natverk_tui.room.screen import page
from room_session import NOTE_MARK, NOW, at, full_day, stand_on


def texts(value: object) -> list[str]:
    """Every string inside a projection, however deep."""
    if isinstance(value, str):
        return [value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [s for f in dataclasses.fields(value) for s in texts(getattr(value, f.name))]
    if isinstance(value, tuple | list):
        return [s for v in value for s in texts(v)]
    return []


def on(step_id: str) -> Projection:
    return project(stand_on(full_day(), step_id), NOW)


def test_every_step_of_the_day_projects_without_notes() -> None:
    session = full_day()
    for step in session.plan.steps:
        view = project(stand_on(session, step.id), NOW)
        assert view.step_id == step.id
        assert not any(NOTE_MARK in s for s in texts(view)), step.id
        assert not any("Till mötesledaren" in s for s in texts(view)), step.id


def test_projection_changes_nothing_in_the_session() -> None:
    session = stand_on(full_day(), "tema1.c")
    session.votes = []  # no vote yet: tallying must not create one
    before = session.model_dump()
    view = project(session, NOW)
    assert view.vote is not None and not view.vote.revealed
    assert session.model_dump() == before
    project(stand_on(session, "tema1.d"), NOW)
    assert session.votes == []


def test_projection_never_reads_a_moderation_queue() -> None:
    """The phones' queue waits for the facilitator; the projection's code never names it."""
    tree = ast.parse(Path(projection_module.__file__).read_text(encoding="utf-8"))
    names = {n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute)}
    names |= {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
    assert not {n for n in names if "queue" in n.lower()}


def test_queued_text_never_reaches_the_room() -> None:
    if "queue" not in Session.model_fields:
        pytest.skip("this natverk has no queue for phones yet")
    secret = "VÄNTAR-I-KÖN"
    data = full_day().model_dump()
    data["queue"] = [{"step": step, "text": f"{secret} {step}"}
                     for step in ("tema1.a", "inledning.forvantningar")]
    session = Session.model_validate(data)
    for step in session.plan.steps:
        view = project(stand_on(session, step.id), NOW)
        assert not any(secret in s for s in texts(view)), step.id
        assert secret not in page(view, "/x")


def test_discussion_shows_the_step_contributions_and_groups() -> None:
    view = on("tema1.a")
    assert view.kind is StepKind.DISCUSSION
    assert next(c.text for c in view.contributions) == "Personer utan rätt att arbeta i Sverige"
    assert view.contributions[0].tags == ("Grupp 1", "Fack")
    # Typed text stays as typed; drawing it literally is the views' job.
    assert view.contributions[4].text == "[bold]Arbetare som bor på byggarbetsplatsen[/bold]"
    assert [g.name for g in view.groups] == ["Grupp 1", "Grupp 2", "Grupp 3"]
    assert view.groups[0].members == ("Anna (Skatteverket)", "#3 (Fack)")
    assert view.groups[1].members == ("Bo (Byggbolaget)", "#4 (Övrigt)")
    assert view.groups[2].members == ("Dan", "#6 (Fack)")
    assert view.number == 5 and view.steps == 23
    assert "Mixade grupper" in view.meta


def test_no_name_beside_a_union() -> None:
    session = full_day()
    for person in session.participants:
        shown = room_label(person)
        if person.sector.value == "fack":
            assert person.name not in shown or not person.name
            assert "Fack" in shown
    for step in session.plan.steps:
        for s in texts(project(stand_on(session, step.id), NOW)):
            assert "Cecilia" not in s and "Eva" not in s


def test_hidden_vote_keeps_said_order_and_no_counts() -> None:
    session = stand_on(full_day(), "tema1.c")
    session.vote_for("tema1.c").revealed = False
    view = project(session, NOW)
    assert view.vote is not None
    assert not view.vote.revealed
    assert view.vote.voted == 4
    assert [r.text for r in view.vote.rows][:2] == [
        "Krav på ID06 och elektronisk personalliggare i alla offentliga upphandlingar",
        "Dela information mellan myndigheter trots sekretessen"]
    assert all(r.count is None and r.rank is None and not r.tied for r in view.vote.rows)


def test_revealed_vote_ranks_and_marks_ties_with_a_sign() -> None:
    view = on("tema1.c")
    assert view.vote is not None and view.vote.revealed
    rows = view.vote.rows
    assert [(r.count, r.mark) for r in rows] == [
        (2, "=1"), (2, "=1"), (2, "=1"), (2, "=1"), (1, "=5"), (1, "=5")]


def test_top_areas_show_once_the_vote_is_revealed() -> None:
    view = on("tema1.d")
    assert view.shows_top and not view.top_hidden
    assert len(view.top) == 4  # three asked for, and the one tied with the third
    session = stand_on(full_day(), "tema1.d")
    session.vote_for("tema1.c").revealed = False
    hidden = project(session, NOW)
    assert hidden.top_hidden and hidden.top == ()


def test_actions_carry_overdue_in_words() -> None:
    view = on("tema1.e")
    assert next(a.what for a in view.actions) == "Bjuda in Skatteverket till nästa möte"
    late = [a for a in view.actions if a.overdue]
    assert [a.what for a in late] == ["Ta fram en checklista för upphandling med arbetsvillkor"]
    assert "försenad" in late[0].status
    review = on(full_day().plan.steps[0].id)
    assert review.kind is StepKind.ACTION_REVIEW
    assert len(review.actions) == 2


def test_round_names_the_speaker_as_the_room_may_see_them() -> None:
    view = on("inledning.presentation")
    assert view.round is not None
    assert view.round.current == "Bo (Byggbolaget)"
    assert view.round.done == 1
    assert view.round.waiting[0] == "#3 (Fack)"


def test_expectations_reflection_followup_break_and_closed() -> None:
    assert next(e.text for e in on("inledning.forvantningar").expectations) == (
        "Få kontakter i andra myndigheter")
    assert on("inledning.forvantningar").expectations[0].tags == ()
    assert on("tema1.tillbakablick").expectations[1].tags == ("Delvis uppfylld",)
    plan = dict(on("tema1.f").followup)
    assert plan == {"Nästa möte": "Mars 2027 i Örebro", "Sammankallande": "RMS Örebro",
                    "Det här rapporteras": "Läget för åtgärderna"}
    lunch = on("paus.paus")
    assert lunch.question == "Lunch"
    # Started 13:40 for 45 minutes; at 13:52:30 the room is back at 14:25.
    assert lunch.info == "Paus. Vi ses igen 14:25."
    session = stand_on(full_day(), "tema1.a")
    assert not project(session, NOW).closed
    session.closed = at(16, 0)
    assert project(session, NOW).closed


def test_timer_says_over_in_words() -> None:
    view = on("tema1.a")
    assert view.timer.running and not view.timer.over
    assert view.timer.clock == "07:30"
    late = project(stand_on(full_day(), "tema1.a", started=at(13, 0)), NOW)
    assert late.timer.over
    assert late.timer.status == "Över tiden med 32:30"
