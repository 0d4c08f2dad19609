"""The room's web server: aiohttp inside the app's own asyncio loop, bound to one address.

Handlers run on the same loop as Textual, so they call `Meeting` directly, as a key does; each
change is announced through `Meeting.listeners`, where the app saves it and tells the
screens. Nothing about a request (address, user agent) is logged or stored.
"""

from __future__ import annotations

import errno
import json
import logging
import secrets
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from natverk_tui import guard
from natverk_tui.locale import t
from natverk_tui.meeting import ROOM_VOTE, Change, Meeting
from natverk_tui.model import QueueKind
from natverk_tui.projection import project
from natverk_tui.room import page, screen
from natverk_tui.room.options import RoomOptions, lan_address
from natverk_tui.room.phones import Phone, Phones
from natverk_tui.room.view import Mode, PhoneView, phone_view
from natverk_tui.voting import VoteError

BODY_LIMIT = 8 * 1024
TEXT_LIMIT = page.TEXT_LIMIT
MAX_WAITING = 300
MAX_DOTS = 50
COOKIE = "natverk_phone"
SHUTDOWN_SECONDS = 1.0
MAX_CACHED = 500

# aiohttp reports broken requests through `logging`; with no handler configured Python would
# print them on the terminal the app draws on, with the phone's address. Say nothing.
logging.getLogger("aiohttp").addHandler(logging.NullHandler())
logging.getLogger("aiohttp").propagate = False

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def _plain(status: int, text: str) -> web.Response:
    return web.Response(status=status, text=text, content_type="text/plain", charset="utf-8")


def clean_text(text: str) -> str:
    """One line of printable text: control and format characters (escape sequences, bidi
    overrides) become spaces, so what the screen shows is exactly what can be read."""
    return " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())


class RoomServer:
    """One opening of the room: a fresh token, fresh phones, one bound address."""

    def __init__(self, meeting: Meeting, options: RoomOptions) -> None:
        self.meeting = meeting
        self.options = options
        self.token = secrets.token_urlsafe(16)  # 128 bits, new on every opening
        self.base = f"/{self.token}/"
        self.phones = Phones()
        self.host = options.host or lan_address()
        self.port = options.port
        self.version = 1
        self._view = phone_view(meeting.session)
        # The state answer per ballot a phone holds (most hold none): the same for many phones.
        self._fragments: dict[tuple[str, ...] | None, str] = {}
        self._runner: web.AppRunner | None = None

    @property
    def origin(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def url(self) -> str:
        return self.origin + self.base

    def web_app(self) -> web.Application:
        app = web.Application(client_max_size=BODY_LIMIT, middlewares=[self._guard])
        # Everything lives under the token; any other path is a bare 404. Beside the phones'
        # page, the projector's read-only page: what the room sees, for a projector attached
        # to another computer (screen.py; never the notes, never the queue).
        app.router.add_get(self.base, self._page)
        app.router.add_get(self.base + "screen", self._screen)
        app.router.add_get(self.base + "screen/part", self._screen_part)
        app.router.add_get(self.base + "state", self._state)
        app.router.add_post(self.base + "send", self._send)
        app.router.add_post(self.base + "vote", self._vote)
        app.on_response_prepare.append(self._headers)
        return app

    async def start(self) -> None:
        runner = web.AppRunner(self.web_app(), access_log=None, handle_signals=False,
                               shutdown_timeout=SHUTDOWN_SECONDS)
        await runner.setup()
        try:
            await self._bind(runner, self.port)
        except OSError as exc:
            # The usual port is taken (another program, a second app): any free one will do,
            # unless the facilitator asked for this port.
            if exc.errno != errno.EADDRINUSE or self.options.port != self.port:
                await runner.cleanup()
                raise
            await self._bind(runner, 0)
        self._runner = runner
        self.meeting.listeners.append(self._meeting_changed)

    async def _bind(self, runner: web.AppRunner, port: int) -> None:
        site = web.TCPSite(runner, self.host, port)
        await site.start()
        address = runner.addresses[-1]
        self.port = int(address[1])

    async def stop(self) -> None:
        """Close every connection; the token dies with this object."""
        if self._meeting_changed in self.meeting.listeners:
            self.meeting.listeners.remove(self._meeting_changed)
        if self._runner is not None:
            runner, self._runner = self._runner, None
            await runner.cleanup()

    @property
    def running(self) -> bool:
        return self._runner is not None

    def _meeting_changed(self, change: Change) -> None:
        # Phones poll a version number; it moves only when what a phone shows has changed,
        # so a draft vote on a phone is not redrawn because someone else sent a contribution.
        # The queue and phones' ballots (taken only while results are hidden) show on no phone.
        if change.fields == ("queue",) or change.what == ROOM_VOTE:
            return
        view = phone_view(self.meeting.session)
        if view != self._view:
            self._view = view
            self.version += 1
            self._fragments.clear()

    # Middleware and headers ----------------------------------------------------

    @web.middleware
    async def _guard(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        try:
            return await handler(request)
        except web.HTTPException as exc:
            if exc.status == 404:
                return _plain(404, "Not Found")  # the same bare answer for every wrong path
            if exc.status == 413:
                return _plain(413, t("room.too_long", n=TEXT_LIMIT))
            raise
        except Exception:
            # A bug must not take the meeting down with it, nor tell the phone anything.
            return _plain(500, t("room.bad"))

    @staticmethod
    async def _headers(request: web.Request, response: web.StreamResponse) -> None:
        response.headers.pop("Server", None)
        response.headers["Cache-Control"] = "no-store"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"

    # Handlers ---------------------------------------------------------------------

    def _phone(self, request: web.Request) -> Phone | None:
        return self.phones.get(request.cookies.get(COOKIE))

    def _mine(self, phone: Phone | None) -> list[str] | None:
        return phone.ballots.get(self._view.step) if phone else None

    async def _page(self, request: web.Request) -> web.Response:
        phone = self._phone(request)
        cookie = None
        if phone is None:
            cookie, phone = self.phones.new()
        csp = secrets.token_urlsafe(16)
        html = page.page(self.meeting.session.title, self.base, self._view, self.version,
                         phone.new_nonce(), csp, self._mine(phone))
        response = web.Response(text=html, content_type="text/html", charset="utf-8")
        response.headers["Content-Security-Policy"] = (
            f"default-src 'none'; script-src 'nonce-{csp}'; style-src 'nonce-{csp}'; "
            "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
        )
        if cookie is not None:
            # In memory only, on this opening's path; gone when the room closes.
            response.set_cookie(COOKIE, cookie, path=self.base, httponly=True, samesite="Strict")
        return response

    async def _screen(self, request: web.Request) -> web.Response:
        csp = secrets.token_urlsafe(16)
        view = project(self.meeting.session, self.meeting.clock())
        html = screen.page(view, self.base + "screen/part", nonce=csp)
        response = web.Response(text=html, content_type="text/html", charset="utf-8")
        response.headers["Content-Security-Policy"] = (
            f"default-src 'none'; script-src 'nonce-{csp}'; style-src 'nonce-{csp}'; "
            "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
        )
        return response

    async def _screen_part(self, request: web.Request) -> web.Response:
        view = project(self.meeting.session, self.meeting.clock())
        return web.Response(text=screen.fragment(view), content_type="text/html", charset="utf-8")

    async def _state(self, request: web.Request) -> web.Response:
        if request.query.get("v") == str(self.version):
            return web.Response(status=204)
        mine = self._mine(self._phone(request))
        key = tuple(mine) if mine is not None else None
        body = self._fragments.get(key)
        if body is None:
            if len(self._fragments) > MAX_CACHED:
                self._fragments.clear()
            body = self._fragments[key] = page.state(self.version, self._view, mine)
        return web.Response(text=body, content_type="application/json")

    async def _checked(self, request: web.Request) -> tuple[Phone, dict[str, Any]] | web.Response:
        """The checks every post passes before it may change anything."""
        if request.headers.get("Origin") != self.origin:
            return _plain(403, t("room.forbidden"))
        phone = self._phone(request)
        if phone is None:
            return _plain(403, t("room.forbidden"))
        if request.content_type != "application/json":
            return _plain(415, t("room.bad"))
        try:
            data = json.loads(await request.read())
        except (ValueError, UnicodeDecodeError):
            return _plain(400, t("room.bad"))
        if not isinstance(data, dict) or not phone.knows(data.get("nonce")):
            return _plain(403, t("room.forbidden"))
        if not isinstance(data.get("step"), str):
            return _plain(400, t("room.bad"))
        if not self.phones.allow(phone):
            return _plain(429, t("room.too_fast"))
        return phone, data

    async def _send(self, request: web.Request) -> web.Response:
        checked = await self._checked(request)
        if isinstance(checked, web.Response):
            return checked
        _, data = checked
        text = data.get("text")
        if not isinstance(text, str):
            return _plain(400, t("room.bad"))
        if len(text) > TEXT_LIMIT:
            return _plain(400, t("room.too_long", n=TEXT_LIMIT))
        text = clean_text(text)
        if not text:
            return _plain(400, t("room.empty"))
        view = self._view
        if data["step"] != view.step or view.mode not in (Mode.WRITE, Mode.EXPECT):
            return _plain(409, t("room.moved_on"))
        if len(self.meeting.session.queue) >= MAX_WAITING:
            return _plain(429, t("room.queue_full"))
        kind = QueueKind.CONTRIBUTION if view.mode is Mode.WRITE else QueueKind.EXPECTATION
        item = self.meeting.submit(text, kind, view.step)
        if item is None:
            return _plain(400, t("room.empty"))
        # The personal-data guard marks what the facilitator should read closely; a marked
        # item waits for them even in a room that accepts everything at once.
        flags = guard.flags(text, self.meeting.roster_names())
        if flags:
            self.meeting.flag_queue_item(item.id, flags)
        shown = self.options.auto_accept and not flags
        if shown:
            self.meeting.accept(item.id)
        return _plain(201, t("room.sent_shown" if shown else "room.sent"))

    async def _vote(self, request: web.Request) -> web.Response:
        checked = await self._checked(request)
        if isinstance(checked, web.Response):
            return checked
        phone, data = checked
        dots = data.get("dots")
        if (not isinstance(dots, list) or len(dots) > MAX_DOTS
                or not all(isinstance(d, str) for d in dots)):
            return _plain(400, t("room.bad"))
        view: PhoneView = self._view
        if data["step"] != view.step or view.mode is not Mode.VOTE:
            return _plain(409, t("room.moved_on"))
        try:
            self.meeting.room_ballot(dots, phone.ballots.get(view.step), view.step)
        except VoteError as exc:
            return _plain(409, str(exc))
        phone.ballots[view.step] = list(dots)
        return _plain(200, t("room.vote_sent"))
