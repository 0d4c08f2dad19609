"""The expectations pane: collect each person's expectations, later mark how they were met."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, Static
from textual.widgets.option_list import Option

from natverk_tui.locale import label, phrase, t
from natverk_tui.meeting import Change
from natverk_tui.model import Expectation, Fulfilment, Participant, StepKind
from natverk_tui.widgets.item_list import ItemList
from natverk_tui.widgets.line import Line
from natverk_tui.widgets.work_pane import StepView

MARKS = {"1": Fulfilment.MET, "2": Fulfilment.PARTLY, "3": Fulfilment.NOT_MET}
SYMBOL = {Fulfilment.MET: "✔", Fulfilment.PARTLY: "◐", Fulfilment.NOT_MET: "✘", None: "·"}


class ExpectationList(ItemList):
    BINDINGS = [
        Binding("1", "mark('1')", phrase("key.met"), id="expectation.met"),
        Binding("2", "mark('2')", phrase("key.partly"), id="expectation.partly"),
        Binding("3", "mark('3')", phrase("key.not_met"), id="expectation.not_met"),
        Binding("delete,d", "delete", phrase("key.delete"), id="expectation.delete"),
        Binding("escape,i", "back", phrase("key.write"), id="expectation.write"),
    ]

    def _current(self) -> str | None:
        if self.highlighted is None:
            return None
        return self.get_option_at_index(self.highlighted).id

    def action_mark(self, key: str) -> None:
        if (eid := self._current()) is not None:
            self.post_message(ExpectationsPane.Marked(eid, MARKS[key]))

    def action_delete(self) -> None:
        if (eid := self._current()) is not None:
            self.post_message(ExpectationsPane.Deleted(eid))

    def action_back(self) -> None:
        pane = self.query_ancestor(ExpectationsPane)
        if pane.collecting:
            pane.query_one(Input).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # In the look-back step there is nothing to type: no "write" key in the footer.
        if action == "back":
            return self.query_ancestor(ExpectationsPane).collecting
        return True


class ExpectationsPane(Vertical):
    """In an expectations step: type and Enter, one per person (↑/↓ picks the person).
    In a reflection step: the list again, marked with 1, 2 or 3."""

    BINDINGS = [
        Binding("up", "person(-1)", phrase("key.person"), show=False),
        Binding("down", "person(1)", phrase("key.person"), show=False),
    ]
    shows = frozenset({"expectations", "participants"})

    @dataclass
    class Added(Message):
        text: str
        participant: str | None

    @dataclass
    class Marked(Message):
        expectation_id: str
        met: Fulfilment

    @dataclass
    class Deleted(Message):
        expectation_id: str

    def __init__(
        self,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
        disabled: bool = False,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes, disabled=disabled)
        self.collecting = True
        self.people: list[Participant] = []
        self.person_index = 0

    def compose(self) -> ComposeResult:
        yield Line(id="expectation-person", markup=False)
        yield Input(placeholder=t("expectations.placeholder"), id="expectation-input")
        yield ExpectationList(id="expectation-list", markup=False)
        yield Line(id="expectation-summary", markup=False)

    # As a WorkPane ---------------------------------------------------------------

    def show_step(self, view: StepView) -> None:
        self.show(view.session.expectations, view.session.participants,
                  collecting=view.step.kind is StepKind.EXPECTATIONS, title=view.title)

    def changed(self, view: StepView, change: Change) -> None:
        self.show_step(view)

    def focus_input(self) -> bool:
        self.query_one("#expectation-input" if self.collecting else "#expectation-list").focus()
        return True

    def show(
        self,
        items: list[Expectation],
        people: list[Participant],
        collecting: bool,
        title: str,
    ) -> None:
        self.border_title = Content(title)
        self.collecting = collecting
        self.set_class(not collecting, "-reflecting")
        self.query_one(Input).display = collecting
        names = {p.id: p.label() for p in people}
        answered = {e.participant for e in items}
        self.people = [p for p in people if p.present]
        if self.people and self.person is not None and self.person.id in answered:
            self._advance(answered)
        listing = self.query_one(ExpectationList)
        highlighted = listing.highlighted
        listing.set_options(
            Option(Content.assemble(
                (f"{SYMBOL[e.met]} ", "bold"),
                Content(e.text),
                (f"  · {names[e.participant]}" if e.participant in names else "", "italic $text-muted"),
                (f"  ({label(e.met)})" if e.met else "", "$text-muted"),
            ), id=e.id)
            for e in items
        )
        if items:
            listing.highlighted = min(highlighted or 0, len(items) - 1)
        counts = {f: sum(1 for e in items if e.met is f) for f in Fulfilment}
        self.query_one("#expectation-summary", Static).update(t(
            "expectations.summary", n=len(items), met=counts[Fulfilment.MET],
            partly=counts[Fulfilment.PARTLY], not_met=counts[Fulfilment.NOT_MET],
        ))
        self._show_person()

    @property
    def person(self) -> Participant | None:
        if not self.people:
            return None
        return self.people[self.person_index % len(self.people)]

    def _advance(self, answered: set[str | None]) -> None:
        """Move to the next person who has not said anything yet."""
        for step in range(1, len(self.people) + 1):
            candidate = self.people[(self.person_index + step) % len(self.people)]
            if candidate.id not in answered:
                self.person_index = (self.person_index + step) % len(self.people)
                return

    def _show_person(self) -> None:
        widget = self.query_one("#expectation-person", Static)
        person = self.person
        widget.display = self.collecting and person is not None
        if person is not None:
            widget.update(Content(t("expectations.person", who=person.label())))

    def action_person(self, delta: int) -> None:
        if self.collecting and self.people and self.query_one(Input).has_focus:
            self.person_index = (self.person_index + delta) % len(self.people)
            self._show_person()
        elif delta > 0 and not self.query_one(ExpectationList).has_focus:
            self.query_one(ExpectationList).focus()

    @on(Input.Submitted, "#expectation-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value.strip()
        if text:
            person = self.person
            self.post_message(self.Added(text, person.id if person else None))
        event.input.value = ""
