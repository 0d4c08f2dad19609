"""The phone page in a real browser (Playwright driving Debian's Chromium) at a phone's
viewport, against the app's own server on 127.0.0.1, with the facilitator's real keys."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from playwright.async_api import Browser, async_playwright, expect
from textual.widgets import OptionList, Static

from natverk_tui import persist, store
from natverk_tui.app import NatverkApp, make_app
from natverk_tui.model import Contribution, Participant, Session
from natverk_tui.room.options import RoomOptions
from natverk_tui.settings import Settings
from natverk_tui.voting import tally
from natverk_tui.widgets.vote_tally import VoteTally
from pilot import SIZE, Clock, listed, screen, settle

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists(),
    reason="no chromium binary: `apt-get install chromium` (.ci/run installs it)",
)
PHONE = {"width": 360, "height": 740}
INJECTION = "<img src=x onerror=alert(1)> [@click=app.quit]x[/] &amp; [b]fet"



@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    async with async_playwright() as p:
        chromium = await p.chromium.launch(executable_path=CHROMIUM)
        yield chromium
        await chromium.close()


def room_app(session: Session, path: Path) -> NatverkApp:
    store.save_session(session, path)
    return make_app(session, path, clock=Clock(), prefs=Settings(),
                    room=RoomOptions(host="127.0.0.1", port=0))


async def opened(app: NatverkApp, pilot: object) -> str:
    for _ in range(100):
        if app.room is not None:
            return app.room.url
        await pilot.pause(0.02)  # type: ignore[attr-defined]
    raise AssertionError("the room did not open")


async def test_contributions_from_a_phone_wait_are_accepted_and_show_literally(
    session: Session, tmp_path: Path, browser: Browser
) -> None:
    session.current_step = "tema1.b"
    path = tmp_path / "mote.toml"
    app = room_app(session, path)
    async with app.run_test(size=SIZE) as pilot:
        url = await opened(app, pilot)
        context = await browser.new_context(viewport=PHONE)
        page = await context.new_page()
        await page.goto(url)
        assert "Vad kan vi förbättra" in await page.inner_text("main") or await page.inner_text("h1")
        texts = ["Dela information mellan myndigheter", "Följa upp varje led i kedjan", INJECTION]
        for text in texts:
            await page.fill("textarea", text)
            await page.click("button.go")
            # Polled through selectors: the page's CSP forbids the eval that a JS predicate needs.
            await expect(page.locator("#msg")).to_contain_text("väntar")
            assert await page.input_value("textarea") == ""
            await page.evaluate("document.getElementById('msg').textContent = ''")
        await page.screenshot(path=str(tmp_path / "phone-write.png"), full_page=True)
        await settle(app, pilot)
        assert listed(app) == []  # nothing reaches the screen before it is accepted

        await pilot.press("ctrl+l")
        await pilot.pause()
        assert app.screen.query_one(OptionList).option_count == 3
        await pilot.press("A", "escape")
        await settle(app, pilot)
        assert listed(app) == texts
        assert app.is_running
        assert [c.text for c in persist.read_session(path).contributions] == texts

        # The Wi-Fi drops: the phone says so, and catches up with the step once it is back.
        await context.set_offline(True)
        await expect(page.locator("#msg")).to_contain_text("Ingen kontakt", timeout=5000)
        # On the vote step the candidates reach the phone as text, never as markup.
        await pilot.press("pagedown")
        await settle(app, pilot)
        await context.set_offline(False)
        await page.wait_for_selector("#vote", timeout=5000)  # the page follows the step by itself
        await expect(page.locator("#msg")).to_have_text("")
        labels = await page.locator("#vote li .c").all_inner_texts()
        assert [label.strip() for label in labels] == texts
        assert await page.evaluate("document.querySelectorAll('img').length") == 0
        await page.screenshot(path=str(tmp_path / "phone-vote.png"), full_page=True)
        await context.close()


async def test_three_phones_and_a_keyboard_ballot_add_up(
    session: Session, tmp_path: Path, browser: Browser
) -> None:
    session.participants = [Participant(number=1)]
    session.contributions = [Contribution(step="tema1.b", text=f"Område {n}") for n in range(1, 5)]
    session.current_step = "tema1.c"
    app = room_app(session, tmp_path / "mote.toml")
    async with app.run_test(size=SIZE) as pilot:
        url = await opened(app, pilot)
        # The keyboard: person #1 puts dots on areas 1 and 2 and saves.
        await pilot.pause()
        await pilot.press("space", "down", "space", "s")
        await settle(app, pilot)
        choices = [["Område 1", "Område 3"], ["Område 3"], ["Område 4", "Område 3", "Område 2"]]
        contexts = []
        for picks in choices:
            context = await browser.new_context(viewport=PHONE)
            contexts.append(context)
            page = await context.new_page()
            await page.goto(url)
            for text in picks:
                await page.locator("#vote li .c", has_text=text).click()
            assert await page.inner_text("#left") == f"{3 - len(picks)} av 3 prickar kvar"
            await page.click("button.go")
            await expect(page.locator("#msg")).to_contain_text("sparad")
        # A phone changes its mind: Område 1 off, Område 2 on.
        page = contexts[0].pages[0]
        await page.locator("#vote li .c", has_text="Område 1").click()
        await page.locator("#vote li .c", has_text="Område 2").click()
        await page.evaluate("document.getElementById('msg').textContent = ''")
        await page.click("button.go")
        await expect(page.locator("#msg")).to_contain_text("sparad")
        await settle(app, pilot)
        counts = {row.text: row.count for row in tally(session, "tema1.c")}
        assert counts == {"Område 1": 1, "Område 2": 3, "Område 3": 3, "Område 4": 1}
        assert all(b.voter is None for b in session.vote_for("tema1.c").ballots)
        waiting = screen(app).query_one("#vote-waiting", Static)
        for _ in range(60):  # phone changes reach the screen within a second
            if "3 röster från telefoner" in str(waiting.render()):
                break
            await pilot.pause(0.05)
        assert "1 har röstat" in str(waiting.render()) and "3 röster från telefoner" in str(waiting.render())

        await pilot.press("f4")  # the facilitator shows the result
        await settle(app, pilot)
        tally_pane = screen(app).query_one(VoteTally)
        assert tally_pane.view is not None and tally_pane.view.revealed
        shown = {r.text: r.count for r in tally_pane.view.rows}
        assert shown == counts
        await page.wait_for_selector("ul.res", timeout=5000)  # phones see the result too
        assert "Område 2 3" in (await page.inner_text("ul.res")).replace("\n", " ")
        for context in contexts:
            await context.close()
