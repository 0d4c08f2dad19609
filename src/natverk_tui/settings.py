"""The facilitator's preferences (theme, bell), remembered between meetings."""

from __future__ import annotations

import tomllib

from pydantic import BaseModel, ValidationError

from natverk_tui import resources, store

LIGHT_THEME = "natverk-ljus"
DARK_THEME = "natverk-mork"


class Settings(BaseModel):
    theme: str = DARK_THEME
    bell: bool = False


def load() -> Settings:
    """The saved settings; a missing or broken file gives the defaults, never an error."""
    path = resources.config_dir() / "settings.toml"
    try:
        return Settings.model_validate(tomllib.loads(path.read_text(encoding="utf-8")))
    except (OSError, tomllib.TOMLDecodeError, ValidationError):
        return Settings()


def save(settings: Settings) -> None:
    store.atomic_write(resources.config_dir() / "settings.toml", store.to_toml(settings), 0o600)
