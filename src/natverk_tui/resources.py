"""Where things are: the built-in library and programmes, the user's files and sessions."""

from __future__ import annotations

import datetime as dt
import os
import re
import unicodedata
from pathlib import Path

from natverk_tui.model import ThemeLibrary
from natverk_tui.store import load_library

DEFAULT_PROGRAMME = "heldag"


def data_dir() -> Path:
    """The wheel carries the files in natverk_tui/data; a checkout has them at its top."""
    packaged = Path(__file__).parent / "data"
    if (packaged / "themes.toml").exists():
        return packaged
    return Path(__file__).resolve().parents[2]


def builtin_themes() -> Path:
    return data_dir() / "themes.toml"


def builtin_agendas() -> Path:
    return data_dir() / "agendas"


def builtin_programme(name: str = DEFAULT_PROGRAMME) -> Path:
    return builtin_agendas() / f"{name}.toml"


def config_dir() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "natverk"


def user_themes() -> Path:
    return config_dir() / "themes.toml"


def sessions_dir() -> Path:
    """NATVERK_SESSIONS, or the XDG data folder."""
    explicit = os.environ.get("NATVERK_SESSIONS")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "natverk" / "sessions"


def library(themes_file: Path | None = None) -> ThemeLibrary:
    """The built-in library, with the user's own themes merged in where there are any."""
    lib = load_library(builtin_themes())
    extra = themes_file or (user_themes() if user_themes().exists() else None)
    if extra is not None:
        lib = lib.merged(load_library(extra))
    return lib


# What reads as a markup tag rather than a word: [bold red], [/], [/bold], [@click=...],
# [#ff0000], [$accent]. A bracketed word that starts upper case or with a digit ("[Örebro]",
# "[2026]") is a word of the title and stays.
MARKUP_TAG = re.compile(r"\[/?(?:[@#$]|[a-z])[^\[\]]*\]|\[/\]")
SLUG_LENGTH = 40


def slug(text: str) -> str:
    """The plain words of a title for a file name: markup tags left out, å ä ö as a o o
    (ASCII, so the name survives any file system and mail), at most 40 characters without
    cutting a word in two."""
    text = MARKUP_TAG.sub(" ", text)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    if len(words) > SLUG_LENGTH:
        cut = words[: SLUG_LENGTH + 1]
        words = cut[: cut.rindex("-")] if "-" in cut else cut[:SLUG_LENGTH]
    return words or "mote"


def new_session_path(title: str, date: dt.date, folder: Path | None = None) -> Path:
    """A fresh file name in the sessions folder: date and title, never an existing file."""
    folder = folder or sessions_dir()
    stem = f"{date.isoformat()}-{slug(title)}"
    path = folder / f"{stem}.toml"
    n = 2
    while path.exists():
        path = folder / f"{stem}-{n}.toml"
        n += 1
    return path
