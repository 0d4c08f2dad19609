"""natverk-tui: run a projected network meeting against work-related crime in construction."""

from __future__ import annotations


def __getattr__(name: str) -> str:
    # Looked up only when asked for: importlib.metadata costs ~30 ms at every start.
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("natverk-tui")
        except PackageNotFoundError:  # running from a source tree without an install
            return "0.0.0"
    raise AttributeError(name)
