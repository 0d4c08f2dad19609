"""The `natverk` command: run, open, check, export and follow up meetings."""

from __future__ import annotations

import argparse
import datetime as dt
import difflib
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from pydantic import BaseModel, ValidationError

import natverk_tui
from natverk_tui import persist, resources, store
from natverk_tui.locale import set_language, t
from natverk_tui.model import Programme, ProgrammeItem, Session, ThemeLibrary
from natverk_tui.model.common import LocatedError, LocatedErrors
from natverk_tui.model.programme import item_faults

if TYPE_CHECKING:
    from natverk_tui.roster import ImportReport

if TYPE_CHECKING:
    from natverk_tui.room.options import RoomOptions

EXIT_BAD_INPUT = 2

EPILOG = """examples:
  natverk                                   a new meeting on the full-day programme
  natverk run agendas/kort.toml --title "Nätverksmöte Örebro"
  natverk run agendas/kort.toml --participants deltagare.csv
  natverk open ~/.local/share/natverk/sessions/2026-11-28-heldag.toml
  natverk themes                            the theme library with minutes
  natverk check themes.toml agendas/*.toml  validate files (exit 2 on errors)
  natverk export MEETING.toml --format md -o protokoll.md
  natverk programme new --themes inledning,tema1,paus:15,avslutning --start 09:00 -o agendas/x.toml
  natverk programme show agendas/kort.toml   the timed schedule
  natverk build agendas/kort.toml            edit a programme in the builder
  natverk schema -o schemas                  JSON Schemas for TOML editors
  natverk export MEETING.toml --format html --anonymous -o protokoll.html
  natverk next MEETING.toml                 the next meeting, with last time's open actions
  natverk follow MEETING.toml               what the room sees, for a second display
  natverk review MEETING.toml               go through a finished meeting, update actions
  natverk history ~/.local/share/natverk/orebro   the meetings of a series (a folder)
  natverk purge ~/.local/share/natverk/sessions --older-than 24m --dry-run
"""


class UsageError(Exception):
    """Bad input from the command line or a file: printed, exit status 2."""


class VersionAction(argparse.Action):
    """`--version`, looking the version up only when it is asked for."""

    def __init__(self, option_strings: list[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, *args: object) -> None:
        print(f"natverk {natverk_tui.__version__}")
        parser.exit()


class Parser(argparse.ArgumentParser):
    """argparse with a suggestion for a misspelt command (Python 3.14 has it built in)."""

    def error(self, message: str) -> NoReturn:
        match = re.search(r"invalid choice: '([^']*)'", message)
        if match:
            choices = [name for action in self._actions
                       if isinstance(action, argparse._SubParsersAction)
                       for name in action.choices]
            close = difflib.get_close_matches(match.group(1), choices, n=1, cutoff=0.6)
            if close:
                message += f"; did you mean {close[0]!r}?"
        super().error(message)


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="natverk",
        description="Run a projected network meeting against work-related crime.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action=VersionAction, help="show the version and exit")
    parser.add_argument("--lang", choices=["sv", "en"], help="UI language (or NATVERK_LANG)")
    parser.add_argument("--themes-file", type=Path, help="your own themes, merged with the built-in")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    run = sub.add_parser("run", help="start a new meeting on a programme")
    run.add_argument("programme", type=Path, nargs="?", help="programme file (default: full day)")
    run.add_argument("--title", help="the meeting's title")
    run.add_argument("--place", default="", help="where the meeting is held")
    run.add_argument("--session", type=Path, help="where to save the session file")
    run.add_argument("--participants", type=Path, metavar="FILE",
                     help="participants prepared in CSV or TOML (name, organisation, role, sector),"
                     " or a previous session whose roster is taken over")
    run.add_argument("--named-votes", action="store_true",
                     help="keep who voted for what (by default votes are stored without names)")
    room_arguments(run)
    run.set_defaults(func=cmd_run)

    open_ = sub.add_parser("open", help="reopen a saved session")
    open_.add_argument("session", type=Path)
    room_arguments(open_)
    open_.set_defaults(func=cmd_open)

    themes = sub.add_parser("themes", help="list the theme library")
    themes.add_argument("--file", type=Path, help="a theme file instead of the built-in one")
    themes.set_defaults(func=cmd_themes)

    check = sub.add_parser("check", help="validate themes, programme or session files")
    check.add_argument("files", type=Path, nargs="+")
    check.set_defaults(func=cmd_check)

    export = sub.add_parser(
        "export", help="minutes (Markdown, HTML) or actions (CSV) of a session or a series folder")
    export.add_argument("session", type=Path, help="a session file, or a folder of a series")
    export.add_argument("--format", choices=["md", "html", "csv"], default="md")
    export.add_argument("--anonymous", action="store_true", help="leave out participant names")
    export.add_argument("-o", "--output", type=Path, help="file to write (default: stdout)")
    export.add_argument("--force", action="store_true", help="replace an existing output file")
    export.add_argument("--delimiter", choices=[";", ","], default=";",
                        help="CSV separator: ; for Excel in Sweden (the default), , for others")
    export.set_defaults(func=cmd_export)

    programme = sub.add_parser("programme", help="make a programme or show its timed schedule")
    programme_sub = programme.add_subparsers(dest="programme_command", metavar="ACTION", required=True)
    new = programme_sub.add_parser("new", help="a programme from themes in order")
    new.add_argument("--themes", required=True,
                     help="theme ids in order, comma-separated; paus or paus:MINUTES is a break")
    new.add_argument("--start", help="start time, e.g. 09:00")
    new.add_argument("--end", help="end limit, e.g. 12:00: `show` warns past it")
    new.add_argument("--title", help="the programme's title")
    new.add_argument("-o", "--output", type=Path, help="file to write (default: stdout)")
    new.add_argument("--force", action="store_true", help="replace an existing file")
    new.add_argument("--drop-comments", action="store_true",
                     help="replace a file even though its comments will be lost")
    new.set_defaults(func=cmd_programme_new)
    show = programme_sub.add_parser("show", help="print the timed schedule of a programme")
    show.add_argument("file", type=Path)
    show.add_argument("--start", help="start at this time instead of the programme's")
    show.set_defaults(func=cmd_programme_show)

    build = sub.add_parser("build", help="combine themes into a programme in the builder")
    build.add_argument("programme", type=Path, nargs="?", help="programme file to edit")
    build.add_argument("--agendas", type=Path, default=Path("agendas"),
                       help="folder a new programme is saved in (default: agendas)")
    build.set_defaults(func=cmd_build)

    schema = sub.add_parser("schema", help="write JSON Schemas of the files for TOML editors")
    schema.add_argument("-o", "--output", type=Path, default=Path("."), help="folder (default: .)")
    schema.set_defaults(func=cmd_schema)
    next_ = sub.add_parser("next", help="start the next meeting of a series from the last one")
    next_.add_argument("previous", type=Path, help="the previous meeting's session file")
    next_.add_argument("--programme", type=Path, help="programme file (default: the last one's)")
    next_.add_argument("--title", help="the meeting's title (default: the last one's)")
    next_.add_argument("--place", help="where the meeting is held (default: the last place)")
    next_.add_argument("--session", type=Path, help="where to save the session file")
    room_arguments(next_)
    next_.set_defaults(func=cmd_next)

    review = sub.add_parser("review", help="review a finished meeting and update its actions")
    review.add_argument("session", type=Path)
    review.set_defaults(func=cmd_review)

    history = sub.add_parser("history", help="the meetings of a series and their actions")
    history.add_argument("series", type=Path, help="the folder that holds the series")
    history.set_defaults(func=cmd_history)

    reopen = sub.add_parser("reopen", help="open a closed meeting again, to continue it")
    reopen.add_argument("session", type=Path)
    reopen.set_defaults(func=cmd_reopen)

    follow_ = sub.add_parser(
        "follow", help="what the room sees, read-only, for a projector in a second terminal")
    follow_.add_argument("session", type=Path)
    follow_.add_argument("--dark", action="store_true",
                         help="the dark theme (default: the light projector theme)")
    follow_.set_defaults(func=cmd_follow)

    close = sub.add_parser("close", help="mark a meeting as finished")
    close.add_argument("session", type=Path)
    close.set_defaults(func=cmd_close)

    purge = sub.add_parser("purge", help="rewrite old meetings anonymously (an end date for personal data)")
    purge.add_argument("folder", type=Path, help="a folder of sessions (its subfolders too)")
    purge.add_argument("--older-than", required=True, metavar="AGE",
                       help="meetings dated before this long ago: 24m, 2y, 90d")
    purge.add_argument("--dry-run", action="store_true", help="say what would change, change nothing")
    purge.set_defaults(func=cmd_purge)
    return parser


def room_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--room", action="store_true",
                        help="open the room: participants send contributions and dots from their phones")
    parser.add_argument("--bind", metavar="ADDR[:PORT]",
                        help="the address the room listens on (default: this computer's address on"
                        " the local network, port 8765; 127.0.0.1:0 for this computer only)")
    parser.add_argument("--room-auto-accept", action="store_true",
                        help="show what phones send without the facilitator accepting it first")


def room_options(args: argparse.Namespace) -> RoomOptions | None:
    """RoomOptions when the room is asked for, else None; a bad --bind is a usage error."""
    from natverk_tui.room.options import RoomOptions, parse_bind

    if not getattr(args, "room", False):
        if getattr(args, "bind", None) or getattr(args, "room_auto_accept", False):
            raise UsageError("--bind and --room-auto-accept need --room")
        return None
    if args.bind is None:
        return RoomOptions(auto_accept=args.room_auto_accept)
    try:
        host, port = parse_bind(args.bind)
    except ValueError as exc:
        raise UsageError(f"--bind: {exc}") from None
    return RoomOptions(host=host, port=port, auto_accept=args.room_auto_accept)


def library(args: argparse.Namespace) -> ThemeLibrary:
    try:
        return resources.library(args.themes_file)
    except ValueError as exc:
        raise UsageError(f"{args.themes_file or resources.user_themes()}: {exc}") from None


def start_session(args: argparse.Namespace) -> tuple[Session, Path, ImportReport | None]:
    from natverk_tui.meeting import new_session

    path = args.programme or resources.builtin_programme()
    programme = store.load_programme(path)
    try:
        session = new_session(programme, library(args), args.title, path.stem, place=args.place)
    except ValueError as exc:
        raise misfit(path, exc) from None
    report = add_participants(session, getattr(args, "participants", None))
    session.attributed_votes = bool(getattr(args, "named_votes", False))
    target = args.session or resources.new_session_path(session.title, session.date)
    create(session, target)
    print(f"natverk: session saved to {target}")
    return session, target, report


def create(session: Session, target: Path) -> None:
    try:
        persist.create_session(session, target)
    except FileExistsError:
        raise UsageError(f"{target}: exists already; open it with `natverk open {target}`") from None


@contextmanager
def locked(
    path: Path, busy: str = "is open in another natverk window; close that one first"
) -> Iterator[None]:
    """Hold the session's lock: a session is opened, replayed and written by one natverk only."""
    try:
        with store.session_lock(path):
            yield
    except store.SessionBusy:
        raise UsageError(f"{path}: {busy}") from None


def add_participants(session: Session, path: Path | None) -> ImportReport | None:
    """Import a prepared list: each bad row is reported and left out, the good rows kept;
    the report goes to the participants screen too. A file that cannot be read at all
    stops the start (store.FileError, exit 2)."""
    if path is None:
        return None
    from natverk_tui import roster

    people, problems = roster.import_file(path)
    for problem in problems:
        print(problem, file=sys.stderr)
    roster.extend(session, people)
    print(f"natverk: {len(people)} participants from {path}", file=sys.stderr)
    return roster.ImportReport(path, len(people), tuple(problems))


def located(path: Path, text: str, exc: ValueError) -> list[store.Problem]:
    """A programme that does not fit the library, with the line of each item at fault."""
    errors = exc.errors if isinstance(exc, LocatedErrors) else [exc]
    problems = []
    for error in errors:
        loc = error.loc if isinstance(error, LocatedError) else ()
        line = store.find_line(text, loc) if loc else None
        problems.append(store.Problem(path, str(error), line, ".".join(str(p) for p in loc)))
    return problems


def misfit(path: Path, exc: ValueError) -> store.FileError:
    """The FileError for a programme that parsed but does not fit the library."""
    try:
        _, text = store.read_toml(path)
    except store.FileError:
        text = ""
    return store.FileError(located(path, text, exc))


def cmd_run(args: argparse.Namespace) -> int:
    room = room_options(args)
    session, path, report = start_session(args)
    with locked(path):
        return run_app(session, path, room=room, imported=report)


def cmd_open(args: argparse.Namespace) -> int:
    """A closed meeting opens in its review; one that was not closed continues where it
    was, after asking (a meeting that never started just continues)."""
    room = room_options(args)
    try:
        with locked(args.session):
            session = persist.open_session(args.session)
            if session.closed is not None:
                return run_app(session, args.session, review=True)
            return run_app(session, args.session, resumed=bool(session.log), room=room)
    except store.ReadOnly:
        return run_read_only(args.session)


def run_read_only(path: Path) -> int:
    """A session that cannot be written (a file set read-only, a folder on read-only media)
    opens in its review, read-only, without a lock and without a journal: nothing can be
    saved, so nothing can be overwritten, and the app says so."""
    from natverk_tui.app import make_app

    session = persist.read_session(path)
    print(f"natverk: {path} is read-only: it opens for review and export, and nothing is saved",
          file=sys.stderr)
    app = make_app(session, path, review=True, read_only=True)
    app.run()
    return app.return_code or 0


def run_app(
    session: Session, path: Path, review: bool = False, resumed: bool = False,
    room: RoomOptions | None = None, imported: ImportReport | None = None,
) -> int:
    """The app on a session whose lock the caller holds."""
    from natverk_tui.app import make_app

    app = make_app(session, path, review=review, resumed=resumed, room=room, imported=imported)
    app.run()
    return app.return_code or 0


def cmd_themes(args: argparse.Namespace) -> int:
    lib = store.load_library(args.file) if args.file else library(args)
    for theme in lib.themes:
        total = sum(s.minutes for s in theme.steps)
        print(f"{theme.title}  [{theme.id}, {total} min]")
        for step in theme.steps:
            print(f"  {step.minutes:>3} min  {step.title}  ({step.id}, {step.kind}, {step.work_form})")
            if step.question:
                print(f"           {step.question}")
        print()
    if lib.source:
        print(f"Källa: {lib.source}")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    """Every problem of every file in one run: schema, references and, for a programme,
    the steps it names in the library."""
    lib: ThemeLibrary | None = None
    problems: list[store.Problem] = []
    for path in args.files:
        try:
            data, text = store.read_toml(path)
            model = store.kind_of(data)
            if model is None:
                # A newer natverk may name its files' keys anew: say so first, as run does.
                store.check_version(data, path)
                raise store.FileError([store.Problem(
                    path, "not a themes, programme or session file"
                    " (expected a `themes`, `items` or `plan` key)")])
            found: list[store.Problem] = []
            checked: Any = None
            try:
                checked = (persist.replay(path, data, text).session if model is Session
                           else store.validate(model, data, path, text))
            except store.FileError as exc:
                found += exc.problems
            if model is Programme:
                lib = lib or library(args)
                found += programme_misfits(path, text, data, checked, lib)
            if found:
                raise store.FileError(store.summed_up(found))
            print(f"{path}: ok ({model.__name__})")
        except store.FileError as exc:
            problems.extend(exc.problems)
    for problem in problems:
        print(problem, file=sys.stderr)
    return EXIT_BAD_INPUT if problems else 0


def programme_misfits(path: Path, text: str, data: dict[str, Any], checked: BaseModel | None,
                      lib: ThemeLibrary) -> list[store.Problem]:
    """What in a programme does not fit the library. When the schema failed, the items that
    are well formed are still checked, so the file's problems come all at once."""
    if isinstance(checked, Programme):
        try:
            checked.resolve(lib)
        except ValueError as exc:
            return located(path, text, exc)
        return []
    items = data.get("items")
    errors: list[LocatedError] = []
    for index, raw in enumerate(items if isinstance(items, list) else []):
        try:
            item = ProgrammeItem.model_validate(raw)
        except ValidationError:
            continue
        errors += item_faults(item, index, lib)
    return located(path, text, LocatedErrors(errors)) if errors else []


def cmd_export(args: argparse.Namespace) -> int:
    from natverk_tui import export

    if args.session.is_dir():
        name, sessions = one_series(args.session)
        if args.format == "md":
            text = export.series_markdown(name, sessions, anonymous=args.anonymous)
        elif args.format == "html":
            text = export.series_html(name, sessions, anonymous=args.anonymous)
        else:
            text = export.series_csv(sessions, anonymous=args.anonymous, delimiter=args.delimiter)
    else:
        session = persist.read_session(args.session)
        if args.format == "md":
            text = export.markdown(session, anonymous=args.anonymous)
        elif args.format == "html":
            text = export.html(session, anonymous=args.anonymous)
        else:
            text = export.actions_csv(session, anonymous=args.anonymous, delimiter=args.delimiter)
    if args.output:
        check_export_target(args.output, args.session, args.force)
        store.atomic_write(args.output, text, store.SESSION_MODE)
        print(f"natverk: wrote {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def check_export_target(target: Path, source: Path, force: bool) -> None:
    """Minutes never replace a meeting: not the one exported, not any session file, and
    no other file without --force."""
    if not target.exists() and not target.is_symlink():
        return
    sources = [source, *source.glob("*.toml")] if source.is_dir() else [source]
    if any(target.exists() and _same_file(target, s) for s in sources) or is_session_file(target):
        raise UsageError(f"{target}: is a session file; minutes are never written onto a meeting."
                         " Choose another -o")
    if not force:
        raise UsageError(f"{target}: exists already; add --force to replace it")


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.samefile(b)
    except OSError:
        return False


def is_session_file(path: Path) -> bool:
    """Whether a file looks like a session (TOML with a `plan`), read with every limit."""
    try:
        data, _ = store.read_toml(path)
    except store.FileError:
        return False
    return "plan" in data


def clock_arg(text: str | None, option: str) -> dt.time | None:
    if text is None:
        return None
    from natverk_tui import builder

    try:
        return builder.parse_clock(text)
    except ValueError as exc:
        raise UsageError(f"{option}: {exc}") from None


def cmd_programme_new(args: argparse.Namespace) -> int:
    from natverk_tui import builder

    lib = library(args)
    entries = [e for e in args.themes.split(",") if e.strip()]
    try:
        programme = builder.new_programme(
            lib, entries, args.title or t("programme.new_title"),
            clock_arg(args.start, "--start"), clock_arg(args.end, "--end"),
        )
    except builder.BuildError as exc:
        raise UsageError(f"--themes: {exc}") from None
    if args.output is None:
        sys.stdout.write(store.programme_toml(programme))
        return 0
    check_overwrite(args.output, args.force, args.drop_comments)
    store.save_programme(programme, args.output)
    print(f"natverk: wrote {args.output}", file=sys.stderr)
    return 0


def check_overwrite(path: Path, force: bool, drop_comments: bool) -> None:
    """Never replace a file by accident, nor drop a person's comments without asking."""
    if not path.exists():
        return
    if not force:
        raise UsageError(f"{path}: exists already; add --force to replace it")
    if drop_comments or not store.has_comments(path):
        return
    question = f"{path} has comments, which rewriting drops. Replace it anyway? [y/N] "
    if sys.stdin.isatty() and input(question).strip().lower() in ("y", "yes", "j", "ja"):
        return
    raise UsageError(
        f"{path}: has comments, which rewriting would drop; add --drop-comments to replace it"
        " anyway, or write to another file"
    )


def cmd_programme_show(args: argparse.Namespace) -> int:
    from natverk_tui.schedule import duration, hhmm, summary, timetable

    programme = store.load_programme(args.file)
    try:
        plan = programme.resolve(library(args), args.file.stem)
    except ValueError as exc:
        raise misfit(args.file, exc) from None
    table = timetable(plan, clock_arg(args.start, "--start"))
    print(programme.title)
    theme = None
    for slot in table.slots:
        if slot.step.theme_title != theme:
            theme = slot.step.theme_title
            print(f"\n{theme}")
        mark = "  !" if slot.over else ""
        print(f"  {hhmm(slot.start)}–{hhmm(slot.end)}  {duration(slot.step.minutes):>9}"
              f"  {slot.step.title}{mark}")
    print()
    for line in summary(table):
        print(line)
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    from natverk_tui.app import make_app

    lib = library(args)
    if args.programme is not None:
        programme = store.load_programme(args.programme)
        try:
            programme.resolve(lib)
        except ValueError as exc:
            raise misfit(args.programme, exc) from None
    app = make_app(library=lib, build=True, build_path=args.programme, agendas=args.agendas)
    app.run()
    return app.return_code or 0


def cmd_schema(args: argparse.Namespace) -> int:
    from natverk_tui.schemas import write_schemas

    try:
        written = write_schemas(args.output)
    except OSError as exc:
        raise UsageError(f"{args.output}: cannot write: {exc}") from None
    for path in written:
        print(f"natverk: wrote {path}", file=sys.stderr)
    return 0


def one_series(folder: Path) -> tuple[str, list[Session]]:
    """The meetings of the series in a folder, oldest first; a folder holding several
    series, or none, is an error the user can act on."""
    from natverk_tui import followup

    found, problems = followup.load_series(folder)
    for problem in problems:
        print(f"natverk: skipped {problem}", file=sys.stderr)
    if not found:
        raise UsageError(f"{folder}: no session files here")
    if len(found) > 1:
        names = ", ".join(s.name for s in found)
        raise UsageError(f"{folder}: holds several series ({names}); keep one series per folder")
    return found[0].name, [m.session for m in found[0].meetings]


def cmd_next(args: argparse.Namespace) -> int:
    from natverk_tui import followup

    room = room_options(args)
    previous = persist.read_session(args.previous)
    path = args.programme
    if path is None:
        path = resources.builtin_programme(previous.plan.source or resources.DEFAULT_PROGRAMME)
        if not path.exists():
            path = resources.builtin_programme()
        print(f"natverk: programme {path.stem} (choose another with --programme)")
    programme = store.load_programme(path)
    if followup.is_interrupted(previous):
        print(f"natverk: note: {args.previous} was not closed (`natverk close` marks it finished)",
              file=sys.stderr)
    try:
        session = followup.next_session(previous, args.previous, programme, library(args),
                                        title=args.title, source=path.stem, place=args.place)
    except ValueError as exc:
        raise UsageError(f"{path}: {exc}") from None
    target = args.session or resources.new_session_path(
        session.title, session.date, args.previous.parent)
    create(session, target)
    print(f"natverk: session saved to {target}")
    print(f"natverk: {len(session.actions)} open actions carried over from {args.previous.name}")
    with locked(target):
        return run_app(session, target, room=room)


def cmd_review(args: argparse.Namespace) -> int:
    try:
        with locked(args.session):
            session = persist.open_session(args.session)
            return run_app(session, args.session, review=True)
    except store.ReadOnly:
        return run_read_only(args.session)


def cmd_history(args: argparse.Namespace) -> int:
    from natverk_tui import followup
    from natverk_tui.locale import t

    found, problems = followup.load_series(args.series)
    for problem in problems:
        print(f"natverk: skipped {problem}", file=sys.stderr)
    if not found:
        raise UsageError(f"{args.series}: no session files here")
    for series in found:
        print(f"{t('history.series')}: {series.name}")
        for m in series.meetings:
            state = "" if m.session.closed else f"  [{t('history.interrupted')}]"
            print(f"  {m.session.date.isoformat()}  {m.session.title}  "
                  f"{t('history.counts', opened=len(m.opened), closed=len(m.closed))}{state}"
                  f"  ({m.path.name})")
        print(f"  {t('history.open_now', n=len(series.open_now))}")
        for action in series.open_now:
            due = f", {t('md.due').lower()} {action.due.isoformat()}" if action.due else ""
            owner = f" ({action.owner}{due})" if action.owner or due else ""
            print(f"    - {action.what}{owner}")
        print()
    return 0


def cmd_follow(args: argparse.Namespace) -> int:
    """The room's view of a meeting running in another window: it reads, never writes."""
    from natverk_tui import follow, settings
    from natverk_tui.follow_app import make_follow_app

    follow.read_session(args.session)  # a file that is not a session stops here, exit 2
    theme = settings.DARK_THEME if args.dark else settings.LIGHT_THEME
    app = make_follow_app(args.session, theme=theme)
    app.run()
    return app.return_code or 0


def cmd_close(args: argparse.Namespace) -> int:
    from natverk_tui.meeting import Meeting

    try:
        with locked(args.session, "is open in natverk; close the meeting there (Ctrl+P, Avsluta mötet)"):
            session = persist.open_session(args.session)
            if not Meeting(session).close():
                print(f"natverk: {args.session} was closed already ({session.closed})")
                return 0
            persist.save_session(session, args.session)
    except store.ReadOnly:
        raise UsageError(f"{args.session}: is read-only; nothing was changed") from None
    print(f"natverk: {args.session} closed")
    return 0


def cmd_reopen(args: argparse.Namespace) -> int:
    """Undo a close (a meeting closed by mistake): it opens on the live screen again."""
    from natverk_tui.meeting import Meeting

    try:
        with locked(args.session):
            session = persist.open_session(args.session)
            if not Meeting(session).reopen():
                print(f"natverk: {args.session} is not closed")
                return 0
            persist.save_session(session, args.session)
    except store.ReadOnly:
        raise UsageError(f"{args.session}: is read-only; nothing was changed") from None
    print(f"natverk: {args.session} reopened; continue with `natverk open {args.session}`")
    return 0


def cmd_purge(args: argparse.Namespace) -> int:
    """Old meetings rewritten anonymously, each atomically; one line per meeting."""
    from natverk_tui import followup, purge

    try:
        before = purge.cutoff(args.older_than, dt.date.today())
    except purge.AgeError as exc:
        raise UsageError(str(exc)) from None
    if not args.folder.is_dir():
        raise UsageError(f"{args.folder}: not a folder")
    folders = [args.folder, *sorted(d for d in args.folder.rglob("*") if d.is_dir())]
    verb = "would rewrite" if args.dry_run else "rewrote"
    busy = changed = 0
    for folder in folders:
        sessions, problems = followup.load_folder(folder)
        for problem in problems:
            print(f"natverk: skipped {problem}", file=sys.stderr)
        for path, session in sessions:
            if session.date >= before:
                continue
            journal = persist.journal_path(path)
            if journal.exists():
                # Changes not yet folded into the file would bring the old text back.
                print(f"natverk: {path}: has unsaved changes in {journal.name}; open and quit it "
                      "in natverk first; not changed", file=sys.stderr)
                busy += 1
                continue
            anonymous, report = purge.anonymise(session)
            if not report.changed:
                print(f"{path}: {session.date}: {report.summary()}")
                continue
            if not args.dry_run:
                try:
                    with store.session_lock(path):
                        # Read again under the lock: what is written is what was on disk.
                        anonymous, report = purge.anonymise(persist.open_session(path))
                        persist.save_session(anonymous, path)
                except store.SessionBusy:
                    print(f"natverk: {path}: is open in natverk; not changed", file=sys.stderr)
                    busy += 1
                    continue
                except store.ReadOnly:
                    print(f"natverk: {path}: is read-only; not changed", file=sys.stderr)
                    busy += 1
                    continue
            changed += 1
            print(f"{path}: {session.date}: {verb}: {report.summary()}")
    done = "would be rewritten" if args.dry_run else "rewritten"
    print(f"natverk: meetings dated before {before} {done} anonymously: {changed}"
          + (" (dry run: nothing changed)" if args.dry_run else ""))
    return EXIT_BAD_INPUT if busy else 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        set_language(args.lang)
    except ValueError as exc:
        parser.error(str(exc))
    func: Callable[[argparse.Namespace], int] = args.func if args.command else cmd_default
    try:
        return func(args)
    except store.FileError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return EXIT_BAD_INPUT
    except UsageError as exc:
        print(f"natverk: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # Output piped into `head` and the like: stop quietly.
        sys.stderr.close()
        return 0
    except OSError as exc:
        # A folder that is not there, a file where a folder should be, a read-only disk.
        print(f"natverk: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT


def cmd_default(args: argparse.Namespace) -> int:
    defaults: dict[str, Any] = {"programme": None, "title": None, "place": "", "session": None}
    for key, value in defaults.items():
        setattr(args, key, value)
    return cmd_run(args)


if __name__ == "__main__":
    sys.exit(main())
