"""The live screen driven through its real keys, as the facilitator drives it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from textual.widgets import Input

from natverk_tui import persist, store
from natverk_tui.app import make_app
from natverk_tui.model import Fulfilment, Participant, Sector, Session
from natverk_tui.screens.meeting import MeetingScreen
from natverk_tui.settings import Settings
from natverk_tui.widgets.contributions import Contributions
from natverk_tui.widgets.vote_tally import VoteTally
from pilot import SIZE, Clock, app_for, go_to, listed, screen, settle, type_text


async def test_contributions_add_edit_delete_undo_and_reopen(session: Session, tmp_path: Path) -> None:
    path = tmp_path / "möte.toml"
    app = app_for(session, path)
    async with app.run_test(size=SIZE) as pilot:
        await go_to(app, pilot, "tema1.a")
        assert isinstance(app.focused, Input)
        for text in ("Svartarbete i långa kedjor", "Falska ID06-kort", "Bostäder på arbetsplatsen"):
            await type_text(pilot, text)
            await pilot.press("enter")
        await settle(app, pilot)
        assert listed(app) == ["Svartarbete i långa kedjor", "Falska ID06-kort", "Bostäder på arbetsplatsen"]

        # Down to the list (its first item), down to the second item, edit it.
        await pilot.press("down", "down")
        await pilot.press("e")
        assert isinstance(app.focused, Input)
        await pilot.press("ctrl+u")
        await type_text(pilot, "Falska ID06-kort och identitetshandlingar")
        await pilot.press("enter")
        await settle(app, pilot)
        assert listed(app)[1] == "Falska ID06-kort och identitetshandlingar"

        # Tag with a sector, delete, undo the delete.
        await pilot.press("down", "down")  # back to the list, its first item, then the edited one
        await pilot.press("3", "d")
        await settle(app, pilot)
        assert "Falska ID06-kort och identitetshandlingar" not in " ".join(listed(app))
        await pilot.press("ctrl+z")
        await settle(app, pilot)
        assert listed(app)[1] == "Falska ID06-kort och identitetshandlingar  · Fack"

    reopened = store.load_session(path)
    texts = [c.text for c in reopened.contributions_for("tema1.a")]
    assert texts == ["Svartarbete i långa kedjor", "Falska ID06-kort och identitetshandlingar",
                     "Bostäder på arbetsplatsen"]
    assert reopened.contributions[1].sector is Sector.FACK
    assert reopened.current_step == "tema1.a"
    assert reopened == session


async def test_markup_in_typed_text_is_shown_literally(session: Session, tmp_path: Path) -> None:
    app = app_for(session, tmp_path / "m.toml")
    nasty = ["[@click=app.quit]x[/]", "[bold]fet[/bold]", "[/", "😀 emoji", "x" * 5000]
    async with app.run_test(size=SIZE) as pilot:
        await go_to(app, pilot, "tema1.a")
        for text in nasty:
            screen(app).query_one(Contributions).input.value = text
            await pilot.press("enter")
        await settle(app, pilot)
        assert listed(app) == nasty
        # Clicking the line that looks like a link must not quit the app.
        await pilot.click("#contribution-list", offset=(2, 0))
        await settle(app, pilot)
        assert app.is_running
    assert [c.text for c in store.load_session(tmp_path / "m.toml").contributions] == nasty


async def test_merge_and_move(session: Session, tmp_path: Path) -> None:
    app = app_for(session, tmp_path / "m.toml")
    async with app.run_test(size=SIZE) as pilot:
        await go_to(app, pilot, "tema1.a")
        for text in ("Svarta löner", "svarta löner", "Prisdumpning"):
            await type_text(pilot, text)
            await pilot.press("enter")
        await pilot.press("down", "down", "m", "up", "m")
        await settle(app, pilot)
        assert listed(app) == ["Svarta löner", "Prisdumpning"]
        # Move "Prisdumpning" to b) through the step picker.
        await pilot.press("down", "v")
        await pilot.pause()
        picker = app.screen
        await pilot.press("down", "enter")
        await settle(app, pilot)
        assert app.screen is not picker
        assert listed(app) == ["Svarta löner"]
    moved = [c for c in session.contributions if c.text == "Prisdumpning"]
    assert moved[0].step == "tema1.b"


def _room(session: Session) -> list[Participant]:
    people = [
        Participant(number=1, name="Anna", organisation="Skatteverket", sector=Sector.MYNDIGHET),
        Participant(number=2, name="Bo", organisation="Byggbolaget", sector=Sector.FORETAG),
        Participant(number=3, organisation="Byggnads", sector=Sector.FACK),
    ]
    session.participants = people
    return people


async def test_vote_with_tie_and_refused_overvote(session: Session, tmp_path: Path) -> None:
    _room(session)
    path = tmp_path / "v.toml"
    app = app_for(session, path)
    async with app.run_test(size=SIZE) as pilot:
        await go_to(app, pilot, "tema1.b")
        for text in ("Dela information", "Följa upp kedjan", "Upphandlingskrav", "Stöd till offer"):
            await type_text(pilot, text)
            await pilot.press("enter")
        await pilot.press("pagedown")
        await settle(app, pilot)
        assert screen(app).step.id == "tema1.c"
        tally = screen(app).query_one(VoteTally)
        assert tally.voter is not None and tally.voter[1] == "Anna"

        # Anna: dots on 1, 2, 3; a fourth is refused, then her vote is saved.
        await pilot.press("space", "down", "space", "down", "space", "down", "space")
        await pilot.pause()
        assert len(tally.draft) == 3
        await pilot.press("s")
        await settle(app, pilot)
        # Bo: one dot on "Dela information", one on "Följa upp kedjan".
        assert tally.voter is not None and tally.voter[1] == "Bo"
        await pilot.press("home", "space", "down", "space", "s")
        await settle(app, pilot)
        # #3: one dot on "Upphandlingskrav" and one on "Stöd till offer".
        await pilot.press("home", "down", "down", "space", "down", "space", "s")
        await settle(app, pilot)
        assert tally.voter is None
        vote = session.vote_for("tema1.c")
        assert len(vote.voted) == 3 and all(b.voter is None for b in vote.ballots)
        assert not vote.revealed
        await pilot.press("f4")
        await settle(app, pilot)
        rows = tally.view.rows if tally.view else []
        counts = {r.text: (r.count, r.tied) for r in rows}
        assert counts == {
            "Dela information": (2, True), "Följa upp kedjan": (2, True),
            "Upphandlingskrav": (2, True), "Stöd till offer": (1, False),
        }
        # d) shows the areas with most votes.
        await pilot.press("pagedown")
        await pilot.pause()
        top = str(screen(app).query_one("#question-top").render())
        assert "Dela information" in top and "Stöd till offer" not in top
    assert store.load_session(path).vote_for("tema1.c").revealed


async def test_paper_mode_counts(session: Session, tmp_path: Path) -> None:
    app = app_for(session, tmp_path / "p.toml")
    async with app.run_test(size=SIZE) as pilot:
        await go_to(app, pilot, "tema1.b")
        await type_text(pilot, "Dela information")
        await pilot.press("enter", "pagedown")
        await pilot.pause()
        await pilot.press("p", "plus", "plus", "plus", "minus")
        await settle(app, pilot)
    vote = session.vote_for("tema1.c")
    assert list(vote.paper.values()) == [2]


async def test_actions_followup_and_reflection(session: Session, tmp_path: Path) -> None:
    people = _room(session)
    path = tmp_path / "a.toml"
    app = app_for(session, path)
    async with app.run_test(size=SIZE) as pilot:
        await go_to(app, pilot, "inledning.forvantningar")
        await type_text(pilot, "Få kontakter")
        await pilot.press("enter")
        await type_text(pilot, "Lära om upphandling")
        await pilot.press("enter")
        await settle(app, pilot)
        assert [e.participant for e in session.expectations] == [people[0].id, people[1].id]

        await go_to(app, pilot, "tema1.e")
        await type_text(pilot, "Bjuda in Skatteverket")
        await pilot.press("tab")
        await type_text(pilot, "RMS Örebro")
        await pilot.press("tab")
        await type_text(pilot, "2027-01-15")
        await pilot.press("enter")
        await settle(app, pilot)
        assert session.actions[0].what == "Bjuda in Skatteverket"
        assert session.actions[0].owner == "RMS Örebro"
        assert session.actions[0].due == dt.date(2027, 1, 15)
        # A bad date is refused and nothing is added.
        await type_text(pilot, "Kontrollista")
        await pilot.press("tab", "tab")
        await type_text(pilot, "i morgon")
        await pilot.press("enter")
        await settle(app, pilot)
        assert len(session.actions) == 1

        await go_to(app, pilot, "tema1.f")
        await type_text(pilot, "Mars 2027")
        await pilot.press("enter")
        await type_text(pilot, "RMS Örebro")
        await pilot.press("enter")
        await settle(app, pilot)
        assert session.followup.next_meeting == "Mars 2027"
        assert session.followup.convener == "RMS Örebro"

        await go_to(app, pilot, "tema1.tillbakablick")
        await pilot.press("1", "down", "2")
        await settle(app, pilot)
    reopened = store.load_session(path)
    assert [e.met for e in reopened.expectations] == [Fulfilment.MET, Fulfilment.PARTLY]
    assert reopened.followup.next_meeting == "Mars 2027"
    assert reopened == session


async def test_timer_keys_and_log(session: Session, tmp_path: Path) -> None:
    clock = Clock()
    path = tmp_path / "t.toml"
    app = app_for(session, path, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f5")
        clock.advance(5 * 60)
        await pilot.press("f7", "f7", "f6")
        await pilot.pause()
        # kort.toml gives the round 10 minutes.
        state = app.meeting.timer() if app.meeting else None
        assert state is not None and state.running
        assert state.elapsed == 300 and state.allowance == (10 + 1) * 60
        clock.advance(12 * 60)
        screen(app).tick()
        await pilot.pause()
        assert screen(app).query_one("#timer").has_class("-over")
        await pilot.press("f5")
        await settle(app, pilot)
    reopened = store.load_session(path)
    from natverk_tui.timer import timer_state

    reopened_state = timer_state(reopened.log, "inledning.presentation", 15, clock.now)
    assert reopened_state.elapsed == 17 * 60 and not reopened_state.running


async def test_help_lists_keys_and_keys_do_not_fire_while_typing(session: Session, tmp_path: Path) -> None:
    app = app_for(session, tmp_path / "h.toml")
    async with app.run_test(size=SIZE) as pilot:
        await go_to(app, pilot, "tema1.a")
        # "?" and letters typed in the input are text, not keys.
        await type_text(pilot, "vad? e d m")
        assert screen(app).query_one(Contributions).input.value == "vad? e d m"
        await pilot.press("f1")
        await pilot.pause()
        text = str(app.screen.query_one("#help-text Static").render())
        assert "Nästa steg" in text and "Start/paus" in text
        # Key names as the footer shows them: lower-case letters stay lower case.
        lines = [line.strip() for line in text.splitlines()]
        assert any(line.startswith("pgdn ") and "Nästa steg" in line for line in lines)
        assert any(line.startswith("^z ") for line in lines)
        assert not any(line.startswith("PgDn") for line in lines)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)
        # In the list, its letter keys show as the letters they are.
        await pilot.press("enter", "down", "f1")
        await pilot.pause()
        text = str(app.screen.query_one("#help-text Static").render())
        lines = [line.strip() for line in text.splitlines()]
        assert any(line.startswith("del, d ") for line in lines)
        assert any(line.startswith("e ") for line in lines) and any(line.startswith("m ") for line in lines)
        assert not any(line.startswith(("E ", "D ", "M ", "DEL")) for line in lines)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)


async def test_failed_save_is_shown_and_retried(
    session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A disk that refuses the write (full, removed, no permission): the header says so,
    the data stays in memory, and the next try writes it."""
    path = tmp_path / "s.toml"
    app = app_for(session, path)
    real_write, real_append = store.atomic_write, persist._append
    failing = True

    def flaky_write(target: Path, text: str, mode: int | None = None) -> None:
        if failing:
            raise OSError(28, "No space left on device")
        real_write(target, text, mode)

    def flaky_append(fd: int, data: bytes, sync: bool = True) -> None:
        if failing:
            raise OSError(28, "No space left on device")
        real_append(fd, data, sync)

    monkeypatch.setattr(store, "atomic_write", flaky_write)
    monkeypatch.setattr(persist, "_append", flaky_append)
    async with app.run_test(size=SIZE) as pilot:
        await go_to(app, pilot, "tema1.a")
        await type_text(pilot, "Viktigt")
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.save_error is not None and "No space left" in app.save_error
        assert "EJ SPARAT" in app.sub_title
        assert session.contributions[-1].text == "Viktigt"
        assert "Viktigt" not in [c.text for c in persist.read_session(path).contributions]
        failing = False
        app._retry()  # what the retry timer calls
        await settle(app, pilot)
        assert app.save_error is None and "sparat" in app.sub_title
        # Durable while the app still runs: what a crash now would find.
        assert persist.read_session(path).contributions[-1].text == "Viktigt"
    assert store.load_session(path).contributions[-1].text == "Viktigt"


async def test_light_theme_is_remembered(session: Session, tmp_path: Path) -> None:
    from natverk_tui import settings

    app = make_app(session, tmp_path / "x.toml", prefs=settings.load())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f2")
        await pilot.pause()
        assert app.theme == settings.LIGHT_THEME
    assert settings.load().theme == settings.LIGHT_THEME


async def test_room_round_groups_from_the_meeting_screen(session: Session, tmp_path: Path) -> None:
    """F9 registers the room, the round gives each person a turn, Ctrl+G forms groups
    that contributions can then be tagged with."""
    from natverk_tui.screens.groups import GroupsScreen
    from natverk_tui.screens.participants import ParticipantsScreen
    from natverk_tui.widgets.round_pane import RoundPane

    path = tmp_path / "rum.toml"
    app = app_for(session, path)
    async with app.run_test(size=SIZE) as pilot:
        assert screen(app).step.id == "inledning.presentation"
        await pilot.press("f9")
        await pilot.pause()
        assert isinstance(app.screen, ParticipantsScreen)
        for name, sector in (("Anna", "1"), ("Bo", "2"), ("Cecilia", "3"), ("David", "4")):
            await type_text(pilot, name)
            await pilot.press("tab", "tab", "tab", sector, "enter")
            await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)
        pane = screen(app).query_one(RoundPane)
        assert pane.state is not None and pane.state.current is not None
        assert pane.state.current.name == "Anna"
        await pilot.press("space", "space")
        await settle(app, pilot)
        assert pane.state.current is not None and pane.state.current.name == "Cecilia"
        await pilot.press("ctrl+z")
        await settle(app, pilot)
        assert session.turns["inledning.presentation"] == [session.participants[0].id]

        await go_to(app, pilot, "tema1.a")
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert isinstance(app.screen, GroupsScreen)
        await pilot.press("g", "backspace", "2", "enter")
        await pilot.pause()
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, MeetingScreen)
        groups = session.groups["tema1.a"]
        assert sorted(len(g.members) for g in groups) == [2, 2]
        await type_text(pilot, "Svarta löner")
        await pilot.press("enter", "down", "g")
        await settle(app, pilot)
        assert session.contributions[-1].group == groups[0].name
    reopened = store.load_session(path)
    assert reopened.groups == session.groups
    assert reopened.contributions[-1].group == groups[0].name


async def test_pasting_a_list_adds_one_contribution_per_line(session: Session, tmp_path: Path) -> None:
    from textual import events

    app = app_for(session, tmp_path / "paste.toml")
    async with app.run_test(size=SIZE) as pilot:
        await go_to(app, pilot, "tema1.b")
        field = screen(app).query_one(Contributions).input
        field.post_message(events.Paste("Dela information\n\n Följa upp kedjan \nStöd till offer\n"))
        await settle(app, pilot)
        assert listed(app) == ["Dela information", "Följa upp kedjan", "Stöd till offer"]
        field.post_message(events.Paste("en rad"))
        await settle(app, pilot)
        assert field.value == "en rad"


async def test_running_clock_follows_to_the_next_step_and_quit_pauses(
    session: Session, tmp_path: Path
) -> None:
    clock = Clock()
    path = tmp_path / "c.toml"
    app = app_for(session, path, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f5")
        clock.advance(60)
        await pilot.press("pagedown")
        await pilot.pause()
        assert app.meeting is not None and app.meeting.timer().running
        clock.advance(30)
        await pilot.press("ctrl+q")
        await pilot.pause()
    from natverk_tui.timer import timer_state

    saved = store.load_session(path)
    first = timer_state(saved.log, "inledning.presentation", 10, clock.now + dt.timedelta(hours=1))
    second = timer_state(saved.log, "inledning.bakgrund", 10, clock.now + dt.timedelta(hours=1))
    assert (first.elapsed, first.running) == (60, False)
    assert (second.elapsed, second.running) == (30, False)


async def test_an_interrupted_meeting_offers_to_continue_or_close(
    session: Session, tmp_path: Path
) -> None:
    from natverk_tui.screens.resume_question import ResumeQuestion
    from natverk_tui.screens.review import ReviewScreen

    clock = Clock()
    path = tmp_path / "avbrutet.toml"
    app = app_for(session, path, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f5", "pagedown")
        await settle(app, pilot)
    # The lid closed: the file is as autosave left it. Reopen and continue.
    reopened = store.load_session(path)
    app = make_app(reopened, path, clock=clock, prefs=Settings(), resumed=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ResumeQuestion)
        # "n" is no answer here: closing is never the easy mistake of a yes/no habit, and
        # text typed before reading the question ("Långa kedjor ...") closes nothing either.
        await pilot.press("n", "L", "a", "n", "g", "a")
        await settle(app, pilot)
        assert isinstance(app.screen, ResumeQuestion)
        assert store.load_session(path).closed is None
        # Enter, the default, continues.
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)
        assert screen(app).step.id == "inledning.bakgrund"
    # Reopen again and choose to close: the meeting is closed and its review shown.
    app = make_app(store.load_session(path), path, clock=clock, prefs=Settings(), resumed=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+a")
        await settle(app, pilot)
        assert isinstance(app.screen, ReviewScreen)
    closed = store.load_session(path)
    assert closed.closed == clock.now
    from natverk_tui.timer import timer_state

    assert not timer_state(closed.log, "inledning.bakgrund", 10, clock.now).running


async def test_action_status_changes_in_the_meeting_are_dated_in_history(
    session: Session, tmp_path: Path
) -> None:
    clock = Clock()
    app = app_for(session, tmp_path / "h.toml", clock)
    async with app.run_test(size=SIZE) as pilot:
        await go_to(app, pilot, "tema1.e")
        await type_text(pilot, "Checklista för upphandling")
        await pilot.press("enter", "down", "s")
        await settle(app, pilot)
        action = session.actions[0]
        assert action.status.value == "in_progress"
        assert [e.at for e in action.history] == [clock.now]
        assert (action.history[0].old, action.history[0].new) == ("open", "in_progress")
        await pilot.press("ctrl+z")
        await settle(app, pilot)
        assert session.actions[0].status.value == "open" and not session.actions[0].history


async def test_notifications_never_read_typed_text_as_markup(session: Session, tmp_path: Path) -> None:
    """Messages carry names and areas people typed: they stay text, from widgets too."""
    app = app_for(session, tmp_path / "n.toml")
    async with app.run_test(size=SIZE) as pilot:
        await go_to(app, pilot, "tema1.a")
        screen(app).query_one(Contributions).notify("[bold]widget[/bold]")
        app.notify("[/")  # would raise a markup error if it were parsed
        await pilot.pause()
        notes = list(app._notifications)
        assert [n.message for n in notes] == ["[bold]widget[/bold]", "[/"]
        assert not any(n.markup for n in notes)
        assert app.is_running


async def test_a_programme_title_is_shown_as_typed(session: Session, tmp_path: Path) -> None:
    from natverk_tui.widgets.agenda import Agenda

    session.plan.title = "[b]Halvdag[/b] [@click=app.quit]x[/]"
    app = app_for(session, tmp_path / "t.toml")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        agenda = screen(app).query_one(Agenda)
        assert agenda._border_title is not None
        assert agenda._border_title.plain == session.plan.title


async def test_groups_formed_in_a_stay_on_screen_in_b(session: Session, tmp_path: Path) -> None:
    """Tema 1 a) and b) are both in mixed groups: after PgDn the room still sees its groups,
    the contributions of b) can be tagged with them, and Ctrl+G in b) starts from them."""
    from textual.widgets import Static

    from natverk_tui.screens.groups import GroupsScreen

    session.participants = [Participant(number=n, name=name, sector=sector) for n, (name, sector) in
                            enumerate((("Anna", Sector.MYNDIGHET), ("Bo", Sector.FORETAG),
                                       ("Cecilia", Sector.FACK), ("David", Sector.OVRIGT)), start=1)]
    path = tmp_path / "grupper.toml"
    app = app_for(session, path)
    async with app.run_test(size=SIZE) as pilot:
        await go_to(app, pilot, "tema1.a")
        await pilot.press("ctrl+g")
        await pilot.pause()
        await pilot.press("g", "backspace", "2", "enter")
        await pilot.pause()
        await pilot.press("enter")
        await settle(app, pilot)
        groups = session.groups["tema1.a"]
        shown = str(screen(app).query_one("#question-groups", Static).render())
        await pilot.press("pagedown")
        await settle(app, pilot)
        assert screen(app).step.id == "tema1.b"
        under_b = screen(app).query_one("#question-groups", Static)
        assert under_b.display and str(under_b.render()) == shown
        assert shown.startswith(f"{groups[0].name}: ")
        await type_text(pilot, "Dela uppgifter")
        await pilot.press("enter", "down", "g")
        await settle(app, pilot)
        assert session.contributions[-1].group == groups[0].name
        await pilot.press("escape", "ctrl+g")
        await pilot.pause()
        assert isinstance(app.screen, GroupsScreen)
        assert [g.members for g in app.screen.groups] == [g.members for g in groups]
        await pilot.press("escape")
        await pilot.pause()
        # c) is voted on individually: the groups are not shown there.
        await pilot.press("pagedown")
        await settle(app, pilot)
        assert not screen(app).query_one("#question-groups", Static).display
    assert "tema1.b" not in store.load_session(path).groups
