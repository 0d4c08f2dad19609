"""JSON Schemas of the TOML files, for editors that validate and complete TOML (Taplo)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from natverk_tui.model import Programme, Session, ThemeLibrary
from natverk_tui.store import atomic_write

DIALECT = "https://json-schema.org/draft/2020-12/schema"

SCHEMAS: dict[str, type[BaseModel]] = {
    "themes.schema.json": ThemeLibrary,
    "programme.schema.json": Programme,
    "session.schema.json": Session,
}

DESCRIPTIONS = {
    ThemeLibrary: "natverk theme library (themes.toml): themes and their steps",
    Programme: "natverk programme (agendas/*.toml): themes in order, breaks, start and end limit",
    Session: "natverk session: one meeting as it runs",
}


# TOML's local times and local date-times carry no UTC offset; JSON Schema's `time` and
# `date-time` demand one. Taplo names the offset-free TOML types with these formats.
LOCAL_FORMATS = {"time": "partial-time", "date-time": "partial-date-time"}


def schema(model: type[BaseModel]) -> dict[str, Any]:
    body = _local_formats(model.model_json_schema())
    body["description"] = DESCRIPTIONS.get(model, body.get("description", ""))
    return {"$schema": DIALECT, **body}


def _local_formats(node: Any) -> Any:
    if isinstance(node, dict):
        return {
            key: LOCAL_FORMATS.get(value, value) if key == "format" else _local_formats(value)
            for key, value in node.items()
        }
    if isinstance(node, list):
        return [_local_formats(v) for v in node]
    return node


def write_schemas(folder: Path) -> list[Path]:
    written = []
    for name, model in SCHEMAS.items():
        path = folder / name
        atomic_write(path, json.dumps(schema(model), indent=2, ensure_ascii=False) + "\n")
        written.append(path)
    return written
