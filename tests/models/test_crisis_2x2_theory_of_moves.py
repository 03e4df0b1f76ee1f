"""Brams' theory of moves in ``crisis_2x2``: end states, the two-sidedness convention and
non-myopic equilibria, against published results and an explicit game-tree simulation."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

import detente.models as dm
from detente.models.library.crisis_2x2 import (
    INDETERMINATE,
    PRESETS,
    nonmyopic_mask,
    tom_end_states,
    tom_outcomes,
)

CELLS = ("CC", "CD", "DC", "DD")
RANKS = list(itertools.permutations([1.0, 2.0, 3.0, 4.0]))


@pytest.fixture(scope="module")
def all_strict_games() -> tuple[np.ndarray, np.ndarray]:
    """The 24 x 24 = 576 strict ordinal 2x2 bimatrices, row and column ranks (576, 2, 2)."""
    row = np.array([np.reshape(r, (2, 2)) for r in RANKS for _ in RANKS])
    col = np.array([np.reshape(c, (2, 2)) for _ in RANKS for c in RANKS])
    return row, col


def bimatrix(values: dict[str, float]) -> np.ndarray:
    return np.array(
        [
            [(values["r_cc"], values["c_cc"]), (values["r_cd"], values["c_cd"])],
            [(values["r_dc"], values["c_dc"]), (values["r_dd"], values["c_dd"])],
        ]
    )


# --- an independent, explicit simulation of the move-countermove tree -----------------------
def _switch(cell: tuple[int, int], mover: int) -> tuple[int, int]:
    i, j = cell
    return (1 - i, j) if mover == 0 else (i, 1 - j)


def _play_on(u, start, cell, mover, moves_made):
    """Terminal cell of the subtree where ``mover`` decides at ``cell`` after
    ``moves_made`` moves: stop there, or switch and let the other player decide. The fourth
    move brings play back to ``start`` and ends it (rules 2-4, 6)."""
    if moves_made == 4:
        return cell
    nxt = _switch(cell, mover)
    after = nxt if moves_made == 3 else _play_on(u, start, nxt, 1 - mover, moves_made + 1)
    return after if u[mover][after] > u[mover][cell] else cell


def _brute_end(u, start):
    """Where play from ``start`` ends, by walking both players' game trees."""
    opened = {}
    for p in (0, 1):
        first = _switch(start, p)
        opened[p] = _play_on(u, start, first, 1 - p, 1)
    wants = {p: u[p][opened[p]] > u[p][start] for p in (0, 1)}
    if not wants[0] and not wants[1]:
        return start
    if wants[0] != wants[1]:
        mover = 0 if wants[0] else 1
        other = 1 - mover
        # two-sidedness: the other moves first if it prefers where its own move leads
        if u[other][opened[other]] > u[other][opened[mover]]:
            return opened[other]
        return opened[mover]
    if opened[0] == opened[1]:
        return opened[0]
    waits = {p: u[p][opened[1 - p]] > u[p][opened[p]] for p in (0, 1)}
    if waits[0] and not waits[1]:
        return opened[1]
    if waits[1] and not waits[0]:
        return opened[0]
    return None


def test_vectorized_end_states_equal_an_explicit_game_tree_walk_on_all_576_games(
    all_strict_games,
):
    """Cross-check: ``tom_end_states`` (backward sweeps over a batch) against a recursive
    walk of each player's move-countermove tree (Brams 1994, rules 1-6) with the
    two-sidedness convention, game by game."""
    row, col = all_strict_games
    ends = tom_end_states(row, col).reshape(-1, 4)
    for k in range(row.shape[0]):
        u = (
            {(i, j): row[k, i, j] for i in (0, 1) for j in (0, 1)},
            {(i, j): col[k, i, j] for i in (0, 1) for j in (0, 1)},
        )
        for s in range(4):
            expected = _brute_end(u, divmod(s, 2))
            code = INDETERMINATE if expected is None else 2 * expected[0] + expected[1]
            assert ends[k, s] == code, (k, CELLS[s], row[k].tolist(), col[k].tolist())


def test_every_strict_ordinal_game_has_a_nonmyopic_equilibrium(all_strict_games):
    """Brams & Ismail (2022, Theorem 1): every finite normal-form game has at least one
    (Pareto-optimal) NME; with the two-sidedness convention all 576 strict ordinal 2x2
    bimatrices have one (without it, 40 have none)."""
    row, col = all_strict_games
    assert nonmyopic_mask(row, col).any(axis=(-1, -2)).all()


def test_nonmyopic_equilibria_are_exactly_the_cells_that_are_their_own_end(all_strict_games):
    """Definition (Brams 1994, ch. 1): an NME is a state from which play does not move."""
    row, col = all_strict_games
    ends = tom_end_states(row, col)
    assert (nonmyopic_mask(row, col) == (ends == np.arange(4).reshape(2, 2))).all()


def test_end_states_are_never_worse_for_both_players_than_the_start(all_strict_games):
    """Rule 5 (Brams 1994): play only leaves a start through a move its maker expects to
    end better for it, so no end state is worse for both players than the start."""
    row, col = all_strict_games
    ends = tom_end_states(row, col).reshape(-1, 4)
    u_r, u_c = row.reshape(-1, 4), col.reshape(-1, 4)
    for s in range(4):
        ok = ends[:, s] != INDETERMINATE
        e = np.where(ok, ends[:, s], s)
        worse_for_both = (u_r[np.arange(len(e)), e] < u_r[:, s]) & (
            u_c[np.arange(len(e)), e] < u_c[:, s]
        )
        assert not (ok & worse_for_both).any()


def test_prisoners_dilemma_ends_in_cooperation_from_every_start_but_mutual_defection():
    """Woerdman (2000, Rationality and Society 12(1), 67-86, abstract): 'According to Brams'
    Theory of Moves (TOM), mutual cooperation will emerge in the Prisoner's Dilemma Game
    from all initial states (except initial state (2,2))'; Brams & Ismail (2022, section 1):
    in Prisoners' Dilemma both the noncooperative (2,2) and the cooperative (3,3) outcomes
    are NMEs."""
    out = tom_outcomes(bimatrix(PRESETS["prisoners_dilemma"]))
    assert {s: e["end"] for s, e in out.items()} == {
        "CC": "CC",
        "CD": "CC",
        "DC": "CC",
        "DD": "DD",
    }


def test_prisoners_dilemma_without_two_sidedness_ends_in_defection_except_from_cooperation():
    """Woerdman (2000, abstract): 'only applying the rules of TOM to the PDG (including the
    precedence norm) yields mutual defection from all initial states (except initial state
    (3,3))'. Without the convention, the player whose own backward induction says move
    takes precedence, and from (4,1), (1,4) and (2,2) that ends at (2,2)."""
    out = tom_outcomes(bimatrix(PRESETS["prisoners_dilemma"]))
    for start, entry in out.items():
        finals = {entry["row first"], entry["column first"]} - {start}
        precedence = finals.pop() if finals else start
        assert precedence == ("CC" if start == "CC" else "DD")


def _canonical(row: np.ndarray, col: np.ndarray) -> tuple:
    """One representative per class of games equal up to relabelling strategies or
    players (Rapoport & Guyer 1966)."""
    forms = []
    for r, c in ((row, col), (col.T, row.T)):
        for fi in (1, -1):
            for fj in (1, -1):
                forms.append((*r[::fi, ::fj].ravel(), *c[::fi, ::fj].ravel()))
    return min(forms)


def test_cooperative_outcome_is_an_nme_in_all_but_one_of_45_conflict_games(all_strict_games):
    """Brams & Ismail (2022, section 1): 'In 45 of the 57 distinct 2 x 2 strict ordinal games
    of conflict with a cooperative outcome, this outcome is an NME ... in all except one.'
    Here a game of conflict has no outcome both rank 4 (57 of Rapoport & Guyer's 78
    classes), and a cooperative outcome is one both rank 3 or better; exactly 45 conflict
    games have one (this reading of 'cooperative' is ours; the counts are theirs)."""
    row, col = all_strict_games
    nme = nonmyopic_mask(row, col).reshape(-1, 4)
    u_r, u_c = row.reshape(-1, 4), col.reshape(-1, 4)
    classes: dict[tuple, int] = {}
    for k in range(row.shape[0]):
        classes.setdefault(_canonical(row[k], col[k]), k)
    assert len(classes) == 78
    conflict = [k for k in classes.values() if not ((u_r[k] == 4) & (u_c[k] == 4)).any()]
    assert len(conflict) == 57
    cooperative = {k: np.flatnonzero((u_r[k] >= 3) & (u_c[k] >= 3)) for k in conflict}
    with_coop = [k for k, cells in cooperative.items() if cells.size]
    assert len(with_coop) == 45
    assert sum(bool(nme[k, cooperative[k]].any()) for k in with_coop) == 44


def test_chicken_ends_in_compromise_except_from_mutual_conflict():
    """Derived from Brams' rules (1994, ch. 1) with the two-sidedness convention: from
    (4,2) the loser's move would lead to (2,4), but the winner prefers the (3,3) its own
    move leads to and moves first; from (1,1) each would move but prefers the other to move
    first, which the rules leave open."""
    out = tom_outcomes(bimatrix(PRESETS["chicken"]))
    assert {s: e["end"] for s, e in out.items()} == {
        "CC": "CC",
        "CD": "CC",
        "DC": "CC",
        "DD": None,
    }


def test_theory_reports_nonmyopic_equilibria_for_a_batch_of_presets():
    """The model's closed form (``nme_*`` values) agrees with ``tom_end_states``, vectorized
    over a batch of parameter points."""
    names = sorted(PRESETS)
    q = {k: np.array([PRESETS[n][k] for n in names]) for k in PRESETS[names[0]]}
    values = dm.get("crisis_2x2").theory(q).values
    for b, name in enumerate(names):
        m = bimatrix(PRESETS[name])
        ends = tom_end_states(m[..., 0], m[..., 1]).reshape(4)
        for s, cell in enumerate(CELLS):
            assert bool(values[f"nme_{cell}"][b]) == (ends[s] == s), (name, cell)
