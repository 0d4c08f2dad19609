"""The room's page: the same projection as HTML, escaped, self-contained, refreshing."""

from __future__ import annotations

import re

from natverk_tui.model import Contribution
from natverk_tui.projection import project
from natverk_tui.room.screen import fragment, page
from room_session import NOTE_MARK, NOW, full_day, stand_on


def test_page_is_self_contained_and_refreshes_from_the_given_url() -> None:
    html = page(project(full_day(), NOW), "/t0k3n/screen/fragment", nonce="abc")
    assert html.startswith("<!DOCTYPE html>")
    assert html.rstrip().endswith("</html>")
    # Nothing is fetched from elsewhere: no src, no link, no url() and no other host.
    assert not re.search(r"\bsrc=|<link|url\(|@import", html)
    assert "http:" not in html and "https:" not in html
    assert 'data-refresh="/t0k3n/screen/fragment"' in html
    assert '<script nonce="abc">' in html and '<style nonce="abc">' in html
    assert "fetch(url" in html
    # No style attributes: a Content-Security-Policy with a nonce would block them.
    bars = page(project(stand_on(full_day(), "tema1.c"), NOW), "/x")
    assert 'class="w20"' in bars and "style=" not in bars and "style=" not in html


def test_every_step_is_escaped_and_holds_no_notes() -> None:
    session = full_day()
    session.contributions.append(
        Contribution(step="tema1.a", text='<script>alert("x")</script> & <b>fet</b>'))
    for step in session.plan.steps:
        html = page(project(stand_on(session, step.id), NOW), "/x")
        assert NOTE_MARK not in html, step.id
        assert "Till mötesledaren" not in html
        assert "Cecilia" not in html and "Eva" not in html
    html = fragment(project(stand_on(session, "tema1.a"), NOW))
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;fet&lt;/b&gt;" in html
    assert "<script>" not in html
    assert "Anna (Skatteverket), #3 (Fack)" in html


def test_vote_hidden_then_revealed_with_tie_in_words() -> None:
    session = stand_on(full_day(), "tema1.c")
    session.vote_for("tema1.c").revealed = False
    hidden = fragment(project(session, NOW))
    assert "Resultatet visas när mötesledaren visar det." in hidden
    assert 'class="count"' not in hidden
    session.vote_for("tema1.c").revealed = True
    shown = fragment(project(session, NOW))
    assert shown.count('class="count"') == 6
    assert "=1" in shown and "(lika)" in shown


def test_actions_overdue_in_words_and_closed_meeting() -> None:
    session = stand_on(full_day(), "tema1.e")
    html = fragment(project(session, NOW))
    assert "Pågår · försenad" in html
    assert "<th>Område</th>" in html
    session.closed = NOW
    assert "Mötet är avslutat." in fragment(project(session, NOW))


async def test_the_room_serves_the_projectors_page_under_its_token() -> None:
    """A real server on 127.0.0.1: the page and its part follow the meeting; the queue and
    the notes never show; the part lives only under the token."""
    import aiohttp

    from natverk_tui.meeting import Meeting
    from natverk_tui.model import QueueKind
    from natverk_tui.room.options import RoomOptions
    from natverk_tui.room.server import RoomServer

    session = stand_on(full_day(), "tema1.a")
    meeting = Meeting(session, lambda: NOW)
    assert meeting.submit("VÄNTAR-I-KÖN <b>x</b>", QueueKind.CONTRIBUTION, "tema1.a")
    server = RoomServer(meeting, RoomOptions(host="127.0.0.1", port=0))
    await server.start()
    try:
        async with aiohttp.ClientSession() as http:
            async with http.get(server.url + "screen") as r:
                assert r.status == 200
                html = await r.text()
                csp = r.headers["Content-Security-Policy"]
            nonce = re.search(r"'nonce-([^']+)'", csp)
            assert nonce and f'<script nonce="{nonce.group(1)}">' in html
            assert f'data-refresh="{server.base}screen/part"' in html
            assert "Personer utan rätt att arbeta i Sverige" in html
            assert NOTE_MARK not in html and "VÄNTAR-I-KÖN" not in html
            meeting.add_contribution("Ny risk från tangentbordet <i>")
            async with http.get(server.url + "screen/part") as r:
                part = await r.text()
            assert "Ny risk från tangentbordet &lt;i&gt;" in part
            assert "<html" not in part
            async with http.get(server.origin + "/wrong-token/screen") as r:
                assert r.status == 404
    finally:
        await server.stop()
