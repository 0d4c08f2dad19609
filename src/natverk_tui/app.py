"""NatverkApp and make_app: the one way the CLI, the tests and the snapshots build the app."""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, TypedDict, Unpack

from textual import events, on, work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.notifications import SeverityLevel
from textual.reactive import Reactive
from textual.theme import Theme
from textual.timer import Timer
from textual.widgets import Input

from natverk_tui import follow, persist, settings, store
from natverk_tui.commands import MeetingCommands
from natverk_tui.locale import phrase, t
from natverk_tui.meeting import ROOM_ACTS, Change, Meeting
from natverk_tui.messages import SessionChanged
from natverk_tui.model import Session, ThemeLibrary, now
from natverk_tui.room.options import RoomOptions
from natverk_tui.screens.meeting import MeetingScreen
from natverk_tui.text import safe, split_paste

if TYPE_CHECKING:
    from natverk_tui.room.server import RoomServer
    from natverk_tui.roster import ImportReport

RETRY_SECONDS = 5.0
# Objects made between two young garbage collections (see on_mount).
YOUNG_OBJECTS = 20_000

# High contrast for a projector in a bright room, and a calm dark one.
THEMES = [
    # The projector's theme: every text the room reads at least 7:1 against its background,
    # placeholders and faint guides at least 4.5:1 (tests/test_contrast.py computes them).
    Theme(
        name=settings.LIGHT_THEME, dark=False, primary="#003f87", secondary="#5a2d82",
        accent="#7a2f00", warning="#8f001a", error="#8f001a", success="#124f17",
        foreground="#000000", background="#ffffff", surface="#f2f2f2", panel="#dde3ea",
        variables={"text-muted": "#3d3d3d", "text-disabled": "#545454"},
    ),
    Theme(
        name=settings.DARK_THEME, dark=True, primary="#5fa8ff", secondary="#c29bff",
        accent="#ffb454", warning="#ff6b6b", error="#ff6b6b", success="#7bd88f",
        foreground="#f0f0f0", background="#101418", surface="#1a2027", panel="#26303a",
    ),
]


class AppOptions(TypedDict, total=False):
    """How the app starts, besides the session and its file."""

    library: ThemeLibrary | None
    clock: Callable[[], dt.datetime]  # the wall clock; tests pass one they move by hand
    prefs: settings.Settings | None  # theme and bell; default: the saved ones
    build: bool  # open the programme builder (`natverk build`)
    build_path: Path | None
    agendas: Path  # where the builder saves new programmes
    review: bool  # the review of a finished meeting instead of the live screen
    resumed: bool  # ask whether to continue a meeting that was not closed
    room: RoomOptions | None  # open the room (phones) at start, bound as given
    read_only: bool  # the session file cannot be written: show it, save nothing
    imported: ImportReport | None  # the roster imported at the start, for the participants screen


class NatverkApp(App[int]):
    """The meeting app. Screens change the session only through `Meeting`; the app listens
    to it: the saver (persist.Saver) journals each change at once, and every screen is told
    what changed (`SessionChanged`). The app writes the saver's snapshots in a thread
    worker, shows whether everything is saved, and retries a failed save."""

    CSS_PATH = "app.tcss"
    TITLE = "natverk"
    # The Header watches the sub-title ("saved 16:33:17") and redraws its own line; Textual's
    # default also repaints the whole screen, on every save.
    sub_title: Reactive[str] = Reactive("", compute=False, repaint=False)
    COMMANDS: ClassVar = App.COMMANDS | {MeetingCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1", "help", phrase("key.help"), priority=True, id="app.help"),
        Binding("question_mark", "help", phrase("key.help"), show=False),
        Binding("f2", "toggle_theme", phrase("key.theme"), priority=True, show=False, id="app.theme"),
        Binding("ctrl+s", "save", phrase("key.save"), show=False, id="app.save"),
        Binding("ctrl+q", "quit", phrase("key.quit"), priority=True, id="app.quit"),
        Binding("ctrl+l", "room_queue", phrase("key.queue"), priority=True, id="room.queue"),
        Binding("ctrl+r", "room_join", phrase("key.room"), priority=True, show=False, id="room.join"),
        # Tab moves focus before the next key is handed on: typed fast ("Anna<Tab>Skatte"),
        # the letters after Tab land in the field Tab moved to. Without priority, Tab waits
        # in the old field's queue behind letters that were already handed to it.
        Binding("tab", "focus_next", show=False, priority=True),
        Binding("shift+tab", "focus_previous", show=False, priority=True),
    ]

    def __init__(
        self, session: Session | None, path: Path | None, **options: Unpack[AppOptions]
    ) -> None:
        super().__init__()
        clock = options.get("clock", now)
        self.review = options.get("review", False)
        self.read_only = options.get("read_only", False)
        self.imported = options.get("imported")
        self.clock = clock
        self.session = session
        self.path = path
        self.library = options.get("library")
        self.meeting = Meeting(session, clock) if session else None
        self.settings = options.get("prefs") or settings.load()
        # What phones send is flushed to disk at most a few times a second: two hundred
        # phones must not make the app fsync fifty times a second (persist.Saver, lazy).
        # A read-only session (a file set 0400, read-only media) has no saver: nothing is
        # journaled or written, and the header says so.
        self.saver = persist.Saver(
            session, path, self._save_status, lazy=lambda change: change.what in ROOM_ACTS,
        ) if session and path and not self.read_only else None
        if self.meeting is not None:
            # The saver first: a change is on disk before any screen hears of it.
            if self.saver is not None:
                self.meeting.listeners.append(self.saver.record)
            self.meeting.listeners.append(self._meeting_changed)
        self.save_error: str | None = None
        self._retrying = False
        self._snapshot_timer: Timer | None = None
        for theme in THEMES:
            self.register_theme(theme)
        self._start_in_theme(self.settings.theme)
        self.resumed = options.get("resumed", False)
        # The programme builder opens on mount when asked for (`natverk build`).
        self.build = options.get("build", False)
        self.build_path = options.get("build_path")
        self.agendas = options.get("agendas", Path("agendas"))
        # The room opens at start when asked for (`--room`); the palette opens it later.
        self.room_options = options.get("room")
        self.room: RoomServer | None = None
        self._gc_threshold: tuple[int, ...] | None = None

    def on_mount(self) -> None:
        # What exists once the first screen is up (the library, the session, the widgets)
        # lives all day: keep it out of the garbage collector's full passes, which otherwise
        # stall the UI for 60-140 ms at a time.
        self.call_after_refresh(gc.freeze)
        # Young collections every YOUNG_OBJECTS new objects instead of Python's 700: what a
        # room of phones makes per request lives a few milliseconds, is collected young and
        # never reaches the full passes, which stay near 10 ms instead of 30-40 under 200
        # phones (benchmarks/room_load.py, three runs each way).
        self._gc_threshold = gc.get_threshold()
        gc.set_threshold(YOUNG_OBJECTS, *self._gc_threshold[1:])
        if self.review and self.meeting is not None:
            from natverk_tui.screens.review import ReviewScreen

            self.title = self.meeting.session.title
            self.push_screen(ReviewScreen(self.meeting))
        elif self.meeting is not None:
            self.title = self.meeting.session.title
            self.push_screen(MeetingScreen(self.meeting))
            if self.resumed:
                self._offer_to_continue()
        self._show_saved()
        if self.room_options is not None and self.meeting is not None and not self.review:
            self.run_worker(self.open_room(), group="room")
        if self.imported is not None and self.imported.refused:
            self.notify(t("participants.import_notice", n=len(self.imported.refused),
                          file=self.imported.source.name), severity="warning", timeout=15)
        if self.read_only and self.path is not None:
            self.notify(t("save.read_only_long", path=str(self.path)), severity="warning", timeout=10)
        if self.build:
            self.open_builder(self.build_path)

    def _start_in_theme(self, name: str) -> None:
        """Start in the saved theme. Set through `self.theme` once running, it makes Textual
        parse all the CSS a second time before the first frame; here, before anything is
        parsed, the theme's variables and classes are simply what the first parse uses."""
        if name not in self.available_themes:
            name = settings.DARK_THEME
        self.set_reactive(NatverkApp.theme, name)
        self.stylesheet.set_variables(self.get_css_variables())
        dark = self.current_theme.dark
        for old in [c for c in self.classes if c.startswith("-theme-")]:
            self.remove_class(old, update=False)
        self.add_class(f"-theme-{name}", update=False)
        self.set_class(dark, "-dark-mode", update=False)
        self.set_class(not dark, "-light-mode", update=False)
        self._refresh_truecolor_filter(self.ansi_theme)

    def _offer_to_continue(self) -> None:
        """A meeting that was not closed (lid shut, crash): continue, or close and review."""
        from natverk_tui.screens.resume_question import ResumeQuestion

        assert self.meeting is not None

        def answered(resume: bool | None) -> None:
            if resume is False:
                self.close_meeting()

        self.push_screen(ResumeQuestion(self.meeting.step.heading), answered)

    def action_close_meeting(self) -> None:
        from natverk_tui.screens.ask_yes_no import AskYesNo

        def answered(close: bool | None) -> None:
            if close:
                self.close_meeting()

        self.push_screen(AskYesNo(t("close.ask")), answered)

    def close_meeting(self) -> None:
        """Close the meeting (its clocks stop) and show the review of it."""
        from natverk_tui.screens.review import ReviewScreen

        if self.meeting is None:
            return
        self.meeting.close()
        screen = ReviewScreen(self.meeting)
        if isinstance(self.screen, MeetingScreen):
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Every notification here is plain text: messages carry names, titles and areas
        that people typed, and those must never be read as markup (widgets pass markup=True
        by default, so it is not merely a default here)."""
        super().notify(safe(message), title=safe(title), severity=severity, timeout=timeout,
                       markup=False)

    async def on_event(self, event: events.Event) -> None:
        # A paste is the one way a person's text can carry control characters (keys
        # cannot): made safe here, before any input shows it.
        if isinstance(event, events.Paste):
            event.text = safe(event.text)
            field = self.focused
            if (isinstance(field, Input) and "\n" in event.text
                    and not getattr(field, "PASTES_LINES", False)):
                # A one-line field takes a pasted line break as the Enter it was; the
                # lines before it are joined, not dropped.
                complete, rest, _ = split_paste("", event.text, "")
                field.insert_text_at_cursor(" ".join([*complete, rest]).strip())
                if not rest:
                    await field.action_submit()
                return
        elif (isinstance(event, events.Key) and event.key == "enter" and not event.is_forwarded
              and isinstance(self.focused, Input)
              and not await self._check_bindings(event.key, priority=True)):
            # Enter in a field runs in the field's own queue, after the keys already handed
            # to it: as a binding it would wait until the key had bubbled back up, and keys
            # typed after it would slip in before the text was taken.
            field = self.focused
            field.call_later(field.action_submit)
            return
        await super().on_event(event)

    @property
    def meeting_screen(self) -> MeetingScreen | None:
        for screen in self.screen_stack:
            if isinstance(screen, MeetingScreen):
                return screen
        return None

    # The room (phones) ---------------------------------------------------------------

    async def open_room(self, show: bool = False) -> None:
        """Start the room's server in this event loop, under a new token."""
        if self.meeting is None or self.room is not None:
            if show:
                self.action_room_join()
            return
        from natverk_tui.room.server import RoomServer

        server = RoomServer(self.meeting, self.room_options or RoomOptions())
        try:
            await server.start()
        except OSError as exc:
            self.notify(t("room.open_failed", error=exc.strerror or str(exc)), severity="error",
                        timeout=10)
            return
        self.room = server
        self._publish_room()
        self._show_room()
        self.notify(t("room.opened", url=server.url), timeout=8)
        if show:
            self.action_room_join()

    async def close_room(self) -> None:
        """Every phone is disconnected; the next opening makes a new address."""
        if self.room is None:
            return
        room, self.room = self.room, None
        self._publish_room()
        await room.stop()
        self._show_room()
        self.notify(t("room.closed_note"))

    def action_room_open(self) -> None:
        self.run_worker(self.open_room(show=True), group="room")

    def action_room_close(self) -> None:
        self.run_worker(self.close_room(), group="room")

    def _publish_room(self) -> None:
        """The join address beside the session (`<name>.room`) while the room is open, for
        `natverk follow`'s QR code; gone when it closes. A folder that cannot take it costs
        the follow view its code, nothing more."""
        if self.path is None or self.read_only:
            return
        with contextlib.suppress(OSError):
            if self.room is not None:
                follow.publish_room(self.path, self.room.url)
            else:
                follow.withdraw_room(self.path)

    def _show_room(self) -> None:
        screen = self.meeting_screen
        if screen is not None:
            screen.show_room(self.room.url if self.room else None)
        self.refresh_bindings()

    def action_room_join(self) -> None:
        from natverk_tui.screens.room_join import RoomJoinScreen

        if self.room is None:
            self.action_room_open()
            return
        if not isinstance(self.screen, RoomJoinScreen):
            self.push_screen(RoomJoinScreen(self.room.url))

    def action_room_queue(self) -> None:
        from natverk_tui.screens.room_queue import RoomQueueScreen

        if self.meeting is None or isinstance(self.screen, RoomQueueScreen):
            return

        self.push_screen(RoomQueueScreen(self.meeting))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("room_queue", "room_join"):
            if self.meeting is None or not isinstance(self.screen, MeetingScreen):
                return False
            if action == "room_queue":
                # In the footer while the room is open, or while anything waits from before.
                return self.room is not None or bool(self.meeting.session.queue)
        return True

    async def on_unmount(self) -> None:
        if self.room is not None:
            room, self.room = self.room, None
            self._publish_room()
            await room.stop()
        # However the app ends, a clean end leaves just the TOML file (the phones are gone
        # first, so nothing comes after it). If that write fails the journal stays, and the
        # next open replays it.
        with contextlib.suppress(OSError):
            self.save_now()
        if self._gc_threshold is not None:
            gc.set_threshold(*self._gc_threshold)

    # Saving ---------------------------------------------------------------------

    def open_builder(self, path: Path | None = None) -> None:
        """The builder on the programme in `path`, or on a new one."""
        from natverk_tui import resources, store
        from natverk_tui.screens.builder import BuilderScreen

        self.library = self.library or resources.library()
        programme = store.load_programme(path) if path else None
        screen = BuilderScreen(self.library, programme, path, self.agendas)
        self.push_screen(screen, self._builder_closed)

    def _builder_closed(self, saved: Path | None) -> None:
        # Opened on its own (`natverk build`), the builder is the app: closing it quits.
        if self.session is None:
            self.exit(0)

    def _meeting_changed(self, change: Change) -> None:
        """Tell each screen what changed (the saver, listening first, has journaled it)."""
        for screen in self.screen_stack:
            screen.post_message(SessionChanged(change))

    def _plan_snapshot(self) -> None:
        """A timer for when the saver says the background snapshot is due; none while
        nothing waits, so an idle meeting does not wake up."""
        if self.saver is None or self._snapshot_timer is not None:
            return
        wait = self.saver.wait()
        if wait is not None:
            self._snapshot_timer = self.set_timer(max(wait, 0.05), self._snapshot_if_due)

    def _snapshot_if_due(self) -> None:
        self._snapshot_timer = None
        if self.saver is not None and self.saver.due():
            self.save()
        else:
            self._plan_snapshot()  # more changes came: later

    def save(self) -> None:
        """Rewrite the session file: the snapshot is taken here, written in a thread."""
        if self.saver is None:
            return
        self._write(self.saver.snapshot())

    # A description of our own: by default Textual builds one from repr() of the arguments,
    # on the event loop, and the repr of a whole session costs ~30 ms at 10,000 contributions.
    @work(thread=True, group="save", description="snapshot")
    def _write(self, snapshot: persist.Snapshot) -> None:
        assert self.saver is not None
        # On failure the saver holds the error; the journal still has every change.
        with contextlib.suppress(OSError):
            self.saver.write(snapshot)
        # An app that has ended meanwhile has nothing left to show it on.
        with contextlib.suppress(RuntimeError):
            self.call_from_thread(self._save_status, self.saver.error)

    def _save_status(self, error: str | None) -> None:
        """What the saver reports after each write: the header shows it."""
        if error is None:
            self._show_saved()
        else:
            self._save_failed(error)
        self._plan_snapshot()

    def _show_saved(self) -> None:
        if self.path is None:
            return
        if self.read_only:
            self.sub_title = f"{self.path.name} · {t('save.read_only')}"
            return
        self.save_error = None
        # To the minute: with phones in the room the app saves a few times a second, and each
        # new text in the header lays out the whole screen.
        self.sub_title = f"{self.path.name} · {t('save.saved', time=f'{self.clock():%H:%M}')}"

    def _save_failed(self, error: str) -> None:
        first = self.save_error is None
        self.save_error = error
        assert self.path is not None
        self.sub_title = f"{self.path.name} · {t('save.failed')}"
        if first:
            self.notify(t("save.failed_long", error=error), severity="error", timeout=10)
            self.bell()
        if not self._retrying:
            self._retrying = True
            self.set_timer(RETRY_SECONDS, self._retry)

    def _retry(self) -> None:
        self._retrying = False
        if self.saver is None or self.saver.error is None:
            return
        self.saver.retry()
        self.save()

    def save_now(self) -> None:
        """Write everything on this thread and remove the journal: on quit, nothing may be
        left to a worker."""
        if self.saver is not None:
            self.saver.close()

    # Actions -----------------------------------------------------------------------

    def action_save(self) -> None:
        self.save()

    async def action_quit(self) -> None:
        """Quit, saving everything; typed text not yet entered, or an unsaved programme in
        the builder, is asked about first."""
        from natverk_tui.screens.ask_yes_no import AskYesNo

        if self._unsaved_work():
            def answered(quit_anyway: bool | None) -> None:
                if quit_anyway:
                    self._quit_now()

            self.push_screen(AskYesNo(t("quit.unsaved")), answered)
            return
        self._quit_now()

    def _unsaved_work(self) -> bool:
        screen = self.screen
        if getattr(screen, "dirty", False):
            return True
        return any(_unsaved(field) for field in screen.query(Input) if field.display)

    def _quit_now(self) -> None:
        if self.meeting is not None:
            # Quitting stops the clock; a crash or a closed lid does not, since time goes on.
            self.meeting.pause_timer()
        try:
            self.save_now()
        except OSError as exc:
            self.notify(t("save.quit_failed", error=str(exc)), severity="error", timeout=15)
            return
        self.exit(0)

    def action_toggle_theme(self) -> None:
        dark = self.theme != settings.LIGHT_THEME
        self.theme = settings.LIGHT_THEME if dark else settings.DARK_THEME
        self.settings.theme = self.theme
        self._remember()

    def action_toggle_bell(self) -> None:
        self.settings.bell = not self.settings.bell
        self._remember()
        self.notify(t("bell.on") if self.settings.bell else t("bell.off"))

    def _remember(self) -> None:
        try:
            settings.save(self.settings)
        except OSError as exc:
            self.notify(t("settings.failed", error=str(exc)), severity="warning")

    @on(MeetingScreen.TimeUp)
    def _time_up(self) -> None:
        if self.settings.bell:
            self.bell()

    def action_help(self) -> None:
        from natverk_tui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            return
        screen = self.screen
        sections = [
            (t("help.app"), _bindings(self.BINDINGS)),
            (t("help.screen"), _bindings(type(screen).BINDINGS)),
        ]
        for widget in screen.focused.ancestors_with_self if screen.focused else []:
            bindings = _bindings(getattr(type(widget), "BINDINGS", []))
            if bindings and widget is not screen and widget is not self:
                sections.append((t("help.here"), bindings))
        self.push_screen(HelpScreen(sections))

    def action_export(self) -> None:
        if self.session is None or self.path is None:
            return
        self._export(self.session.model_copy(deep=True), self.path)

    @work(thread=True, group="export", description="export")
    def _export(self, session: Session, path: Path) -> None:
        from natverk_tui import export

        md = path.with_name(f"{path.stem}-minnesanteckningar.md")
        csv = path.with_name(f"{path.stem}-atgarder.csv")
        try:
            store.atomic_write(md, export.markdown(session), store.SESSION_MODE)
            store.atomic_write(csv, export.actions_csv(session), store.SESSION_MODE)
        except OSError as exc:
            self.call_from_thread(self.notify, t("export.failed", error=str(exc)), severity="error")
            return
        self.call_from_thread(self.notify, t("export.done", md=str(md), csv=str(csv)), timeout=10)


def _bindings(items: list[BindingType]) -> list[Binding]:
    """The app's own keys (they carry an id); Textual's built-in editing keys are left out."""
    return [b for b in items if isinstance(b, Binding) and b.id]


def _unsaved(field: Input) -> bool:
    """Whether a field holds typed text that is not saved: text that differs from what the
    pane around it has saved (a form showing saved values says so through `saved_text`),
    or any text at all in a field that only takes new entries."""
    for node in field.ancestors:
        saved_text = getattr(node, "saved_text", None)
        if callable(saved_text):
            saved = saved_text(field)
            if saved is not None:
                return bool(field.value.strip() != str(saved).strip())
    return bool(field.value.strip())


def make_app(
    session: Session | None = None, path: Path | None = None, **options: Unpack[AppOptions]
) -> NatverkApp:
    """The one way the CLI, the tests and the snapshots build the app."""
    return NatverkApp(session, path, **options)
