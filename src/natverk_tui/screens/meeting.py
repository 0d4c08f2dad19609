"""The live meeting screen: agenda and timer, question, and the step's work pane.

The screen owns the Meeting (the session and its undoable operations). It sets attributes
on its panes and handles the messages they post; panes never reach into each other.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

from textual import events, on
from textual.app import ComposeResult
from textual.binding import ActiveBinding, Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import ContentSwitcher, Header, Input

from natverk_tui import followup, grouping, layout, voting
from natverk_tui.locale import phrase, t
from natverk_tui.meeting import ROOM_ACTS, Change, Meeting
from natverk_tui.messages import SessionChanged
from natverk_tui.model import PlannedStep, Session, StepKind, WorkForm
from natverk_tui.projection import room_label
from natverk_tui.screens.action_field import ActionFieldScreen
from natverk_tui.screens.personal_data import PersonalDataGate
from natverk_tui.screens.step_picker import StepPicker
from natverk_tui.timer import meeting_elapsed, projected_end
from natverk_tui.widgets.action_review import ActionReview
from natverk_tui.widgets.actions_pane import ActionsPane
from natverk_tui.widgets.agenda import Agenda
from natverk_tui.widgets.contributions import Contributions
from natverk_tui.widgets.expectations_pane import ExpectationsPane
from natverk_tui.widgets.followup_form import FollowupForm
from natverk_tui.widgets.key_bar import KeyBar
from natverk_tui.widgets.question import QuestionPane
from natverk_tui.widgets.room_corner import RoomCorner
from natverk_tui.widgets.round_pane import RoundPane
from natverk_tui.widgets.step_info import StepInfo
from natverk_tui.widgets.step_timer import StepTimer
from natverk_tui.widgets.timer_line import TimerLine
from natverk_tui.widgets.vote_tally import VoteTally
from natverk_tui.widgets.work_pane import StepView, WorkPane

# How often the phones' changes are shown together (a quarter second reads as at once).
ROOM_REFRESH_SECONDS = 0.25
NARROW_WIDTH = 110

PANE_FOR_KIND = {
    StepKind.DISCUSSION: "contributions",
    StepKind.VOTE: "vote",
    StepKind.ACTIONS: "actions",
    StepKind.FOLLOWUP: "followup",
    StepKind.EXPECTATIONS: "expectations",
    StepKind.REFLECTION: "expectations",
    StepKind.ROUND: "round",
    StepKind.ACTION_REVIEW: "action_review",
}
# Each pane is composed when a step first needs it, not at start: most meetings never show
# some of them, and each costs styling and memory.
PANE_TYPES: dict[str, type[Widget]] = {
    "contributions": Contributions,
    "vote": VoteTally,
    "actions": ActionsPane,
    "followup": FollowupForm,
    "expectations": ExpectationsPane,
    "round": RoundPane,
    "info": StepInfo,
    "action_review": ActionReview,
}
GROUP_FORMS = (WorkForm.MIXED_GROUPS, WorkForm.PAIRS)
# Fields shown under the question: a vote's top areas, the step's groups.
QUESTION_FIELDS = {"votes", "contributions", "groups", "participants"}


def _pane_for(step: PlannedStep) -> str:
    return PANE_FOR_KIND.get(step.kind, "info")


def _narrow(width: int, height: int) -> bool:
    return width < NARROW_WIDTH or height < 30


class MeetingScreen(Screen[None]):
    BINDINGS = [
        # A presentation clicker sends PageDown and PageUp; they work even while typing.
        Binding("pagedown", "next_step", phrase("key.next"), priority=True, id="step.next"),
        Binding("pageup", "previous_step", phrase("key.previous"), priority=True, show=False,
                id="step.previous"),
        Binding("f5", "toggle_timer", phrase("key.timer"), priority=True, id="timer.toggle"),
        Binding("f6", "adjust_timer(-60)", phrase("key.minus"), priority=True, id="timer.minus"),
        Binding("f7", "adjust_timer(60)", phrase("key.plus"), priority=True, id="timer.plus"),
        Binding("f8", "reset_timer", phrase("key.reset"), priority=True, show=False, id="timer.reset"),
        Binding("f4", "reveal", phrase("key.reveal"), priority=True, id="vote.reveal"),
        Binding("f3", "toggle_notes", phrase("key.notes"), priority=True, show=False, id="view.notes"),
        Binding("ctrl+z", "undo", phrase("key.undo"), priority=True, id="edit.undo"),
        Binding("f9", "participants", phrase("key.participants"), priority=True, id="room.participants"),
        Binding("ctrl+g", "groups", phrase("key.groups"), priority=True, id="room.groups"),
        Binding("ctrl+o", "jump", phrase("key.jump"), priority=True, show=False, id="step.jump"),
        Binding("f10,ctrl+b", "toggle_agenda", phrase("key.fold_agenda"), priority=True,
                show=False, id="view.agenda"),
        Binding("f11,ctrl+f", "zoom", phrase("key.zoom"), priority=True, show=False,
                id="view.zoom"),
        # Pages of the question pane (its top areas and groups); PgDn stays the next step.
        Binding("ctrl+down", "question_page(1)", phrase("key.page_down"), priority=True,
                show=False, id="view.page_down"),
        Binding("ctrl+up", "question_page(-1)", phrase("key.page_up"), priority=True,
                show=False, id="view.page_up"),
    ]
    # The footer shows these first, so that at 80 columns they are never cut off.
    FOOTER_FIRST = ("app.help", "room.participants", "step.next")

    class TimeUp(Message):
        """The running step has just passed its time (the app may ring the bell)."""

    def __init__(self, meeting: Meeting) -> None:
        super().__init__()
        self.meeting = meeting
        self._gate: PersonalDataGate | None = None
        self.notes_visible = True
        self._was_over = False
        # The agenda's place: None follows the width (folded below FOLD_AGENDA_BELOW),
        # True or False is the facilitator's choice with the key.
        self.agenda_choice: bool | None = None
        self.room_url: str | None = None  # the room's join address while it is open
        # Phones' changes waiting to be shown (see _session_changed).
        self._room_fields: set[str] = set()
        self._room_timer: Timer | None = None

    @property
    def session(self) -> Session:
        return self.meeting.session

    def compose(self) -> ComposeResult:
        # The layout for the terminal's size from the start: changed after mounting, it
        # would restyle every widget once more before the first frame.
        size = self.app.size
        self.set_class(_narrow(size.width, size.height), "-narrow", update=False)
        agenda = Agenda(self.session.plan, self.session.current_step, id="agenda")
        agenda.compact = size.width < NARROW_WIDTH
        pane = _pane_for(self.step)
        yield Header()
        with Horizontal(id="main"):
            with Vertical(id="left"):
                yield agenda
                yield StepTimer(id="timer")
            with Vertical(id="right"):
                yield TimerLine(id="timer-line")
                yield QuestionPane(id="question")
                with ContentSwitcher(id="work", initial=pane):
                    yield PANE_TYPES[pane](id=pane)
        yield RoomCorner(id="room-corner", markup=False)
        yield KeyBar()

    async def on_mount(self) -> None:
        self.show_room(self.room_url)
        await self.show_step()
        self.set_interval(1.0, self.tick)

    # The room (phones) ---------------------------------------------------------------

    def show_room(self, url: str | None) -> None:
        """The app opened (url) or closed (None) the room."""
        self.room_url = url
        self.query_one(RoomCorner).show(url, len(self.session.queue))

    def on_resize(self, event: events.Resize) -> None:
        # At 80x24 the agenda folds away and spacing goes, so the work pane keeps its room.
        narrow = _narrow(event.size.width, event.size.height)
        was = self.has_class("-narrow")
        self.set_class(narrow, "-narrow")
        if narrow != was and self.is_mounted:
            self.refresh_pane()  # the panes' titles shorten (or lengthen) with the width
        self.query_one(Agenda).compact = event.size.width < NARROW_WIDTH
        self.query_one(KeyBar).compact = narrow
        self.query_one(KeyBar).show_command_palette = not narrow
        self._place_agenda()

    @property
    def agenda_shown(self) -> bool:
        if self.agenda_choice is not None:
            return self.agenda_choice
        return self.size.width >= layout.FOLD_AGENDA_BELOW

    def _place_agenda(self) -> None:
        shown = self.agenda_shown
        self.set_class(not shown, "-folded")
        self.query_one("#left").display = shown
        self.query_one(TimerLine).display = not shown

    def action_toggle_agenda(self) -> None:
        self.agenda_choice = not self.agenda_shown
        self._place_agenda()

    def action_zoom(self) -> None:
        """The work pane takes the whole screen; the same key gives it back."""
        if self.maximized is not None:
            self.minimize()
        else:
            self.maximized = self.query_one("#work")

    def action_question_page(self, delta: int) -> None:
        self.query_one(QuestionPane).turn(delta)

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        """The keys as Textual finds them, with F1, F9 and PgDn first for the footer."""
        found = super().active_bindings
        first = {k: v for k, v in found.items() if v.binding.id in self.FOOTER_FIRST}
        ordered = sorted(first.items(), key=lambda kv: self.FOOTER_FIRST.index(kv[1].binding.id or ""))
        return dict(ordered) | {k: v for k, v in found.items() if k not in first}

    # Showing state ------------------------------------------------------------

    @property
    def step(self) -> PlannedStep:
        return self.meeting.step

    async def show_step(self) -> None:
        """Set every pane from the session for the current step."""
        step = self.step
        self._show_question()
        self.query_one(Agenda).set_current(step.id)
        pane = _pane_for(step)
        switcher = self.query_one(ContentSwitcher)
        if not switcher.query_children(f"#{pane}"):
            # The screen handles nothing else until the pane is there (awaited here).
            await switcher.add_content(PANE_TYPES[pane](id=pane))
        switcher.current = pane
        self.refresh_pane()
        self.tick()
        self.refresh_bindings()
        self.focus_work()

    def _show_question(self) -> None:
        step = self.step
        top = voting.top(self.session, step.shows_top_of, step.top_n) if step.shows_top_of else []
        self.query_one(QuestionPane).show(step, top, self.notes_visible, self.group_lines())

    def work_pane(self) -> WorkPane:
        """The pane the current step's kind works in."""
        switcher = self.query_one(ContentSwitcher)
        return cast(WorkPane, switcher.get_child_by_id(switcher.current or "info"))

    def step_view(self) -> StepView:
        return StepView(self.session, self.step, self.meeting.clock(), self.meeting.timer(),
                        narrow=self.has_class("-narrow"))

    def refresh_pane(self) -> None:
        self.work_pane().show_step(self.step_view())

    def group_lines(self) -> list[str]:
        """The step's groups as the room should see them: who sits with whom."""
        lines = []
        for group in grouping.groups_for(self.session, self.step.id):
            people = [room_label(p) for pid in group.members
                      if (p := self.session.participant(pid))]
            lines.append(f"{group.name}: {', '.join(people)}")
        return lines

    def focus_work(self) -> None:
        if not self.work_pane().focus_input():
            self.query_one(Agenda).focus()

    def tick(self) -> None:
        state = self.meeting.timer()
        self.query_one(StepTimer).state = state
        self.query_one(TimerLine).state = state
        at = self.meeting.clock()
        plan = self.session.plan
        self.query_one(StepTimer).pace = (
            meeting_elapsed(self.session.log, plan, at), plan.planned_minutes,
            projected_end(self.session.log, plan, self.session.current_step, at),
        )
        pane = self.work_pane()
        if "log" in pane.shows:
            pane.show_step(self.step_view())  # it moves with the clock: a break, a speaker
        if state.over and state.running and not self._was_over:
            self.post_message(self.TimeUp())
        self._was_over = state.over

    @on(SessionChanged)
    async def _session_changed(self, event: SessionChanged) -> None:
        """Every change to the meeting, from any screen or from undo, shows here."""
        change = event.change
        if change.what in ROOM_ACTS and "current_step" not in change.fields:
            # Phones can change the meeting many times a second (two hundred ballots as a
            # vote opens): their changes show a fraction of a second at a time, together,
            # instead of redrawing the pane once for each.
            self._room_fields.update(change.fields)
            if self._room_timer is None:
                self._room_timer = self.set_timer(ROOM_REFRESH_SECONDS, self._show_room_changes)
            return
        await self._show_change(change)

    async def _show_room_changes(self) -> None:
        fields, self._room_fields, self._room_timer = tuple(sorted(self._room_fields)), set(), None
        if fields:
            await self._show_change(Change("room", fields))

    async def _show_change(self, change: Change) -> None:
        fields = set(change.fields)
        if "queue" in fields:
            # Only how many wait shows here, never what they say.
            self.query_one(RoomCorner).show(self.room_url, len(self.session.queue))
        if "current_step" in fields:
            await self.show_step()
            return
        if fields & QUESTION_FIELDS:
            self._show_question()
        pane = self.work_pane()
        if fields & pane.shows:
            pane.changed(self.step_view(), change)
        if "log" in fields:
            self.tick()

    # Actions (keys) -------------------------------------------------------------

    def action_next_step(self) -> None:
        if self.meeting.next_step() is None:
            self.notify(t("step.last"))

    def action_previous_step(self) -> None:
        if self.meeting.previous_step() is None:
            self.notify(t("step.first"))

    def go_to(self, step_id: str) -> None:
        self.meeting.go_to(step_id)

    def action_jump(self) -> None:
        def chosen(step_id: str | None) -> None:
            if step_id:
                self.go_to(step_id)

        self.app.push_screen(StepPicker(self.session.plan, t("picker.jump"), self.step.id), chosen)

    def action_participants(self) -> None:
        from natverk_tui.screens.participants import ParticipantsScreen

        imported = getattr(self.app, "imported", None)
        self.app.push_screen(ParticipantsScreen(self.meeting, imported))

    def action_groups(self) -> None:
        from natverk_tui.screens.groups import GroupsScreen

        self.app.push_screen(GroupsScreen(self.meeting, self.step.id))

    def action_toggle_timer(self) -> None:
        self.meeting.toggle_timer()

    def action_adjust_timer(self, seconds: int) -> None:
        self.meeting.adjust_timer(seconds)

    def action_reset_timer(self) -> None:
        self.meeting.reset_timer()

    def action_reveal(self) -> None:
        revealed = self.meeting.toggle_reveal()
        self.notify(t("vote.revealed") if revealed else t("vote.hidden"))

    async def action_toggle_notes(self) -> None:
        self.notes_visible = not self.notes_visible
        await self.show_step()

    def action_undo(self) -> None:
        focused = self.focused
        if isinstance(focused, Input) and focused.value.strip():
            # Half-way through typing, Ctrl+Z must not take back something saved earlier.
            self.notify(t("undo.typing"), severity="warning")
            return
        what = self.meeting.undo()
        if what is None:
            self.notify(t("undo.nothing"))
            return
        self.notify(t("undo.done", what=t(f"undo.{what}")))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "reveal":
            return self.step.kind is StepKind.VOTE
        if action == "groups":
            return self.step.work_form in GROUP_FORMS
        return True

    # Messages from the panes ------------------------------------------------------

    @on(RoundPane.NextTurn)
    def _next_turn(self) -> None:
        self.meeting.next_turn()

    @on(RoundPane.Restart)
    def _restart_round(self) -> None:
        self.meeting.restart_round()

    @on(Agenda.StepChosen)
    def _step_chosen(self, event: Agenda.StepChosen) -> None:
        self.go_to(event.step_id)

    @property
    def gate(self) -> PersonalDataGate:
        """Typed text passes the personal-data guard before it is added."""
        if self._gate is None:
            self._gate = PersonalDataGate(self.app, self.meeting)
        return self._gate

    def _restore_typing(self, text: str) -> Callable[[], None]:
        """On cancel, what was typed goes back into the empty entry line, to be reworded."""
        def restore() -> None:
            pane = self.query_one(Contributions)
            if not pane.input.value:
                pane.input.value = text
            self.notify(t("guard.cancelled"))
        return restore

    @on(Contributions.Added)
    def _added(self, event: Contributions.Added) -> None:
        step = self.step.id  # a text that waits for an answer still lands where it was typed

        def add(texts: list[str]) -> None:
            self.meeting.add_contribution(texts[0], step_id=step)

        self.gate.check("contribution", [(t("guard.field.contribution"), event.text, True)],
                        add, self._restore_typing(event.text))

    @on(Contributions.Edited)
    def _edit(self, event: Contributions.Edited) -> None:
        def edit(texts: list[str]) -> None:
            if event.contribution_id not in {c.id for c in self.session.contributions}:
                self.notify(t("contributions.gone"), severity="warning")
                return
            self.meeting.edit_contribution(event.contribution_id, texts[0])

        self.gate.check("contribution", [(t("guard.field.contribution"), event.text, True)], edit)

    @on(Contributions.Deleted)
    def _delete(self, event: Contributions.Deleted) -> None:
        self.meeting.delete_contribution(event.contribution_id)
        self.notify(t("deleted"))

    @on(Contributions.Tagged)
    def _tag(self, event: Contributions.Tagged) -> None:
        self.meeting.tag_contribution(event.contribution_id, event.sector, event.group)

    @on(Contributions.Merged)
    def _merge(self, event: Contributions.Merged) -> None:
        self.query_one(Contributions).follow = event.keep_id
        self.meeting.merge_contributions(event.keep_id, event.other_id)

    @on(Contributions.MoveRequested)
    def _move(self, event: Contributions.MoveRequested) -> None:
        def chosen(step_id: str | None) -> None:
            if step_id and step_id != self.step.id:
                self.meeting.move_contribution(event.contribution_id, step_id)
                self.notify(t("contributions.moved", step=self.session.plan.step(step_id).title))

        self.app.push_screen(StepPicker(self.session.plan, t("picker.move"), self.step.id), chosen)

    @on(VoteTally.BallotCast)
    def _ballot(self, event: VoteTally.BallotCast) -> None:
        try:
            self.meeting.cast_ballot(event.voter, event.dots)
        except voting.VoteError as exc:
            self.notify(str(exc), severity="error")
            self.app.bell()
            return
        self.query_one(VoteTally).ballot_recorded()

    @on(VoteTally.PaperCount)
    def _paper(self, event: VoteTally.PaperCount) -> None:
        self.meeting.set_paper_count(event.candidate, event.count)

    @on(ActionsPane.Saved)
    def _action_saved(self, event: ActionsPane.Saved) -> None:
        def save(texts: list[str]) -> None:
            what, owner, area = texts
            if event.action_id and event.action_id not in {a.id for a in self.session.actions}:
                self.notify(t("actions.gone"), severity="warning")
                self.refresh_pane()
                return
            if event.action_id:
                self.meeting.update_action(event.action_id, what=what, owner=owner,
                                           due=event.due, area=area)
            else:
                self.meeting.add_action(what, owner, event.due, area)
            if not (owner and event.due):
                # "Vem gör vad": an action without an owner or a date is easily forgotten.
                self.notify(t("actions.incomplete"), severity="warning")

        # The owner is named on purpose (the anonymous minutes replace the name).
        self.gate.check("action", [(t("actions.what"), event.what, True),
                                   (t("actions.owner"), event.owner, False),
                                   (t("actions.area"), event.area, True)], save)

    @on(ActionReview.Decided)
    def _carried_decided(self, event: ActionReview.Decided) -> None:
        """The room's decision on an action from the last meeting, with a dated history."""
        action = self.meeting.action(event.action_id)
        if event.decision is followup.Decision.NEW_OWNER:
            def reassign(texts: list[str]) -> None:
                self.meeting.decide_carried(action.id, event.decision, texts[0])

            def chosen(owner: str | None) -> None:
                if owner and owner.strip():
                    # The owner is named on purpose; identifiers are still looked for.
                    self.gate.check("action.owner", [(t("actions.owner"), owner, False)], reassign)

            self.app.push_screen(ActionFieldScreen(
                t("review.owner_prompt", what=action.what), action.owner), chosen)
            return
        self.meeting.decide_carried(action.id, event.decision)

    @on(ActionsPane.Deleted)
    def _action_deleted(self, event: ActionsPane.Deleted) -> None:
        self.meeting.delete_action(event.action_id)
        self.notify(t("deleted"))

    @on(ActionsPane.StatusCycled)
    def _action_status(self, event: ActionsPane.StatusCycled) -> None:
        action = next(a for a in self.session.actions if a.id == event.action_id)
        self.meeting.update_action(action.id, status=followup.next_status(action.status))

    @on(FollowupForm.Changed)
    def _followup(self, event: FollowupForm.Changed) -> None:
        def save(texts: list[str]) -> None:
            self.meeting.set_followup(**{event.field: texts[0]})

        # The convener is named on purpose; a name in the notes is not.
        self.gate.check(f"followup.{event.field}", [
            (t(f"followup.{event.field}"), event.value, event.field != "convener")], save)

    @on(ExpectationsPane.Added)
    def _expectation(self, event: ExpectationsPane.Added) -> None:
        def add(texts: list[str]) -> None:
            self.meeting.add_expectation(texts[0], event.participant)

        self.gate.check("expectation", [(t("guard.field.expectation"), event.text, True)], add)

    @on(ExpectationsPane.Marked)
    def _expectation_marked(self, event: ExpectationsPane.Marked) -> None:
        self.meeting.mark_expectation(event.expectation_id, event.met)

    @on(ExpectationsPane.Deleted)
    def _expectation_deleted(self, event: ExpectationsPane.Deleted) -> None:
        self.meeting.delete_expectation(event.expectation_id)
        self.notify(t("deleted"))
