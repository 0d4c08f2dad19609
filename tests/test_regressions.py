"""Bugs found in review, each kept from coming back through the path a user takes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from natverk_tui import __main__ as cli
from natverk_tui import followup, store, voting
from natverk_tui.locale import set_language
from natverk_tui.meeting import Meeting
from natverk_tui.model import ActionStatus, Contribution, Participant, Sector, Session
from natverk_tui.widgets.actions_pane import ActionsPane
from natverk_tui.widgets.contributions import Contributions
from natverk_tui.widgets.vote_tally import VoteTally
from pilot import SIZE, app_for, go_to, screen, settle, type_text

ROOT = Path(__file__).resolve().parents[1]


def test_undoing_two_changes_of_one_action_restores_it(session: Session) -> None:
    meeting = Meeting(session)
    action = meeting.add_action("Bjuda in Skatteverket", "Anna")
    assert action is not None
    meeting.update_action(action.id, status=ActionStatus.IN_PROGRESS)
    meeting.update_action(action.id, status=ActionStatus.DONE)
    meeting.undo()
    meeting.undo()
    assert session.actions[0] is action and action.status is ActionStatus.OPEN
    assert not action.history
    meeting.undo()
    assert session.actions == []


def test_a_dot_on_a_merged_area_counts_for_the_area_kept(session: Session) -> None:
    people = [Participant(number=i, sector=Sector.FACK) for i in (1, 2)]
    session.participants = people
    a, b = (Contribution(step="tema1.b", text=x) for x in ("Svarta löner", "svarta löner"))
    session.contributions = [a, b]
    voting.record_ballot(session, "tema1.c", people[0].id, [a.id])
    voting.record_ballot(session, "tema1.c", people[1].id, [b.id])
    Meeting(session).merge_contributions(a.id, b.id)
    rows = voting.tally(session, "tema1.c")
    assert [(r.text, r.count) for r in rows] == [("Svarta löner", 2)]


def test_a_vote_on_nothing_is_refused(session: Session) -> None:
    person = Participant(number=1)
    session.participants = [person]
    with pytest.raises(voting.VoteError):
        voting.record_ballot(session, "tema1.c", person.id, [])
    assert session.vote_for("tema1.c").voted == []


async def test_a_stray_save_does_not_use_up_a_vote(session: Session, tmp_path: Path) -> None:
    session.participants = [Participant(number=i, sector=Sector.FACK) for i in (1, 2)]
    session.contributions = [Contribution(step="tema1.b", text="Dela information")]
    app = app_for(session, tmp_path / "s.toml")
    async with app.run_test(size=SIZE) as pilot:
        await go_to(app, pilot, "tema1.c")
        await pilot.press("s")
        await settle(app, pilot)
        assert session.vote_for("tema1.c").voted == []
        await pilot.press("s")  # asked again: the person abstains
        await settle(app, pilot)
        assert session.vote_for("tema1.c").voted == [session.participants[0].id]


def test_due_date_errors_speak_the_rooms_language() -> None:
    set_language("en")
    try:
        with pytest.raises(ValueError, match="unknown date format"):
            followup.parse_due("tomorrow", dt.date(2026, 11, 28))
    finally:
        set_language("sv")


async def test_editing_a_contribution_that_was_deleted_does_not_crash(
    session: Session, tmp_path: Path
) -> None:
    app = app_for(session, tmp_path / "e.toml")
    async with app.run_test(size=SIZE) as pilot:
        await go_to(app, pilot, "tema1.a")
        await type_text(pilot, "Svarta löner")
        await pilot.press("enter", "down", "e", "down", "d", "i")
        await type_text(pilot, "ny text")
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.is_running
        assert [c.text for c in session.contributions] == ["ny text"]
        assert screen(app).query_one(Contributions).editing is None


async def test_an_action_edit_can_be_cancelled_and_never_overwrites_a_deleted_one(
    session: Session, tmp_path: Path
) -> None:
    app = app_for(session, tmp_path / "a.toml")
    async with app.run_test(size=SIZE) as pilot:
        await go_to(app, pilot, "tema1.e")
        await type_text(pilot, "Bjuda in Skatteverket")
        await pilot.press("tab")
        await type_text(pilot, "Anna")
        await pilot.press("enter", "down", "e", "escape")
        await pilot.pause()
        assert screen(app).query_one(ActionsPane).editing is None
        await type_text(pilot, "Ny aktivitet")
        await pilot.press("enter")
        await settle(app, pilot)
        assert [a.what for a in session.actions] == ["Bjuda in Skatteverket", "Ny aktivitet"]
        # Edit, then delete the same action from the table, then submit the form.
        await pilot.press("down", "e", "down", "d")
        await pilot.press("i", "enter")
        await settle(app, pilot)
        assert app.is_running
        assert [a.what for a in session.actions] == ["Ny aktivitet"]


async def test_a_hidden_vote_keeps_the_order_the_areas_were_said(
    session: Session, tmp_path: Path
) -> None:
    session.participants = [Participant(number=i, sector=Sector.FACK) for i in (1, 2)]
    session.contributions = [Contribution(step="tema1.b", text=x) for x in ("Alfa", "Beta", "Gamma")]
    app = app_for(session, tmp_path / "v.toml")
    async with app.run_test(size=SIZE) as pilot:
        await go_to(app, pilot, "tema1.c")
        tally = screen(app).query_one(VoteTally)

        def shown() -> list[str]:
            listing = tally.candidates
            return [str(listing.get_option_at_index(i).prompt).strip()
                    for i in range(listing.option_count)]

        await pilot.press("end", "space", "s")  # a dot on Gamma
        await settle(app, pilot)
        assert shown() == ["Alfa", "Beta", "Gamma"]
        assert tally.candidates.highlighted == 2


async def test_escape_on_the_continue_question_continues(session: Session, tmp_path: Path) -> None:
    from natverk_tui.app import make_app
    from natverk_tui.screens.meeting import MeetingScreen
    from natverk_tui.settings import Settings

    path = tmp_path / "r.toml"
    session.log = []
    Meeting(session).toggle_timer()
    store.save_session(session, path)
    app = make_app(session, path, prefs=Settings(), resumed=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, MeetingScreen)
    assert store.load_session(path).closed is None


async def test_a_carried_decision_can_be_undone(session: Session, tmp_path: Path) -> None:
    from natverk_tui.widgets.action_review import ActionReview

    previous = session
    action = Meeting(previous).add_action("Sprida tipslinjen", "RMS Örebro")
    assert action is not None
    library = __import__("natverk_tui.resources", fromlist=["library"]).library()
    programme = store.load_programme(ROOT / "agendas" / "kort.toml")
    nxt = followup.next_session(previous, tmp_path / "m1.toml", programme, library)
    app = app_for(nxt, tmp_path / "m2.toml")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert screen(app).query_one(ActionReview).display
        await pilot.press("k")
        await settle(app, pilot)
        assert nxt.actions[0].status is ActionStatus.DONE
        await pilot.press("ctrl+z")
        await settle(app, pilot)
        assert nxt.actions[0].status is ActionStatus.OPEN
        assert followup.undecided(nxt) == [nxt.actions[0]]


def test_close_refuses_a_meeting_open_in_a_window(session: Session, tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    store.save_session(session, path)
    with store.session_lock(path):
        assert cli.main(["close", str(path)]) == 2
    assert store.load_session(path).closed is None
    assert cli.main(["close", str(path)]) == 0


def test_disk_errors_are_messages_not_tracebacks(
    session: Session, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "s.toml"
    store.save_session(session, path)
    folder = tmp_path / "a-folder"
    folder.mkdir()
    assert cli.main(["export", str(path), "-o", str(folder)]) == 2
    assert cli.main(["run", str(ROOT / "agendas" / "kort.toml"), "--session",
                     str(path / "inside-a-file.toml")]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and err.count("natverk:") >= 2


def test_odd_digits_in_a_pause_are_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "x.toml"
    assert cli.main(["programme", "new", "--themes", "tema1,paus:²", "-o", str(out)]) == 2
    assert not out.exists()


async def test_quitting_with_typed_text_asks_first(session: Session, tmp_path: Path) -> None:
    from natverk_tui.screens.ask_yes_no import AskYesNo

    app = app_for(session, tmp_path / "q.toml")
    async with app.run_test(size=SIZE) as pilot:
        await go_to(app, pilot, "tema1.a")
        await type_text(pilot, "Halvskrivet")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, AskYesNo)
        await pilot.press("n")
        await pilot.pause()
        assert app.is_running
        assert screen(app).query_one(Contributions).input.value == "Halvskrivet"
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("j")
        await pilot.pause()
        assert not app.is_running


def test_minutes_never_print_a_name_beside_a_sector(filled: Session) -> None:
    from natverk_tui import export

    text = export.markdown(filled)
    line = next(x for x in text.splitlines() if x.startswith("- Anna"))
    assert "Myndighet" not in line and "Skatteverket" in line
    assert "#3 (Fack, Byggnads)" in text


async def test_the_speakers_clock_runs_with_the_step_clock(session: Session, tmp_path: Path) -> None:
    from natverk_tui.widgets.round_pane import RoundPane
    from pilot import Clock

    session.participants = [Participant(number=i, sector=Sector.FACK) for i in (1, 2)]
    clock = Clock()
    app = app_for(session, tmp_path / "r.toml", clock)
    async with app.run_test(size=SIZE) as pilot:
        pane = screen(app).query_one(RoundPane)
        clock.advance(60)  # the step clock is paused: the speaker's time stands still
        screen(app).tick()
        await pilot.pause()
        assert str(pane.query_one("#round-clock").value) == "05:00"  # 10 min shared by 2
        await pilot.press("f5")
        clock.advance(90)
        screen(app).tick()
        await pilot.pause()
        assert str(pane.query_one("#round-clock").value) == "03:30"
        await pilot.press("space")  # the next person starts with a full box
        screen(app).tick()
        await pilot.pause()
        assert str(pane.query_one("#round-clock").value) == "05:00"


async def test_accepted_groups_show_on_the_meeting_screen(session: Session, tmp_path: Path) -> None:
    session.participants = [
        Participant(number=i, name=n, sector=s)
        for i, (n, s) in enumerate([("Anna", Sector.MYNDIGHET), ("Bo", Sector.FORETAG),
                                    ("Cilla", Sector.FACK), ("Dan", Sector.OVRIGT),
                                    ("Eva", Sector.MYNDIGHET), ("Filip", Sector.FORETAG)], 1)
    ]
    app = app_for(session, tmp_path / "g.toml")
    async with app.run_test(size=SIZE) as pilot:
        await go_to(app, pilot, "tema1.a")
        await pilot.press("ctrl+g")
        await pilot.pause()
        await pilot.press("enter")  # six people: two groups by default
        await settle(app, pilot)
        shown = str(screen(app).query_one("#question-groups").render())
        assert len(session.groups["tema1.a"]) == 2
        assert shown.count("Grupp") == 2 and "Anna" in shown and "Filip" in shown


def test_a_meeting_closed_by_mistake_can_be_reopened(session: Session, tmp_path: Path) -> None:
    path = tmp_path / "m.toml"
    store.save_session(session, path)
    assert cli.main(["close", str(path)]) == 0
    assert store.load_session(path).closed is not None
    assert cli.main(["reopen", str(path)]) == 0
    assert store.load_session(path).closed is None


async def test_undo_while_typing_leaves_saved_work_alone(session: Session, tmp_path: Path) -> None:
    app = app_for(session, tmp_path / "u.toml")
    async with app.run_test(size=SIZE) as pilot:
        await go_to(app, pilot, "tema1.a")
        await type_text(pilot, "Sparat")
        await pilot.press("enter")
        await type_text(pilot, "halvskrivet")
        await pilot.press("ctrl+z")
        await settle(app, pilot)
        assert [c.text for c in session.contributions] == ["Sparat"]
        assert screen(app).query_one(Contributions).input.value == "halvskrivet"
