"""Subgame-perfect equilibrium of perfect-information games, by batched backward induction.

Tie rule: when actions give the mover equal value (within ``tie_tol`` relative), the action
listed first at the node is chosen. ``Solution.tie`` flags the points where such a tie was
between actions whose consequences differ for some player, i.e. where another subgame-perfect
equilibrium with a different outcome or payoffs may exist.

References
----------
Selten, R. (1975). Reexamination of the perfectness concept for equilibrium points in extensive
games. International Journal of Game Theory 4(1), 25-55.
Osborne, M. J. and Rubinstein, A. (1994). A Course in Game Theory, Proposition 99.2 (Kuhn's
theorem: every finite perfect-information game has an SPE, found by backward induction).
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from detente.errors import GameError
from detente.games.node_tables import DECISION, TERMINAL, NodeTables
from detente.games.parameter_batch import ParameterBatch, chunk_points
from detente.games.solution import Solution
from detente.games.tree import Game


def solve_spe(
    game: Game,
    params: Mapping[str, object] | None = None,
    *,
    tie_tol: float = 1e-9,
    threads: int | None = None,
) -> Solution:
    """Solve a perfect-information game with chance moves for its subgame-perfect equilibrium.

    Parameters
    ----------
    game : Game
        A game whose information sets are all singletons.
    params : mapping, optional
        Parameter values (scalars or arrays broadcasting to one batch shape); unspecified
        parameters take the game's defaults.
    tie_tol : float
        Two action values count as tied when they differ by at most
        ``tie_tol * max(1, largest absolute payoff at the point)``.
    threads : int, optional
        Threads for independent chunks of the batch (default: ``$DETENTE_THREADS`` or the
        number of CPUs, at most 4).

    Returns
    -------
    Solution
        Pure behaviour strategy (0/1) at every node, outcome probabilities (chance moves make
        them fractional), expected payoffs and the ``tie`` flag.

    Raises
    ------
    GameError
        If the game has an information set with more than one node (use :func:`solve_pbe`
        or :func:`solve_qre`), or payoffs/probabilities are invalid at some point.
    """
    t = game.tables
    layout = _layout(t)
    if not layout.perfect_information:
        shared = [h.name for h in t.infosets if len(h.nodes) > 1]
        raise GameError(
            f"solve_spe needs perfect information, but game {game.title!r} has information "
            f"set(s) with several nodes: {', '.join(shared)}; use solve_pbe or solve_qre"
        )
    if isinstance(params, dict) and tuple(params) == tuple(game.parameters):
        values: Mapping[str, object] = params  # every parameter, in order: nothing to merge
    else:
        values = game.resolve_parameters(params)
    batch = ParameterBatch.from_values(values, context=f" of game {game.title!r}")
    n, P, T, H = t.n_nodes, t.n_players, t.n_terminals, len(t.infosets)
    size = max(batch.size, 1)
    runs = layout.runs

    if batch.stacked is not None and size <= chunk_points(n * (P + 1)):
        # One chunk (the common small batch of a simulation step): no chunking, threads or
        # per-thread workspace, and payoffs gathered from the stacked parameters.
        plan = t.stacked_plan(tuple(batch.flat))
        V = np.empty((n, P, size))
        scale = plan.write_payoffs(V, batch.stacked, batch.flat, batch.abs_max)
        chance = (
            plan.evaluate_chance(batch.stacked, batch.flat, batch.abs_max)
            if t.chance_probs
            else None
        )
        choice, terminal_probs, payoffs, tie = _backward_induction_small(
            t, layout, V, chance, scale, tie_tol
        )
        params_out = batch.read_only_values()
    else:
        choice = np.empty((H, size), dtype=layout.choice_dtype)
        terminal_probs = np.empty((T, size))
        payoffs = np.empty((P, size))
        tie = np.zeros(size, dtype=bool)
        out = (choice, terminal_probs, payoffs, tie)
        # Each thread reuses its value and reach tables across chunks: fresh multi-MiB arrays
        # per chunk cost page faults on first touch, as much as the arithmetic itself.
        workspace = threading.local()

        def work(sl: slice, env: dict[str, np.ndarray]) -> None:
            b = sl.stop - sl.start
            if getattr(workspace, "size", 0) < b:
                workspace.size = b
                workspace.V = np.empty(n * P * b)
                workspace.reach = np.empty(n * b)
            V = workspace.V[: n * P * b].reshape(n, P, b)
            scale = t.write_payoffs(V, env)
            chance = t.evaluate_chance(env, b) if t.chance_probs else None
            reach = workspace.reach[: n * b].reshape(n, b)
            _backward_induction(t, runs, V, reach, chance, scale, tie_tol, out, sl)

        batch.run_chunks(n * (P + 1), work, threads)
        params_out = batch.broadcast_values(values)

    shape = batch.shape
    return Solution(
        method="spe",
        game=game,
        shape=shape,
        params=params_out,
        behaviour=None,
        choice=choice.T.reshape(*shape, H),
        terminal_probs=terminal_probs.T.reshape(*shape, T),
        payoffs=payoffs.T.reshape(*shape, P),
        tie=tie.reshape(shape),
    )


def _backward_induction_small(
    t: NodeTables,
    layout: _Layout,
    V: np.ndarray,
    chance: np.ndarray | None,
    scale: float,
    tie_tol: float,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """:func:`_backward_induction` on a whole (small) batch in fewer NumPy calls.

    Returns ``(choice, terminal_probs, payoffs, tie)``. Each run keeps its weights as one
    (m, k, b) array, so the children's reach probabilities take one product per run, and
    binary runs (the usual case) compute values with one product and one sum. Binary runs of
    one mover compare values without the general :func:`_choose`, and their near-tie screen
    runs once over all of them at the end (the values it reads are never overwritten). The
    floating-point operations are those of :func:`_backward_induction`, so results agree
    exactly (tests check this).
    """
    n, P, b = V.shape
    runs = layout.runs
    screen = tie_tol * max(1.0, scale)
    choice = np.empty((len(t.infosets), b), dtype=layout.choice_dtype)
    tie = np.zeros(b, dtype=bool)
    gaps = np.empty((layout.binary_rows, b))
    pending = []
    used = 0
    weights: list[np.ndarray] = []
    for run in runs:
        m, k = run.m, run.k
        Vc = V[run.children].reshape(m, k, P, b)
        if not run.n_decision:
            W = chance[run.chance_table_rows].reshape(m, k, b)
        elif k == 2 and run.mover is not None:
            own = [Vc[:, 0, run.mover], Vc[:, 1, run.mover]]
            W = np.empty((m, 2, b))  # 0/1 as floats: products are exact, and no casts
            better = W[:, 1]
            gap = np.subtract(own[1], own[0], out=gaps[used : used + m])
            np.greater(gap, 0.0, out=better)
            np.logical_not(better, out=W[:, 0])
            pending.append((run, Vc, own, better, gap))
            used += m
            choice[run.infoset_rows] = better
        else:
            if run.mover is not None:
                own = [Vc[:, j, run.mover] for j in range(k)]
            else:
                own = [V.reshape(n * P, b)[rows] for rows in run.own_rows]
            best, Wd = _choose(t, V, Vc, run, own, tie, screen, tie_tol)
            choice[run.infoset_rows] = best
            if run.n_decision < m:
                W = np.empty((m, k, b))
                for j in range(k):
                    W[run.decision_local, j] = Wd[j]
                W[run.chance_local] = chance[run.chance_rows]
            else:
                W = np.stack(Wd, axis=1)
        value = V[run.nodes]
        if k == 2:
            terms = Vc * W[:, :, None, :]
            np.add(terms[:, 0], terms[:, 1], out=value)
        else:
            np.multiply(Vc[:, 0], W[:, 0, None, :], out=value)
            for j in range(1, k):
                value += Vc[:, j] * W[:, j, None, :]
        weights.append(W)
    if used:
        np.abs(gaps, out=gaps)
        if np.minimum.reduce(gaps, axis=None) <= screen:
            for run, Vc, own, better, gap in pending:
                best = better.astype(np.int8)
                _flag_ties(t, V, Vc, run, own, best, tie, gap <= screen, tie_tol)
    reach = np.empty((n, b))
    reach[0] = 1.0
    for run, W in zip(reversed(runs), reversed(weights), strict=True):
        Rc = reach[run.children].reshape(run.m, run.k, b)
        np.multiply(reach[run.nodes, None, :], W, out=Rc)
    return choice, reach.take(t.terminal_nodes, axis=0), V[0], tie


def _backward_induction(
    t: NodeTables,
    runs: tuple[_Run, ...],
    V: np.ndarray,
    reach: np.ndarray,
    chance: np.ndarray | None,
    scale: float,
    tie_tol: float,
    out: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray],
    sl: slice,
) -> None:
    """Solve one chunk whose terminal payoffs are in ``V`` (n, P, b); write slice ``sl`` of
    the outputs ``(choice, terminal_probs, payoffs, tie)``.

    ``scale`` is the largest absolute payoff in the chunk: one conservative tolerance for the
    chunk screens out the (rare) near ties, and the per-point tolerance is computed only at
    the points the screen lets through. ``reach`` (n, b) is scratch space.
    """
    choice, terminal_probs, payoffs, tie = out
    n, P, b = V.shape
    screen = tie_tol * max(1.0, scale)
    tie_chunk = tie[sl]
    V2 = V.reshape(n * P, b)
    weights: list[list[np.ndarray]] = []
    for run in runs:
        m, k = run.m, run.k
        Vc = V[run.children].reshape(m, k, P, b)
        W: list[np.ndarray] = []
        if run.n_decision:
            if run.mover is not None:
                own = [Vc[:, j, run.mover] for j in range(k)]
            else:
                own = [V2[rows] for rows in run.own_rows]
            best, W = _choose(t, V, Vc, run, own, tie_chunk, screen, tie_tol)
            choice[run.infoset_rows, sl] = best
        if run.n_decision < m:  # chance nodes (possibly mixed with decisions)
            Pc = chance[run.chance_table_rows].reshape(m - run.n_decision, k, b)
            if run.n_decision:
                Wm = np.empty((m, k, b))
                for j in range(k):
                    Wm[run.decision_local, j] = W[j]
                Wm[run.chance_local] = Pc
            else:
                Wm = Pc
            W = [Wm[:, j] for j in range(k)]
        value = V[run.nodes]
        np.multiply(Vc[:, 0], W[0][:, None, :], out=value)
        for j in range(1, k):
            value += Vc[:, j] * W[j][:, None, :]
        weights.append(W)
    reach[0] = 1.0
    for run, W in zip(reversed(runs), reversed(weights), strict=True):
        r = reach[run.nodes]
        Rc = reach[run.children].reshape(run.m, run.k, b)
        for j in range(run.k):
            np.multiply(r, W[j], out=Rc[:, j])
    probs = terminal_probs[:, sl]
    first = 0
    for nodes in t.terminal_runs:  # slice copies: no gather through a temporary
        last = first + nodes.stop - nodes.start
        probs[first:last] = reach[nodes]
        first = last
    payoffs[:, sl] = V[0]


@dataclass(frozen=True)
class _Run:
    """Consecutive internal nodes of one depth and branching factor: the SPE kernel's unit.

    Breadth-first numbering gives such a run consecutive children, so the kernel reads and
    writes the value table through views only. Decision nodes (of any movers) and chance
    nodes may mix in a run: each node's value is ``sum_j weight_j * value(child j)``, with
    0/1 weights at decision nodes and the probabilities at chance nodes, and reach
    probabilities propagate forward with the same weights.
    """

    nodes: slice
    children: slice
    m: int
    k: int
    n_decision: int
    mover: int | None  # the one mover when all nodes are decisions of one player
    decision_local: np.ndarray  # positions of decision nodes within the run
    chance_local: np.ndarray  # positions of chance nodes within the run
    own_rows: np.ndarray  # (k, n_decision): rows of V.reshape(-1, b) with each mover's values
    chance_rows: np.ndarray  # (n_chance, k): rows of the chance table
    infosets: np.ndarray  # (n_decision,): information set of each decision node
    infoset_rows: slice | np.ndarray  # ``infosets`` as a slice when consecutive (the rule)
    chance_table_rows: slice | np.ndarray  # ``chance_rows.ravel()``, a slice when consecutive


def _runs(t: NodeTables) -> tuple[_Run, ...]:
    """Runs of the game, deepest first, computed once and cached on its tables."""
    cached = t.__dict__.get("_spe_runs")
    if cached is not None:
        return cached
    P = t.n_players
    internal = np.flatnonzero(t.kind != TERMINAL)
    if internal.size == 0:  # the root is terminal: nothing to decide
        object.__setattr__(t, "_spe_runs", ())
        return ()
    breaks = (np.diff(internal) != 1) | (np.diff(t.depth[internal]) != 0)
    breaks |= np.diff(t.n_children[internal]) != 0
    starts = np.r_[0, np.flatnonzero(breaks) + 1]
    stops = np.r_[starts[1:], internal.size]
    runs = []
    for a, z in zip(starts, stops, strict=True):
        nodes = internal[a:z]
        m, k = nodes.size, int(t.n_children[nodes[0]])
        first = int(t.first_child[nodes[0]])
        is_decision = t.kind[nodes] == DECISION
        dec, cha = np.flatnonzero(is_decision), np.flatnonzero(~is_decision)
        dec_nodes = nodes[dec]
        movers = np.unique(t.player[dec_nodes])
        children = t.first_child[dec_nodes][None, :] + np.arange(k)[:, None]  # (k, n_dec)
        cha_children = t.first_child[nodes[cha]][:, None] + np.arange(k)[None, :]
        runs.append(
            _Run(
                nodes=slice(int(nodes[0]), int(nodes[0]) + m),
                children=slice(first, first + m * k),
                m=m,
                k=k,
                n_decision=dec.size,
                mover=int(movers[0]) if dec.size == m and movers.size == 1 else None,
                decision_local=dec,
                chance_local=cha,
                own_rows=children * P + t.player[dec_nodes][None, :],
                chance_rows=t.edge_chance[cha_children],
                infosets=t.infoset_of[dec_nodes],
                infoset_rows=_as_slice(t.infoset_of[dec_nodes]),
                chance_table_rows=_as_slice(t.edge_chance[cha_children].ravel()),
            )
        )
    runs.sort(key=lambda r: -int(t.depth[r.nodes.start]))
    cached = tuple(runs)
    object.__setattr__(t, "_spe_runs", cached)
    return cached


@dataclass(frozen=True)
class _Layout:
    """What solve_spe needs of a game's tables beyond them, computed once and cached."""

    runs: tuple[_Run, ...]
    perfect_information: bool
    choice_dtype: type  # int8 when every node has fewer than 128 actions
    binary_rows: int  # decision nodes in binary runs of one mover (the deferred tie screen)


def _layout(t: NodeTables) -> _Layout:
    cached = t.__dict__.get("_spe_layout")
    if cached is None:
        runs = _runs(t)
        cached = _Layout(
            runs=runs,
            perfect_information=all(len(h.nodes) == 1 for h in t.infosets),
            choice_dtype=np.int8 if all(r.k < 128 for r in runs) else np.int64,
            binary_rows=sum(r.m for r in runs if r.n_decision and r.k == 2 and r.mover is not None),
        )
        object.__setattr__(t, "_spe_layout", cached)
    return cached


def _as_slice(index: np.ndarray) -> slice | np.ndarray:
    """``index`` as a slice when it is a run of consecutive integers (slicing a view is
    several times cheaper than fancy indexing on small batches), else unchanged."""
    if index.size and (np.diff(index) == 1).all():
        return slice(int(index[0]), int(index[-1]) + 1)
    return index


def _choose(
    t: NodeTables,
    V: np.ndarray,
    Vc: np.ndarray,
    run: _Run,
    own: list[np.ndarray],
    tie: np.ndarray,
    screen: float,
    tie_tol: float,
) -> tuple[np.ndarray, list[np.ndarray]]:
    """Each mover of ``run`` picks its best action; sets ``tie``; returns choices and weights.

    ``own[j]`` (n_decision, b) is each mover's value of action ``j``; the weights are 0/1
    arrays, one per action (bool, so products with them are exact). The first listed action
    wins ties. A point is flagged when an action other than the chosen one comes within
    ``tie_tol * max(1, largest absolute payoff at the point)`` of the best value and its
    consequences differ for some player. ``screen`` bounds that tolerance over the chunk, so
    only points within ``screen`` are examined point by point.

    Values are then selected arithmetically (``v1 * best + v0 * ~best``): ``np.where``
    branches per element and is several times slower when the choices are unpredictable.
    """
    k = len(own)
    if k == 2:
        gap = own[1] - own[0]
        better = gap > 0
        weights = [~better, better]
        best = better.view(np.int8)
        np.abs(gap, out=gap)
        if np.minimum.reduce(gap, axis=None) > screen:
            return best, weights
        near = gap <= screen
    else:
        stacked = np.stack(own, axis=1)  # (n_decision, k, b)
        best = stacked.argmax(axis=1)  # first maximum: the first listed action
        weights = [best == j for j in range(k)]
        best_val = np.take_along_axis(stacked, best[:, None, :], axis=1)
        near = (stacked >= best_val - screen).sum(axis=1) > 1
    _flag_ties(t, V, Vc, run, own, best, tie, near, tie_tol)
    return best, weights


def _flag_ties(
    t: NodeTables,
    V: np.ndarray,
    Vc: np.ndarray,
    run: _Run,
    own: list[np.ndarray],
    best: np.ndarray,
    tie: np.ndarray,
    near: np.ndarray,
    tie_tol: float,
) -> None:
    """Set ``tie`` where the screen found a value ``near`` the best (n_decision, b) and the
    exact test holds at the point: see :func:`_choose`."""
    candidates = np.flatnonzero(near.any(axis=0))
    if candidates.size == 0:
        return
    terminal_values = V[:, :, candidates][t.terminal_nodes]  # (T, P, c)
    c_tol = tie_tol * np.maximum(1.0, np.abs(terminal_values).max(axis=(0, 1)))
    c_own = np.stack([o[:, candidates] for o in own], axis=1)  # (n_decision, k, c)
    c_index = best[:, None, candidates].astype(np.intp)
    c_best = np.take_along_axis(c_own, c_index, axis=1)
    close = c_own >= c_best - c_tol
    c_vals = Vc[..., candidates]
    if run.n_decision < run.m:
        c_vals = c_vals[run.decision_local]  # (n_decision, k, P, c)
    c_chosen = np.take_along_axis(c_vals, c_index[:, :, None, :], axis=1)
    differs = (np.abs(c_vals - c_chosen) > c_tol).any(axis=2)
    tie[candidates] |= (close & differs).any(axis=(0, 1))
