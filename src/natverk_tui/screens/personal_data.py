"""Before flagged text is added: what the personal-data guard found, highlighted in the text,
and the choice to mask it (the default), keep it as typed, or cancel.

`PersonalDataGate` is what the inputs call: text without findings goes through at once;
text with findings waits for the facilitator's answer, and texts that come meanwhile (the
lines of a paste) wait their turn, so they are added in the order they came.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from natverk_tui import guard
from natverk_tui.locale import phrase, t
from natverk_tui.meeting import Meeting

MASK, KEEP = "mask", "keep"


@dataclass(frozen=True)
class Checked:
    """One field of what is about to be added, and what the guard found in it."""

    label: str
    text: str
    findings: tuple[guard.Finding, ...]


def highlighted(text: str, findings: Sequence[guard.Finding]) -> Content:
    """The typed text as plain text, with each finding shown reversed: nothing typed is
    ever read as markup."""
    parts: list[Content | tuple[str, str]] = []
    at = 0
    for f in sorted(findings, key=lambda f: f.start):
        parts.append(Content(text[at:f.start]))
        parts.append((text[f.start:f.end], "bold reverse"))
        at = f.end
    parts.append(Content(text[at:]))
    return Content.assemble(*parts)


class PersonalDataScreen(ModalScreen[str | None]):
    """Dismisses with "mask" (Enter or m), "keep" (k), or None (Escape)."""

    BINDINGS = [
        Binding("enter,m", "choose('mask')", phrase("key.mask"), id="guard.mask"),
        Binding("k", "choose('keep')", phrase("key.keep"), id="guard.keep"),
        Binding("escape", "choose('')", phrase("key.cancel"), id="guard.cancel"),
    ]

    def __init__(self, fields: Sequence[Checked]) -> None:
        super().__init__()
        self.fields = [f for f in fields if f.findings]

    def compose(self) -> ComposeResult:
        found = guard.kinds(f for field in self.fields for f in field.findings)
        with Vertical() as box:
            box.border_title = Content(t("guard.title"))
            yield Static(Content(t("guard.found", kinds=", ".join(
                guard.kind_label(guard.Kind(k)) for k in found))), id="guard-found")
            with VerticalScroll(id="guard-texts"):
                for field in self.fields:
                    yield Static(Content(field.label), classes="guard-label")
                    yield Static(highlighted(field.text, field.findings), classes="guard-text")
                    yield Static(Content(t("guard.masked", text=guard.mask(field.text, field.findings))),
                                 classes="guard-masked")
            yield Static(Content(t("guard.keys")), id="guard-keys")

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice or None)


@dataclass
class _Waiting:
    field: str
    texts: list[tuple[str, str, bool]]  # label, text, whether roster names count
    then: Callable[[list[str]], None]
    cancelled: Callable[[], None] | None


class PersonalDataGate:
    """Where typed text passes the guard on its way into the session."""

    def __init__(self, app: App[object], meeting: Meeting) -> None:
        self.app = app
        self.meeting = meeting
        self._waiting: deque[_Waiting] = deque()
        self._asking = False
        self._current: _Waiting | None = None

    def check(
        self,
        field: str,
        texts: Sequence[tuple[str, str, bool]],
        then: Callable[[list[str]], None],
        cancelled: Callable[[], None] | None = None,
    ) -> None:
        """Call `then` with the texts as they are to be added: at once when nothing is found,
        else after the facilitator's answer (masked, or as typed). `texts` are (label, text,
        names) triples; `names` False leaves roster names alone (an owner or a convener is
        named on purpose; identity numbers, phones and addresses are still found there)."""
        item = _Waiting(field, list(texts), then, cancelled)
        if any(same.field == field and same.texts == item.texts for same in self._pending()):
            return  # the same text again (a form field saves on Enter and on leaving it)
        self._waiting.append(item)
        if not self._asking:
            self._next()

    @property
    def asking(self) -> bool:
        return self._asking

    def _pending(self) -> list[_Waiting]:
        return [*([self._current] if self._current is not None else []), *self._waiting]

    def _next(self) -> None:
        names = guard.roster(self.meeting.roster_names())
        while self._waiting:
            item = self._waiting.popleft()
            checked = [Checked(label, text, tuple(guard.find(text, names if with_names else ())))
                       for label, text, with_names in item.texts]
            if not any(c.findings for c in checked):
                item.then([c.text for c in checked])
                continue
            self._asking, self._current = True, item
            self.app.push_screen(PersonalDataScreen(checked), partial(self._answered, item, checked))
            return

    def _answered(self, item: _Waiting, checked: list[Checked], choice: str | None) -> None:
        self._asking, self._current = False, None
        if choice == MASK:
            item.then([guard.mask(c.text, c.findings) for c in checked])
        elif choice == KEEP:
            self.meeting.record_kept(item.field, guard.kinds(f for c in checked for f in c.findings))
            item.then([c.text for c in checked])
        elif item.cancelled is not None:
            item.cancelled()
        self._next()
