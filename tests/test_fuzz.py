"""A seeded fuzz run over themes, programme and session files (about 30 s): every mutant
gives exit 0 or 2 from every command that reads it, no traceback, no hang, and the file is
left as it was; a session `check` accepts also opens. `benchmarks/fuzz.py` runs more."""

from __future__ import annotations

from pathlib import Path

from fuzzing import fuzz


def test_fuzzed_files_never_crash_hang_or_change(tmp_path: Path) -> None:
    tally = fuzz(seed=13, count=400, budget=25.0, folder=tmp_path, timeout=20.0, max_opens=2)
    assert tally.mutants >= 20, tally
    assert tally.tracebacks == []
    assert tally.hangs == []
    assert tally.changed == []
    assert set(tally.codes) <= {"exit 0", "exit 2", "open exit 0"}, tally.codes
    assert tally.codes["exit 2"] > 0 and tally.codes["exit 0"] > 0
