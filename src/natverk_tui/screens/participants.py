"""Register the room during the opening round: one line per person, Enter for the next."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Input, Static

from natverk_tui import roster
from natverk_tui.locale import label, phrase, t
from natverk_tui.meeting import Meeting
from natverk_tui.messages import SessionChanged
from natverk_tui.model import Participant, Session
from natverk_tui.text import safe
from natverk_tui.widgets.key_bar import KeyBar
from natverk_tui.widgets.sector_picker import SectorPicker


class ParticipantsScreen(ModalScreen[None]):
    """Add, edit, remove and mark absent, each through the Meeting (so each is undoable,
    saved and shown on every screen)."""

    BINDINGS = [
        Binding("escape", "close", phrase("participants.key_close"), id="close-participants"),
        Binding("e", "edit", phrase("participants.key_edit"), id="edit-participant"),
        Binding("a", "toggle_present", phrase("key.absent"), id="toggle-present"),
        Binding("delete", "remove", phrase("key.remove"), id="remove-participant"),
        Binding("n", "new", phrase("key.new_person"), id="new-participant"),
    ]

    def __init__(self, meeting: Meeting, imported: roster.ImportReport | None = None) -> None:
        super().__init__()
        self.meeting = meeting
        # The list imported at the start: who came in, and the rows left out and why.
        self.imported = imported
        # The participant whose line is loaded into the form, or None when adding.
        self.editing: str | None = None
        # Whose line the cursor goes to when the list is filled next.
        self._select: str | None = None

    @property
    def session(self) -> Session:
        return self.meeting.session

    def compose(self) -> ComposeResult:
        with Vertical(id="participants-dialog"):
            yield Static(t("participants.title"), id="participants-title", markup=False)
            yield Static(t("participants.privacy"), id="participants-note", markup=False)
            with Horizontal(id="participant-form"):
                yield Input(placeholder=t("participants.name"), id="name")
                yield Input(placeholder=t("participants.organisation"), id="organisation")
                yield Input(placeholder=t("participants.role"), id="role")
            yield SectorPicker(id="sector")
            yield Static("", id="participants-status", markup=False)
            if self.imported is not None and self.imported.problems:
                yield Static(self._import_text(self.imported), id="participants-import", markup=False)
            yield DataTable(id="roster", cursor_type="row", zebra_stripes=True)
        yield KeyBar()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns(t("participants.number"), t("participants.name_column"),
                          t("participants.organisation"), t("participants.role"),
                          t("participants.sector"), t("participants.present"))
        self._fill()
        self.query_one("#name", Input).focus()

    @staticmethod
    def _import_text(report: roster.ImportReport) -> str:
        lines = [t("participants.import_summary", n=report.imported, file=report.source.name)
                 + " " + t("participants.import_refused", n=len(report.refused))]
        lines += [t("participants.import_line", line=p.line or "-", why=safe(roster.describe(p)))
                  for p in report.problems]
        return "\n".join(lines)

    def _fill(self) -> None:
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear()
        for p in self.session.participants:
            presence = t("participants.here") if p.present else t("participants.away")
            # Text, not str: a DataTable would read a str as markup.
            table.add_row(Text(str(p.number)), Text(p.name), Text(p.organisation), Text(p.role),
                          Text(label(p.sector)), Text(presence), key=p.id)
        ids = [p.id for p in self.session.participants]
        if self._select in ids:
            row = ids.index(self._select)
        self._select = None
        if ids:
            table.move_cursor(row=min(row, len(ids) - 1))
        here = sum(p.present for p in self.session.participants)
        self.query_one("#participants-status", Static).update(
            t("participants.count", n=len(self.session.participants), here=here))

    def _selected(self) -> Participant | None:
        table = self.query_one(DataTable)
        if not self.session.participants:
            return None
        row = min(table.cursor_row, len(self.session.participants) - 1)
        return self.session.participants[row]

    @on(SessionChanged)
    def _session_changed(self, event: SessionChanged) -> None:
        if "participants" in event.change.fields:
            self._fill()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # The roster keys act on the highlighted line; they show while the list has focus.
        if action in ("edit", "toggle_present", "remove"):
            return isinstance(self.focused, DataTable) and bool(self.session.participants)
        return True

    @on(Input.Submitted)
    @on(SectorPicker.Submitted)
    def submit(self) -> None:
        fields = {key: self.query_one(f"#{key}", Input).value for key in ("name", "organisation", "role")}
        picker = self.query_one(SectorPicker)
        sector = picker.sector
        if sector is None:
            # Every person needs a sector (rounds, groups and votes use it); none is assumed.
            self.query_one("#participants-status", Static).update(t("participants.choose_sector"))
            picker.focus()
            return
        if self.editing and self.session.participant(self.editing):
            self._select = self.editing
            self.meeting.edit_participant(self.editing, sector=sector, **fields)
            self.editing = None
        else:
            self._select = self.meeting.add_participant(sector=sector, **fields).id
        for key in fields:
            self.query_one(f"#{key}", Input).value = ""
        self.query_one(SectorPicker).sector = None
        self.query_one("#name", Input).focus()

    def action_new(self) -> None:
        self.editing = None
        for key in ("name", "organisation", "role"):
            self.query_one(f"#{key}", Input).value = ""
        self.query_one(SectorPicker).sector = None
        self.query_one("#name", Input).focus()

    def action_edit(self) -> None:
        person = self._selected()
        if person is None:
            return
        self.editing = person.id
        self.query_one("#name", Input).value = person.name
        self.query_one("#organisation", Input).value = person.organisation
        self.query_one("#role", Input).value = person.role
        self.query_one(SectorPicker).sector = person.sector
        self.query_one("#name", Input).focus()

    def action_toggle_present(self) -> None:
        person = self._selected()
        if person is not None:
            self.meeting.set_present(person.id, not person.present)

    def action_remove(self) -> None:
        """Removing someone also takes them out of groups and rounds, so it asks first."""
        from natverk_tui.screens.ask_yes_no import AskYesNo

        person = self._selected()
        if person is None:
            return

        def answered(remove: bool | None) -> None:
            if remove:
                if self.editing == person.id:
                    self.editing = None
                self.meeting.remove_participant(person.id)

        self.app.push_screen(AskYesNo(t("participants.remove_ask", who=person.label())), answered)

    def action_close(self) -> None:
        self.dismiss(None)
