"""Review of a finished meeting: the programme as it ran, what was said and voted, how the
expectations were met, and the actions, whose status, owner, due date and note can be
updated. Every change goes through the Meeting, which dates it in the action's history."""

from __future__ import annotations

import datetime as dt
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static, TabbedContent, TabPane

from natverk_tui import followup
from natverk_tui.locale import label, phrase, t
from natverk_tui.meeting import Meeting
from natverk_tui.messages import SessionChanged
from natverk_tui.minutes import minutes_taken
from natverk_tui.model import Action, ActionEvent, ActionStatus, Session, StepKind
from natverk_tui.screens.action_field import ActionFieldScreen
from natverk_tui.screens.personal_data import PersonalDataGate
from natverk_tui.timer import timer_state
from natverk_tui.voting import tally
from natverk_tui.widgets.key_bar import KeyBar
from natverk_tui.widgets.review_actions import ReviewActions

_EDITS = ("status", "done", "drop", "owner", "due", "note")


class ReviewScreen(Screen[None]):

    BINDINGS = [
        Binding("s", "status", phrase("review.key_status"), id="review.status"),
        Binding("k", "done", phrase("review.key_done"), id="review.done"),
        Binding("x", "drop", phrase("review.key_drop"), id="review.drop"),
        Binding("o", "owner", phrase("review.key_owner"), id="review.owner"),
        Binding("u", "due", phrase("review.key_due"), id="review.due"),
        Binding("n", "note", phrase("review.key_note"), id="review.note"),
        Binding("ctrl+z", "undo", phrase("key.undo"), id="review.undo"),
        Binding("1", "tab('review-tab-actions')", phrase("review.tab_actions"), show=False,
                id="review.tab_actions"),
        Binding("2", "tab('review-tab-programme')", phrase("review.tab_programme"), show=False,
                id="review.tab_programme"),
        Binding("3", "tab('review-tab-contributions')", phrase("review.tab_contributions"),
                show=False, id="review.tab_contributions"),
        Binding("4", "tab('review-tab-expectations')", phrase("review.tab_expectations"),
                show=False, id="review.tab_expectations"),
    ]

    def __init__(self, meeting: Meeting, today: dt.date | None = None) -> None:
        super().__init__()
        self.meeting = meeting
        self.today = today or meeting.clock().date()
        self._gate: PersonalDataGate | None = None

    @property
    def session(self) -> Session:
        return self.meeting.session

    # Building the view ----------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(self._summary(), id="review-summary")
        with TabbedContent(initial="review-tab-actions"):
            with TabPane(Content(t("review.tab_actions")), id="review-tab-actions"):
                yield ReviewActions(id="review-actions")
                yield Static("", id="review-detail", markup=False)
            with TabPane(Content(t("review.tab_programme")), id="review-tab-programme"):
                yield DataTable[Text](id="review-programme", cursor_type="row", zebra_stripes=True)
            with TabPane(Content(t("review.tab_contributions")), id="review-tab-contributions"), \
                    VerticalScroll():
                yield Static(self._contributions(), classes="review-text")
            with TabPane(Content(t("review.tab_expectations")), id="review-tab-expectations"), \
                    VerticalScroll():
                yield Static(self._expectations(), classes="review-text")
        yield KeyBar()

    def on_mount(self) -> None:
        self._fill_programme()
        self._refresh_actions()
        self.query_one(ReviewActions).focus()

    def _summary(self) -> Content:
        s = self.session
        state = (t("review.closed", at=s.closed.strftime("%Y-%m-%d %H:%M")) if s.closed
                 else t("review.not_closed"))
        late = len(followup.overdue_actions(s, self.today))
        counts = t("review.counts", n=len(s.actions), open=len(followup.open_actions(s)),
                   late=late)
        return Content.assemble(
            (s.title, "bold"), f"  {s.date.isoformat()}", f"  {s.place}" if s.place else "",
            f"  ·  {state}  ·  {counts}",
        )

    def _fill_programme(self) -> None:
        table = self.query_one("#review-programme", DataTable)
        for key in ("md.step", "md.planned", "md.actual"):
            table.add_column(Text(t(key)), key=key)
        at = self.session.closed or self.meeting.clock()
        for step in self.session.plan.steps:
            state = timer_state(self.session.log, step.id, step.minutes, at)
            actual = Text(minutes_taken(state.elapsed), style="bold" if state.over else "")
            if state.over:
                actual.append(" +", style="bold")
            table.add_row(
                Text(step.heading),
                Text(t("minutes", n=step.minutes), justify="right"),
                actual,
                key=step.id,
            )

    def _contributions(self) -> Content:
        parts: list[Content | str | tuple[str, str]] = []
        for step in self.session.plan.steps:
            items = self.session.contributions_for(step.id)
            is_vote = step.kind is StepKind.VOTE
            if not items and not is_vote:
                continue
            parts.append((f"{step.heading}\n", "bold"))
            if step.question:
                parts.append((f"{step.question}\n", "italic"))
            for c in items:
                tag = ", ".join(x for x in (c.group or "", label(c.sector) if c.sector else "") if x)
                parts.append(f"  • {c.text}" + (f" ({tag})" if tag else "") + "\n")
            if is_vote:
                voters = t("md.voters", n=len(self.session.vote_at(step.id).voted))
                parts.append((f"  {t('md.vote_results')} ({voters})\n", "bold"))
                for row in tally(self.session, step.id):
                    tie = f" ({t('md.tied')})" if row.tied else ""
                    parts.append(f"  {row.rank}. {row.text}: {row.count} {t('md.votes')}{tie}\n")
            parts.append("\n")
        if not parts:
            parts.append(t("md.no_contributions"))
        return Content.assemble(*parts)

    def _expectations(self) -> Content:
        if not self.session.expectations:
            return Content(t("md.no_expectations"))
        parts: list[Content | str | tuple[str, str]] = []
        for e in self.session.expectations:
            met = label(e.met) if e.met else t("md.not_assessed")
            parts.append(f"  • {e.text}: ")
            parts.append((met, "bold"))
            parts.append((f" ({e.comment})" if e.comment else "") + "\n")
        return Content.assemble(*parts)

    def _refresh_actions(self) -> None:
        table = self.query_one(ReviewActions)
        table.show(self.session.actions, self.today, self.app.theme_variables.get("error"))
        self.query_one("#review-summary", Static).update(self._summary())
        self._show_detail()

    def _show_detail(self) -> None:
        detail = self.query_one("#review-detail", Static)
        action = self._current()
        if action is None:
            detail.update(Content(t("md.no_actions")))
            return
        parts: list[Content | str | tuple[str, str]] = [(action.what, "bold"), "\n"]
        if action.note:
            parts.append(f"{t('md.notes')}: {action.note}\n")
        history: list[ActionEvent] = action.history or []
        if not history:
            parts.append((t("review.no_history"), "italic"))
        for event in history:
            parts.append((f"{event.at:%Y-%m-%d %H:%M}  ", "dim"))
            parts.append(f"{followup.describe(event)}\n")
        detail.update(Content.assemble(*parts).rstrip())

    @on(DataTable.RowHighlighted, "#review-actions")
    def _highlighted(self) -> None:
        self._show_detail()

    # Changing actions -------------------------------------------------------------------

    def _current(self) -> Action | None:
        action_id = self.query_one(ReviewActions).current_id()
        return next((a for a in self.session.actions if a.id == action_id), None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in _EDITS and not self.session.actions:
            return None
        # Off the actions tab the table is not on screen: its keys must not act unseen.
        return not (action in _EDITS and self.query_one(TabbedContent).active != "review-tab-actions")

    def on_tabbed_content_tab_activated(self) -> None:
        self.refresh_bindings()

    @on(SessionChanged)
    def _session_changed(self, event: SessionChanged) -> None:
        if {"actions", "closed"} & set(event.change.fields):
            self._refresh_actions()

    def action_undo(self) -> None:
        what = self.meeting.undo()
        self.notify(t("undo.done", what=t(f"undo.{what}")) if what else t("undo.nothing"))

    def _update(self, action: Action, **tracked: Any) -> None:
        self.meeting.update_action(action.id, **tracked)

    def action_status(self) -> None:
        if action := self._current():
            self._update(action, status=followup.next_status(action.status))

    def action_done(self) -> None:
        if action := self._current():
            self._update(action, status=ActionStatus.DONE)

    def action_drop(self) -> None:
        if action := self._current():
            self._update(action, status=ActionStatus.DROPPED)

    def action_owner(self) -> None:
        if not (action := self._current()):
            return

        def save(texts: list[str]) -> None:
            self._update(action, owner=texts[0])

        def done(value: str | None) -> None:
            if value is not None:
                # The owner is named on purpose; identifiers are still looked for.
                self.gate.check("action.owner", [(t("actions.owner"), value, False)], save)

        self.app.push_screen(
            ActionFieldScreen(t("review.owner_prompt", what=action.what), action.owner), done)

    def action_due(self) -> None:
        if not (action := self._current()):
            return

        def check(text: str) -> str | None:
            try:
                followup.parse_due(text, self.today)
            except followup.FollowupError as exc:
                return str(exc)
            return None

        def done(value: str | None) -> None:
            if value is not None:
                due = followup.parse_due(value, self.today)
                self._update(action, due=due)

        current = action.due.isoformat() if action.due else ""
        self.app.push_screen(ActionFieldScreen(
            t("review.due_prompt", what=action.what), current, check,
            placeholder=t("review.due_placeholder")), done)

    def action_note(self) -> None:
        if not (action := self._current()):
            return

        def save(texts: list[str]) -> None:
            self._update(action, note=texts[0])

        def done(value: str | None) -> None:
            if value is not None:
                self.gate.check("action.note", [(t("guard.field.note"), value, True)], save)

        self.app.push_screen(
            ActionFieldScreen(t("review.note_prompt", what=action.what), action.note), done)

    @property
    def gate(self) -> PersonalDataGate:
        """Typed text passes the personal-data guard before it is kept."""
        if self._gate is None:
            self._gate = PersonalDataGate(self.app, self.meeting)
        return self._gate

    def action_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab
        if tab == "review-tab-actions":
            self.query_one(ReviewActions).focus()
