"""Steps from one session schema_version to the next, on the parsed TOML (plain dicts).

Each step carries its own copy of what the old format looked like: the words of today's
screens may change, the files written by an old version do not."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

# Version 1 wrote an action's history as sentences, in the language of the screen that
# made the change. These are those sentences, in both languages, as version 1 wrote them.
_V1_EVENTS: dict[str, tuple[str, ...]] = {
    "status": ("Status: {old} → {new}",),
    "owner": ("Ansvarig: {old} → {new}", "Owner: {old} → {new}"),
    "due": ("Senast: {old} → {new}", "Due: {old} → {new}"),
    "note": ("Anteckning: {new}", "Note: {new}"),
    "decided": ("Beslut: fortsätter", "Decision: continues"),
    "carried": ("Överförd från {title} ({date}, {meeting})",
                "Carried over from {title} ({date}, {meeting})"),
}
_V1_STATUS = {
    "Öppen": "open", "Pågår": "in_progress", "Klar": "done", "Struken": "dropped",
    "Open": "open", "In progress": "in_progress", "Done": "done", "Dropped": "dropped",
}
_NONE = "–"


def _pattern(template: str) -> re.Pattern[str]:
    parts = re.split(r"\{(\w+)\}", template)
    regex = "".join(
        re.escape(part) if i % 2 == 0 else f"(?P<{part}>.*)" for i, part in enumerate(parts)
    )
    return re.compile(f"^{regex}$", re.DOTALL)


_V1_PATTERNS = [(kind, _pattern(t)) for kind, templates in _V1_EVENTS.items() for t in templates]


def v1_event(entry: dict[str, Any]) -> dict[str, Any]:
    """One history entry of version 1 ({at, change}) as the facts of version 2."""
    change = str(entry.get("change", ""))
    facts: dict[str, Any] = {"at": entry.get("at"), "kind": "text", "new": change}
    for kind, pattern in _V1_PATTERNS:
        match = pattern.match(change)
        if match is None:
            continue
        values = {k: ("" if v == _NONE else v) for k, v in match.groupdict().items()}
        if kind == "status":
            if values["old"] not in _V1_STATUS or values["new"] not in _V1_STATUS:
                continue
            values = {"old": _V1_STATUS[values["old"]], "new": _V1_STATUS[values["new"]]}
        elif kind == "decided":
            values = {"new": "continue"}
        elif kind == "carried":
            try:
                values["date"] = dt.date.fromisoformat(values["date"])
            except ValueError:
                continue
        facts = {"at": entry.get("at"), "kind": kind, **values}
        break
    if facts["at"] is None:
        del facts["at"]
    return facts


def session_v1_to_v2(data: dict[str, Any]) -> dict[str, Any]:
    """Version 2 stores each entry of an action's history as facts (kind, old, new, ...)
    instead of a sentence; sentences it cannot read are kept as they are (kind "text")."""
    actions = data.get("actions")
    if not isinstance(actions, list):
        return data
    for action in actions:
        history = action.get("history") if isinstance(action, dict) else None
        if isinstance(history, list):
            action["history"] = [
                v1_event(entry) if isinstance(entry, dict) else entry for entry in history
            ]
    return data
