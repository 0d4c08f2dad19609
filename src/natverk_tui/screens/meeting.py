"""The live meeting screen: agenda and timer, question, and the step's work pane.

The screen owns the Meeting (the session and its undoable operations). It sets attributes
on its panes and handles the messages they post; panes never reach into each other.
"""

from __future__ import annotations

import datetime as dt

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import ContentSwitcher, Footer, Header, Input

from natverk_tui import followup, rounds, voting
from natverk_tui.locale import t
from natverk_tui.meeting import Meeting
from natverk_tui.messages import SessionEdited
from natverk_tui.model import PlannedStep, Session, StepKind, WorkForm
from natverk_tui.screens.action_field import ActionFieldScreen
from natverk_tui.screens.step_picker import StepPicker
from natverk_tui.timer import meeting_elapsed, projected_end
from natverk_tui.widgets.action_review import ActionReview, Decision
from natverk_tui.widgets.actions_pane import ActionsPane
from natverk_tui.widgets.agenda import Agenda
from natverk_tui.widgets.contributions import Contributions
from natverk_tui.widgets.expectations_pane import ExpectationsPane
from natverk_tui.widgets.followup_form import FollowupForm
from natverk_tui.widgets.question import QuestionPane
from natverk_tui.widgets.round_pane import RoundPane
from natverk_tui.widgets.step_info import StepInfo
from natverk_tui.widgets.step_timer import StepTimer
from natverk_tui.widgets.vote_tally import VoteTally, VoteView

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
GROUP_FORMS = (WorkForm.MIXED_GROUPS, WorkForm.PAIRS)



class MeetingScreen(Screen[None]):
    BINDINGS = [
        # A presentation clicker sends PageDown and PageUp; they work even while typing.
        Binding("pagedown", "next_step", t("key.next"), priority=True, id="step.next"),
        Binding("pageup", "previous_step", t("key.previous"), priority=True, show=False,
                id="step.previous"),
        Binding("f5", "toggle_timer", t("key.timer"), priority=True, id="timer.toggle"),
        Binding("f6", "adjust_timer(-60)", t("key.minus"), priority=True, id="timer.minus"),
        Binding("f7", "adjust_timer(60)", t("key.plus"), priority=True, id="timer.plus"),
        Binding("f8", "reset_timer", t("key.reset"), priority=True, show=False, id="timer.reset"),
        Binding("f4", "reveal", t("key.reveal"), priority=True, id="vote.reveal"),
        Binding("f3", "toggle_notes", t("key.notes"), priority=True, show=False, id="view.notes"),
        Binding("ctrl+z", "undo", t("key.undo"), priority=True, id="edit.undo"),
        Binding("f9", "participants", t("key.participants"), priority=True, id="room.participants"),
        Binding("ctrl+g", "groups", t("key.groups"), priority=True, id="room.groups"),
        Binding("ctrl+o", "jump", t("key.jump"), priority=True, show=False, id="step.jump"),
    ]

    class TimeUp(Message):
        """The running step has just passed its time (the app may ring the bell)."""

    def __init__(self, meeting: Meeting) -> None:
        super().__init__()
        self.meeting = meeting
        self.notes_visible = True
        self._was_over = False
        # The step clock's reading when the current speaker got the turn: their time runs
        # with the step's clock, so a paused step pauses the speaker too.
        self._turn_mark = 0.0

    @property
    def session(self) -> Session:
        return self.meeting.session

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="main"):
            with Vertical(id="left"):
                yield Agenda(self.session.plan, self.session.current_step, id="agenda")
                yield StepTimer(id="timer")
            with Vertical(id="right"):
                yield QuestionPane(id="question")
                with ContentSwitcher(id="work", initial="info"):
                    yield Contributions(id="contributions")
                    yield VoteTally(id="vote")
                    yield ActionsPane(id="actions")
                    yield FollowupForm(id="followup")
                    yield ExpectationsPane(id="expectations")
                    yield RoundPane(id="round")
                    yield StepInfo(id="info")
                    yield ActionReview(id="action_review")
        yield Footer()

    def on_mount(self) -> None:
        self.show_step()
        self.set_interval(1.0, self.tick)

    def on_resize(self, event: events.Resize) -> None:
        # At 80x24 the agenda narrows and spacing goes, so the work pane keeps its room.
        narrow = event.size.width < NARROW_WIDTH or event.size.height < 30
        self.set_class(narrow, "-narrow")
        self.query_one(Agenda).compact = event.size.width < NARROW_WIDTH

    # Showing state ------------------------------------------------------------

    @property
    def step(self) -> PlannedStep:
        return self.meeting.step

    def show_step(self) -> None:
        """Set every pane from the session for the current step."""
        step = self.step
        top = voting.top(self.session, step.shows_top_of, step.top_n) if step.shows_top_of else []
        self.query_one(QuestionPane).show(step, top, self.notes_visible, self.group_lines())
        self.query_one(Agenda).set_current(step.id)
        pane = PANE_FOR_KIND.get(step.kind, "info")
        self.query_one(ContentSwitcher).current = pane
        self._turn_mark = self.meeting.timer().elapsed
        self.refresh_pane()
        self.tick()
        self.refresh_bindings()
        self.focus_work()

    def refresh_pane(self) -> None:
        step = self.step
        title = self.step_title()
        pane = self.query_one(ContentSwitcher).current
        if pane == "contributions":
            widget = self.query_one(Contributions)
            widget.group_names = [g.name for g in self.session.groups.get(step.id, [])]
            widget.show(self.session.contributions_for(step.id), title)
        elif pane == "vote":
            self.query_one(VoteTally).show(self.vote_view())
        elif pane == "actions":
            self.query_one(ActionsPane).show(self.session.actions, title)
        elif pane == "followup":
            self.query_one(FollowupForm).show(self.session.followup, title)
        elif pane == "action_review":
            self.query_one(ActionReview).show(
                followup.carried_actions(self.session), followup.undecided(self.session),
                self.meeting.clock().date(), title)
        elif pane == "expectations":
            self.query_one(ExpectationsPane).show(
                self.session.expectations, self.session.participants,
                collecting=step.kind is StepKind.EXPECTATIONS, title=title,
            )
        elif pane == "round":
            turns = rounds.state(self.session, step.id, rounds.share_of_step(self.session, step.id))
            self.query_one(RoundPane).show(turns, title, t("round.no_people"))
        else:
            left = max(0.0, self.meeting.timer().remaining)
            back = self.meeting.clock() + dt.timedelta(seconds=left)
            self.query_one(StepInfo).show(step, back if step.kind is StepKind.BREAK else None)

    def group_lines(self) -> list[str]:
        """The step's groups as the room should see them: who sits with whom."""
        lines = []
        for group in self.session.groups.get(self.step.id, []):
            people = [p.label() for pid in group.members if (p := self.session.participant(pid))]
            lines.append(f"{group.name}: {', '.join(people)}")
        return lines

    def step_title(self) -> str:
        return self.step.heading

    def vote_view(self) -> VoteView:
        step = self.step
        vote = self.session.vote_for(step.id)
        labels = {p.id: p.label() for p in self.session.participants}
        return VoteView(
            step=step,
            rows=voting.tally(self.session, step.id),
            voters=[(pid, labels[pid]) for pid in voting.not_voted(self.session, step.id)],
            voted=len(vote.voted),
            revealed=vote.revealed,
            paper=dict(vote.paper),
            order={c.id: i for i, c in enumerate(voting.candidates(self.session, step.id))},
        )

    def focus_work(self) -> None:
        pane = self.query_one(ContentSwitcher).current
        if pane == "contributions":
            self.query_one(Contributions).input.focus()
        elif pane == "actions":
            self.query_one("#action-what").focus()
        elif pane == "followup":
            self.query_one("#followup-next_meeting").focus()
        elif pane == "vote":
            self.query_one("#vote-candidates").focus()
        elif pane == "round":
            self.query_one(RoundPane).focus()
        elif pane == "expectations":
            collecting = self.step.kind is StepKind.EXPECTATIONS
            self.query_one("#expectation-input" if collecting else "#expectation-list").focus()
        elif pane == "action_review":
            self.query_one(ActionReview).focus()
        else:
            self.query_one(Agenda).focus()

    def tick(self) -> None:
        state = self.meeting.timer()
        self.query_one(StepTimer).state = state
        at = self.meeting.clock()
        plan = self.session.plan
        self.query_one(StepTimer).pace = (
            meeting_elapsed(self.session.log, plan, at), plan.planned_minutes,
            projected_end(self.session.log, plan, self.session.current_step, at),
        )
        if self.step.kind is StepKind.BREAK:
            self.refresh_pane()  # "back at" moves with the break's clock
        round_pane = self.query_one(RoundPane)
        turns = round_pane.state
        if turns is not None and turns.per_person is not None and turns.current is not None:
            round_pane.show_time(turns.per_person - (state.elapsed - self._turn_mark))
        if state.over and state.running and not self._was_over:
            self.post_message(self.TimeUp())
        self._was_over = state.over

    def edited(self, what: str) -> None:
        self.post_message(SessionEdited(what))

    # Actions (keys) -------------------------------------------------------------

    def action_next_step(self) -> None:
        if self.meeting.next_step() is None:
            self.notify(t("step.last"))
            return
        self.edited("step")
        self.show_step()

    def action_previous_step(self) -> None:
        if self.meeting.previous_step() is None:
            self.notify(t("step.first"))
            return
        self.edited("step")
        self.show_step()

    def go_to(self, step_id: str) -> None:
        self.meeting.go_to(step_id)
        self.edited("step")
        self.show_step()

    def action_jump(self) -> None:
        def chosen(step_id: str | None) -> None:
            if step_id:
                self.go_to(step_id)

        self.app.push_screen(StepPicker(self.session.plan, t("picker.jump"), self.step.id), chosen)

    def action_participants(self) -> None:
        from natverk_tui.screens.participants import ParticipantsScreen

        def closed(_: object) -> None:
            self.refresh_pane()

        imported = getattr(self.app, "imported", None)
        self.app.push_screen(ParticipantsScreen(self.session, imported), closed)

    def action_groups(self) -> None:
        from natverk_tui.screens.groups import GroupsScreen

        def closed(groups: object) -> None:
            if groups is not None:
                self.show_step()  # the groups show under the question

        self.app.push_screen(GroupsScreen(self.session, self.step.id), closed)

    def action_toggle_timer(self) -> None:
        self.meeting.toggle_timer()
        self.edited("timer")
        self.tick()

    def action_adjust_timer(self, seconds: int) -> None:
        self.meeting.adjust_timer(seconds)
        self.edited("timer")
        self.tick()

    def action_reset_timer(self) -> None:
        self.meeting.reset_timer()
        self.edited("timer")
        self.tick()

    def action_reveal(self) -> None:
        revealed = self.meeting.toggle_reveal()
        self.edited("reveal")
        self.refresh_pane()
        self.notify(t("vote.revealed") if revealed else t("vote.hidden"))

    def action_toggle_notes(self) -> None:
        self.notes_visible = not self.notes_visible
        self.show_step()

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
        self.edited("undo")
        self.show_step()
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
        self._turn_mark = self.meeting.timer().elapsed
        self.refresh_pane()
        self.tick()
        self.edited("turn")

    @on(RoundPane.Restart)
    def _restart_round(self) -> None:
        self.meeting.restart_round()
        self._turn_mark = self.meeting.timer().elapsed
        self.refresh_pane()
        self.edited("turn")

    @on(Agenda.StepChosen)
    def _step_chosen(self, event: Agenda.StepChosen) -> None:
        self.go_to(event.step_id)

    @on(Contributions.Added)
    def _added(self, event: Contributions.Added) -> None:
        item = self.meeting.add_contribution(event.text)
        if item is not None:
            self.query_one(Contributions).append(item)
            self.edited("contribution")

    @on(Contributions.Edited)
    def _edit(self, event: Contributions.Edited) -> None:
        if event.contribution_id not in {c.id for c in self.session.contributions}:
            self.notify(t("contributions.gone"), severity="warning")
            return
        self.meeting.edit_contribution(event.contribution_id, event.text)
        self.query_one(Contributions).update_item(self.meeting.contribution(event.contribution_id))
        self.edited("contribution")

    @on(Contributions.Deleted)
    def _delete(self, event: Contributions.Deleted) -> None:
        self.meeting.delete_contribution(event.contribution_id)
        self.query_one(Contributions).remove_item(event.contribution_id)
        self.edited("contribution")
        self.notify(t("contributions.deleted"))

    @on(Contributions.Tagged)
    def _tag(self, event: Contributions.Tagged) -> None:
        self.meeting.tag_contribution(event.contribution_id, event.sector, event.group)
        self.query_one(Contributions).update_item(self.meeting.contribution(event.contribution_id))
        self.edited("contribution")

    @on(Contributions.Merged)
    def _merge(self, event: Contributions.Merged) -> None:
        self.meeting.merge_contributions(event.keep_id, event.other_id)
        self.edited("contribution")
        self.refresh_pane()
        self.query_one(Contributions).highlight(event.keep_id)

    @on(Contributions.MoveRequested)
    def _move(self, event: Contributions.MoveRequested) -> None:
        def chosen(step_id: str | None) -> None:
            if step_id and step_id != self.step.id:
                self.meeting.move_contribution(event.contribution_id, step_id)
                self.query_one(Contributions).remove_item(event.contribution_id)
                self.edited("contribution")
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
        tally = self.query_one(VoteTally)
        tally.ballot_recorded()
        tally.show(self.vote_view())
        self.edited("vote")

    @on(VoteTally.PaperCount)
    def _paper(self, event: VoteTally.PaperCount) -> None:
        self.meeting.set_paper_count(event.candidate, event.count)
        self.query_one(VoteTally).show(self.vote_view())
        self.edited("vote")

    @on(ActionsPane.Saved)
    def _action_saved(self, event: ActionsPane.Saved) -> None:
        if event.action_id and event.action_id not in {a.id for a in self.session.actions}:
            self.notify(t("actions.gone"), severity="warning")
            self.refresh_pane()
            return
        if event.action_id:
            self.meeting.update_action(event.action_id, what=event.what, owner=event.owner,
                                       due=event.due, area=event.area)
        else:
            self.meeting.add_action(event.what, event.owner, event.due, event.area)
        if not (event.owner and event.due):
            # "Vem gör vad": an action without an owner or a date is easily forgotten.
            self.notify(t("actions.incomplete"), severity="warning")
        self.refresh_pane()
        self.edited("action")

    @on(ActionReview.Decided)
    def _carried_decided(self, event: ActionReview.Decided) -> None:
        """The room's decision on an action from the last meeting, with a dated history."""
        action = self.meeting.action(event.action_id)
        at = self.meeting.clock()
        if event.decision is Decision.NEW_OWNER:
            def chosen(owner: str | None) -> None:
                if owner and owner.strip():
                    self.meeting.change_action(
                        action.id, lambda a: followup.reassign(a, owner, at=at))
                    self._carried_next()

            self.app.push_screen(ActionFieldScreen(
                t("review.owner_prompt", what=action.what), action.owner), chosen)
            return
        decide = {
            Decision.DONE: lambda a: followup.mark_done(a, at),
            Decision.CONTINUE: lambda a: followup.continue_action(a, at=at),
            Decision.DROP: lambda a: followup.drop(a, at),
        }[event.decision]
        self.meeting.change_action(action.id, decide)
        self._carried_next()

    def _carried_next(self) -> None:
        self.refresh_pane()
        pane = self.query_one(ActionReview)
        left = followup.undecided(self.session)
        if left:
            pane.index = pane.actions.index(left[0])
        self.edited("action")

    @on(ActionsPane.Deleted)
    def _action_deleted(self, event: ActionsPane.Deleted) -> None:
        self.meeting.delete_action(event.action_id)
        self.refresh_pane()
        self.edited("action")

    @on(ActionsPane.StatusCycled)
    def _action_status(self, event: ActionsPane.StatusCycled) -> None:
        action = next(a for a in self.session.actions if a.id == event.action_id)
        self.meeting.update_action(action.id, status=followup.next_status(action.status))
        self.refresh_pane()
        self.edited("action")

    @on(FollowupForm.Changed)
    def _followup(self, event: FollowupForm.Changed) -> None:
        self.meeting.set_followup(**{event.field: event.value})
        self.query_one(FollowupForm).show(self.session.followup, self.step_title())
        self.edited("followup")

    @on(ExpectationsPane.Added)
    def _expectation(self, event: ExpectationsPane.Added) -> None:
        self.meeting.add_expectation(event.text, event.participant)
        self.refresh_pane()
        self.edited("expectation")

    @on(ExpectationsPane.Marked)
    def _expectation_marked(self, event: ExpectationsPane.Marked) -> None:
        self.meeting.mark_expectation(event.expectation_id, event.met)
        self.refresh_pane()
        self.edited("expectation")

    @on(ExpectationsPane.Deleted)
    def _expectation_deleted(self, event: ExpectationsPane.Deleted) -> None:
        self.meeting.delete_expectation(event.expectation_id)
        self.refresh_pane()
        self.edited("expectation")
