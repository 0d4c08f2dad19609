"""The dot-vote pane: record each person's dots, see who has not voted, reveal the tally."""

from __future__ import annotations

from dataclasses import dataclass, field

from rich.console import Console, ConsoleOptions, JustifyMethod, RenderResult
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from natverk_tui import voting
from natverk_tui.layout import bar_width
from natverk_tui.locale import phrase, t
from natverk_tui.meeting import Change
from natverk_tui.model import PlannedStep
from natverk_tui.voting import TallyRow, VoteError, toggle_dot
from natverk_tui.widgets.line import Line
from natverk_tui.widgets.work_pane import StepView

Cell = tuple[Text, int, JustifyMethod]  # a fixed-width cell: text, width, justify


@dataclass(frozen=True)
class TallyLine:
    """One candidate's row: fixed cells (dots, rank or paper count; bar and count) beside a
    label that wraps whole words in the width left over, so the numbers stay beside it at
    any width (a projector's large font). Read (str) as plain text.

    Laid out by hand rather than as a rich Table grid: a vote of a dozen areas drew a
    dozen grids each time it was shown, the largest part of moving to a vote."""

    left: tuple[Cell, ...]
    label: Text
    right: tuple[Cell, ...]

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        fixed = sum(width + 1 for _, width, _ in self.left + self.right)
        room = max(1, options.max_width - fixed)
        lines = self.label.wrap(console, room, overflow="ellipsis") or [Text()]
        blank = Text()
        for n, line in enumerate(lines):
            row = Text(end="\n")
            for cell, width, justify in self.left:
                row.append_text(_fit(cell if n == 0 else blank, width, justify))
                row.append(" ")
            line.align("left", room)
            row.append_text(line)
            for cell, width, justify in self.right:
                row.append(" ")
                row.append_text(_fit(cell if n == 0 else blank, width, justify))
            row.rstrip()
            yield row

    def __str__(self) -> str:
        cells = [cell for cell, _, _ in self.left] + [self.label] + [cell for cell, _, _ in self.right]
        return " ".join(cell.plain for cell in cells)


def _fit(text: Text, width: int, justify: JustifyMethod) -> Text:
    """`text` cut or padded to exactly `width` cells."""
    text = text.copy()
    text.truncate(width)
    text.align("right" if justify == "right" else "left", width)
    return text


@dataclass
class VoteView:
    """What the pane shows; the screen builds it from the session."""

    step: PlannedStep
    rows: list[TallyRow]  # in the order to show them (voting.board)
    voters: list[tuple[str, str]]  # (participant id, label) of those who have not voted
    voted: int
    revealed: bool
    paper: dict[str, int] = field(default_factory=dict)
    phones: int = 0  # ballots from phones in the room (anonymous, not in `voters`)


class VoteTally(Vertical):
    shows = frozenset({"votes", "contributions", "participants"})
    BINDINGS = [
        Binding("space", "dot", phrase("key.dot"), id="vote.dot"),
        Binding("s", "cast", phrase("key.cast"), id="vote.cast"),
        Binding("right,n", "voter(1)", phrase("key.next_voter"), id="vote.next_voter"),
        Binding("left", "voter(-1)", phrase("key.previous_voter"), show=False),
        Binding("p", "paper", phrase("key.paper"), id="vote.paper"),
        Binding("plus,equals_sign", "paper_count(1)", phrase("key.paper_plus"), show=False),
        Binding("minus", "paper_count(-1)", phrase("key.paper_minus"), show=False),
    ]

    @dataclass
    class BallotCast(Message):
        voter: str
        dots: list[str]

    @dataclass
    class PaperCount(Message):
        candidate: str
        count: int

    def __init__(
        self,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
        disabled: bool = False,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes, disabled=disabled)
        self.view: VoteView | None = None
        self.voter_index = 0
        self.draft: list[str] = []
        self.paper_mode = False
        self._abstain_asked: str | None = None
        self._leave_asked = False

    def compose(self) -> ComposeResult:
        yield Line(id="vote-status", markup=False)
        yield OptionList(id="vote-candidates", markup=False)
        yield Line(id="vote-waiting", markup=False)

    @property
    def candidates(self) -> OptionList:
        return self.query_one("#vote-candidates", OptionList)

    @property
    def voter(self) -> tuple[str, str] | None:
        if self.view is None or not self.view.voters:
            return None
        return self.view.voters[self.voter_index % len(self.view.voters)]

    # As a WorkPane ---------------------------------------------------------------

    def show_step(self, view: StepView) -> None:
        session, step = view.session, view.step
        vote = session.vote_at(step.id)
        labels = {p.id: p.label() for p in session.participants}
        self.show(VoteView(
            step=step,
            rows=voting.board(session, step.id),
            voters=[(pid, labels[pid]) for pid in voting.not_voted(session, step.id)],
            voted=len(vote.voted),
            revealed=vote.revealed,
            paper=dict(vote.paper),
            phones=len(vote.room),
        ))

    def changed(self, view: StepView, change: Change) -> None:
        self.show_step(view)

    def focus_input(self) -> bool:
        self.candidates.focus()
        return True

    def show(self, view: VoteView) -> None:
        old_voter = self.voter
        self.view = view
        ids = [v[0] for v in view.voters]
        if old_voter and old_voter[0] in ids:
            self.voter_index = ids.index(old_voter[0])
        else:
            self.voter_index = 0
            self.draft = []
        self._render_view()

    def _render_view(self) -> None:
        view = self.view
        if view is None:
            return
        self.border_title = Content(t("vote.title", step=view.step.title))
        highlighted = self._highlighted()
        rows = view.rows
        top = max((r.count for r in rows), default=0) or 1
        width = self.candidates.scrollable_content_region.width or self.size.width or 80
        bars = bar_width(width)
        options = []
        for row in rows:
            mine = self.draft.count(row.candidate)
            left: list[Cell] = [(Text("●" * mine, style="bold"), max(1, view.step.dots), "left")]
            right: list[Cell] = []
            if view.revealed:
                # A tie carries its sign, "=1", never colour alone.
                left.append((Text(f"={row.rank}" if row.tied else f"{row.rank}", style="bold"), 3, "right"))
                bar = "█" * round(bars * row.count / top)
                right = [(Text(bar, style="bold"), bars, "left"),
                         (Text(str(row.count), style="bold"), 3, "right")]
            elif self.paper_mode:
                left.append((Text(f"[{view.paper.get(row.candidate, 0):>2}]", style="bold"), 4, "left"))
            line = TallyLine(tuple(left), Text(row.text), tuple(right))
            options.append(Option(line, id=row.candidate))
        self.candidates.set_options(options)
        if options:
            ids = [row.candidate for row in rows]
            self.candidates.highlighted = ids.index(highlighted) if highlighted in ids else 0
        self._render_status()

    def _render_status(self) -> None:
        view = self.view
        if view is None:
            return
        voter = self.voter
        if not view.rows:
            status = t("vote.no_candidates")
        elif self.paper_mode:
            status = t("vote.paper_mode")
        elif voter is None:
            if not view.voted:
                status = t("vote.no_voters")
            else:
                status = t("vote.everyone_shown") if view.revealed else t("vote.everyone")
        else:
            left = view.step.dots - len(self.draft)
            status = t("vote.voter", who=voter[1], left=left, dots=view.step.dots)
        self.query_one("#vote-status", Static).update(Content(status))
        waiting = ", ".join(label for _, label in view.voters) or "–"
        shown = t("vote.revealed") if view.revealed else t("vote.hidden")
        phones = f" · {t('vote.phones', n=view.phones)}" if view.phones else ""
        self.query_one("#vote-waiting", Static).update(Content(
            t("vote.waiting", n=view.voted, names=waiting) + phones + " · " + shown
        ))

    def _highlighted(self) -> str | None:
        index = self.candidates.highlighted
        return None if index is None else self.candidates.get_option_at_index(index).id

    def action_dot(self) -> None:
        if self.view is None or (candidate := self._highlighted()) is None:
            return
        if self.paper_mode:
            self.action_paper_count(1)
            return
        if self.voter is None:
            self.notify(t("vote.no_voters"), severity="warning")
            return
        try:
            self.draft = toggle_dot(self.view.step, self.draft, candidate)
        except VoteError as exc:
            self.notify(str(exc), severity="error")
            self.app.bell()
            return
        self._render_view()

    def action_cast(self) -> None:
        if (voter := self.voter) is None or self.view is None:
            return
        if not self.view.rows:
            self.notify(t("vote.no_candidates"), severity="warning")
            return
        if not self.draft and self._abstain_asked != voter[0]:
            # A stray `s` must not use up someone's vote: a second `s` records abstaining.
            self._abstain_asked = voter[0]
            self.notify(t("vote.empty_ballot"), severity="warning")
            return
        self._abstain_asked = None
        self.post_message(self.BallotCast(voter[0], list(self.draft)))

    def ballot_recorded(self) -> None:
        """The screen accepted the ballot: start the next person's draft."""
        self.draft = []
        self._leave_asked = False

    def action_voter(self, delta: int) -> None:
        if self.view and self.view.voters:
            if self.draft and not self._leave_asked:
                # Dots set but not saved: say so once; the same key again moves on.
                self._leave_asked = True
                self.notify(t("vote.unsaved_dots"), severity="warning")
                return
            self._leave_asked = False
            self.voter_index = (self.voter_index + delta) % len(self.view.voters)
            self.draft = []
            self._render_view()

    def action_paper(self) -> None:
        self.paper_mode = not self.paper_mode
        self._render_view()

    def action_paper_count(self, delta: int) -> None:
        if self.view is None or not self.paper_mode or (candidate := self._highlighted()) is None:
            return
        count = max(0, self.view.paper.get(candidate, 0) + delta)
        self.post_message(self.PaperCount(candidate, count))

    def on_resize(self) -> None:
        self._render_view()  # the bars and the labels' column follow the width

    @on(OptionList.OptionSelected, "#vote-candidates")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_dot()
