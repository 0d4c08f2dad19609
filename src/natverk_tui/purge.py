"""An end date for personal data: meetings older than a limit are rewritten anonymously.
The roster keeps only each person's number and sector; in every free text, roster names
(however typed), the roster's organisations and identifiers (identity numbers, phones,
e-mail addresses, plates) are replaced. The programme, contributions, votes and actions stay.
`natverk purge FOLDER --older-than 24m [--dry-run]` drives it."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field

from natverk_tui import guard
from natverk_tui.minutes import Anonymiser
from natverk_tui.model import Session

_AGE = re.compile(r"^\s*(\d+)\s*([dmy])\s*$")


class AgeError(ValueError):
    pass


def cutoff(age: str, today: dt.date) -> dt.date:
    """The first date that is not older than `age` ("24m", "2y", "90d") counted from today."""
    match = _AGE.match(age.lower())
    if match is None:
        raise AgeError(f"--older-than {age!r}: write a number and d, m or y (24m, 2y, 90d)")
    n, unit = int(match[1]), match[2]
    if unit == "d":
        return today - dt.timedelta(days=n)
    months = n * (12 if unit == "y" else 1)
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    month += 1
    # The same day of the month, or the month's last day (31 March less a month).
    for day in range(today.day, 0, -1):
        try:
            return dt.date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


@dataclass
class Report:
    """What the rewrite changed in one session."""

    people: int = 0  # roster entries reduced to number and sector
    texts: int = 0  # free texts rewritten
    found: Counter[str] = field(default_factory=Counter)  # what was replaced, by kind

    @property
    def changed(self) -> bool:
        return bool(self.people or self.texts)

    def summary(self) -> str:
        parts = []
        if self.people:
            parts.append(f"{self.people} participants reduced to number and sector")
        if self.texts:
            kinds = ", ".join(f"{kind} {n}" for kind, n in sorted(self.found.items()))
            parts.append(f"{self.texts} free texts rewritten ({kinds})")
        return "; ".join(parts) or "already anonymous"


def anonymise(session: Session) -> tuple[Session, Report]:
    """An anonymous copy of the session, and what was changed; the session is left as it is."""
    out = session.model_copy(deep=True)
    report = Report()
    clean = Anonymiser(session, anonymous=True, organisations=True)
    names = clean.roster
    organisations = list(clean.organisations)

    def rewrite(text: str) -> str:
        new = clean(text)
        if new != text:
            report.texts += 1
            found = guard.find(text, names) + guard.find_phrases(text, organisations)
            report.found.update(f.kind.value for f in found)
            if not found:
                report.found["name"] += 1  # a whole field that was a name (an owner, say)
        return new

    out.title = rewrite(out.title)
    out.place = rewrite(out.place)
    for c in out.contributions:
        c.text = rewrite(c.text)
        c.group = rewrite(c.group) if c.group else c.group
    for groups in out.groups.values():
        for g in groups:
            g.name = rewrite(g.name)
    for a in out.actions:
        a.what, a.owner, a.area, a.note = (rewrite(x) for x in (a.what, a.owner, a.area, a.note))
        for event in a.history:
            # An owner's or a note's old and new values, the title of the meeting it came from.
            event.old, event.new, event.title = (rewrite(x) for x in (event.old, event.new, event.title))
    out.followup.next_meeting = rewrite(out.followup.next_meeting)
    out.followup.convener = rewrite(out.followup.convener)
    out.followup.report = rewrite(out.followup.report)
    out.followup.notes = rewrite(out.followup.notes)
    for e in out.expectations:
        e.text, e.comment = rewrite(e.text), rewrite(e.comment)
    for p in out.participants:
        if p.name or p.organisation or p.role:
            report.people += 1
            p.name = p.organisation = p.role = ""
    return out, report
