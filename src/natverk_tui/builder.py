"""Editing a programme: add, remove and reorder themes and steps, change minutes, insert breaks.

Every operation returns a new Programme that still resolves against the library, or raises
BuildError saying why not, so the builder screen and the CLI can never save a broken file.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from natverk_tui.model import Programme, ProgrammeItem, Theme, ThemeLibrary
from natverk_tui.model.programme import PAUSE_THEME

DEFAULT_PAUSE = 15
MAX_MINUTES = 24 * 60


class BuildError(ValueError):
    """An edit that would leave the programme unusable; the message says why."""


@dataclass(frozen=True)
class StepRow:
    """A theme step as the builder shows it inside one item: in the running order or left out."""

    id: str
    included: bool
    minutes: int
    default_minutes: int


def parse_clock(text: str) -> dt.time:
    """`9:00`, `09:00` or `9.00` (as Swedes write it) to a time; ValueError otherwise."""
    match = re.fullmatch(r"\s*(\d{1,2})[:.](\d{2})\s*", text)
    if not match:
        raise ValueError(f"not a clock time: {text!r} (write it as 09:00)")
    hour, minute = int(match.group(1)), int(match.group(2))
    if hour > 23 or minute > 59:
        raise ValueError(f"not a clock time: {text!r}")
    return dt.time(hour, minute)


def new_programme(
    library: ThemeLibrary,
    entries: list[str],
    title: str,
    start: dt.time | None = None,
    end_limit: dt.time | None = None,
) -> Programme:
    """A programme from theme ids in order; `paus` or `paus:20` is a break of so many minutes."""
    items: list[ProgrammeItem] = []
    for entry in entries:
        name, _, minutes = entry.strip().partition(":")
        if name == PAUSE_THEME:
            items.append(ProgrammeItem(pause=_pause_minutes(minutes, library)))
        elif minutes:
            raise BuildError(f"{entry!r}: only a break ({PAUSE_THEME}:MINUTES) takes minutes")
        else:
            _theme(library, name)
            items.append(ProgrammeItem(theme=name))
    if not items:
        raise BuildError("name at least one theme")
    return _checked(library, {"title": title, "start": start, "end_limit": end_limit}, items)


def add_theme(
    programme: Programme, library: ThemeLibrary, theme_id: str, at: int | None = None
) -> Programme:
    """The theme inserted at `at` (default: last); the library's break theme becomes a break."""
    if theme_id == PAUSE_THEME:
        return insert_pause(programme, library, at)
    _theme(library, theme_id)
    items = list(programme.items)
    items.insert(len(items) if at is None else at, ProgrammeItem(theme=theme_id))
    return _replace(programme, library, items)


def insert_pause(
    programme: Programme,
    library: ThemeLibrary,
    at: int | None = None,
    minutes: int | None = None,
    title: str | None = None,
) -> Programme:
    items = list(programme.items)
    pause = minutes if minutes is not None else _pause_minutes("", library)
    items.insert(len(items) if at is None else at, ProgrammeItem(pause=pause, title=title))
    return _replace(programme, library, items)


def remove_item(programme: Programme, library: ThemeLibrary, index: int) -> Programme:
    items = list(programme.items)
    _check_index(items, index)
    if len(items) == 1:
        raise BuildError("a programme needs at least one theme or break")
    del items[index]
    return _replace(programme, library, items)


def move_item(programme: Programme, library: ThemeLibrary, index: int, delta: int) -> Programme:
    """The item moved up (negative delta) or down, stopping at either end."""
    items = list(programme.items)
    _check_index(items, index)
    target = max(0, min(len(items) - 1, index + delta))
    items.insert(target, items.pop(index))
    return _replace(programme, library, items)


def step_rows(programme: Programme, library: ThemeLibrary, index: int) -> list[StepRow]:
    """The item's steps in its order, the ones it leaves out included (and marked)."""
    item = programme.items[index]
    if item.theme is None:
        return []
    theme = _theme(library, item.theme)
    defaults = {s.id: s.minutes for s in theme.steps}
    order = list(item.steps or []) + [s.id for s in theme.steps if s.id not in (item.steps or [])]
    listed = set(item.steps) if item.steps is not None else set(defaults)
    return [
        StepRow(
            id=step_id,
            included=step_id in listed and step_id not in item.skip,
            minutes=item.minutes.get(step_id, defaults[step_id]),
            default_minutes=defaults[step_id],
        )
        for step_id in order
    ]


def set_included(
    programme: Programme, library: ThemeLibrary, index: int, step_id: str, included: bool
) -> Programme:
    rows = [
        StepRow(r.id, included if r.id == step_id else r.included, r.minutes, r.default_minutes)
        for r in _rows_with(programme, library, index, step_id)
    ]
    if not any(r.included for r in rows):
        raise BuildError("a theme keeps at least one step; remove the theme instead")
    return _with_rows(programme, library, index, rows)


def toggle_step(programme: Programme, library: ThemeLibrary, index: int, step_id: str) -> Programme:
    row = next(r for r in _rows_with(programme, library, index, step_id) if r.id == step_id)
    return set_included(programme, library, index, step_id, not row.included)


def move_step(
    programme: Programme, library: ThemeLibrary, index: int, step_id: str, delta: int
) -> Programme:
    """The step moved earlier (negative delta) or later inside its theme."""
    rows = _rows_with(programme, library, index, step_id)
    position = next(i for i, r in enumerate(rows) if r.id == step_id)
    target = max(0, min(len(rows) - 1, position + delta))
    rows.insert(target, rows.pop(position))
    return _with_rows(programme, library, index, rows)


def set_minutes(
    programme: Programme, library: ThemeLibrary, index: int, step_id: str | None, minutes: int
) -> Programme:
    """A step's minutes inside a theme item, or a break's minutes (step_id None)."""
    if not 0 <= minutes <= MAX_MINUTES:
        raise BuildError(f"minutes must be between 0 and {MAX_MINUTES}")
    items = list(programme.items)
    _check_index(items, index)
    item = items[index]
    if item.pause is not None:
        items[index] = item.model_copy(update={"pause": minutes})
        return _replace(programme, library, items)
    if step_id is None:
        raise BuildError("choose a step of the theme to change its minutes")
    rows = [
        StepRow(r.id, r.included, minutes if r.id == step_id else r.minutes, r.default_minutes)
        for r in _rows_with(programme, library, index, step_id)
    ]
    return _with_rows(programme, library, index, rows)


def set_title(programme: Programme, library: ThemeLibrary, title: str) -> Programme:
    if not title.strip():
        raise BuildError("a programme needs a title")
    return _checked(library, {**_header(programme), "title": title.strip()}, list(programme.items))


def set_start(programme: Programme, library: ThemeLibrary, start: dt.time | None) -> Programme:
    return _checked(library, {**_header(programme), "start": start}, list(programme.items))


def set_end_limit(
    programme: Programme, library: ThemeLibrary, end_limit: dt.time | None
) -> Programme:
    return _checked(library, {**_header(programme), "end_limit": end_limit}, list(programme.items))


# Helpers: every edit goes through _checked, which validates and resolves.


def _header(programme: Programme) -> dict[str, Any]:
    return {
        "title": programme.title,
        "description": programme.description,
        "start": programme.start,
        "end_limit": programme.end_limit,
    }


def _replace(programme: Programme, library: ThemeLibrary, items: list[ProgrammeItem]) -> Programme:
    return _checked(library, _header(programme), items)


def _checked(library: ThemeLibrary, header: dict[str, Any], items: list[ProgrammeItem]) -> Programme:
    try:
        programme = Programme.model_validate(
            {**header, "items": [i.model_dump(exclude_defaults=True) for i in items]}
        )
        programme.resolve(library)
    except ValidationError as exc:
        raise BuildError("; ".join(e["msg"].removeprefix("Value error, ") for e in exc.errors())) from None
    except ValueError as exc:
        raise BuildError(str(exc)) from None
    return programme


def _theme(library: ThemeLibrary, theme_id: str) -> Theme:
    try:
        return library.theme(theme_id)
    except KeyError as exc:
        raise BuildError(exc.args[0]) from None


def _pause_minutes(text: str, library: ThemeLibrary) -> int:
    if not text:
        try:
            return library.theme(PAUSE_THEME).steps[0].minutes
        except KeyError:
            return DEFAULT_PAUSE
    if not text.isdecimal() or not text.isascii() or int(text) > MAX_MINUTES:
        raise BuildError(f"{PAUSE_THEME}:{text}: a break's minutes are a whole number up to {MAX_MINUTES}")
    return int(text)


def _check_index(items: list[ProgrammeItem], index: int) -> None:
    if not 0 <= index < len(items):
        raise BuildError(f"no item {index + 1} (the programme has {len(items)})")


def _rows_with(
    programme: Programme, library: ThemeLibrary, index: int, step_id: str
) -> list[StepRow]:
    _check_index(list(programme.items), index)
    rows = step_rows(programme, library, index)
    if step_id not in {r.id for r in rows}:
        raise BuildError(f"item {index + 1} has no step {step_id!r}")
    return rows


def _with_rows(
    programme: Programme, library: ThemeLibrary, index: int, rows: list[StepRow]
) -> Programme:
    """The item rewritten from rows, keeping out of the file whatever equals the theme."""
    item = programme.items[index]
    assert item.theme is not None
    theme_order = [s.id for s in _theme(library, item.theme).steps]
    order = [r.id for r in rows]
    # A custom order lists every step, so a step left out keeps its place in it.
    steps = None if order == theme_order else order
    skip = [r.id for r in rows if not r.included]
    minutes = {r.id: r.minutes for r in rows if r.minutes != r.default_minutes}
    items = list(programme.items)
    items[index] = ProgrammeItem(
        theme=item.theme, title=item.title, steps=steps, skip=skip, minutes=minutes
    )
    return _replace(programme, library, items)
