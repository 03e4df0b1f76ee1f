"""Ordinal 2x2 crisis games (Snyder & Diesing 1977) with Nash and non-myopic equilibria.

Each side in a crisis either accommodates (C) or stands firm (D); the four outcomes are
Compromise (C, C), Column prevails (C, D), Row prevails (D, C) and Conflict (D, D). Snyder &
Diesing classify crises by the two sides' preference orders over these outcomes: Chicken (each
prefers prevailing > compromise > backing down > conflict), Prisoner's Dilemma (conflict is
better than being exploited), Stag Hunt / Assurance (compromise is best), Deadlock (conflict is
preferred to compromise), and asymmetric mixtures such as Called Bluff (a Chicken player facing
a Prisoner's Dilemma player: the bluffer backs down), Bully (a Chicken player facing a Deadlock
player) and Big Bully (Prisoner's Dilemma against Deadlock). Payoffs are the eight parameters
``r_xy``/``c_xy`` (row's and column's payoff when row plays ``x`` and column ``y``);
``PRESETS`` holds the named games with the ordinal ranks 4 (best) to 1 (worst).

The simultaneous game is an extensive-form game in which the column player's two decision
nodes form one information set, so ``solve_pbe`` finds exactly the pure Nash equilibria and
``solve_qre`` the logit equilibrium. The closed form gives the pure equilibria (mutual best
replies), the fully mixed equilibrium of a 2x2 game (each side mixes to make the other
indifferent) and Brams' theory of moves (TOM): play starts in a cell, the players
alternately switch strategies, and each anticipates by backward induction around the
four-cell cycle where play would end (rules 1-6). When only one player would move, its move
takes precedence, unless the other strictly prefers where its own move would lead; then, by
the two-sidedness convention, the other moves first. ``tom_end_states`` gives, for every
start cell, where play ends; a cell that is its own end is a non-myopic equilibrium (NME).
With the convention every one of the 576 strict ordinal bimatrices has an NME (Brams and
Ismail 2022), and the Prisoners' Dilemma ends in cooperation from every start but mutual
defection. Where both players would move and neither prefers to let the other go first
(84 of the 2304 start cells of the strict ordinal games, e.g. Chicken's mutual conflict)
the rules do not settle the end and it is reported as indeterminate; Brams' moving, order
and threat power (1994, chs. 4-5) are not implemented. The wording of the two-sidedness
convention here is a reconstruction checked against published results (see the tests), not
a quotation of Brams (1994). The model's outcome is the set of pure Nash equilibria.
Snyder & Diesing's Protector, Leader and Hero are not among the presets (their matrices
could not be checked against the book or a source that reprints it); enter them as
parameters.

References
----------
Snyder, G. H. and Diesing, P. (1977). Conflict Among Nations: Bargaining, Decision Making,
and System Structure in International Crises. Princeton University Press, ch. 2.
Brams, S. J. (1994). Theory of Moves. Cambridge University Press, ch. 1 (rules 1-6,
non-myopic equilibria).
Brams, S. J. and Ismail, M. S. (2022). Every normal-form game has a Pareto-optimal
nonmyopic equilibrium. Theory and Decision 92, 349-362.
Woerdman, E. (2000). Rationality and stability in the theory of moves: the case of the
prisoner's dilemma. Rationality and Society 12(1), 67-86.
Rapoport, A. and Guyer, M. (1966). A taxonomy of 2x2 games. General Systems 11, 203-214.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from detente.errors import ParameterError
from detente.games import Game, PBESolution, Solution, decision, terminal
from detente.models.model_interface import Model, ModelParameters, Theory, param

ACTIONS = ("C", "D")
ACTION_LABELS = ("accommodate", "stand firm")
CELL_LABELS = {
    (0, 0): "Compromise",
    (0, 1): "Column prevails",
    (1, 0): "Row prevails",
    (1, 1): "Conflict",
}
EITHER_PREVAILS = "Either prevails"
COMPROMISE_OR_CONFLICT = "Compromise or conflict"
MIXED_ONLY = "Mixed only"
SEVERAL = "Several (ties)"
OUTCOMES = (*CELL_LABELS.values(), EITHER_PREVAILS, COMPROMISE_OR_CONFLICT, MIXED_ONLY, SEVERAL)

MAP_AXES = (("r_cc", 0.0, 5.0), ("c_cc", 0.0, 5.0))

#: Snyder & Diesing's games as (row ranks, column ranks), each ``{cell: rank}``, 4 best.
_CHICKEN = {"cc": 3, "cd": 2, "dc": 4, "dd": 1}
_PD = {"cc": 3, "cd": 1, "dc": 4, "dd": 2}
_STAG = {"cc": 4, "cd": 1, "dc": 3, "dd": 2}
_DEADLOCK = {"cc": 2, "cd": 1, "dc": 4, "dd": 3}


def _pair(row: Mapping[str, int], col: Mapping[str, int]) -> dict[str, float]:
    """Row's ranks as given; column's ranks are stated from its own point of view (its
    ``dc`` = it stands firm while row accommodates), so they are mirrored into the matrix."""
    mirror = {"cc": "cc", "cd": "dc", "dc": "cd", "dd": "dd"}
    out = {f"r_{k}": float(v) for k, v in row.items()}
    out.update({f"c_{k}": float(col[mirror[k]]) for k in row})
    return out


#: Named crisis games (Snyder & Diesing 1977, ch. 2): parameter values with ordinal ranks.
PRESETS: dict[str, dict[str, float]] = {
    "chicken": _pair(_CHICKEN, _CHICKEN),
    "prisoners_dilemma": _pair(_PD, _PD),
    "stag_hunt": _pair(_STAG, _STAG),
    "deadlock": _pair(_DEADLOCK, _DEADLOCK),
    "called_bluff": _pair(_CHICKEN, _PD),
    "bully": _pair(_CHICKEN, _DEADLOCK),
    "big_bully": _pair(_PD, _DEADLOCK),
}


class Crisis2x2Parameters(ModelParameters):
    """Cardinal payoffs of the four outcomes to each side (defaults: Chicken)."""

    r_cc: float = param(3.0, "row's payoff of compromise (C, C)", lo=-10, hi=10)
    r_cd: float = param(
        2.0, "row's payoff when it accommodates and column stands firm", lo=-10, hi=10
    )
    r_dc: float = param(
        4.0, "row's payoff when it stands firm and column accommodates", lo=-10, hi=10
    )
    r_dd: float = param(1.0, "row's payoff of conflict (D, D)", lo=-10, hi=10)
    c_cc: float = param(3.0, "column's payoff of compromise (C, C)", lo=-10, hi=10)
    c_cd: float = param(
        4.0, "column's payoff when row accommodates and it stands firm", lo=-10, hi=10
    )
    c_dc: float = param(
        2.0, "column's payoff when row stands firm and it accommodates", lo=-10, hi=10
    )
    c_dd: float = param(1.0, "column's payoff of conflict (D, D)", lo=-10, hi=10)


def preset(name: str) -> dict[str, float]:
    """Parameter values of a named game (``PRESETS``), e.g. ``preset("chicken")``.

    Raises
    ------
    ParameterError
        For an unknown name (lists the presets).
    """
    if name not in PRESETS:
        raise ParameterError(f"unknown crisis game {name!r}; presets: {', '.join(PRESETS)}")
    return dict(PRESETS[name])


def build() -> Game:
    """Row moves; column moves without seeing row's move (one information set)."""

    def column(i: int) -> Any:
        return decision(
            "Column",
            {
                ACTION_LABELS[j]: terminal(
                    CELL_LABELS[i, j], f"r_{'cd'[i]}{'cd'[j]}", f"c_{'cd'[i]}{'cd'[j]}"
                )
                for j in range(2)
            },
            infoset="Column",
            name=f"Column after {ACTIONS[i]}",
        )

    return Game(
        title="2x2 crisis game",
        players=["Row", "Column"],
        parameters=Crisis2x2Parameters().model_dump(),
        root=decision("Row", {ACTION_LABELS[i]: column(i) for i in range(2)}, name="Row"),
    )


# --- closed form, vectorized over a batch of games -----------------------------------------
_CELLS = ("cc", "cd", "dc", "dd")


def _matrices(q: Mapping[str, Any]) -> tuple[np.ndarray, np.ndarray]:
    """Row and column payoff matrices, shape (..., 2, 2), index [row action, column action]."""
    r = np.stack(np.broadcast_arrays(*(np.asarray(q[f"r_{k}"], float) for k in _CELLS)), -1)
    c = np.stack(np.broadcast_arrays(*(np.asarray(q[f"c_{k}"], float) for k in _CELLS)), -1)
    return r.reshape(*r.shape[:-1], 2, 2), c.reshape(*c.shape[:-1], 2, 2)


def pure_nash_mask(row: np.ndarray, col: np.ndarray) -> np.ndarray:
    """Cells that are pure Nash equilibria (mutual weak best replies), shape (..., 2, 2)."""
    row_best = row >= row[..., ::-1, :]
    col_best = col >= col[..., :, ::-1]
    return row_best & col_best


def mixed_equilibrium(
    row: np.ndarray, col: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The fully mixed equilibrium of a 2x2 game: (exists, P(row plays C), P(column plays C)).

    Row mixes so that column is indifferent, ``p = (c_dd - c_dc)/((c_cc - c_dc) - (c_cd -
    c_dd))``, and column so that row is, ``q = (r_dd - r_cd)/((r_cc - r_cd) - (r_dc - r_dd))``;
    the equilibrium exists iff both lie strictly between 0 and 1. Where it does not exist
    both probabilities are reported as -1.

    References
    ----------
    Osborne, M. J. (2004). An Introduction to Game Theory. Oxford University Press, ch. 4.
    """
    den_p = (col[..., 0, 0] - col[..., 1, 0]) - (col[..., 0, 1] - col[..., 1, 1])
    den_q = (row[..., 0, 0] - row[..., 0, 1]) - (row[..., 1, 0] - row[..., 1, 1])
    with np.errstate(divide="ignore", invalid="ignore"):
        p = (col[..., 1, 1] - col[..., 1, 0]) / den_p
        q = (row[..., 1, 1] - row[..., 0, 1]) / den_q
    ok = (den_p != 0) & (den_q != 0) & (p > 0) & (p < 1) & (q > 0) & (q < 1)
    return ok, np.where(ok, p, -1.0), np.where(ok, q, -1.0)


def _flat(i: int, j: int) -> int:
    return 2 * i + j


#: End state code for a start whose end TOM leaves open (both players would move and the
#: two-sidedness convention does not say whose move comes first).
INDETERMINATE = -1


def _cycle(start: int, first: int) -> tuple[list[int], list[int]]:
    """The states of the move-countermove cycle from ``start`` when ``first`` (0 row,
    1 column) moves first, and who makes each of the four moves (rules 2-4)."""
    i, j = divmod(start, 2)
    states, movers, mover = [start], [], first
    for _ in range(4):  # the four moves of the cycle; the fourth returns to the start
        i, j = (1 - i, j) if mover == 0 else (i, 1 - j)
        states.append(_flat(i, j))
        movers.append(mover)
        mover = 1 - mover
    return states, movers


def _take(u: np.ndarray, cell: np.ndarray) -> np.ndarray:
    """``u[..., cell]`` with one cell per game, ``u`` shape (..., 4)."""
    return np.take_along_axis(u, cell[..., None], -1)[..., 0]


def _survivor(utils: tuple[np.ndarray, np.ndarray], start: int, first: int) -> np.ndarray:
    """Final state (flat index) of the cycle that ``first`` opens by moving from ``start``,
    by Brams' backward induction: at each state the mover continues only if the state that
    survives further on is strictly better for it than stopping; the fourth move returns
    to the start."""
    states, movers = _cycle(start, first)
    shape = utils[0].shape[:-1]
    survivor = np.full(shape, states[4])
    for k in (3, 2, 1):  # at state k the mover of move k+1 compares stopping with moving on
        u = utils[movers[k]]
        moves = _take(u, survivor) > u[..., states[k]]
        survivor = np.where(moves, survivor, states[k])
    return survivor


def _utils(row: np.ndarray, col: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return row.reshape(*row.shape[:-2], 4), col.reshape(*col.shape[:-2], 4)


def _tom_final(row: np.ndarray, col: np.ndarray, start: int, first: int) -> np.ndarray:
    """Final cell (flat index) when only ``first`` (0 row, 1 column) considers moving from
    ``start``: its survivor if that is strictly better for it (rule 5), else ``start``."""
    utils = _utils(row, col)
    survivor = _survivor(utils, start, first)
    u = utils[first]
    return np.where(_take(u, survivor) > u[..., start], survivor, start)


def tom_end_states(row: np.ndarray, col: np.ndarray) -> np.ndarray:
    """Where theory-of-moves play ends from each start cell, shape (..., 2, 2) of flat cell
    indices (0 CC, 1 CD, 2 DC, 3 DD), or ``INDETERMINATE`` (-1).

    For a start ``s`` let ``X_R`` and ``X_C`` be the survivors of the cycles that row and
    column open by moving (backward induction, rules 1-4 and 6). A player *would move* if
    its survivor is strictly better for it than ``s`` (rule 5). Then:

    - neither would move: play ends at ``s`` (``s`` is a non-myopic equilibrium);
    - only one would move: its move takes precedence (rule 6) and play ends at its
      survivor, unless the other player strictly prefers the survivor of its own move to
      that one; then, by the two-sidedness convention, the other player moves first and
      play ends at the other's survivor (which may be ``s`` itself, when its move would
      only bring play round the cycle back to ``s``);
    - both would move: if their survivors coincide play ends there; otherwise a player that
      strictly prefers the other's survivor to its own waits and play ends at the other's
      survivor; if neither or both wait, the end is ``INDETERMINATE`` (a race or a
      stand-off that the rules do not settle).

    Vectorized over the leading (batch) axes of ``row`` and ``col``.

    References
    ----------
    Brams, S. J. (1994). Theory of Moves. Cambridge University Press, ch. 1 (rules 1-6;
    the two-sidedness convention).
    Brams, S. J. and Ismail, M. S. (2022). Every normal-form game has a Pareto-optimal
    nonmyopic equilibrium. Theory and Decision 92, 349-362.
    """
    u_r, u_c = _utils(row, col)
    out = []
    for s in range(4):
        x_r, x_c = _survivor((u_r, u_c), s, 0), _survivor((u_r, u_c), s, 1)
        r_at = {"s": u_r[..., s], "r": _take(u_r, x_r), "c": _take(u_r, x_c)}
        c_at = {"s": u_c[..., s], "r": _take(u_c, x_r), "c": _take(u_c, x_c)}
        row_moves, col_moves = r_at["r"] > r_at["s"], c_at["c"] > c_at["s"]
        row_prefers_own, col_prefers_own = r_at["r"] > r_at["c"], c_at["c"] > c_at["r"]
        row_waits, col_waits = r_at["c"] > r_at["r"], c_at["r"] > c_at["c"]
        only_col = col_moves & ~row_moves
        only_row = row_moves & ~col_moves
        both = row_moves & col_moves
        end = np.full(x_r.shape, INDETERMINATE)
        end = np.where(~row_moves & ~col_moves, s, end)
        end = np.where(only_col, np.where(row_prefers_own, x_r, x_c), end)
        end = np.where(only_row, np.where(col_prefers_own, x_c, x_r), end)
        end = np.where(both & row_waits & ~col_waits, x_c, end)
        end = np.where(both & col_waits & ~row_waits, x_r, end)
        end = np.where(both & (x_r == x_c), x_r, end)
        out.append(end)
    ends = np.stack(out, -1)
    return ends.reshape(*ends.shape[:-1], 2, 2)


def nonmyopic_mask(row: np.ndarray, col: np.ndarray) -> np.ndarray:
    """Cells that are non-myopic equilibria (play started there ends there), (..., 2, 2).

    References
    ----------
    Brams (1994), ch. 1: rules 1-6, the backward-induction ("survivor") analysis and the
    two-sidedness convention; see :func:`tom_end_states`.
    """
    ends = tom_end_states(row, col)
    return ends == np.arange(4).reshape(2, 2)


def _payoff_arrays(payoffs: Sequence[Any] | np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    a = np.asarray(payoffs, dtype=float)
    if a.shape != (2, 2, 2):
        raise ParameterError(
            "payoffs must be a 2x2 bimatrix, [[(r_CC, c_CC), (r_CD, c_CD)], [(r_DC, c_DC), "
            f"(r_DD, c_DD)]] with shape (2, 2, 2); got shape {a.shape}"
        )
    return a[..., 0], a[..., 1]


def nash_equilibria_2x2(payoffs: Sequence[Any] | np.ndarray) -> list[dict[str, Any]]:
    """All Nash equilibria of a 2x2 game: the pure ones and the fully mixed one.

    Parameters
    ----------
    payoffs : array-like, shape (2, 2, 2)
        ``payoffs[i][j] = (row payoff, column payoff)`` when row plays ``i`` and column ``j``
        (0 = C, accommodate; 1 = D, stand firm).

    Returns
    -------
    list of dict
        Each with ``cell`` (e.g. ``"CD"``, or ``None`` for the mixed one), ``row_C`` and
        ``column_C`` (probabilities of C), ``payoffs`` (row, column) and ``pure``.

    References
    ----------
    Nash, J. (1951). Non-cooperative games. Annals of Mathematics 54(2), 286-295.
    Snyder & Diesing (1977), ch. 2 (the equilibria of the crisis games).
    """
    row, col = _payoff_arrays(payoffs)
    out: list[dict[str, Any]] = []
    for i, j in zip(*np.nonzero(pure_nash_mask(row, col)), strict=True):
        out.append(
            {
                "cell": ACTIONS[i] + ACTIONS[j],
                "row_C": float(i == 0),
                "column_C": float(j == 0),
                "payoffs": (float(row[i, j]), float(col[i, j])),
                "pure": True,
            }
        )
    ok, p, q = mixed_equilibrium(row, col)
    if bool(ok):
        w = np.outer([p, 1 - p], [q, 1 - q])
        out.append(
            {
                "cell": None,
                "row_C": float(p),
                "column_C": float(q),
                "payoffs": (float((w * row).sum()), float((w * col).sum())),
                "pure": False,
            }
        )
    return out


def nonmyopic_equilibria(payoffs: Sequence[Any] | np.ndarray) -> list[str]:
    """Brams' non-myopic equilibria of a 2x2 game: cells (e.g. ``"CC"``) where play that
    starts there also ends there, anticipating moves and countermoves around the cycle by
    backward induction, with the two-sidedness convention (:func:`tom_end_states`).

    Parameters
    ----------
    payoffs : array-like, shape (2, 2, 2)
        As in :func:`nash_equilibria_2x2`. Preferences are compared strictly: a player does
        not move to a final state it only likes as much (Brams' rule 5).

    References
    ----------
    Brams, S. J. (1994). Theory of Moves, ch. 1 (rules 1-6; non-myopic equilibria).
    Brams, S. J. and Ismail, M. S. (2022). Theory and Decision 92, 349-362 (every game has
    one).
    """
    row, col = _payoff_arrays(payoffs)
    mask = nonmyopic_mask(row, col)
    return [ACTIONS[i] + ACTIONS[j] for i, j in zip(*np.nonzero(mask), strict=True)]


def tom_outcomes(payoffs: Sequence[Any] | np.ndarray) -> dict[str, dict[str, str | None]]:
    """Where theory-of-moves play ends from each initial cell.

    Returns ``{start: {"row first": f_r, "column first": f_c, "end": f}}`` with cells as
    ``"CD"``: ``f_r`` (``f_c``) is where play ends if only row (column) considers moving,
    by its own backward induction and rule 5; ``f`` is where play ends when both do, with
    rule 6 and the two-sidedness convention (``None`` where the rules leave it open). A
    start whose ``"end"`` is itself is a non-myopic equilibrium.

    References
    ----------
    Brams (1994), ch. 1.
    """
    row, col = _payoff_arrays(payoffs)
    names = [a + b for a in ACTIONS for b in ACTIONS]
    ends = tom_end_states(row, col).reshape(4)
    out: dict[str, dict[str, str | None]] = {}
    for s in range(4):
        entry: dict[str, str | None] = {
            who: names[int(_tom_final(row, col, s, first))]
            for first, who in ((0, "row first"), (1, "column first"))
        }
        entry["end"] = None if ends[s] == INDETERMINATE else names[int(ends[s])]
        out[names[s]] = entry
    return out


#: Outcome label of each set of pure equilibria, indexed by the bit code CC=1, CD=2, DC=4, DD=8.
_SET_LABELS = np.full(16, SEVERAL, dtype=object)
_SET_LABELS[0] = MIXED_ONLY
for _bit, _cell in zip((1, 2, 4, 8), CELL_LABELS.values(), strict=True):
    _SET_LABELS[_bit] = _cell
_SET_LABELS[2 | 4] = EITHER_PREVAILS
_SET_LABELS[1 | 8] = COMPROMISE_OR_CONFLICT


def _label_of_mask(mask: np.ndarray) -> np.ndarray:
    """Outcome label of a set of pure equilibria, mask shape (..., 2, 2)."""
    code = (mask.reshape(*mask.shape[:-2], 4) * np.array([1, 2, 4, 8])).sum(-1)
    return _SET_LABELS[code]


def theory(q: dict[str, np.ndarray]) -> Theory:
    """Pure and mixed Nash equilibria and non-myopic equilibria, in closed form."""
    row, col = _matrices(q)
    ne = pure_nash_mask(row, col)
    ok, p, qc = mixed_equilibrium(row, col)
    nme = nonmyopic_mask(row, col)
    values: dict[str, np.ndarray] = {"n_pure_nash": ne.sum((-1, -2)), "mixed_exists": ok}
    values["mixed_row_C"], values["mixed_column_C"] = p, qc
    for (i, j), _ in CELL_LABELS.items():
        cell = ACTIONS[i] + ACTIONS[j]
        values[f"nash_{cell}"] = ne[..., i, j]
        values[f"nme_{cell}"] = nme[..., i, j]
    # the equilibrium set changes where a player is indifferent between its two replies
    margin = np.minimum(
        np.abs(row[..., 0, :] - row[..., 1, :]).min(-1),
        np.abs(col[..., :, 0] - col[..., :, 1]).min(-1),
    )
    return Theory(outcome=_label_of_mask(ne), values=values, margin=margin)


def outcome_of(solution: Solution | PBESolution, q: dict[str, np.ndarray]) -> np.ndarray:
    """The set of pure equilibria (PBE), or the most likely cell (QRE)."""
    game = solution.game
    if isinstance(solution, PBESolution):
        names = [h.name for h in game.tables.infosets]
        r, c = names.index("Row"), names.index("Column")
        cells = 2 * solution.profiles[:, r] + solution.profiles[:, c]  # (n_profiles,)
        mask = np.zeros((*solution.shape, 4), dtype=bool)
        for k, cell in enumerate(cells):
            mask[..., cell] |= solution.is_equilibrium[..., k]
        return _label_of_mask(mask.reshape(*solution.shape, 2, 2))
    labels = np.asarray(game.tables.terminal_labels, dtype=object)
    return labels[np.argmax(solution.terminal_probs, axis=-1)]


MODEL = Model(
    name="crisis_2x2",
    title="2x2 crisis games (Snyder & Diesing 1977; Brams 1994)",
    summary=(
        "Which crisis is this, and how does it end? Each side accommodates or stands firm; "
        "the preference orders over compromise, prevailing, backing down and conflict make "
        "the crisis Chicken, Prisoner's Dilemma, Stag Hunt, Deadlock, Called Bluff or Bully. "
        "Reports the pure and mixed Nash equilibria and Brams' non-myopic equilibria."
    ),
    parameters=Crisis2x2Parameters,
    build=build,
    theory=theory,
    outcome_of=outcome_of,
    outcomes=OUTCOMES,
    references=(
        "Snyder, G. H. and Diesing, P. (1977). Conflict Among Nations: Bargaining, Decision "
        "Making, and System Structure in International Crises. Princeton University Press, "
        "ch. 2.",
        "Brams, S. J. (1994). Theory of Moves. Cambridge University Press, ch. 1.",
        "Brams, S. J. and Ismail, M. S. (2022). Every normal-form game has a Pareto-optimal "
        "nonmyopic equilibrium. Theory and Decision 92, 349-362.",
    ),
    methods=("pbe", "qre"),
    information="complete",
    players=("Row", "Column"),
)
