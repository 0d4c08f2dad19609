"""The timed schedule of a plan: each step's clock times, the total, and the end limit."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from natverk_tui.model import Plan, PlannedStep

DEFAULT_START = dt.time(9, 0)
# Clock times are computed on a fixed day so a programme may run past midnight; the end
# limit is on the start's day, so a limit before the start shows every step as over.
_DAY = dt.date(2000, 1, 1)


@dataclass(frozen=True)
class Slot:
    step: PlannedStep
    start: dt.datetime
    end: dt.datetime
    # The step ends after the end limit.
    over: bool


@dataclass(frozen=True)
class Timetable:
    slots: list[Slot]
    start: dt.datetime
    end: dt.datetime
    end_limit: dt.datetime | None

    @property
    def total_minutes(self) -> int:
        return sum(s.step.minutes for s in self.slots)

    @property
    def over_minutes(self) -> int:
        """How many minutes the programme runs past its end limit (0 when it fits)."""
        if self.end_limit is None or self.end <= self.end_limit:
            return 0
        return int((self.end - self.end_limit).total_seconds() // 60)

    @property
    def first_over(self) -> Slot | None:
        """The first step that ends after the end limit."""
        return next((s for s in self.slots if s.over), None)


def timetable(plan: Plan, start: dt.time | None = None) -> Timetable:
    """Each step's start and end, from `start`, the plan's start, or 09:00."""
    begin = dt.datetime.combine(_DAY, start or plan.start or DEFAULT_START)
    limit = dt.datetime.combine(_DAY, plan.end_limit) if plan.end_limit else None
    slots: list[Slot] = []
    clock = begin
    for step in plan.steps:
        end = clock + dt.timedelta(minutes=step.minutes)
        slots.append(Slot(step, clock, end, limit is not None and end > limit))
        clock = end
    return Timetable(slots, begin, clock, limit)


def hhmm(moment: dt.datetime | dt.time) -> str:
    return moment.strftime("%H:%M")


def duration(minutes: int) -> str:
    """`45 min`, `3 h`, `3 h 15 min`."""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest} min" if rest else f"{hours} h"


def summary(table: Timetable) -> list[str]:
    """The total, and whether the programme fits its end limit: for the CLI and the builder."""
    from natverk_tui.locale import t

    lines = [t("schedule.total", total=duration(table.total_minutes),
               start=hhmm(table.start), end=hhmm(table.end))]
    if table.end_limit is None:
        return lines
    first = table.first_over
    if first is None:
        spare = int((table.end_limit - table.end).total_seconds() // 60)
        lines.append(t("schedule.fits", limit=hhmm(table.end_limit), spare=duration(spare)))
    else:
        lines.append(t("schedule.over", over=duration(table.over_minutes),
                       limit=hhmm(table.end_limit), step=first.step.title,
                       start=hhmm(first.start)))
    return lines
