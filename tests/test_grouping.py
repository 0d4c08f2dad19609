"""Mixed groups: the balance and size rules, repeats avoided, determinism, moving by hand."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from natverk_tui.grouping import (
    Split,
    group_of,
    groups_for,
    history,
    move,
    propose,
    propose_for_step,
    repeated_pairs,
    sector_counts,
    together_counts,
)
from natverk_tui.model import Group, Participant, Sector, Session

SECTORS = list(Sector)


def room(sectors: list[Sector], absent: Collection[int] = ()) -> list[Participant]:
    return [Participant(number=i + 1, sector=s, present=i not in absent) for i, s in enumerate(sectors)]


def check_rules(people: list[Participant], groups: list[Group]) -> None:
    """Everyone present exactly once, no one absent; sizes, sector shares and spans balanced."""
    here = [p for p in people if p.present]
    placed = [m for g in groups for m in g.members]
    assert sorted(placed) == sorted(p.id for p in here)
    sizes = [len(g.members) for g in groups]
    assert max(sizes) - min(sizes) <= 1
    assert min(sizes) >= 1
    total = Counter(p.sector for p in here)
    per_group = sector_counts(groups, {p.id: p for p in people})
    n = len(groups)
    for sector, count in total.items():
        shares = [c.get(sector, 0) for c in per_group]
        assert all(count // n <= s <= -(-count // n) for s in shares), (sector, shares)
    spans = [len(c) for c in per_group]
    assert max(spans) - min(spans) <= 1
    # The most sectors each group can span, given every sector's numbers.
    assert sum(spans) == sum(min(c, n) for c in total.values())


def test_23_people_four_sectors_five_groups() -> None:
    people = room([Sector.MYNDIGHET] * 8 + [Sector.FORETAG] * 7 + [Sector.FACK] * 5 + [Sector.OVRIGT] * 3)
    groups = propose(people, Split.groups(5), seed=1)
    assert [g.name for g in groups] == ["Grupp 1", "Grupp 2", "Grupp 3", "Grupp 4", "Grupp 5"]
    check_rules(people, groups)
    assert all(len(c) >= 3 for c in sector_counts(groups, {p.id: p for p in people}))


def test_split_counts() -> None:
    assert Split.groups(5).count(23) == 5
    assert Split.groups(5).count(3) == 3
    assert Split.size(4).count(23) == 6
    assert Split.size(4).count(10) == 3
    assert Split.size(30).count(10) == 1
    assert Split.pairs().count(23) == 11
    assert Split.pairs().count(3) == 1
    assert Split.pairs().count(0) == 0


def test_pairs_are_named_pairs_and_an_odd_person_makes_a_three() -> None:
    people = room([Sector.MYNDIGHET, Sector.FACK, Sector.FORETAG, Sector.MYNDIGHET, Sector.FACK])
    groups = propose(people, Split.pairs(), seed=3)
    assert [g.name for g in groups] == ["Par 1", "Par 2"]
    assert sorted(len(g.members) for g in groups) == [2, 3]
    check_rules(people, groups)


def test_absent_people_are_left_out() -> None:
    people = room([Sector.MYNDIGHET, Sector.FACK, Sector.FORETAG, Sector.MYNDIGHET], absent={1})
    groups = propose(people, Split.groups(2), seed=0)
    placed = {m for g in groups for m in g.members}
    assert people[1].id not in placed
    assert len(placed) == 3


def test_nobody_present_gives_no_groups() -> None:
    assert propose(room([Sector.FACK], absent={0}), Split.groups(3)) == []


def test_same_seed_same_groups_other_seed_reshuffles() -> None:
    people = room(SECTORS * 6)
    first = [g.members for g in propose(people, Split.groups(4), seed=7)]
    again = [g.members for g in propose(people, Split.groups(4), seed=7)]
    assert first == again
    others = {tuple(map(tuple, (g.members for g in propose(people, Split.groups(4), seed=s))))
              for s in range(10)}
    assert len(others) > 1


def test_second_round_avoids_the_first_rounds_pairs() -> None:
    people = room([Sector.MYNDIGHET] * 8 + [Sector.FORETAG] * 7 + [Sector.FACK] * 5 + [Sector.OVRIGT] * 3)
    earlier: list[list[Group]] = []
    for seed in range(3):
        groups = propose(people, Split.groups(5), earlier, seed=seed)
        check_rules(people, groups)
        earlier.append(groups)
    repeats, total = repeated_pairs(earlier[1], earlier[:1])
    assert total > 0
    assert repeats == 0
    repeats3, _ = repeated_pairs(earlier[2], earlier[:2])
    assert repeats3 <= 2


def test_repeats_are_avoided_where_a_blind_split_would_repeat() -> None:
    """Two groups of a room of 8: a blind split repeats pairs, the history-aware one fewer."""
    people = room(SECTORS * 2)
    first = propose(people, Split.groups(2), seed=0)
    aware = sum(repeated_pairs(propose(people, Split.groups(2), [first], seed=s), [first])[0]
                for s in range(20))
    blind = sum(repeated_pairs(propose(people, Split.groups(2), seed=s), [first])[0] for s in range(20))
    assert aware < blind


def test_together_counts_and_history_skip_the_step_itself(session: Session) -> None:
    a, b, c = "p-a", "p-b", "p-c"
    session.groups = {
        "tema1.a": [Group(name="Grupp 1", members=[a, b, c])],
        "tema1.b": [Group(name="Grupp 1", members=[a, b]), Group(name="Grupp 2", members=[c])],
    }
    counts = together_counts(history(session, "tema1.b"))
    assert counts[frozenset((a, b))] == 1
    counts = together_counts(session.groups.values())
    assert counts[frozenset((a, b))] == 2
    assert counts[frozenset((a, c))] == 1
    assert frozenset((b, c)) in counts


def test_propose_for_step_uses_the_session(session: Session) -> None:
    session.participants = room(SECTORS * 3)
    first = propose_for_step(session, "tema1.a", Split.groups(3), seed=0)
    session.groups["tema1.a"] = first
    second = propose_for_step(session, "tema1.b", Split.groups(3), seed=0)
    # Four people per group drawn from three earlier groups: each group must hold one
    # earlier pair, so three repeats of eighteen pairs is the best there is.
    assert repeated_pairs(second, [first]) == (3, 18)


def test_groups_carry_to_following_steps_of_the_same_work_form(session: Session) -> None:
    """Tema 1 a) and b) are both in mixed groups: b) sits in a)'s groups until the
    facilitator reshuffles; c) (individually) and d) (whole group) end the run."""
    first = [Group(name="Grupp 1", members=["p-a", "p-b"]), Group(name="Grupp 2", members=["p-c"])]
    session.groups["tema1.a"] = first
    assert groups_for(session, "tema1.a") == first
    assert groups_for(session, "tema1.b") == first
    assert groups_for(session, "tema1.c") == []
    assert groups_for(session, "tema1.d") == []
    assert groups_for(session, "inledning.presentation") == []
    reshuffled = [Group(name="Grupp 1", members=["p-a", "p-c"]), Group(name="Grupp 2", members=["p-b"])]
    session.groups["tema1.b"] = reshuffled
    assert groups_for(session, "tema1.b") == reshuffled
    assert groups_for(session, "tema1.a") == first


def test_move_a_person_by_hand() -> None:
    people = room(SECTORS * 2)
    groups = propose(people, Split.groups(2), seed=0)
    person = groups[0].members[0]
    moved = move(groups, person, 1)
    assert group_of(moved, person) == 1
    assert person not in moved[0].members
    assert [g.id for g in moved] == [g.id for g in groups]
    assert groups[0].members[0] == person  # the proposal itself is untouched
    with pytest.raises(IndexError):
        move(groups, person, 2)


def test_members_keep_roster_order() -> None:
    people = room(SECTORS * 3)
    rank = {p.id: i for i, p in enumerate(people)}
    for g in propose(people, Split.groups(3), seed=5):
        assert g.members == sorted(g.members, key=rank.__getitem__)


rooms = st.lists(st.sampled_from(SECTORS), min_size=2, max_size=60)


@settings(max_examples=150, deadline=None)
@given(sectors=rooms, how=st.sampled_from(["groups", "size", "pairs"]), n=st.integers(1, 12),
       seed=st.integers(0, 2**32), absent=st.sets(st.integers(0, 59), max_size=5))
def test_rules_hold_for_random_rooms(sectors: list[Sector], how: str, n: int, seed: int,
                                     absent: set[int]) -> None:
    people = room(sectors, absent)
    split = {"groups": Split.groups(n), "size": Split.size(n), "pairs": Split.pairs()}[how]
    groups = propose(people, split, seed=seed)
    here = sum(p.present for p in people)
    assert len(groups) == split.count(here)
    if groups:
        check_rules(people, groups)
    assert [g.members for g in propose(people, split, seed=seed)] == [g.members for g in groups]


@settings(max_examples=60, deadline=None)
@given(sectors=rooms, n=st.integers(2, 8), seed=st.integers(0, 2**32))
def test_rules_hold_with_history(sectors: list[Sector], n: int, seed: int) -> None:
    """Avoiding repeats never breaks the balance rules or the determinism."""
    people = room(sectors)
    earlier: list[list[Group]] = []
    for r in range(3):
        groups = propose(people, Split.groups(n), earlier, seed=seed + r)
        check_rules(people, groups)
        again = propose(people, Split.groups(n), earlier, seed=seed + r)
        assert [g.members for g in again] == [g.members for g in groups]
        earlier.append(groups)


@pytest.mark.parametrize(("present", "expected"), [(0, 1), (2, 1), (7, 2), (15, 5), (40, 5)])
def test_default_count_gives_groups_of_at_least_three(
    session: Session, present: int, expected: int
) -> None:
    from natverk_tui.grouping import default_count

    session.participants = [Participant(number=n) for n in range(present)]
    session.participants.append(Participant(number=99, present=False))
    assert default_count(session) == expected


def test_default_split_is_pairs_on_a_pairs_step(session: Session) -> None:
    from natverk_tui.grouping import SplitKind, default_split
    from natverk_tui.model import WorkForm

    session.participants = [Participant(number=n) for n in range(9)]
    assert default_split(session, "tema1.a") == Split.groups(3)
    session.plan.step("tema1.a").work_form = WorkForm.PAIRS
    assert default_split(session, "tema1.a").kind is SplitKind.PAIRS
