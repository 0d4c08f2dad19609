"""Programmes (agendas/*.toml): themes in order, with changes, and the plan they resolve to."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, field_validator, model_validator

from natverk_tui.model.common import (
    SCHEMA_VERSION,
    LocalTime,
    LocatedError,
    LocatedErrors,
    StepKind,
    Strict,
    Text,
    WorkForm,
)
from natverk_tui.model.theme import Minutes, Step, ThemeLibrary

PAUSE_THEME = "paus"


class ProgrammeItem(Strict):
    """A theme with its changes, or a break of so many minutes."""

    theme: Text | None = None
    pause: Minutes | None = None
    title: Text | None = None
    # The theme's steps to run, in this order; absent means all, in the theme's order.
    steps: list[Text] | None = None
    skip: list[Text] = Field(default_factory=list)
    minutes: dict[Text, Minutes] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _theme_or_pause(self) -> ProgrammeItem:
        if (self.theme is None) == (self.pause is None):
            raise ValueError("an item names either a theme or a pause (minutes), not both")
        if self.pause is not None and (self.steps or self.skip or self.minutes):
            raise ValueError("a pause takes only minutes and a title")
        return self


class PlannedStep(Step):
    """A step as a programme runs it: its theme, and an id unique in the programme."""

    theme_id: Text
    theme_title: Text

    @property
    def heading(self) -> str:
        """How the step is named on screen: its theme and title, or a break's own title."""
        if self.kind is StepKind.BREAK or self.theme_title == self.title:
            return self.title
        return f"{self.theme_title} · {self.title}"


class Plan(Strict):
    """The resolved, frozen running order a session keeps: later edits never change it."""

    title: Text
    source: Text = ""
    start: LocalTime | None = None
    end_limit: LocalTime | None = None
    steps: list[PlannedStep] = Field(min_length=1)

    @field_validator("steps")
    @classmethod
    def _unique_step_ids(cls, steps: list[PlannedStep]) -> list[PlannedStep]:
        # Timers, votes and contributions find their step by id: one id, one step.
        seen: set[str] = set()
        for i, step in enumerate(steps):
            if step.id in seen:
                raise LocatedError(f"duplicate step id {step.id!r} in the plan", (i, "id"))
            seen.add(step.id)
        return steps

    def step(self, step_id: str) -> PlannedStep:
        for step in self.steps:
            if step.id == step_id:
                return step
        raise KeyError(step_id)

    def index(self, step_id: str) -> int:
        for i, step in enumerate(self.steps):
            if step.id == step_id:
                return i
        raise KeyError(step_id)

    @property
    def planned_minutes(self) -> int:
        return sum(s.minutes for s in self.steps)


class Programme(Strict):
    schema_version: int = SCHEMA_VERSION
    title: Text
    description: Text = ""
    start: LocalTime | None = None
    end_limit: LocalTime | None = None
    items: Annotated[list[ProgrammeItem], Field(min_length=1)]

    def resolve(self, library: ThemeLibrary, source: str = "") -> Plan:
        """The running order, or ValueError naming what does not fit the library
        (LocatedErrors with every item that does not, when it is the items)."""
        faults = [f for n, item in enumerate(self.items) for f in item_faults(item, n, library)]
        if faults:
            raise LocatedErrors(faults)
        steps: list[PlannedStep] = []
        used: dict[str, int] = {}
        for item in self.items:
            if item.pause is not None:
                steps.append(_pause_step(item, used))
                continue
            assert item.theme is not None
            theme = library.theme(item.theme)
            own = {s.id: s for s in theme.steps}
            chosen = [own[i] for i in item.steps] if item.steps is not None else theme.steps
            renamed: dict[str, str] = {}
            for step in chosen:
                if step.id in item.skip:
                    continue
                renamed[step.id] = _unique(step.id, used)
            for step in chosen:
                if step.id not in renamed:
                    continue
                data = step.model_dump()
                data["id"] = renamed[step.id]
                data["minutes"] = item.minutes.get(step.id, step.minutes)
                for ref in ("candidates_from", "shows_top_of"):
                    if data[ref] in renamed:
                        data[ref] = renamed[data[ref]]
                title = item.title or theme.title
                steps.append(PlannedStep(**data, theme_id=theme.id, theme_title=title))
        if not steps:
            raise ValueError("the programme has no steps")
        _check_order(steps)
        return Plan(
            title=self.title, source=source, start=self.start, end_limit=self.end_limit,
            steps=steps,
        )


def item_faults(item: ProgrammeItem, index: int, library: ThemeLibrary) -> list[LocatedError]:
    """What in one programme item does not fit the library: its theme, or the steps it
    names. `index` is the item's place in the programme, from 0."""
    if item.theme is None:
        return []
    n = index + 1
    try:
        theme = library.theme(item.theme)
    except KeyError as exc:
        return [LocatedError(f"item {n}: {exc.args[0]}", ("items", index, "theme"))]
    own = {s.id: s for s in theme.steps}
    faults = []
    for key, listed_ids in (("steps", item.steps or []), ("skip", item.skip),
                            ("minutes", list(item.minutes))):
        for listed in listed_ids:
            if listed not in own:
                faults.append(LocatedError(
                    f"item {n}: theme {theme.id!r} has no step {listed!r}"
                    f" (it has {', '.join(own)})",
                    ("items", index, key),
                ))
    return faults


def _unique(step_id: str, used: dict[str, int]) -> str:
    used[step_id] = used.get(step_id, 0) + 1
    return step_id if used[step_id] == 1 else f"{step_id}#{used[step_id]}"


def _pause_step(item: ProgrammeItem, used: dict[str, int]) -> PlannedStep:
    title = item.title or "Paus"
    return PlannedStep(
        id=_unique(f"{PAUSE_THEME}.{PAUSE_THEME}", used),
        title=title,
        question="",
        kind=StepKind.BREAK,
        work_form=WorkForm.WHOLE_GROUP,
        minutes=item.pause or 0,
        theme_id=PAUSE_THEME,
        theme_title=title,
    )


def _check_order(steps: list[PlannedStep]) -> None:
    """A vote needs its candidate step to run before it; a step that shows a vote's
    top areas simply shows none when the programme leaves that vote out."""
    seen: set[str] = set()
    for step in steps:
        if step.candidates_from and step.candidates_from not in seen:
            raise ValueError(
                f"step {step.id!r} takes its candidates from {step.candidates_from!r},"
                " which the programme does not run before it"
            )
        if step.shows_top_of and step.shows_top_of not in seen:
            step.shows_top_of = None
        seen.add(step.id)
