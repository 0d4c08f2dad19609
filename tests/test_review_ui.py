"""The review screen, driven by real keys: actions updated, saved, with their history."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input, Static

from natverk_tui import followup, store
from natverk_tui.app import NatverkApp, make_app
from natverk_tui.meeting import Change
from natverk_tui.model import Action, ActionStatus, Contribution, Session
from natverk_tui.screens.action_field import ActionFieldScreen
from natverk_tui.screens.review import ReviewScreen
from natverk_tui.settings import Settings
from natverk_tui.widgets.review_actions import ReviewActions

NOW = dt.datetime(2027, 2, 1, 10, 0)


def _saved(filled: Session, tmp_path: Path) -> Path:
    filled.actions += [
        Action(what="Checklista för upphandling", owner="Bo", due=dt.date(2027, 3, 1)),
        Action(what="[@click=app.quit]x[/] informationsblad", owner="Byggnads"),
    ]
    filled.contributions.append(Contribution(step="tema1.a", text="[b]inte fet[/b] [/"))
    followup.close_session(filled, at=NOW - dt.timedelta(days=60))
    path = tmp_path / "mote.toml"
    store.save_session(filled, path)
    return path


def _app(path: Path) -> NatverkApp:
    session = store.load_session(path)
    return make_app(session, path, clock=lambda: NOW, prefs=Settings(), review=True)


async def _settle(app: NatverkApp, pilot: Pilot[int]) -> None:
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_mark_two_actions_done(filled: Session, tmp_path: Path) -> None:
    path = _saved(filled, tmp_path)
    app = _app(path)
    changes: list[Change] = []
    assert app.meeting is not None
    app.meeting.listeners.append(changes.append)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        table = app.screen.query_one(ReviewActions)
        assert table.row_count == 3
        await pilot.press("k")            # first action done
        await pilot.press("down", "k")    # second action done
        await _settle(app, pilot)
        assert len(changes) == 2  # each change announced once
    saved = store.load_session(path)
    assert [a.status for a in saved.actions] == [ActionStatus.DONE, ActionStatus.DONE,
                                                 ActionStatus.OPEN]
    for action in saved.actions[:2]:
        assert [(e.at, followup.describe(e)) for e in action.history] == [
            (NOW, "Status: Öppen → Klar")]
    assert saved.actions[2].history == []


async def test_status_owner_due_and_note_by_key(filled: Session, tmp_path: Path) -> None:
    path = _saved(filled, tmp_path)
    app = _app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("down", "s", "s")   # open -> in progress -> done
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, ActionFieldScreen)
        app.screen.query_one(Input).value = ""
        await pilot.press(*"Cecilia", "enter")
        await pilot.pause()
        await pilot.press("u")
        await pilot.pause()
        app.screen.query_one(Input).value = ""
        await pilot.press(*"snart", "enter")
        await pilot.pause()
        # A date the app cannot read keeps the modal open with the reason.
        assert isinstance(app.screen, ActionFieldScreen)
        error = app.screen.query_one("#field-error", Static)
        assert "snart" in str(error.render())
        app.screen.query_one(Input).value = ""
        await pilot.press(*"+14", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("n")
        await pilot.pause()
        await pilot.press(*"Klar i januari", "enter")
        await pilot.press("down", "x")        # the third action dropped
        await pilot.press("o", "escape")      # cancelled: nothing changes
        await _settle(app, pilot)
    saved = store.load_session(path)
    a = saved.actions[1]
    assert a.status is ActionStatus.DONE and a.owner == "Cecilia"
    assert a.due == dt.date(2027, 2, 15) and a.note == "Klar i januari"
    assert [followup.describe(e) for e in a.history] == [
        "Status: Öppen → Pågår", "Status: Pågår → Klar", "Ansvarig: Bo → Cecilia",
        "Senast: 2027-03-01 → 2027-02-15", "Anteckning: Klar i januari",
    ]
    assert saved.actions[2].status is ActionStatus.DROPPED
    assert saved.actions[2].owner == "Byggnads"


async def test_overdue_stands_out_and_typed_text_is_not_markup(
    filled: Session, tmp_path: Path
) -> None:
    path = _saved(filled, tmp_path)
    app = _app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        table = app.screen.query_one(ReviewActions)
        first = [str(c) for c in table.get_row_at(0)]
        assert "Öppen · försenad" in first  # due 2027-01-15, today 2027-02-01
        assert "försenad" not in " ".join(str(c) for c in table.get_row_at(1))
        assert "[@click=app.quit]x[/] informationsblad" in str(table.get_row_at(2)[0])
        summary = str(app.screen.query_one("#review-summary", Static).render())
        assert "3 åtgärder, 3 öppna, 1 försenade" in summary
        await pilot.press("down", "down", "enter")
        await pilot.press("3")
        await pilot.pause()
        assert app.is_running
        text = str(app.screen.query_one("#review-tab-contributions Static", Static).render())
        assert "[b]inte fet[/b] [/" in text
        assert "Röstresultat" in text


async def test_detail_shows_history(filled: Session, tmp_path: Path) -> None:
    path = _saved(filled, tmp_path)
    app = _app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        detail = app.screen.query_one("#review-detail", Static)
        assert "Inga ändringar ännu." in str(detail.render())
        await pilot.press("s")
        await pilot.pause()
        assert "2027-02-01 10:00  Status: Öppen → Pågår" in str(detail.render())


async def test_opening_the_review_and_quitting_writes_nothing(filled: Session, tmp_path: Path) -> None:
    """Looking is not changing: the file keeps its bytes, its inode (an atomic write would
    replace it) and its time, through the tabs and Ctrl+Q."""
    import os

    path = _saved(filled, tmp_path)
    os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    before = path.read_bytes(), path.stat().st_ino, path.stat().st_mtime_ns
    app = _app(path)
    async with app.run_test() as pilot:
        await _settle(app, pilot)
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("2", "3", "4", "1")
        await _settle(app, pilot)
        await pilot.press("ctrl+q")
        await _settle(app, pilot)
    assert (path.read_bytes(), path.stat().st_ino, path.stat().st_mtime_ns) == before
    # A change is still written on quit.
    app = _app(path)
    async with app.run_test() as pilot:
        await _settle(app, pilot)
        await pilot.press("k")
        await _settle(app, pilot)
        await pilot.press("ctrl+q")
        await _settle(app, pilot)
    assert path.read_bytes() != before[0]


async def test_a_review_without_votes_writes_nothing_either(session: Session, tmp_path: Path) -> None:
    """Showing the vote step's empty tally once added an empty vote to the session, which
    the quit then wrote: reading must not change what is saved."""
    followup.close_session(session, at=NOW)
    path = tmp_path / "tom.toml"
    store.save_session(session, path)
    before = path.read_bytes(), path.stat().st_ino
    app = _app(path)
    async with app.run_test() as pilot:
        await _settle(app, pilot)
        await pilot.press("3", "2", "1")
        await _settle(app, pilot)
        await pilot.press("ctrl+q")
        await _settle(app, pilot)
    assert (path.read_bytes(), path.stat().st_ino) == before
