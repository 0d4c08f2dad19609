"""Step timers, computed from the session's log so that a reopened session has them back."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from natverk_tui.locale import t
from natverk_tui.model import LogEntry, Plan, TimerEvent


@dataclass(frozen=True)
class TimerState:
    elapsed: float
    allowance: int
    running: bool

    @property
    def remaining(self) -> float:
        return self.allowance - self.elapsed

    @property
    def over(self) -> bool:
        return self.elapsed > self.allowance


def timer_state(log: list[LogEntry], step: str, minutes: int, at: dt.datetime) -> TimerState:
    """Replay the step's entries: start and pause run the clock, adjust moves the allowance
    (+60 gives a minute more), reset starts over, leaving the step stops the clock."""
    elapsed = 0.0
    adjust = 0
    running_since: dt.datetime | None = None
    for entry in log:
        if entry.step != step:
            continue
        if entry.event is TimerEvent.START and running_since is None:
            running_since = entry.at
        elif entry.event in (TimerEvent.PAUSE, TimerEvent.LEAVE) and running_since is not None:
            elapsed += (entry.at - running_since).total_seconds()
            running_since = None
        elif entry.event is TimerEvent.ADJUST:
            adjust += entry.seconds
        elif entry.event is TimerEvent.RESET:
            elapsed, adjust, running_since = 0.0, 0, None
    if running_since is not None:
        elapsed += max(0.0, (at - running_since).total_seconds())
    return TimerState(elapsed, max(0, minutes * 60 + adjust), running_since is not None)


def meeting_elapsed(log: list[LogEntry], plan: Plan, at: dt.datetime) -> float:
    """Seconds the steps' timers have run, summed over the whole meeting."""
    return sum(timer_state(log, s.id, s.minutes, at).elapsed for s in plan.steps)


def started(log: list[LogEntry]) -> bool:
    """Whether any step's timer has ever run: the meeting has started."""
    return any(entry.event is TimerEvent.START for entry in log)


def projected_end(
    log: list[LogEntry], plan: Plan, current: str, at: dt.datetime
) -> dt.datetime:
    """Now, plus what is left of the current step, plus every later step as planned.

    Until a step's timer has first run the meeting has not started, and "now" says nothing
    about when it ends: then it is the programme's start plus all its minutes (the plan
    without a start keeps counting from now)."""
    if plan.start is not None and not started(log):
        begin = dt.datetime.combine(at.date(), plan.start)
        return begin + dt.timedelta(minutes=plan.planned_minutes)
    index = plan.index(current)
    step = plan.steps[index]
    left = max(0.0, timer_state(log, step.id, step.minutes, at).remaining)
    later = sum(s.minutes for s in plan.steps[index + 1 :]) * 60
    return at + dt.timedelta(seconds=left + later)


def schedule(plan: Plan, start: dt.time | None = None) -> list[tuple[dt.time, dt.time]]:
    """Each step's planned start and end clock time, from the programme's start."""
    begin = start or plan.start or dt.time(9, 0)
    clock = dt.datetime.combine(dt.date(2000, 1, 1), begin)
    times = []
    for step in plan.steps:
        end = clock + dt.timedelta(minutes=step.minutes)
        times.append((clock.time(), end.time()))
        clock = end
    return times


def clock(seconds: float) -> str:
    """`mm:ss`, or `h:mm:ss` past the hour, with a minus sign when over time."""
    sign = "-" if seconds < 0 else ""
    total = int(abs(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{sign}{hours}:{minutes:02d}:{secs:02d}"
    return f"{sign}{minutes:02d}:{secs:02d}"


def status_words(state: TimerState) -> str:
    """The clock's state in words and its planned time ("Pausad (F5 startar) · planerat 15:00"):
    over time is said, not only coloured."""
    if state.over:
        status = t("timer.over", time=clock(-state.remaining))
    elif state.running:
        status = t("timer.running")
    else:
        status = t("timer.paused")
    return f"{status} · {t('timer.of', time=clock(state.allowance))}"
