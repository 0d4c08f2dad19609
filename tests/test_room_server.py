"""The room's protocol against a real server on 127.0.0.1: the token, the checks, the queue,
phone ballots, escaping. Each test opens the room as the app does (RoomServer.start)."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import aiohttp
import pytest

from natverk_tui.meeting import Change, Meeting
from natverk_tui.model import Contribution, Participant, QueueKind, Session
from natverk_tui.room.options import RoomOptions, lan_address, parse_bind
from natverk_tui.room.server import RoomServer, clean_text
from natverk_tui.voting import record_ballot, tally

INJECTION = '<script>alert(1)</script> [@click=app.quit]x[/] & "q" \x1b[31m'


@pytest.fixture
async def room(session: Session) -> AsyncIterator[RoomServer]:
    session.current_step = "tema1.a"
    server = RoomServer(Meeting(session), RoomOptions(host="127.0.0.1", port=0))
    await server.start()
    yield server
    await server.stop()


class Phone:
    """A phone as the page's script behaves: cookie, nonce, same-origin posts."""

    def __init__(self, room: RoomServer) -> None:
        self.room = room
        self.http = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))
        self.nonce = ""

    async def open(self) -> str:
        async with self.http.get(self.room.url) as r:
            assert r.status == 200
            html = await r.text()
        found = re.search(r'data-nonce="([^"]+)"', html)
        assert found
        self.nonce = found.group(1)
        return html

    async def post(self, path: str, body: dict[str, object], origin: str | None = None,
                   nonce: str | None = None) -> tuple[int, str]:
        body = {"nonce": self.nonce if nonce is None else nonce, **body}
        headers = {"Origin": self.room.origin if origin is None else origin}
        async with self.http.post(self.room.url + path, json=body, headers=headers) as r:
            return r.status, await r.text()

    async def send(self, text: str, step: str | None = None) -> tuple[int, str]:
        return await self.post("send", {"step": step or self.room.meeting.session.current_step,
                                        "text": text})

    async def close(self) -> None:
        await self.http.close()


@pytest.fixture
async def phone(room: RoomServer) -> AsyncIterator[Phone]:
    p = Phone(room)
    await p.open()
    yield p
    await p.close()


async def test_every_path_but_the_token_is_a_bare_404(room: RoomServer) -> None:
    assert len(room.token) >= 22  # at least 128 bits
    async with aiohttp.ClientSession() as http:
        for path in ("/", "/" + room.token, "/" + room.token[:-1] + "/", "/favicon.ico",
                     "/x" + room.base, room.base + "../"):
            async with http.get(room.origin + path) as r:
                assert r.status == 404, path
                assert await r.text() == "Not Found"
                assert "Server" not in r.headers  # no hint of what answers
        async with http.get(room.url) as r:
            assert r.status == 200 and "Server" not in r.headers


async def test_the_page_shows_the_step_in_the_meetings_language(phone: Phone, room: RoomServer) -> None:
    html = await phone.open()
    assert '<html lang="sv">' in html
    assert "Vilka risker ser vi i vår region/kommun" in html
    assert 'id="send"' in html and "Skicka" in html
    assert "http" not in html.split("<script")[0].replace('content="width', "")  # nothing outside
    assert not re.search(r"(src|href)=", html)


async def test_a_contribution_waits_in_the_queue(phone: Phone, room: RoomServer) -> None:
    changes: list[Change] = []
    room.meeting.listeners.append(changes.append)
    status, text = await phone.send("Långa kedjor av underentreprenörer")
    assert status == 201 and "väntar" in text
    session = room.meeting.session
    assert [q.text for q in session.queue] == ["Långa kedjor av underentreprenörer"]
    assert session.contributions == []
    assert [c.what for c in changes] == ["submit"]


async def test_auto_accept_puts_it_straight_on_the_screen(session: Session) -> None:
    session.current_step = "tema1.a"
    room = RoomServer(Meeting(session), RoomOptions(host="127.0.0.1", port=0, auto_accept=True))
    await room.start()
    phone = Phone(room)
    try:
        await phone.open()
        assert (await phone.send("Svartarbete"))[0] == 201
        assert session.queue == [] and [c.text for c in session.contributions] == ["Svartarbete"]
    finally:
        await phone.close()
        await room.stop()


async def test_the_guard_marks_what_holds_identifiers_and_it_waits(session: Session) -> None:
    session.current_step = "tema1.a"
    session.participants = [Participant(number=1, name="Anna Svensson")]
    room = RoomServer(Meeting(session), RoomOptions(host="127.0.0.1", port=0, auto_accept=True))
    await room.start()
    phone = Phone(room)
    try:
        await phone.open()
        assert (await phone.send("Ring Anna Svensson på 070-123 45 67"))[0] == 201
        assert (await phone.send("Långa kedjor"))[0] == 201
        # Auto-accept lets the plain one through; the marked one waits for the facilitator.
        assert [c.text for c in session.contributions] == ["Långa kedjor"]
        (waiting,) = session.queue
        assert set(waiting.flags) == {"name", "phone"}
    finally:
        await phone.close()
        await room.stop()


async def test_bad_posts_get_a_plain_4xx_and_change_nothing(phone: Phone, room: RoomServer) -> None:
    step = room.meeting.session.current_step
    assert (await phone.post("send", {"step": step, "text": "x"}, origin="http://evil.example"))[0] == 403
    assert (await phone.post("send", {"step": step, "text": "x"}, nonce="guess"))[0] == 403
    stranger = {"nonce": phone.nonce, "step": step, "text": "x"}
    async with aiohttp.ClientSession() as http, http.post(  # no cookie
            room.url + "send", json=stranger, headers={"Origin": room.origin}) as r:
        assert r.status == 403
    status, text = await phone.post("send", {"step": step, "text": "x" * 9000})
    assert status == 413 and text.startswith("Högst")
    assert (await phone.send("x" * 501))[0] == 400
    assert (await phone.send("   \n\t "))[0] == 400
    assert (await phone.post("send", {"step": step, "text": 5}))[0] == 400
    assert (await phone.send("x", step="tema1.b"))[0] == 409  # not the step on the screen
    async with phone.http.post(room.url + "send", data=b"{not json",
                               headers={"Origin": room.origin, "Content-Type": "application/json"}) as r:
        assert r.status == 400
    async with phone.http.post(room.url + "send", data=b"text=x", headers={"Origin": room.origin}) as r:
        assert r.status == 415
    assert room.meeting.session.queue == []


async def test_a_burst_is_limited_per_phone(phone: Phone, room: RoomServer) -> None:
    statuses = [(await phone.send(f"bidrag {n}"))[0] for n in range(7)]
    assert statuses == [201] * 5 + [429] * 2
    assert len(room.meeting.session.queue) == 5
    other = Phone(room)  # another phone has its own allowance
    try:
        await other.open()
        assert (await other.send("från en annan telefon"))[0] == 201
    finally:
        await other.close()


async def test_a_full_queue_refuses_more(phone: Phone, room: RoomServer,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from natverk_tui.room import server

    monkeypatch.setattr(server, "MAX_WAITING", 2)
    assert [(await phone.send(f"b{n}"))[0] for n in range(3)] == [201, 201, 429]


async def test_text_is_kept_literally_and_escaped_on_the_page(phone: Phone, room: RoomServer) -> None:
    assert (await phone.send(INJECTION))[0] == 201
    item = room.meeting.session.queue[0]
    assert item.text == '<script>alert(1)</script> [@click=app.quit]x[/] & "q" [31m'
    room.meeting.accept(item.id)
    room.meeting.session.contributions[0].step = "tema1.b"  # make it a candidate of the vote
    room.meeting.go_to("tema1.c")
    html = await phone.open()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; [@click=app.quit]x[/] &amp; &quot;q&quot;" in html


def test_clean_text_removes_control_and_bidi_characters() -> None:
    assert clean_text("a\x1b[2Jb\u202ec\n d\x00") == "a [2Jb c d"


async def test_the_phone_follows_the_step_by_version(phone: Phone, room: RoomServer) -> None:
    v = room.version
    async with phone.http.get(room.url + f"state?v={v}") as r:
        assert r.status == 204
    room.meeting.submit("does not change what phones show", QueueKind.CONTRIBUTION)
    assert room.version == v
    room.meeting.go_to("inledning.bakgrund")
    assert room.version == v + 1
    async with phone.http.get(room.url + f"state?v={v}") as r:
        assert r.status == 200
        data = await r.json()
    assert data["v"] == v + 1 and "Vänta" in data["html"]


async def test_three_phones_vote_and_change_their_minds(room: RoomServer) -> None:
    session = room.meeting.session
    session.participants = [Participant(number=1)]
    session.contributions = [Contribution(step="tema1.b", text=f"Område {n}") for n in range(1, 4)]
    a, b, c = (x.id for x in session.contributions)
    room.meeting.go_to("tema1.c")
    record_ballot(session, "tema1.c", session.participants[0].id, [a])  # the keyboard
    phones = [Phone(room) for _ in range(3)]
    try:
        for p in phones:
            html = await p.open()
            assert html.index("Område 1") < html.index("Område 2") < html.index("Område 3")
            assert "3 prickar" in html
        assert (await phones[0].post("vote", {"step": "tema1.c", "dots": [a, b]}))[0] == 200
        assert (await phones[0].post("vote", {"step": "tema1.c", "dots": [c]}))[0] == 200  # changed
        assert (await phones[1].post("vote", {"step": "tema1.c", "dots": [a, b, c]}))[0] == 200
        assert (await phones[2].post("vote", {"step": "tema1.c", "dots": [a, a]}))[0] == 409  # stacking
        assert (await phones[2].post("vote", {"step": "tema1.c", "dots": [a, b, c, a]}))[0] == 409
        assert (await phones[2].post("vote", {"step": "tema1.c", "dots": ["c-nothere"]}))[0] == 409
        assert (await phones[2].post("vote", {"step": "tema1.c", "dots": "abc"}))[0] == 400
        assert (await phones[2].post("vote", {"step": "tema1.c", "dots": [b]}))[0] == 200
        html = await phones[0].open()
        assert 'data-mine="1"' in html  # the phone sees its own ballot again
        assert "<progress" not in html  # the result stays hidden
        counts = {row.text: row.count for row in tally(session, "tema1.c")}
        assert counts == {"Område 1": 2, "Område 2": 2, "Område 3": 2}
        vote = session.vote_for("tema1.c")
        assert len(vote.room) == 3 and all(ballot.voter is None for ballot in vote.room)
        room.meeting.toggle_reveal()
        assert (await phones[1].post("vote", {"step": "tema1.c", "dots": [a]}))[0] == 409
        assert "<progress" in await phones[1].open()
    finally:
        for p in phones:
            await p.close()


async def test_closing_ends_connections_and_a_new_opening_has_a_new_token(session: Session) -> None:
    meeting = Meeting(session)
    first = RoomServer(meeting, RoomOptions(host="127.0.0.1", port=0))
    await first.start()
    async with aiohttp.ClientSession() as http:
        async with http.get(first.url) as r:
            assert r.status == 200
        await first.stop()
        assert meeting.listeners == []
        with pytest.raises(aiohttp.ClientError):
            async with http.get(first.url) as r:
                pass
        second = RoomServer(meeting, RoomOptions(host="127.0.0.1", port=first.port))
        await second.start()
        try:
            assert second.token != first.token
            async with http.get(second.origin + first.base) as r:
                assert r.status == 404
        finally:
            await second.stop()


def test_bind_addresses() -> None:
    assert parse_bind("127.0.0.1:0") == ("127.0.0.1", 0)
    assert parse_bind("192.168.1.10") == ("192.168.1.10", 8765)
    assert parse_bind("[::1]:9000") == ("::1", 9000)
    for bad in ("laptop.local", "127.0.0.1:http", "127.0.0.1:70000", ""):
        with pytest.raises(ValueError):
            parse_bind(bad)
    assert parse_bind(lan_address() + ":0")[1] == 0


def test_the_qr_code_in_half_blocks_is_segnos_matrix() -> None:
    import segno

    from natverk_tui.room.qr import QUIET, qr_lines

    url = "http://192.168.1.20:8765/M8oSAeRacVCgWWQGr4fZPg/"
    lines = qr_lines(url)
    top = {"█": True, "▀": True, "▄": False, " ": False}
    bottom = {"█": True, "▀": False, "▄": True, " ": False}
    drawn = [row for line in lines for row in ([top[c] for c in line], [bottom[c] for c in line])]
    expected = [[bool(m) for m in row] for row in segno.make(url, error="l").matrix_iter(border=QUIET)]
    assert drawn[: len(expected)] == expected
    assert all(not any(row) for row in drawn[len(expected):])  # at most one blank half line
