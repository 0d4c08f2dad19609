"""Reading and writing TOML files: clear validation errors, atomic writes, owner-only sessions."""

from __future__ import annotations

import datetime as dt
import fcntl
import glob
import os
import re
import stat
import tempfile
import tomllib
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import IO, Any, TypeVar

import tomli_w
from pydantic import BaseModel, ValidationError

from natverk_tui.migrations import session_v1_to_v2
from natverk_tui.model import Programme, Session, ThemeLibrary, invariants
from natverk_tui.model.common import LocatedError
from natverk_tui.text import safe

M = TypeVar("M", bound=BaseModel)

SESSION_MODE = 0o600

# Migrations from one schema_version to the next, per kind of file:
# {model: {old version: function(data) -> data}}. A model's newest version is the default
# of its schema_version field.
MIGRATIONS: dict[type[BaseModel], dict[int, Callable[[dict[str, Any]], dict[str, Any]]]] = {
    Session: {1: session_v1_to_v2},
}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file: where, and what was expected."""

    file: Path
    message: str
    line: int | None = None
    field: str = ""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else f"{self.file}"
        field = f" [{self.field}]" if self.field else ""
        return f"{where}:{field} {self.message}"


class FileError(Exception):
    """A file that cannot be read, parsed or validated; carries one Problem per fault."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


# Limits checked before a file is parsed, so that a crafted or broken file gives a message
# instead of a traceback, a hang or gigabytes of memory. Real files are far below them: the
# full-day programme's session with a busy room is some 100 kB and nests 4 deep.
MAX_FILE_BYTES = 4 * 1024 * 1024
MAX_NESTING = 24
MAX_KEY_DOTS = 24
# More problems than this are summed up in one line: nobody reads the rest.
MAX_PROBLEMS = 50

_SCAN = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\']|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\'|#[^\n]*|[\[\]{}\n.]',
    re.S,
)


def read_toml(path: Path) -> tuple[dict[str, Any], str]:
    """The one guarded way to read a TOML file: size, encoding and nesting are checked
    before the parser sees it, and every failure is a FileError with the file's line."""
    text = read_text(path)
    prescan(path, text)
    try:
        return tomllib.loads(text), text
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        match = re.search(r"\(at line (\d+), column (\d+)\)", message)
        line = int(match.group(1)) if match else None
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", message)
        if match:
            message += f" (column {match.group(2)})"
        raise FileError([Problem(path, f"not valid TOML: {message}", line)]) from None
    except (RecursionError, ValueError, OverflowError) as exc:
        raise FileError([Problem(path, f"not valid TOML: {type(exc).__name__}")]) from None


def read_text(path: Path, limit: int = MAX_FILE_BYTES) -> str:
    """A regular file of at most `limit` bytes, as UTF-8 text (a leading BOM is dropped)."""
    raw = read_bytes(path, limit)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise FileError([Problem(
            path, f"not UTF-8 text: byte 0x{raw[exc.start]:02x} at column {column}"
            " (save the file as UTF-8)", line)]) from None


def read_bytes(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    try:
        with open(path, "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise FileError([Problem(path, "not a regular file")])
            raw = handle.read(limit + 1)
    except FileNotFoundError:
        raise FileError([Problem(path, "no such file")]) from None
    except IsADirectoryError:
        raise FileError([Problem(path, "is a folder, not a file")]) from None
    except OSError as exc:
        raise FileError([Problem(path, f"cannot read: {exc.strerror or exc}")]) from None
    if len(raw) > limit:
        raise FileError([Problem(path, f"larger than {limit // (1024 * 1024)} MB; natverk"
                                       " reads files up to that size")])
    return raw


def prescan(path: Path, text: str) -> None:
    """Refuse nesting and dotted keys deeper than any real file has, before parsing: the
    parser recurses once per level and builds a table per dot."""
    depth = 0
    line = 1
    dots = 0
    for match in _SCAN.finditer(text):
        token = match.group()
        if token == "\n":
            line += 1
            dots = 0
        elif token in "[{":
            depth += 1
            if depth > MAX_NESTING:
                raise FileError([Problem(path, f"nested more than {MAX_NESTING} levels deep", line)])
        elif token in "]}":
            depth = max(0, depth - 1)
        elif token == ".":
            dots += 1
            if dots > MAX_KEY_DOTS:
                raise FileError([Problem(path, f"a key of more than {MAX_KEY_DOTS} dotted parts",
                                         line)])
        else:
            line += token.count("\n")


def validate(model: type[M], data: dict[str, Any], path: Path, text: str = "") -> M:
    """Migrate and validate; every fault of the file, schema and references alike, becomes
    a Problem with its line, all of them at once."""
    data = _safe_texts(migrate(data, path, model))
    where = toml_lines(text) if text else {}
    faults = invariants.values(data)
    checked = model in (Session, ThemeLibrary)
    if model is Session:
        faults += invariants.session(data)
    elif model is ThemeLibrary:
        faults += invariants.library(data)
    problems = [Problem(path, message, _line(where, loc), _field(loc)) for loc, message in faults]
    result: M | None = None
    try:
        result = model.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            loc = tuple(err["loc"])
            # The model's own cross-checks stop at the first fault; the invariants above
            # have found it and every other one.
            if checked and faults and not loc:
                continue
            origin = (err.get("ctx") or {}).get("error")
            if isinstance(origin, LocatedError):
                loc += origin.loc
            message = err["msg"].removeprefix("Value error, ")
            if err["type"] == "extra_forbidden":
                message = "unknown key"
            elif err["type"] == "missing":
                message = "required key is missing"
            elif "input" in err and err["type"] not in ("value_error", "assertion_error"):
                message += f" (got {_short(err['input'])})"
            problems.append(Problem(path, message, _line(where, loc), _field(loc)))
    if problems:
        raise FileError(summed_up(problems))
    assert result is not None
    return result


def _safe_texts(value: Any) -> Any:
    """Every text of a parsed document, keys included, safe for the terminal (text.safe),
    before ids are compared, so that two ids never become one after reading."""
    if isinstance(value, str):
        return safe(value)
    if isinstance(value, dict):
        return {safe(k): _safe_texts(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_safe_texts(v) for v in value]
    return value


def summed_up(problems: list[Problem]) -> list[Problem]:
    """Each problem once, in the file's order, and no more than a person reads."""
    unique = sorted(dict.fromkeys(problems), key=lambda p: (str(p.file), p.line or 0))
    if len(unique) > MAX_PROBLEMS:
        rest = len(unique) - MAX_PROBLEMS
        unique = [*unique[:MAX_PROBLEMS], Problem(unique[0].file, f"... and {rest} more problems")]
    return unique


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _field(loc: tuple[int | str, ...]) -> str:
    return ".".join(str(p) for p in loc)


def _line(where: dict[tuple[int | str, ...], int], loc: tuple[int | str, ...]) -> int | None:
    for end in range(len(loc), 0, -1):
        if loc[:end] in where:
            return where[loc[:end]]
    return None


def check_version(data: dict[str, Any], path: Path) -> None:
    """A file newer than any this natverk writes, whatever kind it is, needs a newer natverk."""
    newest = max(m.model_fields["schema_version"].default for m in (Session, Programme, ThemeLibrary))
    version = data.get("schema_version", 1)
    if not isinstance(version, int) or version < 1 or version > newest:
        raise FileError([Problem(
            path,
            f"unknown schema_version {version!r}: this natverk reads versions 1 to"
            f" {newest}; a newer file needs a newer natverk",
            field="schema_version",
        )])


def migrate(data: dict[str, Any], path: Path, model: type[BaseModel] = Session) -> dict[str, Any]:
    """The data of an older file as the newest version of its kind would have written it."""
    latest = model.model_fields["schema_version"].default
    version = data.get("schema_version", latest)
    if not isinstance(version, int) or version < 1 or version > latest:
        raise FileError([Problem(
            path,
            f"unknown schema_version {version!r}: this natverk reads versions 1 to"
            f" {latest}; a newer file needs a newer natverk",
            field="schema_version",
        )])
    while version < latest:
        data = MIGRATIONS[model][version](data)
        version += 1
        data["schema_version"] = version
    return data


_BARE = r"[A-Za-z0-9_-]+"
_QUOTED = r'"(?:[^"\\]|\\.)*"|\'[^\']*\''
_KEY = rf"(?:{_BARE}|{_QUOTED})"
_DOTTED = rf"{_KEY}(?:\s*\.\s*{_KEY})*"
_HEADER = re.compile(rf"^\s*(\[\[?)\s*({_DOTTED})\s*\]\]?\s*(?:#.*)?$")
_ASSIGN = re.compile(rf"^\s*({_DOTTED})\s*=")


def _key_parts(dotted: str) -> list[str]:
    parts = re.findall(rf"\s*({_KEY})\s*(?:\.|$)", dotted)
    return [p[1:-1] if p[:1] in "\"'" else p for p in parts]


def toml_lines(text: str) -> dict[tuple[int | str, ...], int]:
    """Where each table, array-of-tables entry and key of a TOML document starts (1-based).

    Keys are paths as pydantic reports them: ("themes", 1, "steps", 2, "kind")."""
    where: dict[tuple[int | str, ...], int] = {}
    counts: dict[tuple[int | str, ...], int] = {}
    table: tuple[int | str, ...] = ()
    in_string = ""
    for number, line in enumerate(text.splitlines(), start=1):
        if in_string:
            # Inside a multi-line string nothing is a key; find where it ends.
            if line.count(in_string) % 2 == 1:
                in_string = ""
            continue
        header = _HEADER.match(line)
        if header:
            parts = _key_parts(header.group(2))
            path: tuple[int | str, ...] = ()
            for part in parts[:-1]:
                path += (part,)
                if path in counts:
                    path += (counts[path],)
            path += (parts[-1],)
            if header.group(1) == "[[":
                counts[path] = counts.get(path, -1) + 1
                where.setdefault(path, number)
                path += (counts[path],)
            where.setdefault(path, number)
            table = path
            continue
        assign = _ASSIGN.match(line)
        if assign:
            path = table
            for part in _key_parts(assign.group(1)):
                path += (part,)
                where.setdefault(path, number)
            rest = line[assign.end():]
            for quote in ('"""', "'''"):
                if rest.count(quote) % 2 == 1:
                    in_string = quote
    return where


def find_line(text: str, loc: tuple[int | str, ...]) -> int | None:
    """The line a validation error points at: the key itself, or, when the key is
    missing or inside an inline value, the nearest table or key that holds it."""
    return _line(toml_lines(text), loc) if text else None


def load(model: type[M], path: Path) -> M:
    data, text = read_toml(path)
    return validate(model, data, path, text)


def load_library(path: Path) -> ThemeLibrary:
    return load(ThemeLibrary, path)


def load_programme(path: Path) -> Programme:
    return load(Programme, path)


def load_session(path: Path) -> Session:
    return load(Session, path)


def kind_of(data: dict[str, Any]) -> type[BaseModel] | None:
    """Which kind of file a parsed TOML document is, from its top-level keys."""
    if "themes" in data:
        return ThemeLibrary
    if "plan" in data:
        return Session
    if "items" in data:
        return Programme
    return None


def to_toml(model: BaseModel) -> str:
    return dumps(model.model_dump(exclude_none=True))


def dumps(data: dict[str, Any]) -> str:
    """TOML text of a model's dump (see to_toml); split out so a thread can do the slow part."""
    return tomli_w.dumps(_plain(data))


def _plain(value: Any) -> Any:
    """What tomli-w can write: enums as their values, no None anywhere."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items() if v is not None}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value if v is not None]
    if isinstance(value, dt.datetime | dt.date | dt.time | str | int | float | bool):
        return value
    raise TypeError(f"cannot write {type(value).__name__} to TOML")


# atomic_write's temporary files are named `.NAME.RANDOM.tmp` beside NAME, so that what a
# crash leaves behind can be found again (temp_files) and removed on the next open.
TEMP_SUFFIX = ".tmp"


def temp_files(path: Path) -> list[Path]:
    """Temporary files atomic_write left beside `path` (or beside files named after it, such
    as its journal) when the process died between creating and renaming one."""
    return sorted(path.parent.glob(f".{glob.escape(path.name)}.*{TEMP_SUFFIX}"))


def real_path(path: Path) -> Path:
    """The file behind a symbolic link (or a chain of them): where saves must go, so that
    the link stays a link and the meeting it points at gets the save."""
    return Path(os.path.realpath(path))


def make_folder(folder: Path, owner_only: bool) -> None:
    """Create a folder and its missing parents; a sessions folder is the owner's alone."""
    missing = []
    for parent in (folder, *folder.parents):
        if parent.exists():
            break
        missing.append(parent)
    for new in reversed(missing):
        with suppress(FileExistsError):
            new.mkdir(mode=0o700 if owner_only else 0o777)
            if owner_only:
                os.chmod(new, 0o700)  # the umask may have taken more or less


def atomic_write(path: Path, text: str, mode: int | None = None) -> None:
    """Write so that a crash leaves the old file or the new one, never half of one.

    Without a mode, a file that exists keeps its permissions and a new one is 0644: the
    temporary file is created 0600, which is right for sessions but would quietly lock
    others out of a shared programme file. A symbolic link is written through: its target
    gets the new text and the link stays."""
    path = real_path(Path(path))
    make_folder(path.parent, owner_only=mode == SESSION_MODE)
    if mode is None:
        try:
            mode = stat.S_IMODE(path.stat().st_mode)
        except FileNotFoundError:
            mode = 0o644
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            os.fchmod(handle.fileno(), mode)
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with suppress(OSError):
            os.unlink(tmp)
        raise
    with suppress(OSError):
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def writable(path: Path) -> bool:
    """Whether a session can be saved where it is: its file and its folder writable, by
    the system and by their owner's own marks (a file set 0400 stays unwritten even for
    root, who could write it anyway)."""
    real = real_path(Path(path))
    try:
        folder_mode = real.parent.stat().st_mode
    except OSError:
        return False
    if not (folder_mode & stat.S_IWUSR and os.access(real.parent, os.W_OK | os.X_OK)):
        return False
    try:
        file_mode = real.stat().st_mode
    except FileNotFoundError:
        return True  # a session about to be created: its folder is what counts
    except OSError:
        return False
    return bool(file_mode & stat.S_IWUSR) and os.access(real, os.W_OK)


def save_session(session: Session, path: Path) -> None:
    """A bare snapshot of a session, with no journal beside it: for tests and fixtures. The
    app and the CLI save through natverk_tui.persist, which keeps the journal in step."""
    atomic_write(path, to_toml(session), SESSION_MODE)


def save_programme(programme: Programme, path: Path) -> None:
    atomic_write(path, programme_toml(programme))


def programme_toml(programme: Programme) -> str:
    """A programme as a person would write it: header, then one [[items]] table per theme
    or break, short arrays and minute tables inline, and nothing that equals a default."""
    data = _plain(programme.model_dump(exclude_defaults=True))
    items = data.pop("items", [])
    header = {"schema_version": programme.schema_version, **data}
    lines = [_toml_line(key, value) for key, value in header.items()]
    for item in items:
        lines += ["", "[[items]]"]
        lines += [_toml_line(key, value) for key, value in item.items()]
    return "\n".join(lines) + "\n"


def _toml_line(key: str, value: Any) -> str:
    return f"{_toml_key(key)} = {_toml_value(value)}"


def _toml_key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else _toml_value(key)


def _toml_value(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(_toml_line(k, v) for k, v in value.items()) + " }"
    # tomli-w knows how to quote strings and write times; borrow it one value at a time.
    return str(tomli_w.dumps({"v": value})).removeprefix("v = ").rstrip("\n")


def has_comments(path: Path) -> bool:
    """Whether rewriting a file with tomli-w would drop comments a person wrote."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return False
    return any(line.lstrip().startswith("#") for line in text.splitlines())


# A lock file removed under us again and again means another process keeps taking it.
LOCK_TRIES = 5


class SessionBusy(Exception):
    """The session file is open in another natverk."""


class ReadOnly(Exception):
    """The session file or its folder cannot be written: it can be read, not changed."""


@contextmanager
def session_lock(path: Path) -> Iterator[None]:
    """Hold a lock while a session is open, so that two windows on the same meeting cannot
    overwrite each other's saves. The OS drops it if the process dies; a clean exit also
    removes the lock file.

    Two locks, because a meeting can be reached by more than one name: one on a lock file
    beside the real file (symbolic links lead there), and one on the session file itself,
    which a hard link shares (the same inode on the same device). A file that cannot be
    written raises ReadOnly: open it for review, without a lock.

    Removing the lock file is safe because of two rules together: the holder unlinks the
    file while it still holds the lock, and a newcomer counts its lock only if the path
    still names the very file it locked. Otherwise a window that opened the old file just
    before it went could lock that orphan while a third window locks a new file."""
    real = real_path(Path(path))
    if not writable(real):
        raise ReadOnly(str(path))
    lock_path = real.with_name(f".{real.name}.lock")
    for _ in range(LOCK_TRIES):
        try:
            fd = os.open(lock_path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        except PermissionError:
            raise ReadOnly(str(path)) from None
        handle = os.fdopen(fd, "r+b")
        try:
            os.fchmod(fd, 0o600)  # the umask may have taken more or less
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.close()
            raise SessionBusy(str(path)) from None
        if _same_file(handle.fileno(), lock_path):
            break
        handle.close()  # locked a file that the last holder had just removed: try anew
    else:
        raise SessionBusy(str(path))
    session_handle: IO[bytes] | None = None
    try:
        with suppress(FileNotFoundError):  # a session about to be created has no links yet
            session_handle = open(real, "rb")  # noqa: SIM115 - held for the whole block
        if session_handle is not None:
            try:
                fcntl.flock(session_handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                session_handle.close()
                raise SessionBusy(str(path)) from None
    except BaseException:
        with suppress(FileNotFoundError):
            lock_path.unlink()
        handle.close()
        raise
    try:
        yield
    finally:
        with suppress(FileNotFoundError):
            lock_path.unlink()
        handle.close()
        if session_handle is not None:
            session_handle.close()


def _same_file(fd: int, path: Path) -> bool:
    try:
        named = path.stat()
    except FileNotFoundError:
        return False
    held = os.fstat(fd)
    return (held.st_dev, held.st_ino) == (named.st_dev, named.st_ino)
