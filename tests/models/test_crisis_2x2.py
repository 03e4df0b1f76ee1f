"""2x2 crisis games against Snyder & Diesing (1977) and Brams' theory of moves (1994)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import detente.models as dm
from detente.errors import ParameterError
from detente.models.library.crisis_2x2 import (
    PRESETS,
    nash_equilibria_2x2,
    nonmyopic_equilibria,
    preset,
    tom_outcomes,
)

MODEL = dm.get("crisis_2x2")


def bimatrix(values: dict[str, float]) -> np.ndarray:
    return np.array(
        [
            [(values["r_cc"], values["c_cc"]), (values["r_cd"], values["c_cd"])],
            [(values["r_dc"], values["c_dc"]), (values["r_dd"], values["c_dd"])],
        ]
    )


# Snyder & Diesing (1977, ch. 2): the equilibria of each crisis game (pure cells; whether a
# fully mixed equilibrium exists) and the model's outcome label.
KNOWN = {
    "chicken": ({"CD", "DC"}, True, "Either prevails"),
    "prisoners_dilemma": ({"DD"}, False, "Conflict"),
    "stag_hunt": ({"CC", "DD"}, True, "Compromise or conflict"),
    "deadlock": ({"DD"}, False, "Conflict"),
    "called_bluff": ({"CD"}, False, "Column prevails"),
    "bully": ({"CD"}, False, "Column prevails"),
    "big_bully": ({"DD"}, False, "Conflict"),
}


@pytest.mark.parametrize("name", sorted(KNOWN))
def test_named_games_have_their_known_nash_equilibria(name):
    """Snyder & Diesing (1977, ch. 2): Chicken has the two 'one side prevails' equilibria
    and a mixed one; PD, Deadlock and Big Bully end in conflict; Stag Hunt has compromise
    and conflict; in Called Bluff and Bully the Chicken player (row) backs down."""
    cells, mixed, label = KNOWN[name]
    eqs = nash_equilibria_2x2(bimatrix(PRESETS[name]))
    assert {e["cell"] for e in eqs if e["pure"]} == cells
    assert any(not e["pure"] for e in eqs) == mixed
    point = MODEL.solve(preset(name), method="pbe").point()
    assert point["outcome"] == point["theory"]["outcome"] == label
    assert len(point["equilibria"]) == len(cells)


def test_chicken_mixed_equilibrium_is_one_half_with_ordinal_payoffs():
    """Chicken with ranks 4 > 3 > 2 > 1: each side stands firm with probability 1/2, since
    (r_DD - r_CD)/((r_CC - r_CD) - (r_DC - r_DD)) = (1 - 2)/((3 - 2) - (4 - 1)) = 1/2."""
    (mixed,) = [e for e in nash_equilibria_2x2(bimatrix(PRESETS["chicken"])) if not e["pure"]]
    assert (mixed["row_C"], mixed["column_C"]) == pytest.approx((0.5, 0.5))
    assert mixed["payoffs"] == pytest.approx((2.5, 2.5))


def test_prisoners_dilemma_nmes_are_cooperation_and_mutual_defection():
    """Brams (1994, ch. 1); Brams & Ismail (2022, section 2): in Prisoners' Dilemma both the
    cooperative (3,3) and the Nash (2,2) outcomes are non-myopic equilibria, and no other."""
    assert set(nonmyopic_equilibria(bimatrix(PRESETS["prisoners_dilemma"]))) == {"CC", "DD"}


def test_chicken_compromise_is_a_nonmyopic_equilibrium():
    """Brams & Ismail (2019/2022): the cooperative outcome (3,3) of Chicken, not a Nash
    equilibrium, is a non-myopic equilibrium."""
    assert "CC" in nonmyopic_equilibria(bimatrix(PRESETS["chicken"]))


def test_chicken_backward_induction_from_row_prevails():
    """Brams (1994, ch. 1) survivor analysis, by hand for Chicken from (4,2) with column
    moving first: (4,2) -> (1,1) -> (2,4) -> (3,3) -> (4,2); row would return to (4,2) from
    (3,3), so column stays at (2,4), so row leaves (1,1) for (2,4), so column moves. Row's
    own move from (4,2) ends at (3,3), which row prefers to (2,4), so by the two-sidedness
    convention row moves first and play ends at (3,3) (derived from the rules)."""
    out = tom_outcomes(bimatrix(PRESETS["chicken"]))
    assert out["DC"] == {"row first": "DC", "column first": "CD", "end": "CC"}
    assert out["CC"] == {"row first": "CC", "column first": "CC", "end": "CC"}


def test_dominant_strategy_games_have_their_nash_cell_as_nme():
    """Deadlock and Big Bully: mutual standing firm is both the unique Nash equilibrium and
    non-myopic (neither side gains from any sequence of moves away from it)."""
    for name in ("deadlock", "big_bully"):
        assert "DD" in nonmyopic_equilibria(bimatrix(PRESETS[name]))


def test_engine_pbe_equals_closed_form_nash_on_random_games():
    """Pure-strategy PBE of the extensive form with column's information set are exactly the
    pure Nash equilibria of the matrix (Mas-Colell, Whinston & Green 1995, 9.C)."""
    rng = np.random.default_rng(7)
    params = {k: rng.uniform(-2, 2, 3000) for k in MODEL.specs()}
    result = MODEL.solve(params, method="pbe")
    assert result.agrees_with_theory.all()


def test_qre_with_high_precision_plays_a_strict_dominant_equilibrium():
    """Logit QRE converges to the unique strict equilibrium as precision grows
    (McKelvey & Palfrey 1995): Prisoner's Dilemma -> conflict."""
    point = MODEL.solve(preset("prisoners_dilemma"), method="qre", lam=50.0).point()
    assert point["outcome"] == "Conflict"
    assert point["outcomes"]["Conflict"] > 0.99


def test_unknown_preset_lists_the_presets():
    with pytest.raises(ParameterError, match="chicken"):
        preset("hawk_dove_deluxe")


def test_bad_bimatrix_shape_is_refused():
    with pytest.raises(ParameterError, match="shape"):
        nash_equilibria_2x2([[1, 2], [3, 4]])


ranks = st.permutations([1.0, 2.0, 3.0, 4.0])


@settings(max_examples=80, deadline=None)
@given(ranks, ranks)
def test_tom_never_moves_a_player_to_a_final_state_it_likes_less(row, col):
    """Brams (1994), rule 5: a player does not move from the initial state if the move
    leads to a less preferred final state; and Nash (1951): an equilibrium always exists."""
    m = np.stack([np.reshape(row, (2, 2)), np.reshape(col, (2, 2))], axis=-1)
    names = ["CC", "CD", "DC", "DD"]
    for start, finals in tom_outcomes(m).items():
        s = divmod(names.index(start), 2)
        for who, player in (("row first", 0), ("column first", 1)):
            f = divmod(names.index(finals[who]), 2)
            assert m[f][player] >= m[s][player]
    assert nash_equilibria_2x2(m)


@settings(max_examples=80, deadline=None)
@given(ranks, ranks)
def test_a_cell_best_for_both_is_a_nonmyopic_equilibrium(row, col):
    """Brams (1994): no sequence of moves can improve on an outcome both rank first."""
    m = np.stack([np.reshape(row, (2, 2)), np.reshape(col, (2, 2))], axis=-1)
    best = (m[..., 0] == 4) & (m[..., 1] == 4)
    for i, j in zip(*np.nonzero(best), strict=True):
        assert "CD"[i] + "CD"[j] in nonmyopic_equilibria(m)


@settings(max_examples=80, deadline=None)
@given(st.lists(st.floats(-5, 5), min_size=8, max_size=8))
def test_mixed_equilibrium_makes_each_player_indifferent(values):
    """Definition of the fully mixed equilibrium: each player's two pure strategies earn the
    same against the other's mix."""
    m = np.reshape(values, (2, 2, 2))
    for e in nash_equilibria_2x2(m):
        if e["pure"]:
            continue
        p, q = e["row_C"], e["column_C"]
        row_c, row_d = m[0, :, 0] @ [q, 1 - q], m[1, :, 0] @ [q, 1 - q]
        col_c, col_d = m[:, 0, 1] @ [p, 1 - p], m[:, 1, 1] @ [p, 1 - p]
        assert row_c == pytest.approx(row_d, abs=1e-9)
        assert col_c == pytest.approx(col_d, abs=1e-9)
