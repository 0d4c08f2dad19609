"""Dot voting: the step's rules, the tally with its ties, top N, paper counts, anonymity."""

from __future__ import annotations

import itertools

import pytest

from natverk_tui import store
from natverk_tui.model import Contribution, Participant, Sector, Session
from natverk_tui.voting import (
    VoteError,
    candidates,
    dots_cast,
    not_voted,
    record_ballot,
    remove_ballot,
    set_paper_count,
    tally,
    top,
)

VOTE = "tema1.c"


@pytest.fixture
def room(session: Session) -> Session:
    """Five people (one away) and five improvement areas, nobody has voted yet."""
    session.participants = [
        Participant(number=n, sector=sector, present=n != 4)
        for n, sector in enumerate([Sector.MYNDIGHET, Sector.FORETAG, Sector.FACK,
                                    Sector.OVRIGT, Sector.FACK], start=1)
    ]
    session.contributions = [Contribution(step="tema1.b", text=f"Område {n}") for n in range(1, 6)]
    session.contributions.append(Contribution(step="tema1.a", text="En risk, inte en kandidat"))
    return session


def ids(session: Session) -> list[str]:
    return [c.id for c in candidates(session, VOTE)]


def people(session: Session) -> list[str]:
    return [p.id for p in session.participants]


def counts(session: Session) -> dict[str, int]:
    return {row.text: row.count for row in tally(session, VOTE)}


def test_candidates_are_the_named_steps_contributions(room: Session) -> None:
    assert [c.text for c in candidates(room, VOTE)] == [f"Område {n}" for n in range(1, 6)]


def test_no_more_dots_than_allowed(room: Session) -> None:
    a = ids(room)
    with pytest.raises(VoteError, match="högst 3 prickar"):
        record_ballot(room, VOTE, people(room)[0], a[:4])
    assert room.vote_for(VOTE).ballots == []
    assert room.vote_for(VOTE).voted == []
    record_ballot(room, VOTE, people(room)[0], a[:3])
    record_ballot(room, VOTE, people(room)[1], [])  # one may abstain
    assert dots_cast(room, VOTE) == 3


def test_a_step_may_allow_more_dots(room: Session) -> None:
    room.plan.step(VOTE).dots = 5
    record_ballot(room, VOTE, people(room)[0], ids(room))
    assert sum(counts(room).values()) == 5


def test_no_stacking_unless_allowed(room: Session) -> None:
    a = ids(room)
    with pytest.raises(VoteError, match="staplas"):
        record_ballot(room, VOTE, people(room)[0], [a[0], a[0]])
    room.plan.step(VOTE).stacking = True
    record_ballot(room, VOTE, people(room)[0], [a[0], a[0], a[1]])
    assert counts(room)["Område 1"] == 2
    with pytest.raises(VoteError, match="högst 3"):
        record_ballot(room, VOTE, people(room)[1], [a[0]] * 4)


def test_a_voter_only_once(room: Session) -> None:
    a = ids(room)
    first = people(room)[0]
    record_ballot(room, VOTE, first, [a[0]])
    with pytest.raises(VoteError, match="redan röstat"):
        record_ballot(room, VOTE, first, [a[1]])
    assert counts(room)["Område 2"] == 0


def test_unknown_voters_candidates_and_steps_are_refused(room: Session) -> None:
    a = ids(room)
    with pytest.raises(VoteError, match="okänd deltagare"):
        record_ballot(room, VOTE, "p-nobody", [a[0]])
    risk = room.contributions_for("tema1.a")[0].id
    with pytest.raises(VoteError, match="okänt område"):
        record_ballot(room, VOTE, people(room)[0], [risk])
    with pytest.raises(VoteError, match="inte en röstning"):
        record_ballot(room, "tema1.b", people(room)[0], [a[0]])
    assert not_voted(room, VOTE) == [p for p in people(room) if p != people(room)[3]]


def test_ties_are_ranked_and_marked(room: Session) -> None:
    a, p = ids(room), people(room)
    record_ballot(room, VOTE, p[0], [a[2], a[1], a[0]])
    record_ballot(room, VOTE, p[1], [a[1], a[2]])
    record_ballot(room, VOTE, p[2], [a[4]])
    rows = tally(room, VOTE)
    assert [(r.text, r.count, r.rank, r.tied) for r in rows] == [
        ("Område 2", 2, 1, True),
        ("Område 3", 2, 1, True),
        ("Område 1", 1, 3, True),
        ("Område 5", 1, 3, True),
        # No dots is not a tie worth marking.
        ("Område 4", 0, 5, False),
    ]


def test_top_n_takes_in_ties_at_the_boundary(room: Session) -> None:
    a, p = ids(room), people(room)
    record_ballot(room, VOTE, p[0], [a[0], a[1], a[2]])
    record_ballot(room, VOTE, p[1], [a[0], a[1], a[3]])
    record_ballot(room, VOTE, p[2], [a[0], a[2], a[3]])
    # Område 1: 3; Område 2, 3, 4: 2 each; Område 5: none.
    assert [r.text for r in top(room, VOTE, 1)] == ["Område 1"]
    assert [r.text for r in top(room, VOTE, 2)] == ["Område 1", "Område 2", "Område 3", "Område 4"]
    assert len(top(room, VOTE, 3)) == 4
    assert len(top(room, VOTE, 10)) == 4


def test_top_leaves_out_areas_without_dots(room: Session) -> None:
    assert top(room, VOTE, 3) == []
    record_ballot(room, VOTE, people(room)[0], [ids(room)[4]])
    assert [r.text for r in top(room, VOTE, 3)] == ["Område 5"]


def test_paper_counts_add_to_the_dots(room: Session) -> None:
    a = ids(room)
    record_ballot(room, VOTE, people(room)[0], [a[0]])
    set_paper_count(room, VOTE, a[0], 4)
    set_paper_count(room, VOTE, a[1], 6)
    assert counts(room)["Område 1"] == 5
    assert tally(room, VOTE)[0].text == "Område 2"
    assert dots_cast(room, VOTE) == 11
    set_paper_count(room, VOTE, a[1], 0)
    assert a[1] not in room.vote_for(VOTE).paper
    with pytest.raises(VoteError, match="negativt"):
        set_paper_count(room, VOTE, a[0], -1)
    assert counts(room)["Område 1"] == 5


def test_anonymous_ballots_carry_no_voter(room: Session) -> None:
    assert not room.attributed_votes
    a, p = ids(room), people(room)
    ballot = record_ballot(room, VOTE, p[0], [a[0]])
    assert ballot.voter is None
    assert all(b.voter is None for b in room.vote_for(VOTE).ballots)
    text = store.to_toml(room)
    assert "voter" not in text
    assert p[0] in text  # in `voted` (who has voted), never next to what they chose


def test_the_order_of_voting_does_not_pair_names_with_ballots(room: Session) -> None:
    a, p = ids(room), people(room)
    choices = {p[0]: [a[0], a[1]], p[1]: [a[2]], p[2]: [a[3], a[4], a[0]], p[4]: [a[1]]}
    stored = set()
    for order in itertools.permutations(choices):
        trial = room.model_copy(deep=True)
        trial.votes = []
        for voter in order:
            record_ballot(trial, VOTE, voter, choices[voter])
        vote = trial.vote_for(VOTE)
        stored.add(store.to_toml(vote))
    # Every order of voting leaves the same record behind: nothing to pair up.
    assert len(stored) == 1


def test_attributed_ballots_keep_the_voter(room: Session) -> None:
    room.attributed_votes = True
    a, p = ids(room), people(room)
    record_ballot(room, VOTE, p[1], [a[0]])
    record_ballot(room, VOTE, p[0], [a[1]])
    assert [b.voter for b in room.vote_for(VOTE).ballots] == [p[1], p[0]]


def test_not_voted_lists_present_people_only(room: Session) -> None:
    p = people(room)
    assert not_voted(room, VOTE) == [p[0], p[1], p[2], p[4]]
    record_ballot(room, VOTE, p[1], [ids(room)[0]])
    assert not_voted(room, VOTE) == [p[0], p[2], p[4]]
    room.participants[0].present = False
    assert not_voted(room, VOTE) == [p[2], p[4]]


def test_remove_a_ballot(room: Session) -> None:
    room.attributed_votes = True
    a, p = ids(room), people(room)
    ballot = record_ballot(room, VOTE, p[0], [a[0], a[1]])
    remove_ballot(room, VOTE, p[0], ballot)
    assert counts(room)["Område 1"] == 0
    assert p[0] in not_voted(room, VOTE)
    record_ballot(room, VOTE, p[0], [a[2]])
    assert counts(room)["Område 3"] == 1


def test_a_vote_survives_a_round_trip(room: Session) -> None:
    a, p = ids(room), people(room)
    record_ballot(room, VOTE, p[0], [a[0], a[1]])
    record_ballot(room, VOTE, p[1], [a[1]])
    set_paper_count(room, VOTE, a[4], 2)
    again = Session.model_validate(store.tomllib.loads(store.to_toml(room)))
    assert tally(again, VOTE) == tally(room, VOTE)


def test_hidden_results_keep_the_order_said_and_revealed_are_ranked(room: Session) -> None:
    from natverk_tui.voting import board

    areas = ids(room)
    record_ballot(room, VOTE, people(room)[0], [areas[4], areas[2]])
    record_ballot(room, VOTE, people(room)[1], [areas[4]])
    assert [r.candidate for r in board(room, VOTE)] == areas  # hidden: nothing given away
    room.vote_for(VOTE).revealed = True
    assert [r.candidate for r in board(room, VOTE)][:2] == [areas[4], areas[2]]


def test_reading_a_vote_does_not_add_one(room: Session) -> None:
    assert tally(room, VOTE) and room.votes == []
