"""Reading dates as a facilitator types them."""

from __future__ import annotations

import datetime as dt
import re

from natverk_tui.locale import t
from natverk_tui.model.common import FIRST_YEAR, LAST_YEAR


def parse_due(text: str, today: dt.date) -> dt.date | None:
    """`2027-01-15`, `15/1`, `15/1 2027` or `+14` (days from today); blank is no date.
    Anything else, or a year a session file cannot hold, raises ValueError with a message
    for the room."""
    due = _parse_due(text, today)
    if due is not None and not FIRST_YEAR <= due.year <= LAST_YEAR:
        raise ValueError(t("dates.invalid", text=text.strip()))
    return due


def _parse_due(text: str, today: dt.date) -> dt.date | None:
    text = text.strip()
    if not text:
        return None
    if re.fullmatch(r"\+\d{1,3}", text):
        return today + dt.timedelta(days=int(text[1:]))  # at most 999 days: no overflow
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        pass
    match = re.fullmatch(r"(\d{1,2})/(\d{1,2})(?:[ /-](\d{4}))?", text)
    if match:
        day, month = int(match.group(1)), int(match.group(2))
        year = int(match.group(3)) if match.group(3) else today.year
        try:
            due = dt.date(year, month, day)
        except ValueError:
            raise ValueError(t("dates.invalid", text=text)) from None
        if not match.group(3) and due < today:
            due = due.replace(year=today.year + 1)
        return due
    raise ValueError(t("dates.unknown", text=text))
