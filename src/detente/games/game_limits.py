"""How large a game detente accepts from a file, and why.

A game file is read into builder nodes and compiled into node tables before anything is
solved; both cost memory per node. Reading refuses a file with more than :func:`max_nodes`
nodes, or with a path deeper than :data:`MAX_DEPTH` moves, as soon as the parser gets there
(before any table is built), with one line that names the limit.

**Nodes.** Measured with ``benchmarks/bench_game_limits.py`` (CPython 3.11, Linux x86-64):
reading full binary trees of numeric payoffs from ``.efg`` and solving them for their
subgame-perfect equilibrium raises the peak resident memory by 1.31-1.35 kB per node at every
size from 8,191 to 524,287 nodes (pygambit reading the same files: 1.04-1.15 kB per node), and
takes about 50-80 us per node. The default of 1,000,000 nodes therefore peaks near 1.5 GB
with the interpreter (~0.15 GB), which fits a small CI runner or laptop, and reads and solves
in about a minute (checked: 1,048,575 nodes, 1.59 GB and 52 s for ``detente solve --json``).
A file above the limit is refused after a constant-memory count of its nodes: the
2,097,151-node tree (57 MB) that once took 118 s and 7.2 GB before a ``MemoryError`` is
refused in about 2 s and 0.25 GB. Set ``DETENTE_MAX_NODES`` (a positive integer) to read
larger games on a machine with about 1.3 kB of memory per node to spare.

**Depth.** Every node reached by a path of more than :data:`MAX_DEPTH` moves is refused.
Readers, compilation and solvers work without recursion, but the tables label each node by its
path (``"challenge/resist/fight"``), and those labels grow with the square of a chain's depth:
a chain of 10,000 moves (20,001 nodes) reads and solves in about 7 s and 0.5 GB, a chain of
5,000 in 2 s and 0.24 GB. Crisis and bargaining games are a few dozen moves deep.

Formulas have their own limits (:data:`detente.games.expressions.MAX_FORMULA_LENGTH` and
:data:`~detente.games.expressions.MAX_FORMULA_DEPTH`).
"""

from __future__ import annotations

import os

from detente.errors import InputError

#: Default largest number of nodes (decision, chance and terminal) of a game read from a file.
DEFAULT_MAX_NODES = 1_000_000

#: Environment variable that overrides :data:`DEFAULT_MAX_NODES`.
MAX_NODES_VARIABLE = "DETENTE_MAX_NODES"

#: Largest number of moves on a path from the root (the root is at depth 0).
MAX_DEPTH = 10_000


def max_nodes() -> int:
    """The node limit: ``$DETENTE_MAX_NODES`` if set, else :data:`DEFAULT_MAX_NODES`.

    Raises
    ------
    InputError
        If the variable is set to anything but a positive integer.
    """
    raw = os.environ.get(MAX_NODES_VARIABLE, "").strip()
    if not raw:
        return DEFAULT_MAX_NODES
    try:
        value = int(raw.replace("_", ""))
    except ValueError:
        value = 0
    if value < 1:
        raise InputError(
            f"{MAX_NODES_VARIABLE}={raw!r}: expected a positive integer number of nodes "
            f"(default {DEFAULT_MAX_NODES:,})"
        )
    return value


def too_many_nodes(source: str, limit: int) -> InputError:
    """The error for a game with more than ``limit`` nodes."""
    return InputError(
        f"{source}: the game has more than {limit:,} nodes, detente's limit for game files "
        f"(set {MAX_NODES_VARIABLE} to a larger number if the machine has about 1.3 kB of "
        "memory per node to spare)"
    )


def too_deep(source: str, where: str) -> InputError:
    """The error for a node more than :data:`MAX_DEPTH` moves from the root."""
    return InputError(
        f"{source}{where}: the tree is more than {MAX_DEPTH:,} moves deep, detente's limit "
        "(MAX_DEPTH in detente.games.game_limits); split the game or shorten its chains"
    )
