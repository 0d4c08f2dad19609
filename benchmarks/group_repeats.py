"""How often people meet again: the repeated-pair rate over three rounds of groups,
natverk's proposals against a seeded random split, over many seeds.

Run with `uv run python benchmarks/group_repeats.py [SEEDS]`.
The rate is: of all pairs sitting together in rounds 2 and 3, the share that already
sat together in an earlier round."""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Sequence

from natverk_tui.grouping import Split, propose, repeated_pairs
from natverk_tui.model import Group, Participant, Sector

ROUNDS = 3

# (label, people per sector: myndighet, företag, fack, övrigt; groups)
ROOMS: list[tuple[str, tuple[int, int, int, int], Split]] = [
    ("23 people, 4 sectors, 5 groups", (8, 7, 5, 3), Split.groups(5)),
    ("12 people, 3 sectors, 3 groups", (5, 4, 3, 0), Split.groups(3)),
    ("16 people, 4 sectors, pairs", (6, 4, 4, 2), Split.pairs()),
    ("30 people, 4 sectors, groups of 5", (12, 9, 6, 3), Split.size(5)),
    ("45 people, 4 sectors, 9 groups", (18, 13, 10, 4), Split.groups(9)),
]


def make_room(per_sector: Sequence[int]) -> list[Participant]:
    sectors = [s for s, n in zip(Sector, per_sector, strict=True) for _ in range(n)]
    return [Participant(id=f"p{i}", number=i + 1, sector=s) for i, s in enumerate(sectors)]


def random_split(people: Sequence[Participant], split: Split, seed: int) -> list[Group]:
    """The baseline: shuffle and count off, sizes within one, no regard for sector or history."""
    rng = random.Random(seed)
    ids = [p.id for p in people]
    rng.shuffle(ids)
    n = split.count(len(ids))
    return [Group(name=str(k), members=ids[k::n]) for k in range(n)]


def rate(people: list[Participant], split: Split, seeds: int, aware: bool) -> float:
    repeats = total = 0
    for seed in range(seeds):
        earlier: list[list[Group]] = []
        for r in range(ROUNDS):
            round_seed = seed * ROUNDS + r
            if aware:
                groups = propose(people, split, earlier, seed=round_seed)
            else:
                groups = random_split(people, split, round_seed)
            if earlier:
                rep, tot = repeated_pairs(groups, earlier)
                repeats += rep
                total += tot
            earlier.append(groups)
    return repeats / total if total else 0.0


def main(argv: Sequence[str]) -> int:
    seeds = int(argv[0]) if argv else 200
    print(f"Repeated-pair rate in rounds 2-{ROUNDS}, {seeds} seeds per room")
    print(f"{'room':<36} {'natverk':>8} {'random':>8} {'ratio':>7}")
    for label, per_sector, split in ROOMS:
        people = make_room(per_sector)
        started = time.perf_counter()
        ours = rate(people, split, seeds, aware=True)
        elapsed = time.perf_counter() - started
        baseline = rate(people, split, seeds, aware=False)
        ratio = f"{ours / baseline:.3f}" if baseline else "-"
        print(f"{label:<36} {ours:>8.2%} {baseline:>8.2%} {ratio:>7}"
              f"   ({elapsed / (seeds * ROUNDS) * 1000:.1f} ms per proposal)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
