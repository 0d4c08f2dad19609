"""UI strings: Swedish by default, English with `--lang en` or NATVERK_LANG=en."""

from __future__ import annotations

import dataclasses
import os
import sys
from collections.abc import Iterator
from enum import Enum
from typing import TYPE_CHECKING, Any

from natverk_tui.locale import en, sv

if TYPE_CHECKING:
    from textual.dom import DOMNode

LANGUAGES: dict[str, dict[str, str]] = {"sv": sv.STRINGS, "en": en.STRINGS}
_current = "sv"


def set_language(lang: str | None = None) -> str:
    """Choose the language; without an argument, from NATVERK_LANG (default Swedish)."""
    global _current
    lang = (lang or os.environ.get("NATVERK_LANG") or "sv").lower()[:2]
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r} (sv or en)")
    _current = lang
    _relabel_bindings()
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


class Phrase(str):
    """A UI string that remembers its key, so that it can be said again in another
    language. Key bindings use it: their descriptions are made when a class is defined,
    which may be before the language is chosen."""

    key: str
    values: dict[str, object]

    def __new__(cls, key: str, values: dict[str, object] | None = None) -> Phrase:
        phrase = super().__new__(cls, t(key, **(values or {})))
        phrase.key = key
        phrase.values = dict(values or {})
        return phrase

    def again(self) -> Phrase:
        """The same phrase in the current language."""
        return Phrase(self.key, self.values)

    def __reduce__(self) -> tuple[type[Phrase], tuple[str, dict[str, object]]]:
        return (Phrase, (self.key, self.values))


def phrase(key: str, **values: object) -> Phrase:
    """The string for key, as a Phrase: for `Binding` descriptions."""
    return Phrase(key, values)


def _subclasses(cls: type[DOMNode]) -> Iterator[type[DOMNode]]:
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def _relabel_bindings() -> None:
    """Say every key binding already defined in the current language: the footer, the help
    and the palette read them from the classes (Textual merges BINDINGS per class)."""
    if "textual.dom" not in sys.modules:
        return  # no widget class exists yet; those defined later use the new language
    from textual.binding import Binding
    from textual.dom import DOMNode

    def said_again(binding: Any) -> Any:
        if isinstance(binding, Binding) and isinstance(binding.description, Phrase):
            return dataclasses.replace(binding, description=binding.description.again())
        return binding

    classes = set(_subclasses(DOMNode))
    relabelled = set()
    for cls in classes:
        own = cls.__dict__.get("BINDINGS")
        if own and any(said_again(b) is not b for b in own):
            cls.BINDINGS = [said_again(b) for b in own]
            relabelled.add(cls)
    for cls in classes:
        if relabelled.intersection(cls.__mro__):
            cls._merged_bindings = cls._merge_bindings()
