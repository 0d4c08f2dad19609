"""natverk-tui: run a projected network meeting against work-related crime in construction."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("natverk-tui")
except PackageNotFoundError:  # running from a source tree without an install
    __version__ = "0.0.0"
