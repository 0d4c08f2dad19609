"""Fuzz the files natverk reads: at least 1,000 seeded mutants of the built-in themes, each
programme and a filled session, each run through the commands a person would use on it
(check, export, themes, programme show, history) in a worker under a watchdog; sessions
that `check` accepts are also opened headless. Prints the counts: tracebacks, hangs, files
changed, exit codes.

    uv run python benchmarks/fuzz.py [--mutants 1000] [--seed 1] [--timeout 20] [--opens 100]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from fuzzing import Tally, fuzz


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mutants", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=20.0, help="seconds before a run is a hang")
    parser.add_argument("--opens", type=int, default=100, help="accepted sessions to open headless")
    parser.add_argument("--budget", type=float, default=3600.0, help="stop after this many seconds")
    args = parser.parse_args()
    start = time.monotonic()

    def progress(tally: Tally) -> None:
        if tally.mutants % 100 == 0:
            print(f"  {tally.mutants} mutants, {time.monotonic() - start:.0f} s", file=sys.stderr)

    with tempfile.TemporaryDirectory(prefix="natverk-fuzz-") as folder:
        tally = fuzz(args.seed, args.mutants, args.budget, Path(folder), args.timeout, args.opens,
                     progress)
    print(f"mutants      {tally.mutants}  (seed {args.seed})")
    print(f"runs         {tally.runs}  (of which headless opens {tally.opens})")
    print(f"tracebacks   {len(tally.tracebacks)}")
    opens = max(args.timeout, 60)
    print(f"hangs        {len(tally.hangs)}  (over {args.timeout:.0f} s; opens {opens:.0f} s)")
    print(f"files changed {len(tally.changed)}")
    for code, n in sorted(tally.codes.items()):
        print(f"{code:<12} {n}")
    print(f"time         {time.monotonic() - start:.0f} s")
    for item in [*tally.tracebacks[:5], *tally.hangs[:5], *tally.changed[:5]]:
        print("\n" + item)
    return 1 if tally.tracebacks or tally.hangs or tally.changed else 0


if __name__ == "__main__":
    sys.exit(main())
