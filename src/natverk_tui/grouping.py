"""Mixed groups: split the present participants into groups that mix sectors evenly and,
from one step to the next, put the same people together again as little as the room allows."""

from __future__ import annotations

import math
import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from itertools import combinations

from natverk_tui.locale import t
from natverk_tui.model import Group, Participant, Sector, Session, WorkForm

# Independent starts of the local search; the best one wins.
RESTARTS = 6
# Groups for a full room; a small room gets fewer, of at least MIN_GROUP_SIZE each.
DEFAULT_GROUPS = 5
MIN_GROUP_SIZE = 3


class SplitKind(StrEnum):
    GROUPS = "groups"  # N groups
    SIZE = "size"  # groups of about k people
    PAIRS = "pairs"


@dataclass(frozen=True)
class Split:
    """What the facilitator asked for: N groups, groups of size k, or pairs."""

    kind: SplitKind
    value: int = 2

    @classmethod
    def groups(cls, n: int) -> Split:
        return cls(SplitKind.GROUPS, max(1, n))

    @classmethod
    def size(cls, k: int) -> Split:
        return cls(SplitKind.SIZE, max(1, k))

    @classmethod
    def pairs(cls) -> Split:
        return cls(SplitKind.PAIRS, 2)

    def count(self, people: int) -> int:
        """How many groups `people` persons make; never more groups than people."""
        if people <= 0:
            return 0
        if self.kind is SplitKind.GROUPS:
            wanted = self.value
        elif self.kind is SplitKind.PAIRS:
            # An odd person joins a pair as a third, never stands alone.
            wanted = people // 2
        else:
            # The nearest count to people/k, so sizes land around k.
            wanted = math.floor(people / self.value + 0.5)
        return max(1, min(wanted, people))

    def name(self, number: int) -> str:
        key = "group.pair_name" if self.kind is SplitKind.PAIRS else "group.name"
        return t(key, n=number)


def together_counts(earlier: Iterable[Sequence[Group]]) -> dict[frozenset[str], int]:
    """How often each pair of people has been in the same group in earlier groupings."""
    counts: dict[frozenset[str], int] = {}
    for grouping in earlier:
        for group in grouping:
            for a, b in combinations(sorted(set(group.members)), 2):
                key = frozenset((a, b))
                counts[key] = counts.get(key, 0) + 1
    return counts


def history(session: Session, step_id: str) -> list[list[Group]]:
    """The session's groupings of every other step (the step's own earlier proposal does not count)."""
    return [groups for sid, groups in session.groups.items() if sid != step_id]


def groups_for(session: Session, step_id: str) -> list[Group]:
    """The groups the room sits in during a step: the step's own, or else those of the
    nearest earlier step in an unbroken run of steps with the same work form (Tema 1 a)
    and b) are both in mixed groups, so b) keeps a)'s groups until the facilitator
    reshuffles). Any other work form in between ends the run; the groups do not come back."""
    steps = session.plan.steps
    index = session.plan.index(step_id)
    form = steps[index].work_form
    for step in reversed(steps[: index + 1]):
        if step.work_form is not form:
            break
        if step.id in session.groups:
            return session.groups[step.id]
    return []


def present(participants: Iterable[Participant]) -> list[Participant]:
    return [p for p in participants if p.present]


def propose(
    participants: Sequence[Participant],
    split: Split,
    earlier: Iterable[Sequence[Group]] = (),
    seed: int = 0,
) -> list[Group]:
    """Groups of the present participants: sizes differ by at most one, each sector is spread
    as evenly as its numbers allow (every group gets the floor or ceiling of its share), the
    number of sectors in each group differs by at most one between groups, and pairs who were
    together before meet again as rarely as the search finds. The same seed gives the same groups."""
    people = present(participants)
    g = split.count(len(people))
    if g == 0:
        return []
    rng = random.Random(seed)
    order = {p.id: i for i, p in enumerate(participants)}
    weights = together_counts(earlier)
    index = {p.id: i for i, p in enumerate(people)}
    w = [[0] * len(people) for _ in people]
    for pair, times in weights.items():
        a, b = tuple(pair)
        if a in index and b in index:
            w[index[a]][index[b]] = w[index[b]][index[a]] = times

    best: list[list[int]] | None = None
    best_cost = -1
    for _ in range(RESTARTS if weights else 1):
        search = _Search(people, g, w, rng)
        search.improve()
        cost = search.cost()
        if best is None or cost < best_cost:
            best, best_cost = search.members(), cost
        if best_cost == 0:
            break
    assert best is not None
    groups = []
    for number, members in enumerate(best, start=1):
        ids = sorted((people[i].id for i in members), key=order.__getitem__)
        groups.append(Group(name=split.name(number), members=ids))
    return groups


def default_count(session: Session) -> int:
    """How many groups to propose first: five for a full room, fewer in a small one."""
    people = len(present(session.participants))
    return max(1, min(DEFAULT_GROUPS, people // MIN_GROUP_SIZE))


def default_split(session: Session, step_id: str) -> Split:
    """What to propose first for a step: pairs for a pairs step, else default_count groups."""
    if session.plan.step(step_id).work_form is WorkForm.PAIRS:
        return Split.pairs()
    return Split.groups(default_count(session))


def propose_for_step(session: Session, step_id: str, split: Split, seed: int = 0) -> list[Group]:
    return propose(session.participants, split, history(session, step_id), seed)


def move(groups: Sequence[Group], person: str, target: int) -> list[Group]:
    """The groups with one person moved by hand into group number `target` (0-based)."""
    if not 0 <= target < len(groups):
        raise IndexError(target)
    moved = []
    for i, group in enumerate(groups):
        members = [m for m in group.members if m != person]
        if i == target:
            members.append(person)
        moved.append(group.model_copy(update={"members": members}))
    return moved


def group_of(groups: Sequence[Group], person: str) -> int | None:
    for i, group in enumerate(groups):
        if person in group.members:
            return i
    return None


def repeated_pairs(groups: Sequence[Group], earlier: Iterable[Sequence[Group]]) -> tuple[int, int]:
    """(pairs in these groups that were together before, all pairs in these groups)."""
    seen = together_counts(earlier)
    repeats = total = 0
    for group in groups:
        for a, b in combinations(sorted(set(group.members)), 2):
            total += 1
            repeats += frozenset((a, b)) in seen
    return repeats, total


def sector_counts(groups: Sequence[Group], people: Mapping[str, Participant]) -> list[dict[Sector, int]]:
    """Per group, how many members of each sector it has."""
    out = []
    for group in groups:
        counts: dict[Sector, int] = {}
        for pid in group.members:
            sector = people[pid].sector
            counts[sector] = counts.get(sector, 0) + 1
        out.append(counts)
    return out


class _Search:
    """A local search over assignments that never leaves the balanced ones.

    It starts from a count-off: people sorted by sector (the largest sectors first, so the
    small ones land in different groups) are dealt round the groups. That already meets the
    balance rules. Swaps and moves are then kept only when they lower the number of repeated
    meetings and keep every rule."""

    def __init__(self, people: Sequence[Participant], g: int, w: list[list[int]], rng: random.Random):
        self.g = g
        self.w = w
        self.rng = rng
        sectors: dict[Sector, list[int]] = {}
        for i, p in enumerate(people):
            sectors.setdefault(p.sector, []).append(i)
        keys = list(sectors)
        rng.shuffle(keys)
        keys.sort(key=lambda s: -len(sectors[s]))
        self.sector_of = [keys.index(p.sector) for p in people]
        self.low = [len(sectors[s]) // g for s in keys]
        self.high = [-(-len(sectors[s]) // g) for s in keys]
        self.group_of = [0] * len(people)
        self.counts = [[0] * len(keys) for _ in range(g)]
        self.sizes = [0] * g
        slots = list(range(g))
        rng.shuffle(slots)
        position = 0
        for s in keys:
            members = list(sectors[s])
            rng.shuffle(members)
            for i in members:
                self._place(i, slots[position % g])
                position += 1
        # affinity[i][k]: how often person i met the current members of group k before.
        self.affinity = [[0] * g for _ in people]
        for i in range(len(people)):
            for j in range(len(people)):
                if w[i][j]:
                    self.affinity[i][self.group_of[j]] += w[i][j]

    def _place(self, i: int, k: int) -> None:
        self.group_of[i] = k
        self.counts[k][self.sector_of[i]] += 1
        self.sizes[k] += 1

    def _unplace(self, i: int) -> None:
        k = self.group_of[i]
        self.counts[k][self.sector_of[i]] -= 1
        self.sizes[k] -= 1

    def _distinct(self, k: int) -> int:
        return sum(1 for c in self.counts[k] if c)

    def _balanced(self, touched: tuple[int, int]) -> bool:
        for k in touched:
            for s, c in enumerate(self.counts[k]):
                if not self.low[s] <= c <= self.high[s]:
                    return False
        distinct = [self._distinct(k) for k in range(self.g)]
        return max(self.sizes) - min(self.sizes) <= 1 and max(distinct) - min(distinct) <= 1

    def _relocate(self, i: int, k: int) -> None:
        old = self.group_of[i]
        self._unplace(i)
        self._place(i, k)
        for j, wj in enumerate(self.w[i]):
            if wj:
                self.affinity[j][old] -= wj
                self.affinity[j][k] += wj

    def cost(self) -> int:
        return sum(self.affinity[i][self.group_of[i]] for i in range(len(self.group_of))) // 2

    def improve(self) -> None:
        n = len(self.group_of)
        candidates = [(i, j) for i in range(n) for j in range(n) if i != j]
        improved = True
        while improved:
            improved = False
            self.rng.shuffle(candidates)
            for i, j in candidates:
                gi, gj = self.group_of[i], self.group_of[j]
                if gi == gj:
                    continue
                aff_i, aff_j = self.affinity[i], self.affinity[j]
                # Move i into j's group, where sizes allow it.
                if self.sizes[gi] > self.sizes[gj] and aff_i[gj] < aff_i[gi]:
                    self._relocate(i, gj)
                    if self._balanced((gi, gj)):
                        improved = True
                        continue
                    self._relocate(i, gi)
                # Swap i and j (only counted once per unordered pair).
                if i < j:
                    wij = self.w[i][j]
                    delta = (aff_i[gj] - wij - aff_i[gi]) + (aff_j[gi] - wij - aff_j[gj])
                    if delta < 0:
                        self._relocate(i, gj)
                        self._relocate(j, gi)
                        if self.sector_of[i] == self.sector_of[j] or self._balanced((gi, gj)):
                            improved = True
                            continue
                        self._relocate(i, gi)
                        self._relocate(j, gj)

    def members(self) -> list[list[int]]:
        out: list[list[int]] = [[] for _ in range(self.g)]
        for i, k in enumerate(self.group_of):
            out[k].append(i)
        return out
