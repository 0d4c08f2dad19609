"""Fuzzing the files natverk reads: a seeded mutator over themes, programme and session
files, and a worker process that runs natverk's commands on each mutant under a watchdog.
Shared by tests/test_fuzz.py (a short run) and benchmarks/fuzz.py (a long one)."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import multiprocessing as mp
import os
import random
import re
import shutil
import tempfile
import traceback
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

NASTY_VALUES = [
    '""', "0", "-1", "1000000000000000", "-99999999999999999999", "1.5", "nan", "inf", "true",
    "9999-12-31T23:59:59", "0001-01-01T00:00:00", "2026-11-28T09:00:00+05:00",
    "2026-11-28T09:00:00Z", "2026-11-28", "09:00:00", "23:59:59.999999", "[]", "{}", "[1, 2]",
    '"tema9.a"', '"x"', '"' + "x" * 60_000 + '"', '"\\u001b]52;c;SGVsbG8=\\u0007"',
    '"[/2026] [@click=app.quit]x[/]"', '"\\u009b31m"', '"\\u0000"', "[" * 40 + "]" * 40,
    "{a = {b = {c = 1}}}", '"inledning.presentation"', '"c-00000000"',
]
GARBAGE = [*'[]{}"\'\\.=#,\n\t ', "\x00", "\x1b", "\u202e", "ä", "😀", '"""', "'''", "\r"]


def mutate(text: str, rng: random.Random) -> bytes:
    """One to three random changes of a TOML document; the result may not be UTF-8."""
    lines = text.split("\n")
    for _ in range(rng.randint(1, 3)):
        op = rng.randrange(11)
        i = rng.randrange(len(lines)) if lines else 0
        if not lines:
            lines = [""]
        if op == 0:
            del lines[i : i + rng.randint(1, 4)]
        elif op == 1:
            lines.insert(i, lines[rng.randrange(len(lines))])
        elif op == 2:
            j = rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == 3 and "=" in lines[i]:
            key = lines[i].split("=", 1)[0]
            lines[i] = f"{key}= {rng.choice(NASTY_VALUES)}"
        elif op == 4:
            line = lines[i]
            at = rng.randint(0, len(line))
            lines[i] = line[:at] + "".join(rng.choice(GARBAGE) for _ in range(rng.randint(1, 5))) + line[at:]
        elif op == 5:
            joined = "\n".join(lines)
            lines = joined[: rng.randint(0, len(joined))].split("\n")
        elif op == 6:
            n = rng.choice([10, 100, 1000, 5000])
            opener, closer = rng.choice([("[", "]"), ("{a = ", "}")])
            lines.insert(i, "deep = " + opener * n + "1" * (opener == "{a = ") + closer * n)
        elif op == 7:
            lines.insert(i, ".".join(["k"] * rng.choice([5, 30, 3000])) + " = 1")
        elif op == 8:
            ids = [n for n, line in enumerate(lines) if re.match(r'\s*(id|step|current_step)\s*=', line)]
            if len(ids) >= 2:
                a, b = rng.sample(ids, 2)
                lines[b] = lines[b].split("=", 1)[0] + "=" + lines[a].split("=", 1)[1]
        elif op == 9:
            raw = bytearray("\n".join(lines).encode("utf-8"))
            for _ in range(rng.randint(1, 4)):
                if raw:
                    raw[rng.randrange(len(raw))] = rng.randrange(256)
            return bytes(raw)
        else:
            line = lines[i]
            digits = [m.start() for m in re.finditer(r"\d", line)]
            if digits:
                at = rng.choice(digits)
                lines[i] = line[:at] + str(rng.randrange(10)) * rng.randint(1, 12) + line[at + 1 :]
    return "\n".join(lines).encode("utf-8", "surrogatepass")


def seeds(folder: Path) -> dict[str, Path]:
    """The files to mutate: the built-in themes, each programme, and a filled session."""
    from natverk_tui import store
    from natverk_tui.meeting import Meeting, new_session
    from natverk_tui.model import Participant, Sector

    found = {"themes": ROOT / "themes.toml"}
    for path in sorted((ROOT / "agendas").glob("*.toml")):
        found[f"programme:{path.stem}"] = path
    library = store.load_library(ROOT / "themes.toml")
    session = new_session(store.load_programme(ROOT / "agendas" / "kort.toml"), library,
                          "Fuzz", "kort", date=dt.date(2026, 11, 28))
    session.participants = [Participant(number=n, name=f"P{n}", sector=s)
                            for n, s in enumerate(Sector, start=1)]
    clock = iter(dt.datetime(2026, 11, 28, 9, m) for m in range(60))
    meeting = Meeting(session, lambda: next(clock))
    meeting.go_to("tema1.b")
    meeting.toggle_timer()
    areas = [meeting.add_contribution(t) for t in ("Dela information", "Följa upp kedjan", "Stöd")]
    meeting.go_to("tema1.c")
    meeting.cast_ballot(session.participants[0].id, [a.id for a in areas if a][:2])
    meeting.add_action("Bjuda in Skatteverket", owner="P1", due=dt.date(2027, 1, 15))
    meeting.add_expectation("Få kontakter", session.participants[1].id)
    found["session"] = folder / "seed-session.toml"
    store.save_session(session, found["session"])
    return found


@dataclass
class Outcome:
    command: str
    code: int | None  # None: a traceback or a hang
    traceback: str = ""
    hang: bool = False
    changed: bool = False


@dataclass
class Tally:
    mutants: int = 0
    runs: int = 0
    opens: int = 0
    codes: Counter[str] = field(default_factory=Counter)
    tracebacks: list[str] = field(default_factory=list)
    hangs: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)


def commands(kind: str, path: Path) -> list[list[str]]:
    """What a person would run on such a file."""
    p = str(path)
    if kind == "themes":
        return [["check", p], ["--themes-file", p, "themes"]]
    if kind.startswith("programme"):
        return [["check", p], ["programme", "show", p]]
    return [["check", p], ["export", p], ["export", p, "--format", "html"],
            ["export", p, "--format", "csv"], ["history", str(path.parent)]]


# The worker ----------------------------------------------------------------------------------

def _worker(conn: Connection, home: str) -> None:
    """Runs one command at a time in-process, as `natverk` would, and answers with its exit
    code or the traceback that escaped."""
    os.environ.update(XDG_CONFIG_HOME=f"{home}/config", XDG_DATA_HOME=f"{home}/data",
                      NATVERK_SESSIONS=f"{home}/sessions", NATVERK_LANG="sv")
    from natverk_tui import __main__ as cli

    while True:
        job = conn.recv()
        if job is None:
            return
        kind, argv = job
        out, err = io.StringIO(), io.StringIO()
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                code = _open_headless(argv[0]) if kind == "open" else cli.main(argv)
            conn.send((code, ""))
        except SystemExit as exc:
            conn.send((exc.code if isinstance(exc.code, int) else 2, ""))
        except BaseException:
            conn.send((None, traceback.format_exc()))


def _open_headless(path_text: str) -> int:
    """`natverk open` without a terminal: load, show the first screen, go one step on."""
    import asyncio

    from natverk_tui import store
    from natverk_tui.app import make_app
    from natverk_tui.settings import Settings

    path = Path(path_text)
    session = store.load_session(path)

    async def run() -> None:
        app = make_app(session, path, prefs=Settings(), review=session.closed is not None,
                       clock=lambda: dt.datetime(2026, 11, 28, 10, 0))
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            await pilot.press("pagedown", "f9", "escape", "f1", "escape")
            await pilot.pause()

    asyncio.run(run())
    return 0


class Runner:
    """A worker process under a watchdog: a command that takes longer than `timeout`
    seconds is a hang; the worker is killed and a fresh one started."""

    def __init__(self, timeout: float) -> None:
        self.timeout = timeout
        self.home = tempfile.mkdtemp(prefix="natverk-fuzz-")
        self._ctx = mp.get_context("spawn")
        self._start()

    def _start(self) -> None:
        self.conn, child = self._ctx.Pipe()
        self.proc = self._ctx.Process(target=_worker, args=(child, self.home), daemon=True)
        self.proc.start()

    def run(self, kind: str, argv: list[str], timeout: float | None = None) -> tuple[int | None, str, bool]:
        self.conn.send((kind, argv))
        if self.conn.poll(timeout or self.timeout):
            code, tb = self.conn.recv()
            return code, tb, False
        self.proc.kill()
        self.proc.join()
        self._start()
        return None, "", True

    def close(self) -> None:
        with contextlib.suppress(OSError, BrokenPipeError):
            self.conn.send(None)
        self.proc.join(5)
        if self.proc.is_alive():
            self.proc.kill()
        shutil.rmtree(self.home, ignore_errors=True)


def fuzz(seed: int, count: int, budget: float, folder: Path, timeout: float = 20.0,
         max_opens: int = 0, progress: Callable[[Tally], None] | None = None) -> Tally:
    """Up to `count` mutants (or `budget` seconds), round-robin over the seed files; each is
    run through its commands, and a session that `check` accepts is opened headless too
    (up to `max_opens` times), from a copy so the mutant stays as it was."""
    import time

    rng = random.Random(seed)
    tally = Tally()
    base = seeds(folder)
    texts = {kind: path.read_text(encoding="utf-8") for kind, path in base.items()}
    kinds = sorted(texts)
    runner = Runner(timeout)
    start = time.monotonic()
    try:
        while tally.mutants < count and time.monotonic() - start < budget:
            kind = kinds[tally.mutants % len(kinds)]
            case = folder / f"case-{tally.mutants}"
            case.mkdir()
            path = case / ("mote.toml" if kind == "session" else f"{kind.replace(':', '-')}.toml")
            data = mutate(texts[kind], rng)
            path.write_bytes(data)
            tally.mutants += 1
            accepted = False
            for argv in commands(kind, path):
                code, tb, hang = runner.run("cli", argv)
                tally.runs += 1
                name = f"{kind} {' '.join(a if a != str(path) else 'FILE' for a in argv)}"
                if hang:
                    tally.hangs.append(f"{name} ({path})")
                elif code is None:
                    tally.tracebacks.append(f"{name} ({path})\n{tb}")
                else:
                    tally.codes[f"exit {code}"] += 1
                    accepted = accepted or (argv[0] == "check" and code == 0)
                if path.read_bytes() != data:
                    tally.changed.append(f"{name} ({path})")
                    path.write_bytes(data)
            if kind == "session" and accepted and tally.opens < max_opens:
                copy = case / "kopia.toml"
                copy.write_bytes(data)
                code, tb, hang = runner.run("open", [str(copy)], timeout=max(timeout, 60))
                tally.opens += 1
                tally.runs += 1
                if hang:
                    tally.hangs.append(f"open ({path})")
                elif code is None:
                    tally.tracebacks.append(f"open ({path})\n{tb}")
                else:
                    tally.codes[f"open exit {code}"] += 1
            if progress:
                progress(tally)
            shutil.rmtree(case, ignore_errors=True)
    finally:
        runner.close()
    return tally
