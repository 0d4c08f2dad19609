"""How well the personal-data guard does: false alarms on text that describes phenomena
(the written corpus, the meeting guide, the built-in themes) and planted identifiers found,
per kind. Run: uv run python benchmarks/guard_accuracy.py"""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from guard_corpus import GUIDE, false_alarms, missed, phenomena, planted, theme_texts, ui_texts


def main() -> int:
    clean = {"phenomena.txt": phenomena(), "themes, agendas": theme_texts(), "UI strings": ui_texts()}
    if GUIDE.exists():
        clean["guide"] = GUIDE.read_text(encoding="utf-8").splitlines()
    print(f"{'clean text':<16}{'texts':>7}{'false alarms':>14}")
    alarms = 0
    for name, texts in clean.items():
        found = false_alarms(texts)
        alarms += len(found)
        print(f"{name:<16}{len(texts):>7}{len(found):>14}")
        for text, f in found:
            print(f"    {f.kind.value}: {f.text!r} in {text[:60]!r}")
    items = planted()
    started = time.perf_counter()
    lost = missed(items)
    took = time.perf_counter() - started
    total, gone = Counter(i.kind.value for i in items), Counter(i.kind.value for i in lost)
    print(f"\n{'planted':<22}{'found':>7}{'of':>5}")
    for kind, n in total.items():
        print(f"{kind:<22}{n - gone[kind]:>7}{n:>5}")
    print(f"{'all':<22}{len(items) - len(lost):>7}{len(items):>5}")
    for item in lost:
        print(f"    missed line {item.line}: {item.kind.value} {item.identifier!r}")
    print(f"\nfalse alarms: {alarms}; planted found: {len(items) - len(lost)}/{len(items)}"
          f" ({took * 1000 / len(items):.2f} ms per sentence)")
    return 0 if not alarms and not lost else 1


if __name__ == "__main__":
    raise SystemExit(main())
