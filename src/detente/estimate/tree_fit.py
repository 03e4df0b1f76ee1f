"""Maximum-likelihood fits of the tree games egame12, egame122 and egame123.

References
----------
Signorino, C. S. (1999). Strategic interaction and the statistical analysis of international
conflict. *American Political Science Review* 93(2): 279-297.

Signorino, C. S. (2003). Structure and uncertainty in discrete choice models. *Political
Analysis* 11: 316-344.

Lewis, J. B. and Schultz, K. A. (2003). Revealing preferences: empirical estimation of a
crisis bargaining game with incomplete information. *Political Analysis* 11: 345-367
(identification).

Kenkel, B. and Signorino, C. S. (2014). Estimating extensive form games in R. *Journal of
Statistical Software* 56(8).
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from detente.errors import EstimationError, InputError, ParameterError
from detente.estimate.fit_result import GameFit
from detente.estimate.forward_mode import Dual, select_outcome
from detente.estimate.game_trees import (
    EGAME12,
    EGAME122,
    EGAME123,
    TreeGame,
    decisions_from_columns,
    node_choices,
)
from detente.estimate.maximum_likelihood import (
    Likelihood,
    bootstrap,
    covariance,
    maximize,
)
from detente.estimate.model_frame import (
    EstimationWarning,
    ModelFrame,
    binary_column,
    build_model_frame,
    describe_rows,
)
from detente.estimate.starting_values import sbi_start

# Which utilities (by index) enter each decision node's choice, in node_choices order.
_NODE_PARTS: dict[str, tuple[tuple[int, ...], ...]] = {
    "egame12": ((0, 1, 2), (3,)),
    "egame122": ((0, 1, 2, 3), (4,), (5,)),
    "egame123": ((0, 1, 2, 3), (4, 5, 6), (7,)),
}


def _check_options(link: str, errors: str) -> None:
    if link not in ("probit", "logit"):
        raise ParameterError(f"link must be 'probit' or 'logit', got {link!r}")
    if errors not in ("agent", "private"):
        raise ParameterError(f"errors must be 'agent' or 'private', got {errors!r}")
    if link == "logit" and errors == "private":
        raise ParameterError(
            "the private-information model is defined for the probit link only; use "
            "link='probit' with errors='private', or errors='agent' with the logit link"
        )


def _outcome_index(
    game: TreeGame, frame: ModelFrame, outcome_levels: Sequence[Any] | None
) -> tuple[np.ndarray, tuple[str, ...] | None]:
    """Outcome index (0-based, tree order) and, when known, outcome labels."""
    lhs = list(frame.lhs)
    data = frame.data
    if len(lhs) == 1:
        col = lhs[0]
        s = data[col]
        if outcome_levels is None and isinstance(s.dtype, pd.CategoricalDtype):
            outcome_levels = list(s.cat.categories)
        if outcome_levels is not None:
            levels = list(outcome_levels)
            label_levels = tuple(str(v) for v in levels)
            numeric = pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s)
            if numeric and all(_is_number(v) for v in levels):
                levels = [float(v) for v in levels]
                s = s.astype(float)
            if len(levels) != game.n_outcomes:
                raise InputError(
                    f"{game.name} has {game.n_outcomes} outcomes; outcome_levels "
                    f"{levels!r} has {len(levels)}"
                )
            categories = list(dict.fromkeys(str(v) for v in levels))
            if len(categories) != len(levels):
                raise InputError(f"outcome_levels {levels!r} repeats a value")
            code = pd.Index(categories).get_indexer(s.astype(str).to_numpy())
            bad = code < 0
            if bad.any():
                values = sorted({str(v) for v in s[bad]})[:5]
                raise InputError(
                    f"outcome column {col!r} has value(s) {', '.join(map(repr, values))} not among "
                    f"outcome_levels {levels!r} (rows {describe_rows(s.index[bad])})"
                )
            return code.astype(int), label_levels
        if not pd.api.types.is_numeric_dtype(s) or pd.api.types.is_bool_dtype(s):
            found = ", ".join(repr(v) for v in sorted(map(str, s.unique()))[:6])
            raise InputError(
                f"outcome column {col!r} holds labels ({found}); pass outcome_levels "
                f"(CLI: --levels) listing the {game.n_outcomes} outcomes in tree order "
                f"(terminal nodes {', '.join(map(str, game.nodes))})"
            )
        values = s.to_numpy(dtype=float)
        lookup = {float(node): i for i, node in enumerate(game.nodes)}
        idx = np.array([lookup.get(v, -1) for v in np.unique(values)])
        uniq = np.unique(values)
        code = idx[np.searchsorted(uniq, values)]
        bad = code < 0
        if bad.any():
            wrong = ", ".join(f"{v:g}" for v in np.unique(values[bad])[:5])
            raise InputError(
                f"outcome column {col!r} has value(s) {wrong} that are not terminal nodes of "
                f"{game.name} (allowed: {', '.join(map(str, game.nodes))}) in rows "
                f"{describe_rows(s.index[bad])}; or give outcome_levels, or the binary "
                "decision columns ('a1 + a2 ~ ...')"
            )
        return code.astype(int), None
    if len(lhs) in game.decision_columns:
        cols = np.column_stack(
            [
                binary_column(data, name, "decision column", "the move R (right) was chosen")
                for name in lhs
            ]
        )
        return decisions_from_columns(game, cols), None
    allowed = " or ".join(str(k) for k in game.decision_columns)
    raise InputError(
        f"{game.name} takes one outcome column or {allowed} binary decision columns on the "
        f"left-hand side; got {len(lhs)} ({' + '.join(lhs)})"
    )


def _is_number(value: Any) -> bool:
    try:
        float(value)
    except (TypeError, ValueError):
        return False
    return True


def _check_identification(game: TreeGame, frame: ModelFrame) -> None:
    for group in game.identification:
        common = set(frame.parts[group[0]].columns)
        for i in group[1:]:
            common &= set(frame.parts[i].columns)
        if common:
            player = game.player(group[0])
            utils = ", ".join(game.utilities[i] for i in group)
            raise InputError(
                f"identification problem: {', '.join(sorted(common))} appear(s) in all of "
                f"player {player}'s utilities {utils}; remove it from at least one of them "
                "(e.g. fix one utility at 0 or drop its constant with '- 1') "
                "(Lewis and Schultz 2003)"
            )


def _check_choices(game: TreeGame, frame: ModelFrame, y: np.ndarray) -> None:
    """No variation at a node is an error; a 0/1 regressor that predicts it is a warning."""
    index = frame.data.index
    for (desc, reached, right), parts in zip(
        node_choices(game, y), _NODE_PARTS[game.name], strict=True
    ):
        n_reached = int(reached.sum())
        if n_reached == 0:
            raise EstimationError(
                f"no observation reaches {desc}, so {game.name} cannot be estimated from "
                "this outcome column"
            )
        share = right[reached].mean()
        if share in (0.0, 1.0):
            move = "R" if share == 1.0 else "L"
            raise EstimationError(
                f"{desc} never varies: all {n_reached} observations that reach it chose "
                f"{move}, so its utilities cannot be estimated (perfect separation); check "
                "the outcome coding or use a simpler model"
            )
        seen: set[str] = set()
        for i in parts:
            part = frame.parts[i]
            for j, name in enumerate(part.columns):
                x = part.matrix[:, j]
                if name in seen or name == "(Intercept)" or not np.isin(x, (0.0, 1.0)).all():
                    continue
                seen.add(name)
                for value in (1.0, 0.0):
                    rows = reached & (x == value)
                    if rows.sum() and right[rows].min() == right[rows].max():
                        move = "R" if right[rows][0] else "L"
                        warnings.warn(
                            f"column {name!r} (in {game.utilities[i]}) perfectly predicts "
                            f"{desc}: all {int(rows.sum())} rows with {name} = {value:g} that "
                            f"reach it chose {move} (rows {describe_rows(index[rows])}); its "
                            "coefficient is not finite (perfect separation)",
                            EstimationWarning,
                            stacklevel=4,
                        )
                        break


def _names(
    game: TreeGame,
    frame: ModelFrame,
    labels: tuple[str, ...] | None,
    utility_labels: Sequence[str] | None,
    link: str,
) -> list[str]:
    if utility_labels is not None:
        if len(utility_labels) != len(game.utilities):
            raise InputError(
                f"utility_labels needs {len(game.utilities)} names "
                f"({', '.join(game.utilities)}), got {len(utility_labels)}"
            )
        prefixes = list(utility_labels)
    elif labels is not None:
        prefixes = [
            f"u{game.player(i)}({labels[game.utility_outcome[i]]})"
            for i in range(len(game.utilities))
        ]
    else:
        prefixes = list(game.utilities)
    if len(frame.parts) > len(game.utilities):
        prefixes.append("log(sigma)" if link == "probit" else "log(lambda)")
    return [f"{p}:{c}" for p, part in zip(prefixes, frame.parts, strict=True) for c in part.columns]


def _divergence_check(names: list[str], theta: np.ndarray, frame: ModelFrame) -> None:
    scales = np.concatenate(
        [np.std(p.matrix, axis=0) if p.n_columns else np.zeros(0) for p in frame.parts]
    )
    scales = np.where(scales > 0, scales, 1.0)
    big = np.abs(theta) * scales > 8.0
    if big.any():
        which = ", ".join(f"{names[i]} = {theta[i]:.3g}" for i in np.flatnonzero(big)[:5])
        warnings.warn(
            f"very large estimate(s) ({which}): the likelihood is probably maximised at "
            "infinity (perfect or quasi-complete separation); interpret with care",
            EstimationWarning,
            stacklevel=4,
        )


def fit_tree_game(
    game: TreeGame,
    formula: str,
    data: pd.DataFrame,
    *,
    link: str = "probit",
    errors: str = "agent",
    sdformula: str | None = None,
    outcome_levels: Sequence[Any] | None = None,
    labels: Sequence[str] | None = None,
    utility_labels: Sequence[str] | None = None,
    boot: int = 0,
    seed: int | np.random.Generator | None = None,
) -> GameFit:
    """Fit a tree game by maximum likelihood (see :func:`egame12` for the parameters)."""
    _check_options(link, errors)
    part_names = game.utilities
    frame = build_model_frame(formula, data, part_names, game.name, sdformula)
    y, level_labels = _outcome_index(game, frame, outcome_levels)
    if labels is not None:
        if len(labels) != game.n_outcomes:
            raise InputError(
                f"labels needs {game.n_outcomes} outcome names for {game.name}, got {len(labels)}"
            )
        level_labels = tuple(str(v) for v in labels)
    _check_identification(game, frame)
    _check_choices(game, frame, y)
    n_util = len(game.utilities)
    designs = [p.matrix for p in frame.parts]
    if len(designs) == n_util:  # no scale equation: log sigma fixed at 0
        designs.append(np.zeros((frame.n, 0)))

    def evaluate(slots: list[Dual], rows: np.ndarray | slice) -> Dual:
        probs = game.probs(slots[:n_util], slots[n_util].exp(), link, errors)
        return select_outcome(game.outcomes(probs), y[rows])

    lik = Likelihood(designs=designs, offsets=[0.0] * len(designs), evaluate=evaluate)
    start = np.zeros(lik.n_params)
    sbi = sbi_start(game.name, y, designs[:n_util], link)
    start[: sbi.size] = sbi
    if not np.isfinite(lik.value_and_gradient(start)[0]):
        start = np.zeros(lik.n_params)
    opt = maximize(lik, start)
    names = _names(game, frame, level_labels, utility_labels, link)
    if not opt.converged:
        warnings.warn(
            f"{game.name} did not converge after {opt.iterations} BFGS iterations "
            f"({opt.message}); the estimates may not be a maximum",
            EstimationWarning,
            stacklevel=3,
        )
    _divergence_check(names, opt.theta, frame)
    vcov = covariance(lik.hessian(opt.theta), names)
    outcome_labels = level_labels or tuple(f"{n}" for n in game.nodes)

    def predictor(newdata: pd.DataFrame, theta: np.ndarray, kind: str) -> pd.DataFrame:
        return _predict_tree(game, frame, newdata, theta, link, errors, kind, outcome_labels)

    def refitter(n_boot: int, rng: np.random.Generator) -> np.ndarray:
        return bootstrap(lik, opt.theta, n_boot, rng)

    fit = GameFit(
        model=game.name,
        formula=formula,
        link=link,
        errors=errors,
        names=tuple(names),
        theta=opt.theta,
        vcov_matrix=vcov,
        loglik_obs=lik.loglik_obs(opt.theta),
        n=frame.n,
        n_dropped=len(frame.dropped_rows),
        converged=opt.converged,
        iterations=opt.iterations,
        outcome_labels=outcome_labels,
        data=frame.data,
        y=y,
        predictor=predictor,
        refitter=refitter,
        objective=lik.value_and_gradient,
        sdformula=sdformula,
        reference=game.reference,
    )
    if boot:
        fit = fit.bootstrap(boot, seed)
    return fit


def _predict_tree(
    game: TreeGame,
    frame: ModelFrame,
    newdata: pd.DataFrame,
    theta: np.ndarray,
    link: str,
    errors: str,
    kind: str,
    outcome_labels: tuple[str, ...],
) -> pd.DataFrame:
    needed = sorted(
        {v for p in frame.parts if p.spec is not None for v in p.spec.required_variables}
    )
    missing = [v for v in needed if v not in newdata.columns]
    if missing:
        raise InputError(f"newdata lacks column(s) {', '.join(map(repr, missing))}")
    n_util = len(game.utilities)
    mats = [p.rebuild(newdata) for p in frame.parts]
    if len(mats) == n_util:
        mats.append(np.zeros((len(newdata), 0)))
    cuts = np.cumsum([m.shape[1] for m in mats])[:-1]
    slots = [Dual(m @ b, None) for m, b in zip(mats, np.split(theta, cuts), strict=True)]
    probs = game.probs(slots[:n_util], slots[n_util].exp(), link, errors)
    if kind == "action":
        return pd.DataFrame({k: v.v for k, v in probs.items()}, index=newdata.index)
    outs = game.outcomes(probs)
    return pd.DataFrame(
        {f"Pr({lab})": np.exp(o.v) for lab, o in zip(outcome_labels, outs, strict=True)},
        index=newdata.index,
    )


_PARAMS_DOC = """
    Parameters
    ----------
    formula : str
        ``games``-style formula: the outcome (one column, or binary decision columns joined by
        ``+``), ``~``, then one part per utility separated by ``|`` ({parts}). ``0`` fixes a
        utility at zero; ``1`` is a constant only; ``- 1`` drops the constant.
    data : pandas.DataFrame
        The data. Rows with a missing value in any used variable are dropped (with a warning).
    link : {{"probit", "logit"}}
        Distribution of the errors.
    errors : {{"agent", "private"}}
        Agent error (errors on actions, scale sqrt 2 at every node) or private information
        (errors on outcome payoffs known to their owner; probit only).
    sdformula : str, optional
        One-sided formula of the error scale, ``sigma = exp(Z g)`` (e.g. ``"~ balanc - 1"``).
    outcome_levels : sequence, optional
        The values of a label outcome column in tree order ({nodes}); default: the
        categories of a pandas Categorical. Numeric outcome columns must hold the terminal-node
        numbers {nodes}.
    labels : sequence of str, optional
        Outcome labels for coefficient names (``u1(no attack):x``); default: the outcome
        levels, else plain utility names (``u11:x``).
    utility_labels : sequence of str, optional
        Prefixes replacing the utility names entirely.
    boot : int
        Bootstrap replicates to run (0: none; see :meth:`GameFit.bootstrap`).
    seed : int, numpy.random.Generator or None
        Randomness of the bootstrap.

    Returns
    -------
    GameFit

    Raises
    ------
    InputError
        Bad formula, missing columns, outcomes that do not fit the tree, unidentified
        specification.
    EstimationError
        A choice that never varies in the data.
"""


def egame12(formula: str, data: pd.DataFrame, **kwargs: Any) -> GameFit:
    """Fit the two-player, three-outcome crisis game (Signorino 2003).

    Player 1 chooses L (outcome 1, utility ``u11``) or R; then player 2 chooses L (outcome 3:
    ``u13`` for player 1, 0 for player 2) or R (outcome 4: ``u14``, ``u24``).
    {params}
    References
    ----------
    Signorino, C. S. (2003). Structure and uncertainty in discrete choice models. *Political
    Analysis* 11: 316-344.

    Kenkel, B. and Signorino, C. S. (2014). Estimating extensive form games in R. *Journal of
    Statistical Software* 56(8), Table 1 (the leblang2003 replication).
    """
    return fit_tree_game(EGAME12, formula, data, **kwargs)


def egame122(formula: str, data: pd.DataFrame, **kwargs: Any) -> GameFit:
    """Fit the two-player, four-outcome game: player 2 moves after either move of player 1.

    Outcomes 1-4 (LL, LR, RL, RR); utilities ``u11, u12, u13, u14`` (player 1) and
    ``u22, u24`` (player 2; ``u21 = u23 = 0``).
    {params}
    References
    ----------
    Signorino, C. S. (2003). Structure and uncertainty in discrete choice models. *Political
    Analysis* 11: 316-344.

    Kenkel, B. and Signorino, C. S. (2014). Estimating extensive form games in R. *Journal of
    Statistical Software* 56(8).
    """
    return fit_tree_game(EGAME122, formula, data, **kwargs)


def egame123(formula: str, data: pd.DataFrame, **kwargs: Any) -> GameFit:
    """Fit the three-player, four-outcome game (extended immediate deterrence).

    Player 1 L ends (outcome 1); else player 2 L ends (outcome 3); else player 3 chooses L
    (outcome 5) or R (outcome 6). Utilities ``u11, u13, u15, u16, u23, u25, u26, u36``.
    {params}
    References
    ----------
    Signorino, C. S. and Tarar, A. (2006). A unified theory and test of extended immediate
    deterrence. *American Journal of Political Science* 50(3): 586-605.

    Kenkel, B. and Signorino, C. S. (2014). Estimating extensive form games in R. *Journal of
    Statistical Software* 56(8).
    """
    return fit_tree_game(EGAME123, formula, data, **kwargs)


for _fn, _game in ((egame12, EGAME12), (egame122, EGAME122), (egame123, EGAME123)):
    _fn.__doc__ = (_fn.__doc__ or "").format(
        params=_PARAMS_DOC.format(
            parts=" | ".join(_game.utilities), nodes=", ".join(map(str, _game.nodes))
        )
    )
