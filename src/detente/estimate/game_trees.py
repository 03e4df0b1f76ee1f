"""The extensive-form games estimated by :mod:`detente.estimate` and their choice probabilities.

Each game is a :class:`TreeGame`: the names of its utilities, which player owns each, its
terminal outcomes, and a function mapping the utilities (and the log error scale) to the
probabilities of every action, under agent error or private information, with probit or logit
links. The conventions (error scales, clipping, the order of outcomes) are those of the R
``games`` package 1.1.2, so fits can be compared to it.

References
----------
Signorino, C. S. (1999). Strategic interaction and the statistical analysis of international
conflict. *American Political Science Review* 93(2): 279-297.

Signorino, C. S. (2003). Structure and uncertainty in discrete choice models. *Political
Analysis* 11: 316-344.

Signorino, C. S. and Tarar, A. (2006). A unified theory and test of extended immediate
deterrence. *American Journal of Political Science* 50(3): 586-605.

Kenkel, B. and Signorino, C. S. (2014). Estimating extensive form games in R. *Journal of
Statistical Software* 56(8), section 2.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from detente.estimate.forward_mode import Dual, link_cdf

SQRT2 = float(np.sqrt(2.0))


def _choice(num: Dual, scale: Dual, link: str) -> Dual:
    """Probability of the 'right' action: ``F(num / scale)``, clipped as ``finiteProbs``."""
    return link_cdf(num / scale, link).clip_probability()


def _probs12(u: list[Dual], sigma: Dual, link: str, errors: str) -> dict[str, Dual]:
    u11, u13, u14, u24 = u
    p4 = _choice(u24, sigma * SQRT2, link)
    p3 = 1.0 - p4
    num = p3 * u13 + p4 * u14 - u11
    if errors == "private":
        scale2 = sigma * (1.0 + p3.square() + p4.square()).sqrt()
    else:
        scale2 = sigma * SQRT2
    p2 = _choice(num, scale2, link)
    return {"p1": 1.0 - p2, "p2": p2, "p3": p3, "p4": p4}


def _outcomes12(p: dict[str, Dual]) -> list[Dual]:
    return [p["p1"].log(), p["p2"].log() + p["p3"].log(), p["p2"].log() + p["p4"].log()]


def _probs122(u: list[Dual], sigma: Dual, link: str, errors: str) -> dict[str, Dual]:
    u11, u12, u13, u14, u22, u24 = u
    p6 = _choice(u24, sigma * SQRT2, link)
    p5 = 1.0 - p6
    p4 = _choice(u22, sigma * SQRT2, link)
    p3 = 1.0 - p4
    num = p5 * u13 + p6 * u14 - p3 * u11 - p4 * u12
    if errors == "private":
        scale2 = sigma * (p3.square() + p4.square() + p5.square() + p6.square()).sqrt()
    else:
        scale2 = sigma * SQRT2
    p2 = _choice(num, scale2, link)
    return {"p1": 1.0 - p2, "p2": p2, "p3": p3, "p4": p4, "p5": p5, "p6": p6}


def _outcomes122(p: dict[str, Dual]) -> list[Dual]:
    l1, l2 = p["p1"].log(), p["p2"].log()
    return [l1 + p["p3"].log(), l1 + p["p4"].log(), l2 + p["p5"].log(), l2 + p["p6"].log()]


def _probs123(u: list[Dual], sigma: Dual, link: str, errors: str) -> dict[str, Dual]:
    u11, u13, u15, u16, u23, u25, u26, u36 = u
    p6 = _choice(u36, sigma * SQRT2, link)
    p5 = 1.0 - p6
    num4 = p5 * u25 + p6 * u26 - u23
    if errors == "private":
        scale4 = sigma * (1.0 + p5.square() + p6.square()).sqrt()
    else:
        scale4 = sigma * SQRT2
    p4 = _choice(num4, scale4, link)
    p3 = 1.0 - p4
    num2 = p3 * u13 + p4 * (p5 * u15 + p6 * u16) - u11
    if errors == "private":
        p4sq = p4.square()
        scale2 = sigma * (1.0 + p3.square() + p4sq * p5.square() + p4sq * p6.square()).sqrt()
    else:
        scale2 = sigma * SQRT2
    p2 = _choice(num2, scale2, link)
    return {"p1": 1.0 - p2, "p2": p2, "p3": p3, "p4": p4, "p5": p5, "p6": p6}


def _outcomes123(p: dict[str, Dual]) -> list[Dual]:
    l2, l4 = p["p2"].log(), p["p4"].log()
    return [p["p1"].log(), l2 + p["p3"].log(), l2 + l4 + p["p5"].log(), l2 + l4 + p["p6"].log()]


@dataclass(frozen=True)
class TreeGame:
    """A strategic discrete-choice game with binary moves.

    Attributes
    ----------
    name : str
        Registry name (``"egame12"``).
    utilities : tuple of str
        Utility names in formula order (``u11, u13, u14, u24`` for egame12).
    utility_outcome : tuple of int
        For each utility, the index of the terminal outcome it belongs to (for labels).
    nodes : tuple of int
        Terminal-node numbers in tree order (``1, 3, 4`` for egame12): the integer codes an
        outcome column may take.
    decision_columns : tuple of int
        Allowed numbers of binary decision columns on the left-hand side.
    identification : tuple of tuple of int
        Groups of utilities (by index) that may not all contain the same regressor.
    choices : tuple of (str, str, str)
        For each decision node: (description, numerator action, denominator action) used to
        check that every choice varies in the data.
    probs, outcomes : callables
        Action probabilities from utilities; log outcome probabilities from action ones.
    """

    name: str
    title: str
    utilities: tuple[str, ...]
    utility_outcome: tuple[int, ...]
    nodes: tuple[int, ...]
    decision_columns: tuple[int, ...]
    identification: tuple[tuple[int, ...], ...]
    probs: Callable[[list[Dual], Dual, str, str], dict[str, Dual]]
    outcomes: Callable[[dict[str, Dual]], list[Dual]]
    reference: str

    @property
    def n_outcomes(self) -> int:
        """Number of terminal outcomes."""
        return len(self.nodes)

    def player(self, utility_index: int) -> int:
        """The player (1, 2 or 3) whose utility this is."""
        return int(self.utilities[utility_index][1])


EGAME12 = TreeGame(
    name="egame12",
    title="two players, three outcomes",
    utilities=("u11", "u13", "u14", "u24"),
    utility_outcome=(0, 1, 2, 2),
    nodes=(1, 3, 4),
    decision_columns=(2,),
    identification=((0, 1, 2),),
    probs=_probs12,
    outcomes=_outcomes12,
    reference="Signorino (2003); Kenkel and Signorino (2014), section 2",
)

EGAME122 = TreeGame(
    name="egame122",
    title="two players, four outcomes",
    utilities=("u11", "u12", "u13", "u14", "u22", "u24"),
    utility_outcome=(0, 1, 2, 3, 1, 3),
    nodes=(1, 2, 3, 4),
    decision_columns=(2, 3),
    identification=((0, 1, 2, 3),),
    probs=_probs122,
    outcomes=_outcomes122,
    reference="Signorino (2003); Kenkel and Signorino (2014)",
)

EGAME123 = TreeGame(
    name="egame123",
    title="three players, four outcomes",
    utilities=("u11", "u13", "u15", "u16", "u23", "u25", "u26", "u36"),
    utility_outcome=(0, 1, 2, 3, 1, 2, 3, 3),
    nodes=(1, 3, 5, 6),
    decision_columns=(3,),
    identification=((0, 1, 2, 3), (4, 5, 6)),
    probs=_probs123,
    outcomes=_outcomes123,
    reference="Signorino and Tarar (2006); Kenkel and Signorino (2014)",
)

TREE_GAMES: dict[str, TreeGame] = {g.name: g for g in (EGAME12, EGAME122, EGAME123)}


def decisions_from_columns(game: TreeGame, cols: np.ndarray) -> np.ndarray:
    """Outcome index (0-based, tree order) from binary decision columns (0/1 floats).

    egame12: (P1 moves R, P2 moves R). egame122: (P1 R, P2 R) or (P1 R, P2 R after L,
    P2 R after R). egame123: (P1 R, P2 R, P3 R). Moves after the game ended are ignored.
    """
    a1 = cols[:, 0] == 1
    if game.name == "egame12":
        a2 = cols[:, 1] == 1
        return np.where(~a1, 0, np.where(a2, 2, 1))
    if game.name == "egame122":
        a2 = cols[:, 1] == 1 if cols.shape[1] == 2 else np.where(a1, cols[:, 2], cols[:, 1]) == 1
        return np.where(a1, 2, 0) + a2.astype(int)
    a2 = cols[:, 1] == 1
    a3 = cols[:, 2] == 1
    return np.where(~a1, 0, np.where(~a2, 1, np.where(a3, 3, 2)))


def node_choices(game: TreeGame, y: np.ndarray) -> list[tuple[str, np.ndarray, np.ndarray]]:
    """For each decision node: (description, rows reaching it, chose-right indicator)."""
    if game.name == "egame12":
        return [
            ("player 1's move", np.ones_like(y, dtype=bool), y != 0),
            ("player 2's move", y != 0, y == 2),
        ]
    if game.name == "egame122":
        return [
            ("player 1's move", np.ones_like(y, dtype=bool), y >= 2),
            ("player 2's move after L", y <= 1, y == 1),
            ("player 2's move after R", y >= 2, y == 3),
        ]
    return [
        ("player 1's move", np.ones_like(y, dtype=bool), y != 0),
        ("player 2's move", y != 0, y >= 2),
        ("player 3's move", y >= 2, y == 3),
    ]
