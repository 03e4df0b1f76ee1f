"""Flat node tables: the compiled form of a game that every solver works on.

Nodes are numbered breadth-first, so the children of a node are consecutive ids and every
child's id exceeds its parent's. Solvers then sweep depth by depth (all nodes of one depth and
one branching factor at once) on arrays whose last axis is the batch of parameter points;
no solver walks Python node objects per parameter point.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from detente.errors import GameError
from detente.games.expressions import Expression, brief

if TYPE_CHECKING:
    from detente.games.tree import Game, InfoSet

TERMINAL, DECISION, CHANCE = 0, 1, 2

#: Tolerance on chance probabilities: each in [-tol, 1 + tol], each node's sum within tol of 1.
PROBABILITY_TOL = 1e-9


@dataclass(frozen=True)
class NodeGroup:
    """Internal nodes of one depth, kind and branching factor, processed together.

    ``nodes`` has shape (m,), ``children`` (m, k): child ids in action order.
    """

    depth: int
    kind: int
    nodes: np.ndarray
    children: np.ndarray


@dataclass(frozen=True)
class NodeTables:
    """The compiled game.

    Attributes
    ----------
    kind, player, parent, parent_action, depth, first_child, n_children : ndarray
        One entry per node (breadth-first ids). ``player`` is -1 at chance and terminal nodes.
    infoset_of : ndarray
        Information-set index of each decision node, -1 elsewhere.
    edge_action : ndarray
        For a child of a decision node, the global index of the action leading to it (into
        the flat behaviour-strategy vector); -1 otherwise.
    edge_chance : ndarray
        For a child of a chance node, the index of its probability in the chance table; -1
        otherwise.
    infosets : tuple of InfoSet
    action_offset : ndarray
        Start of each information set's actions in the flat strategy vector (length H + 1).
    terminal_nodes : ndarray
        Node id of each terminal, in breadth-first order.
    """

    players: tuple[str, ...]
    kind: np.ndarray
    player: np.ndarray
    parent: np.ndarray
    parent_action: np.ndarray
    depth: np.ndarray
    first_child: np.ndarray
    n_children: np.ndarray
    infoset_of: np.ndarray
    edge_action: np.ndarray
    edge_chance: np.ndarray
    infosets: tuple[InfoSet, ...]
    action_offset: np.ndarray
    terminal_nodes: np.ndarray
    terminal_labels: tuple[str, ...]
    terminal_payoffs: tuple[tuple[Expression, ...], ...]
    chance_probs: tuple[Expression, ...]
    chance_edge_node: np.ndarray
    node_labels: tuple[str, ...]
    groups: tuple[NodeGroup, ...]
    parameter_names: frozenset[str]

    @property
    def n_nodes(self) -> int:
        return int(self.kind.size)

    @property
    def n_players(self) -> int:
        return len(self.players)

    @property
    def n_terminals(self) -> int:
        return int(self.terminal_nodes.size)

    @property
    def n_actions(self) -> int:
        """Length of the flat behaviour-strategy vector (all actions of all infosets)."""
        return int(self.action_offset[-1])

    @property
    def action_labels(self) -> tuple[tuple[str, str], ...]:
        """``(infoset name, action)`` for each entry of the flat strategy vector."""
        return tuple((h.name, a) for h in self.infosets for a in h.actions)

    @property
    def terminal_runs(self) -> tuple[slice, ...]:
        """Terminal node ids as slices of consecutive ids (cached)."""
        cached = self.__dict__.get("_terminal_runs")
        if cached is None:
            ids = self.terminal_nodes
            starts = np.r_[0, np.flatnonzero(np.diff(ids) != 1) + 1]
            stops = np.r_[starts[1:], ids.size]
            cached = tuple(
                slice(int(ids[a]), int(ids[z - 1]) + 1) for a, z in zip(starts, stops, strict=True)
            )
            object.__setattr__(self, "_terminal_runs", cached)
        return cached

    @property
    def max_depth(self) -> int:
        return int(self.depth.max())

    # --- evaluation on a batch ----------------------------------------------------------
    def stacked_plan(self, names: tuple[str, ...]) -> StackedPlan:
        """How to gather payoffs and chance probabilities from parameters stacked in the order
        ``names`` (see :class:`StackedPlan`); built once per order and cached."""
        plans = self.__dict__.get("_stacked_plans")
        if plans is None:
            plans = {}
            object.__setattr__(self, "_stacked_plans", plans)
        plan = plans.get(names)
        if plan is None:
            plan = plans[names] = StackedPlan(self, names)
        return plan

    def evaluate_payoffs(self, env: Mapping[str, np.ndarray], size: int) -> np.ndarray:
        """Terminal payoffs, shape (n_terminals, n_players, size).

        Raises
        ------
        GameError
            If a payoff evaluates to NaN or infinity at some parameter point.
        """
        out = np.empty((self.n_terminals, self.n_players, size))
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            for t, exprs in enumerate(self.terminal_payoffs):
                for i, e in enumerate(exprs):
                    out[t, i] = e.evaluate_unchecked(env)
        if not np.isfinite(out).all():
            t, i, b = np.argwhere(~np.isfinite(out))[0]
            expr = self.terminal_payoffs[t][i]
            raise GameError(
                f"payoff of {self.players[i]} at terminal {self.terminal_labels[t]!r} "
                f"({brief(expr.text)}) is {float(out[t, i, b])} at {_point(expr, env, b)}; payoffs "
                "must be finite: check the parameter values or the formula"
            )
        return out

    def write_payoffs(self, V: np.ndarray, env: Mapping[str, np.ndarray]) -> float:
        """Write terminal payoffs into ``V`` (n_nodes, n_players, size) in place.

        Returns the largest absolute payoff over all points (one scale for tie tolerances).

        Raises
        ------
        GameError
            If a payoff is not finite at some parameter point.
        """
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            for t, node in enumerate(self.terminal_nodes):
                row = V[node]
                for i, e in enumerate(self.terminal_payoffs[t]):
                    row[i] = e.evaluate_unchecked(env)
        # one max and one min per run of consecutive terminal ids (a full tree has one run)
        highs = [V[run].max() for run in self.terminal_runs]
        lows = [V[run].min() for run in self.terminal_runs]
        # NaN and infinities propagate through the sums (max() of a list would drop NaN)
        if not math.isfinite(sum(highs) + sum(lows)):
            self.evaluate_payoffs(env, V.shape[-1])  # raises the error naming terminal and point
        scale = max(max(highs), -min(lows))
        return float(scale)

    def evaluate_chance(self, env: Mapping[str, np.ndarray], size: int) -> np.ndarray:
        """Chance probabilities, shape (n_chance_edges, size), validated per point.

        Raises
        ------
        GameError
            If a probability lies outside [0, 1] or a chance node's probabilities do not sum
            to 1 at some parameter point (names the node and the first such point).
        """
        if all(e.constant is not None for e in self.chance_probs):
            return np.broadcast_to(self._constant_chance()[:, None], (len(self.chance_probs), size))
        out = np.empty((len(self.chance_probs), size))
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            for j, e in enumerate(self.chance_probs):
                out[j] = e.evaluate_unchecked(env)
        return self._validated_chance(out, env)

    def _constant_chance(self) -> np.ndarray:
        """Chance probabilities that are all numbers: validated once and cached."""
        cached = self.__dict__.get("_chance_cache")
        if cached is None:
            values = np.array([e.constant for e in self.chance_probs], dtype=float)
            cached = self._validated_chance(values[:, None])[:, 0]
            object.__setattr__(self, "_chance_cache", cached)
        return cached

    def _validated_chance(
        self, out: np.ndarray, env: Mapping[str, np.ndarray] | None = None
    ) -> np.ndarray:
        """Check probabilities (n_chance_edges, size) per point; clip rounding noise.

        The common case (all valid) costs a few whole-array reductions; the per-point
        search that names the offending node and point runs only when a check fails.
        """
        if out.size == 0:
            return out
        # NaN propagates, and fails both comparisons below
        low, high = np.minimum.reduce(out, axis=None), np.maximum.reduce(out, axis=None)
        if not (low >= -PROBABILITY_TOL and high <= 1 + PROBABILITY_TOL):
            bad = ~np.isfinite(out) | (out < -PROBABILITY_TOL) | (out > 1 + PROBABILITY_TOL)
            j, b = np.argwhere(bad)[0]
            node = int(self.parent[self.chance_edge_node[j]])
            expr = self.chance_probs[j]
            where = _point(expr, env, b) if env is not None else f"parameter point {b}"
            raise GameError(
                f"chance probability {brief(expr.text)} at chance node "
                f"{brief(self.node_labels[node])} is {float(out[j, b])!r} at {where}; "
                "probabilities must lie in [0, 1]"
            )
        if not self._sums_hold_by_construction:
            self._check_sums(out, env)
        if low < 0.0 or high > 1.0:
            return np.clip(out, 0.0, 1.0)
        return out

    def _check_sums(self, out: np.ndarray, env: Mapping[str, np.ndarray] | None) -> None:
        """Raise if some chance node's probabilities do not sum to 1 at some point."""
        parents, starts = self._chance_node_starts
        sums = np.add.reduceat(out, starts, axis=0)
        # |sum - 1| > tol at some point, from the extreme sums (rounded s - 1 is monotone in s)
        if (
            np.maximum.reduce(sums, axis=None) - 1.0 > PROBABILITY_TOL
            or 1.0 - np.minimum.reduce(sums, axis=None) > PROBABILITY_TOL
        ):
            off = np.abs(sums - 1.0) > PROBABILITY_TOL
            r, b = np.argwhere(off)[0]
            node = int(parents[starts[r]])
            stop = starts[r + 1] if r + 1 < starts.size else len(self.chance_probs)
            used = Expression(
                " + ".join(f"({e.text})" for e in self.chance_probs[starts[r] : stop])
            )
            where = _point(used, env, b) if env is not None else f"parameter point {b}"
            raise GameError(
                f"chance probabilities at node {brief(self.node_labels[node])} sum to "
                f"{float(sums[r, b]):.12g}, not 1, at {where}; fix the probabilities"
            )

    @property
    def _sums_hold_by_construction(self) -> bool:
        """Every chance node has two actions written ``x`` and ``1 - x`` (cached).

        Then, once every probability lies in [-tol, 1 + tol] (checked first), ``x + fl(1 - x)``
        is within an ulp of 1, so the per-node sums need no check.
        """
        cached = self.__dict__.get("_sums_by_construction")
        if cached is None:
            probs, starts = self.chance_probs, self._chance_node_starts[1]
            cached = (
                len(probs) % 2 == 0
                and np.array_equal(starts, np.arange(0, len(probs), 2))
                and all(probs[j + 1].is_complement_of(probs[j]) for j in range(0, len(probs), 2))
            )
            object.__setattr__(self, "_sums_by_construction", cached)
        return cached

    @property
    def _chance_node_starts(self) -> tuple[np.ndarray, np.ndarray]:
        """Parent of each chance edge, and where each chance node's edges start (cached).

        Chance edges are in breadth-first order, so each chance node's edges are consecutive.
        """
        cached = self.__dict__.get("_chance_starts")
        if cached is None:
            parents = self.parent[self.chance_edge_node]
            starts = np.flatnonzero(np.r_[True, parents[1:] != parents[:-1]])
            cached = (parents, starts)
            object.__setattr__(self, "_chance_starts", cached)
        return cached


def _point(expr: Expression, env: Mapping[str, np.ndarray], b: int) -> str:
    """The parameter values a formula sees at batch position ``b``, for messages."""
    values = []
    for name in sorted(expr.names):
        value = np.asarray(env[name]) if name in env else None
        if value is not None:
            x = value.reshape(-1)[b] if value.size > 1 else value.reshape(-1)[0]
            values.append(f"{name} = {float(x):.6g}")
    return f"the parameter point {', '.join(values)}" if values else f"parameter point {b}"


class _Gather:
    """Expressions evaluated from stacked parameters into given rows of a 2-D target.

    Bare parameters are copied with one ``take`` per run of consecutive target rows;
    constants and formulas are then written row by row.
    """

    def __init__(
        self, exprs: tuple[Expression, ...], targets: list[slice], index: Mapping[str, int]
    ) -> None:
        rows = np.zeros(len(exprs), dtype=np.intp)
        constants: list[tuple[int, float]] = []
        formulas: list[tuple[int, Expression]] = []
        target_row = np.concatenate([np.arange(sl.start, sl.stop) for sl in targets])
        for j, e in enumerate(exprs):
            if e.constant is not None:
                constants.append((int(target_row[j]), e.constant))
            elif e.name is not None and e.name in index:
                rows[j] = index[e.name]
            else:
                formulas.append((int(target_row[j]), e))
        self.targets = tuple(targets)
        self.copies: tuple[tuple[np.ndarray, slice], ...] = ()
        if len(constants) + len(formulas) < len(exprs):  # some bare parameters
            copies, first = [], 0
            for sl in targets:
                last = first + sl.stop - sl.start
                copies.append((rows[first:last], sl))
                first = last
            self.copies = tuple(copies)
        self.constants = tuple(constants)
        self.formulas = tuple(formulas)
        self.constant_bound = max((abs(c) for _, c in constants), default=0.0)

    def write(
        self, out: np.ndarray, stacked: np.ndarray, env: Mapping[str, np.ndarray], abs_max: float
    ) -> float | None:
        """Write the values; ``abs_max`` is the largest absolute parameter value.

        Returns a bound on the absolute values written when the parameters prove one (then
        they are finite: bare parameters, numbers, and formulas whose
        :attr:`~detente.games.expressions.Expression.magnitude_bound` stays far below
        overflow, evaluated without changing NumPy's error state); else ``None``, and the
        caller checks the values.
        """
        for rows, target in self.copies:
            stacked.take(rows, axis=0, out=out[target], mode="clip")
        for j, c in self.constants:
            out[j] = c
        bound = max(abs_max, self.constant_bound)
        if not self.formulas:
            return bound
        for _, e in self.formulas:
            b = e.magnitude_bound(abs_max) if e.magnitude_bound is not None else math.inf
            if not b < _QUIET_LIMIT:
                break
            bound = max(bound, b)
        else:
            for j, e in self.formulas:
                out[j] = e.evaluate_unchecked(env)
            return bound
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            for j, e in self.formulas:
                out[j] = e.evaluate_unchecked(env)
        return None


#: Formulas whose magnitude bound is below this cannot overflow (with room for rounding).
_QUIET_LIMIT = 1e300


class StackedPlan:
    """Payoffs and chance probabilities gathered from a stacked parameter array.

    For small batches the parameters come as one array ``stacked`` (n_parameters, size) (see
    :class:`~detente.games.parameter_batch.ParameterBatch`). Payoffs that are bare parameters
    (the common case) are copied into the value table with one ``take`` per run of
    consecutive terminal ids, constants and formulas written after: a handful of NumPy calls
    instead of one per payoff. Parameters are finite (checked when stacked), so only formulas
    need a finiteness check, and the largest absolute parameter bounds bare payoffs.
    """

    def __init__(self, t: NodeTables, names: tuple[str, ...]) -> None:
        index = {name: i for i, name in enumerate(names)}
        P = t.n_players
        self.tables = t
        self.payoffs = _Gather(
            tuple(e for exprs in t.terminal_payoffs for e in exprs),
            [slice(nodes.start * P, nodes.stop * P) for nodes in t.terminal_runs],
            index,
        )
        self.chance = _Gather(t.chance_probs, [slice(0, len(t.chance_probs))], index)
        self.chance_constant = all(e.constant is not None for e in t.chance_probs)

    def write_payoffs(
        self,
        V: np.ndarray,
        stacked: np.ndarray,
        env: Mapping[str, np.ndarray],
        abs_max: float,
    ) -> float:
        """As :meth:`NodeTables.write_payoffs`, from parameters stacked in the plan's order
        whose largest absolute value is ``abs_max``.

        Returns an upper bound on the largest absolute payoff (exact when payoffs are
        formulas): solvers use it only to screen for near ties, so a bound suffices.
        """
        t = self.tables
        V2 = V.reshape(-1, V.shape[-1])
        bound = self.payoffs.write(V2, stacked, env, abs_max)
        if bound is not None:
            return bound
        highs = [V2[sl].max() for sl in self.payoffs.targets]
        lows = [V2[sl].min() for sl in self.payoffs.targets]
        if not math.isfinite(sum(highs) + sum(lows)):
            t.evaluate_payoffs(env, V.shape[-1])  # raises the error naming terminal and point
        return float(max(max(highs), -min(lows)))

    def evaluate_chance(
        self, stacked: np.ndarray, env: Mapping[str, np.ndarray], abs_max: float
    ) -> np.ndarray:
        """As :meth:`NodeTables.evaluate_chance`, from the stacked parameters."""
        t = self.tables
        if self.chance_constant:
            return t.evaluate_chance(env, stacked.shape[1])
        out = np.empty((len(t.chance_probs), stacked.shape[1]))
        self.chance.write(out, stacked, env, abs_max)
        return t._validated_chance(out, env)


def _child_path_label(parent_label: str | None, action: str) -> str:
    """Path label of a child (``"challenge/resist"``) from its parent's (``None`` at the root,
    which is labelled ``"root"``)."""
    if parent_label is None:
        return "root"
    return action if parent_label == "root" else f"{parent_label}/{action}"


def compile_tables(game: Game) -> NodeTables:
    """Compile a validated :class:`~detente.games.tree.Game` into :class:`NodeTables`.

    The walk is breadth-first with a queue (no recursion, any depth). Each node's path label
    is its parent's plus one action, kept once per node.

    Raises
    ------
    GameError
        For any structural problem: an unknown player, a node without actions, a node used
        twice (not a tree), missing payoffs, inconsistent information sets.
    """
    from detente.games.tree import Chance, Decision, InfoSet, Terminal

    players = tuple(game.players)
    pindex = {p: i for i, p in enumerate(players)}
    title = game.title

    order: list = []
    paths: list[str] = []  # path label of each node ("root", "challenge", "challenge/resist")
    parent: list[int] = []
    parent_action: list[int] = []
    depth: list[int] = []
    seen: set[int] = set()
    queue: deque = deque([(game.root, "root", -1, -1, 0)])
    while queue:
        node, path, par, act, d = queue.popleft()
        if not isinstance(node, Terminal | Decision | Chance):
            raise GameError(
                f"game {title!r}: at {path!r} expected a node built with "
                f"decision(), chance() or terminal(), got {type(node).__name__}"
            )
        if id(node) in seen:
            raise GameError(
                f"game {title!r}: the node at {path!r} is used twice; a game "
                "tree has no shared nodes or cycles (build a separate node for each path)"
            )
        seen.add(id(node))
        order.append(node)
        paths.append(path)
        parent.append(par)
        parent_action.append(act)
        depth.append(d)
        if isinstance(node, Terminal):
            continue
        if not node.actions:
            raise GameError(f"game {title!r}: node {path!r} has no actions")
        this = len(order) - 1
        for k, (label, child) in enumerate(node.actions.items()):
            nxt = child[1] if isinstance(node, Chance) else child
            if isinstance(node, Chance) and not (isinstance(child, tuple) and len(child) == 2):
                raise GameError(
                    f"game {title!r}: chance action {label!r} at {path!r} "
                    "must be (probability, node)"
                )
            queue.append((nxt, _child_path_label(path, str(label)), this, k, d + 1))
    n = len(order)
    # breadth-first numbering: the children of node i are consecutive; compute first_child
    first_child = [-1] * n
    n_children = [0] * n
    for i in range(1, n):
        p = parent[i]
        if first_child[p] == -1:
            first_child[p] = i
        n_children[p] += 1

    kind = np.array(
        [
            TERMINAL if isinstance(x, Terminal) else DECISION if isinstance(x, Decision) else CHANCE
            for x in order
        ],
        dtype=np.int8,
    )
    player = np.full(n, -1, dtype=np.int64)
    node_labels = []
    for i, x in enumerate(order):
        label = getattr(x, "name", None) or paths[i]
        node_labels.append(label)
        if isinstance(x, Decision):
            if x.player not in pindex:
                raise GameError(
                    f"game {title!r}: node {label!r} is moved by unknown player {x.player!r}; "
                    f"players are {', '.join(players)}"
                )
            player[i] = pindex[x.player]

    # information sets, in breadth-first order of their first node
    # Only ``infoset=`` joins nodes; a node without one is its own information set, named
    # after the node (or its path), and such names may not collide.
    infoset_members: dict[str, list[int]] = {}
    singleton_names: set[str] = set()
    for i, x in enumerate(order):
        if isinstance(x, Decision) and x.infoset is not None:
            infoset_members.setdefault(x.infoset, []).append(i)
    for i, x in enumerate(order):
        if isinstance(x, Decision) and x.infoset is None:
            name = x.name or f"{x.player}@{paths[i]}"
            if name in infoset_members or name in singleton_names:
                raise GameError(
                    f"game {title!r}: two decision nodes are both called {name!r}; give them "
                    "distinct names, or the same infoset= if the mover cannot tell them apart"
                )
            singleton_names.add(name)
            infoset_members[name] = [i]
    infoset_members = dict(sorted(infoset_members.items(), key=lambda kv: kv[1][0]))
    infosets: list[InfoSet] = []
    infoset_of = np.full(n, -1, dtype=np.int64)
    offsets = [0]
    for h, (name, members) in enumerate(infoset_members.items()):
        first = order[members[0]]
        acts = tuple(str(a) for a in first.actions)
        for m in members[1:]:
            other = order[m]
            if other.player != first.player:
                raise GameError(
                    f"game {title!r}: information set {name!r} mixes players "
                    f"{first.player!r} and {other.player!r}"
                )
            if tuple(str(a) for a in other.actions) != acts:
                raise GameError(
                    f"game {title!r}: nodes of information set {name!r} must offer the same "
                    f"actions in the same order; found {list(acts)} and "
                    f"{[str(a) for a in other.actions]}"
                )
        infosets.append(
            InfoSet(name=name, player=int(pindex[first.player]), actions=acts, nodes=tuple(members))
        )
        infoset_of[members] = h
        offsets.append(offsets[-1] + len(acts))
    action_offset = np.array(offsets, dtype=np.int64)
    parent_arr = np.array(parent, dtype=np.int64)
    absent_minded = _absent_minded(infosets, infoset_of, parent_arr)
    if absent_minded is not None:
        raise GameError(
            f"game {title!r}: information set {infosets[absent_minded].name!r} contains a node "
            "and its descendant (absent-minded play is not supported)"
        )

    edge_action = np.full(n, -1, dtype=np.int64)
    edge_chance = np.full(n, -1, dtype=np.int64)
    chance_probs: list[Expression] = []
    chance_edge_node: list[int] = []
    for i in range(1, n):
        p = parent[i]
        x = order[p]
        if isinstance(x, Decision):
            edge_action[i] = action_offset[infoset_of[p]] + parent_action[i]
        else:
            label = list(x.actions)[parent_action[i]]
            prob = x.actions[label][0]
            try:
                expr = Expression.of(prob)
            except GameError as exc:
                raise GameError(
                    f"game {title!r}: chance action {label!r} at {node_labels[p]!r}: {exc}"
                ) from None
            edge_chance[i] = len(chance_probs)
            chance_probs.append(expr)
            chance_edge_node.append(i)

    terminal_nodes = np.flatnonzero(kind == TERMINAL)
    terminal_labels: list[str] = []
    terminal_payoffs: list[tuple[Expression, ...]] = []
    for t in terminal_nodes:
        x = order[t]
        if isinstance(x.payoffs, dict):
            unknown = set(x.payoffs) - set(players)
            if unknown:
                raise GameError(
                    f"game {title!r}: terminal {x.label!r} gives payoffs to unknown player(s) "
                    f"{', '.join(sorted(unknown))}; players are {', '.join(players)}"
                )
            missing = [p for p in players if p not in x.payoffs]
            if missing:
                raise GameError(
                    f"game {title!r}: terminal {x.label!r} has no payoff for "
                    f"{', '.join(missing)}; every terminal needs one payoff per player"
                )
            raw = [x.payoffs[p] for p in players]
        else:
            raw = list(x.payoffs)
            if len(raw) != len(players):
                raise GameError(
                    f"game {title!r}: terminal {x.label!r} has {len(raw)} payoff(s) but the game "
                    f"has {len(players)} players ({', '.join(players)})"
                )
        try:
            exprs = tuple(Expression.of(v) for v in raw)
        except GameError as exc:
            raise GameError(f"game {title!r}: terminal {x.label!r}: {exc}") from None
        terminal_labels.append(x.label)
        terminal_payoffs.append(exprs)
    if terminal_nodes.size == 0:
        raise GameError(f"game {title!r} has no terminal node with payoffs")

    depth_arr = np.array(depth, dtype=np.int64)
    fc = np.array(first_child, dtype=np.int64)
    nc = np.array(n_children, dtype=np.int64)
    groups: list[NodeGroup] = []
    for d in range(int(depth_arr.max()), -1, -1):
        for knd in (DECISION, CHANCE):
            at = np.flatnonzero((depth_arr == d) & (kind == knd))
            for k in np.unique(nc[at]):
                nodes = at[nc[at] == k]
                children = fc[nodes][:, None] + np.arange(k)[None, :]
                groups.append(NodeGroup(depth=d, kind=knd, nodes=nodes, children=children))

    names: set[str] = set()
    for exprs in terminal_payoffs:
        for e in exprs:
            names |= e.names
    for e in chance_probs:
        names |= e.names

    return NodeTables(
        players=players,
        kind=kind,
        player=player,
        parent=parent_arr,
        parent_action=np.array(parent_action, dtype=np.int64),
        depth=depth_arr,
        first_child=fc,
        n_children=nc,
        infoset_of=infoset_of,
        edge_action=edge_action,
        edge_chance=edge_chance,
        infosets=tuple(infosets),
        action_offset=action_offset,
        terminal_nodes=terminal_nodes,
        terminal_labels=tuple(terminal_labels),
        terminal_payoffs=tuple(terminal_payoffs),
        chance_probs=tuple(chance_probs),
        chance_edge_node=np.array(chance_edge_node, dtype=np.int64),
        node_labels=tuple(node_labels),
        groups=tuple(groups),
        parameter_names=frozenset(names),
    )


def _absent_minded(
    infosets: list[InfoSet], infoset_of: np.ndarray, parent: np.ndarray
) -> int | None:
    """The first information set holding a node and one of its descendants, or ``None``.

    Climbs from every member of a set with several nodes towards the root, all members at
    once, one level per step (as many NumPy steps as the tree is deep).
    """
    multi = [h for h, info in enumerate(infosets) if len(info.nodes) > 1]
    if not multi:
        return None
    nodes = np.concatenate([np.asarray(infosets[h].nodes, dtype=np.int64) for h in multi])
    target = infoset_of[nodes]
    current = parent[nodes]
    while current.size:
        alive = current >= 0
        current, target = current[alive], target[alive]
        hit = infoset_of[current] == target
        if hit.any():
            return int(target[hit].min())
        current = parent[current]
    return None
