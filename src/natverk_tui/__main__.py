"""The `natverk` command: run, open, check and export meetings."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from natverk_tui import __version__, resources, store
from natverk_tui.locale import set_language
from natverk_tui.model import Programme, Session, ThemeLibrary
from natverk_tui.model.common import LocatedError

EXIT_BAD_INPUT = 2

EPILOG = """examples:
  natverk                                   a new meeting on the full-day programme
  natverk run agendas/kort.toml --title "Nätverksmöte Örebro"
  natverk open ~/.local/share/natverk/sessions/2026-11-28-heldag.toml
  natverk themes                            the theme library with minutes
  natverk check themes.toml agendas/*.toml  validate files (exit 2 on errors)
  natverk export MEETING.toml --format md -o protokoll.md
"""


class UsageError(Exception):
    """Bad input from the command line or a file: printed, exit status 2."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="natverk",
        description="Run a projected network meeting against work-related crime.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"natverk {__version__}")
    parser.add_argument("--lang", choices=["sv", "en"], help="UI language (or NATVERK_LANG)")
    parser.add_argument("--themes-file", type=Path, help="your own themes, merged with the built-in")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    run = sub.add_parser("run", help="start a new meeting on a programme")
    run.add_argument("programme", type=Path, nargs="?", help="programme file (default: full day)")
    run.add_argument("--title", help="the meeting's title")
    run.add_argument("--place", default="", help="where the meeting is held")
    run.add_argument("--session", type=Path, help="where to save the session file")
    run.set_defaults(func=cmd_run)

    open_ = sub.add_parser("open", help="reopen a saved session")
    open_.add_argument("session", type=Path)
    open_.set_defaults(func=cmd_open)

    themes = sub.add_parser("themes", help="list the theme library")
    themes.add_argument("--file", type=Path, help="a theme file instead of the built-in one")
    themes.set_defaults(func=cmd_themes)

    check = sub.add_parser("check", help="validate themes, programme or session files")
    check.add_argument("files", type=Path, nargs="+")
    check.set_defaults(func=cmd_check)

    export = sub.add_parser("export", help="minutes (Markdown) or actions (CSV) of a session")
    export.add_argument("session", type=Path)
    export.add_argument("--format", choices=["md", "csv"], default="md")
    export.add_argument("--anonymous", action="store_true", help="leave out participant names")
    export.add_argument("-o", "--output", type=Path, help="file to write (default: stdout)")
    export.set_defaults(func=cmd_export)
    return parser


def library(args: argparse.Namespace) -> ThemeLibrary:
    try:
        return resources.library(args.themes_file)
    except ValueError as exc:
        raise UsageError(f"{args.themes_file or resources.user_themes()}: {exc}") from None


def start_session(args: argparse.Namespace) -> tuple[Session, Path]:
    from natverk_tui.meeting import new_session

    path = args.programme or resources.builtin_programme()
    programme = store.load_programme(path)
    try:
        session = new_session(programme, library(args), args.title, path.stem, place=args.place)
    except ValueError as exc:
        _, text = store.read_toml(path)
        raise store.FileError([located(path, text, exc)]) from None
    target = args.session or resources.new_session_path(session.title, session.date)
    if target.exists():
        raise UsageError(f"{target}: exists already; open it with `natverk open {target}`")
    store.save_session(session, target)
    print(f"natverk: session saved to {target}")
    return session, target


def located(path: Path, text: str, exc: ValueError) -> store.Problem:
    """A programme that does not fit the library, with the line of the item at fault."""
    loc = exc.loc if isinstance(exc, LocatedError) else ()
    line = store.find_line(text, loc) if loc else None
    return store.Problem(path, str(exc), line, ".".join(str(p) for p in loc))


def cmd_run(args: argparse.Namespace) -> int:
    session, path = start_session(args)
    return run_app(session, path)


def cmd_open(args: argparse.Namespace) -> int:
    session = store.load_session(args.session)
    return run_app(session, args.session)


def run_app(session: Session, path: Path) -> int:
    from natverk_tui.app import make_app

    app = make_app(session, path)
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
    lib: ThemeLibrary | None = None
    problems: list[store.Problem] = []
    for path in args.files:
        try:
            data, text = store.read_toml(path)
            model = store.kind_of(data)
            if model is None:
                raise store.FileError([store.Problem(
                    path, "not a themes, programme or session file"
                    " (expected a `themes`, `items` or `plan` key)")])
            checked = store.validate(model, data, path, text)
            if isinstance(checked, Programme):
                lib = lib or library(args)
                try:
                    checked.resolve(lib)
                except ValueError as exc:
                    raise store.FileError([located(path, text, exc)]) from None
            print(f"{path}: ok ({model.__name__})")
        except store.FileError as exc:
            problems.extend(exc.problems)
    for problem in problems:
        print(problem, file=sys.stderr)
    return EXIT_BAD_INPUT if problems else 0


def cmd_export(args: argparse.Namespace) -> int:
    from natverk_tui import export

    session = store.load_session(args.session)
    if args.format == "md":
        text = export.markdown(session, anonymous=args.anonymous)
    else:
        text = export.actions_csv(session, anonymous=args.anonymous)
    if args.output:
        store.atomic_write(args.output, text, store.SESSION_MODE)
        print(f"natverk: wrote {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


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


def cmd_default(args: argparse.Namespace) -> int:
    defaults: dict[str, Any] = {"programme": None, "title": None, "place": "", "session": None}
    for key, value in defaults.items():
        setattr(args, key, value)
    return cmd_run(args)


if __name__ == "__main__":
    sys.exit(main())
