"""UI strings: Swedish by default, English with `--lang en` or NATVERK_LANG=en."""

from __future__ import annotations

import os
from enum import Enum

from natverk_tui.locale import en, sv

LANGUAGES: dict[str, dict[str, str]] = {"sv": sv.STRINGS, "en": en.STRINGS}
_current = "sv"


def set_language(lang: str | None = None) -> str:
    """Choose the language; without an argument, from NATVERK_LANG (default Swedish)."""
    global _current
    lang = (lang or os.environ.get("NATVERK_LANG") or "sv").lower()[:2]
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r} (sv or en)")
    _current = lang
    return lang


def language() -> str:
    return _current


def t(key: str, **values: object) -> str:
    """The string for key in the current language, with {placeholders} filled in.
    Values are inserted as plain text; nothing here is ever parsed as markup."""
    strings = LANGUAGES[_current]
    if values.get("n") == 1 and f"{key}.one" in strings:
        key = f"{key}.one"  # the singular, where the language has one of its own
    text = strings.get(key) or sv.STRINGS[key]
    return text.format(**values) if values else text


def label(value: Enum) -> str:
    """The room's word for an enum value (sector, work form, kind, status)."""
    return t(f"{type(value).__name__}.{value.value}")
