"""The follow view: what the room sees, for a projector on a second display.

It reads the session file and its journal whenever they change (a poll of their inode,
size and modification time every 50 ms), never takes the session's lock and never writes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen

from natverk_tui import follow, store
from natverk_tui.locale import phrase, t
from natverk_tui.model import Session
from natverk_tui.projection import Projection, project
from natverk_tui.widgets.follow_join import FollowJoin
from natverk_tui.widgets.room_body import RoomBody
from natverk_tui.widgets.room_question import RoomQuestion
from natverk_tui.widgets.room_status import RoomStatus

POLL_SECONDS = 0.05
# A page that does not fit turns by itself: nobody stands at the projector's keyboard.
PAGE_SECONDS = 10.0
# The join QR code goes beside the body only where both still read: a code for an address of
# about 50 characters is some 35 columns by 17 rows in half blocks. Smaller terminals (64x20)
# get the address in words on one line.
QR_MIN_WIDTH = 112
QR_MIN_HEIGHT = 28


class FollowScreen(Screen[None]):
    BINDINGS = [
        Binding("pagedown,space", "turn(1)", phrase("key.page_down"), id="follow.next_page"),
        Binding("pageup", "turn(-1)", phrase("key.page_up"), id="follow.previous_page"),
    ]

    def __init__(
        self, path: Path, clock: Callable[[], dt.datetime], poll: float = POLL_SECONDS,
        page_seconds: float = PAGE_SECONDS,
    ) -> None:
        super().__init__()
        self.path = path
        self.clock = clock
        self.poll = poll
        self.page_seconds = page_seconds
        self.session: Session | None = None
        self.view: Projection | None = None
        self.problem = ""
        self.app_state = follow.AppState.UNKNOWN
        self._signature: follow.Signature | None = None
        self._asked = 0
        self._shown = 0

    def compose(self) -> ComposeResult:
        yield FollowJoin(id="follow-join")
        yield RoomQuestion(id="room-question")
        yield RoomBody(id="room-body")
        yield RoomStatus(id="room-status")

    def on_mount(self) -> None:
        self._check_app()
        self.check()
        self.set_interval(self.poll, self.check)
        self.set_interval(1.0, self.tick)
        self.set_interval(self.page_seconds, self._auto_page)

    def check(self) -> None:
        """Read the session again if its file or journal changed since the last look."""
        signature = follow.signature(self.path)
        if signature == self._signature:
            return
        old, self._signature = self._signature, signature
        if old is None or old.room != signature.room:
            self._show_join()
        if old is not None and (old.session, old.journal) == (signature.session, signature.journal):
            return  # only the room's address changed
        if signature.session is None:
            self.problem = t("projector.missing", file=str(self.path))
            self._show_status()
            return
        self._asked += 1
        self._read(self._asked)

    @work(thread=True, group="follow-read", description="read the session")
    def _read(self, seq: int) -> None:
        try:
            session = follow.read_session(self.path)
        except store.FileError as exc:
            self.app.call_from_thread(self._failed, seq, str(exc.problems[0].message))
            return
        self.app.call_from_thread(self._loaded, seq, session)

    def _failed(self, seq: int, error: str) -> None:
        # Mid-save a read can fail; the next change reads again. Keep showing the last view.
        if seq < self._shown:
            return
        self.problem = t("projector.unreadable", error=error)
        self._signature = None  # try again at the next poll
        self._show_status()

    def _loaded(self, seq: int, session: Session) -> None:
        if seq < self._shown:
            return  # a newer read is on screen already
        self._shown = seq
        self.session = session
        self.problem = ""
        self.show()

    def show(self) -> None:
        if self.session is None:
            return
        view = project(self.session, self.clock())
        old = self.view
        self.view = view
        if old is None or dataclasses.replace(old, timer=view.timer) != view:
            self.query_one(RoomQuestion).show(view)
            self.query_one(RoomBody).show(view)
        self._show_status()

    def _show_status(self) -> None:
        notice = self.problem
        if not notice and self.app_state is follow.AppState.STOPPED and not (
            self.view and self.view.closed
        ):
            notice = t("projector.stopped")
        self.query_one(RoomStatus).show(
            self.view.timer if self.view else None, notice,
            closed=bool(self.view and self.view.closed))

    def _check_app(self) -> None:
        state = follow.app_state(self.path)
        changed = state is not self.app_state
        self.app_state = state
        if changed:
            self._show_join()

    def _show_join(self) -> None:
        """The join address while the room is open. A file left by an app that has stopped
        (a crash) is stale: its room went with it."""
        url = "" if self.app_state is follow.AppState.STOPPED else follow.read_room(self.path)
        size = self.app.size
        self.query_one(FollowJoin).show(
            url, qr=size.width >= QR_MIN_WIDTH and size.height >= QR_MIN_HEIGHT)

    def on_resize(self) -> None:
        self._show_join()

    def tick(self) -> None:
        """Once a second: the clock runs on, and the facilitator's app may have stopped."""
        self._check_app()
        if self.session is not None:
            self.show()
        else:
            self._show_status()

    def _auto_page(self) -> None:
        body = self.query_one(RoomBody)
        if body.page_count > 1:
            body.turn(1)

    def action_turn(self, delta: int) -> None:
        self.query_one(RoomBody).turn(delta)
