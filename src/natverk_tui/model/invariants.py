"""What the app relies on in a file beyond each field's type: unique ids, references that
resolve, times it can compute with. Checked on the parsed TOML, before or beside the
schema, so that every fault of a file is found in one pass and a file that validates
always opens and exports."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from typing import Any

from natverk_tui.model.common import FIRST_YEAR, LAST_YEAR, MAX_TEXT, ZONED

Loc = tuple[int | str, ...]
Fault = tuple[Loc, str]

MAX_INT = 1_000_000_000


def values(data: Any, loc: Loc = ()) -> list[Fault]:
    """Faults in single values anywhere in a document: times with a zone (the app keeps
    local wall-clock time), years outside what it can compute with, huge texts and numbers."""
    faults: list[Fault] = []
    stack: list[tuple[Any, Loc]] = [(data, loc)]
    while stack:
        value, where = stack.pop()
        if isinstance(value, dict):
            stack.extend((v, (*where, str(k))) for k, v in value.items())
        elif isinstance(value, list):
            stack.extend((v, (*where, i)) for i, v in enumerate(value))
        elif isinstance(value, dt.datetime | dt.time) and value.tzinfo is not None:
            faults.append((where, ZONED))
        elif isinstance(value, dt.date) and not FIRST_YEAR <= value.year <= LAST_YEAR:
            faults.append((where, f"year {value.year} is outside {FIRST_YEAR}-{LAST_YEAR}"))
        elif isinstance(value, str) and len(value) > MAX_TEXT:
            faults.append((where, f"text of {len(value)} characters; at most {MAX_TEXT}"))
        elif isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_INT:
            faults.append((where, f"number {value} is out of range"))
    return sorted(faults, key=lambda f: str(f[0]))


def _list(value: Any) -> list[Any]:
    """A list from the file, or none where the file holds something else there (the schema
    reports that)."""
    return value if isinstance(value, list) else []


def _items(data: Mapping[str, Any], key: str) -> Iterator[tuple[int, Mapping[str, Any]]]:
    rows = data.get(key)
    if isinstance(rows, list):
        for i, row in enumerate(rows):
            if isinstance(row, dict):
                yield i, row


def _ids(rows: Iterator[tuple[int, Mapping[str, Any]]], what: str, loc: Loc,
         faults: list[Fault], key: str = "id") -> dict[str, Mapping[str, Any]]:
    """The rows by id; a repeated id is a fault."""
    seen: dict[str, Mapping[str, Any]] = {}
    for i, row in rows:
        value = row.get(key)
        if not isinstance(value, str):
            continue
        if value in seen:
            faults.append(((*loc, i, key), f"duplicate {what} {value!r}"))
        else:
            seen[value] = row
    return seen


def session(data: Mapping[str, Any]) -> list[Fault]:
    faults: list[Fault] = []
    plan = data.get("plan")
    plan = plan if isinstance(plan, dict) else {}
    # Plan steps repeated are the plan's own check (model.programme.Plan).
    steps = _ids(_items(plan, "steps"), "step id", ("plan", "steps"), [])
    people = _ids(_items(data, "participants"), "participant id", ("participants",), faults)
    contributions = _ids(_items(data, "contributions"), "contribution id", ("contributions",),
                         faults)
    _ids(_items(data, "actions"), "action id", ("actions",), faults)
    _ids(_items(data, "expectations"), "expectation id", ("expectations",), faults)

    def step_ref(value: Any, loc: Loc, what: str) -> None:
        """`what` says what refers to the step; {step} is where the step id goes."""
        if steps and isinstance(value, str) and value not in steps:
            faults.append((loc, what.format(step=repr(value))))

    # Who said or voted what may name someone since taken off the roster (the app shows a
    # number then); groups and rounds are cleaned when a person is removed.
    def person_ref(value: Any, loc: Loc, what: str) -> None:
        if isinstance(value, str) and value not in people:
            faults.append((loc, f"{what} {value!r} is not a participant"))

    current = data.get("current_step")
    if current:
        step_ref(current, ("current_step",), "current_step {step} is not a step of the plan")
    for i, c in _items(data, "contributions"):
        step_ref(c.get("step"), ("contributions", i, "step"),
                 f"contribution {c.get('id')!r} is on step {{step}}, not in the plan")
    for i, entry in _items(data, "log"):
        step_ref(entry.get("step"), ("log", i, "step"),
                 "log entry on step {step}, which is not in the plan")
    # A dot may name an area that was moved to another step or merged into another one
    # (the tally counts it for the one kept); it never names one that is not there.
    areas = set(contributions) | {m for c in contributions.values()
                                  for m in _list(c.get("merged")) if isinstance(m, str)}
    voted_steps: set[str] = set()
    for i, vote in _items(data, "votes"):
        step_id = vote.get("step")
        step_ref(step_id, ("votes", i, "step"), "vote on step {step}, which is not in the plan")
        if isinstance(step_id, str):
            if step_id in voted_steps:
                faults.append((("votes", i, "step"), f"a second vote on step {step_id!r}"))
            voted_steps.add(step_id)
        for b, ballot in _items(vote, "ballots"):
            dots = ballot.get("dots")
            for d, dot in enumerate(dots if isinstance(dots, list) else []):
                if not isinstance(dot, str) or dot not in areas:
                    faults.append((("votes", i, "ballots", b, "dots", d),
                                   f"a dot on {dot!r}, which is not an area of this meeting"))
        paper = vote.get("paper")
        for candidate in paper if isinstance(paper, dict) else {}:
            if candidate not in areas:
                faults.append((("votes", i, "paper", candidate),
                               f"paper count for {candidate!r}, which is not an area of this meeting"))
    groups = data.get("groups")
    group_ids: set[str] = set()
    for step_id, rows in (groups.items() if isinstance(groups, dict) else []):
        step_ref(step_id, ("groups", step_id), "groups for step {step}, which is not in the plan")
        for g, group in enumerate(rows if isinstance(rows, list) else []):
            if not isinstance(group, dict):
                continue
            gid = group.get("id")
            if isinstance(gid, str):
                if gid in group_ids:
                    faults.append((("groups", step_id, g, "id"), f"duplicate group id {gid!r}"))
                group_ids.add(gid)
            members = group.get("members")
            for m, member in enumerate(members if isinstance(members, list) else []):
                person_ref(member, ("groups", step_id, g, "members", m), "group member")
    turns = data.get("turns")
    for step_id, taken in (turns.items() if isinstance(turns, dict) else []):
        step_ref(step_id, ("turns", step_id), "turns on step {step}, which is not in the plan")
        for n, person in enumerate(taken if isinstance(taken, list) else []):
            person_ref(person, ("turns", step_id, n), "turn of")
    return faults


def library(data: Mapping[str, Any]) -> list[Fault]:
    """Theme and step ids unique across the library, and step references that resolve to a
    step of the right kind."""
    faults: list[Fault] = []
    _ids(_items(data, "themes"), "theme id", ("themes",), faults)
    steps: dict[str, Mapping[str, Any]] = {}
    for t, theme in _items(data, "themes"):
        for s, step in _items(theme, "steps"):
            sid = step.get("id")
            if not isinstance(sid, str):
                continue
            if sid in steps:
                faults.append((("themes", t, "steps", s, "id"), f"duplicate step id {sid!r}"))
            else:
                steps[sid] = step
    for t, theme in _items(data, "themes"):
        for s, step in _items(theme, "steps"):
            for key, kind in (("candidates_from", "discussion"), ("shows_top_of", "vote")):
                ref = step.get(key)
                if not isinstance(ref, str) or not ref:
                    continue
                target = steps.get(ref)
                loc: Loc = ("themes", t, "steps", s, key)
                if target is None:
                    faults.append((loc, f"step {step.get('id')!r}: {key} names {ref!r}, no such step"))
                elif target.get("kind") != kind:
                    faults.append((loc, f"step {step.get('id')!r}: {key} {ref!r} is a"
                                        f" {target.get('kind')} step, expected a {kind} step"))
    return faults
