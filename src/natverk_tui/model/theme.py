"""Themes and their steps: the meeting guide as data (themes.toml)."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import Field, field_validator, model_validator

from natverk_tui.model.common import SCHEMA_VERSION, LocatedError, StepKind, Strict, Text, WorkForm

StepId = Annotated[str, Field(pattern=r"^[a-z0-9_]+(\.[a-z0-9_]+)*(#\d+)?$")]
Minutes = Annotated[int, Field(ge=0, le=24 * 60)]


class Step(Strict):
    """One point of a theme: a question with a kind, a work form and planned minutes."""

    id: StepId
    title: Text
    question: Text = ""
    kind: StepKind
    work_form: WorkForm = WorkForm.WHOLE_GROUP
    minutes: Minutes
    notes: Text = ""
    # Dot voting: the step whose contributions are the candidates.
    candidates_from: StepId | None = None
    dots: Annotated[int, Field(ge=1, le=20)] = 3
    stacking: bool = False
    # A step that works on a vote's outcome shows that vote's top N.
    shows_top_of: StepId | None = None
    top_n: Annotated[int, Field(ge=1, le=20)] = 3
    # The guide names a film without a link; the facilitator fills it in.
    link: Text = ""

    @model_validator(mode="after")
    def _vote_has_candidates(self) -> Step:
        if self.kind is StepKind.VOTE and not self.candidates_from:
            raise ValueError("a vote step needs candidates_from (the step whose list is voted on)")
        if self.candidates_from and self.kind is not StepKind.VOTE:
            raise ValueError("only a vote step takes candidates_from")
        return self


class Theme(Strict):
    id: Annotated[str, Field(pattern=r"^[a-z0-9_]+$")]
    title: Text
    description: Text = ""
    steps: list[Step] = Field(min_length=1)

    @field_validator("steps")
    @classmethod
    def _unique_step_ids(cls, steps: list[Step]) -> list[Step]:
        _raise_on_duplicates([s.id for s in steps], "step id", ("id",))
        return steps


class ThemeLibrary(Strict):
    """The theme library: `themes.toml`, and a user's own themes merged into it."""

    schema_version: int = SCHEMA_VERSION
    source: Text = ""
    themes: list[Theme] = Field(min_length=1)

    @model_validator(mode="after")
    def _check_ids_and_references(self) -> ThemeLibrary:
        _raise_on_duplicates([t.id for t in self.themes], "theme id", ("themes", "id"))
        steps = {s.id: s for t in self.themes for s in t.steps}
        seen: set[str] = set()
        for t_index, theme in enumerate(self.themes):
            for s_index, step in enumerate(theme.steps):
                where: tuple[int | str, ...] = ("themes", t_index, "steps", s_index)
                if step.id in seen:
                    raise LocatedError(f"duplicate step id {step.id!r}", (*where, "id"))
                seen.add(step.id)
                try:
                    check_references(step, steps)
                except LocatedError as exc:
                    raise LocatedError(str(exc), (*where, *exc.loc)) from None
        return self

    def theme(self, theme_id: str) -> Theme:
        for theme in self.themes:
            if theme.id == theme_id:
                return theme
        known = ", ".join(t.id for t in self.themes)
        raise KeyError(f"no theme {theme_id!r} (known: {known})")

    def step(self, step_id: str) -> Step:
        for theme in self.themes:
            for step in theme.steps:
                if step.id == step_id:
                    return step
        raise KeyError(f"no step {step_id!r}")

    def merged(self, other: ThemeLibrary) -> ThemeLibrary:
        """This library with another's themes added after it; a clashing id is an error."""
        mine = {t.id for t in self.themes}
        clashes = sorted(mine & {t.id for t in other.themes})
        if clashes:
            raise ValueError(f"theme id already in the built-in library: {', '.join(clashes)}")
        steps = sorted({s.id for t in self.themes for s in t.steps}
                       & {s.id for t in other.themes for s in t.steps})
        if steps:
            raise ValueError(f"step id already in the built-in library: {', '.join(steps)}")
        return ThemeLibrary(
            schema_version=self.schema_version,
            source=self.source,
            themes=[*self.themes, *other.themes],
        )


def check_references(step: Step, steps: dict[str, Step]) -> None:
    """A reference must name an existing step of the right kind."""
    if step.candidates_from:
        target = steps.get(step.candidates_from)
        if target is None:
            raise LocatedError(
                f"step {step.id!r}: candidates_from names {step.candidates_from!r}, no such step",
                ("candidates_from",),
            )
        if target.kind is not StepKind.DISCUSSION:
            raise LocatedError(
                f"step {step.id!r}: candidates_from {target.id!r} is a {target.kind} step,"
                " expected a discussion step",
                ("candidates_from",),
            )
    if step.shows_top_of:
        target = steps.get(step.shows_top_of)
        if target is None:
            raise LocatedError(
                f"step {step.id!r}: shows_top_of names {step.shows_top_of!r}, no such step",
                ("shows_top_of",),
            )
        if target.kind is not StepKind.VOTE:
            raise LocatedError(
                f"step {step.id!r}: shows_top_of {target.id!r} is a {target.kind} step,"
                " expected a vote step",
                ("shows_top_of",),
            )


def _raise_on_duplicates(ids: list[str], what: str, loc: tuple[str, ...]) -> None:
    """`loc` is the list's path and the id's key, around the index of the repeat."""
    seen: set[str] = set()
    for index, item in enumerate(ids):
        if item in seen:
            raise LocatedError(f"duplicate {what} {item!r}", (*loc[:-1], index, loc[-1]))
        seen.add(item)


def base_step_id(step_id: str) -> str:
    """The library id of a step that a programme repeats (`paus.paus#2` -> `paus.paus`)."""
    return re.sub(r"#\d+$", "", step_id)
