"""Compiled loops of one simulation period: crisis draws, consequences and the summary.

:class:`~detente.sim.international_system.InternationalSystem` keeps the model-generic part
of a period in NumPy (the mapping from crisis quantities to model parameters, **one** batched
engine call, the sampled plays). What remains is bookkeeping over a few dozen crises and a few
hundred states per period: each crisis draws six numbers, looks up two beliefs and the
defender's allies; each dispute moves four belief counts, two capabilities and perhaps some
pledges. As NumPy that is about a hundred calls on arrays of a few dozen entries, whose cost
is the calls, not the arithmetic; compiled with Numba it is one loop per stage. The all-pairs
reputation means of the summary read every observer-target pair in one fused pass instead of
five whole-matrix NumPy passes.

Random numbers come from the run's ``numpy.random.Generator``, drawn by NumPy in blocks
(:class:`UniformStream`) and read in order by the kernels, so a seed still fixes the whole
run. (Passing the generator itself into a kernel costs about 10 µs of unboxing per call.)

Row order of the packed belief counts (``beliefs`` (4, n, n), ``public`` (4, n)): firm,
bluffed, back, honest, i.e. the successes of the resolve and bluff beliefs, then their
failures.

References
----------
Lam, S. K., Pitrou, A. and Seibert, S. (2015). Numba: a LLVM-based Python JIT compiler.
Proceedings of the Second Workshop on the LLVM Compiler Infrastructure in HPC.
"""

from __future__ import annotations

import numpy as np

from detente.errors import InputError

try:
    from numba import njit
except ImportError:  # numba comes with the simulation extra, not the core install
    raise InputError(
        "the simulation's period loops are compiled with Numba, which is not installed; "
        "install the simulation extra: pip install 'detente[sim]'"
    ) from None

__all__ = [
    "UniformStream",
    "apply_disputes",
    "draw_crises",
    "dyad_counts",
    "mean_beta_beliefs",
    "sample_paths",
    "warm_up",
]

# error_model="numpy": a division by zero gives inf/NaN as in NumPy instead of raising, which
# also lets the compiler vectorize divisions. Kernels are cached on disk after the first use.
_JIT = {"cache": True, "nogil": True, "error_model": "numpy"}

#: Row of each count in the packed blocks.
FIRM, BLUFFED, BACK, HONEST = range(4)
#: Roles of a crisis outcome (as :data:`detente.sim.crisis_mapping.ROLES`).
STATUS_QUO, BACKDOWN, STAND_FIRM = range(3)


class UniformStream:
    """Uniform numbers from a generator, drawn in blocks and read in order by the kernels.

    ``reserve(count)`` makes sure at least ``count`` numbers are left after :attr:`pos`
    (drawing a new block and keeping the unread rest when needed); a kernel reads from
    ``buffer[pos:]`` and returns the new position, which the caller stores back. The numbers
    read are the generator's ``random()`` stream in order, in blocks of at least ``block``.

    Blocks are written into one reused array (``Generator.random(out=...)``): a fresh
    half-megabyte array per block costs its page faults and a copy, about 0.5 ms, against
    0.15 ms for the draw itself. The counts drawn, and so the generator's state for its other
    draws, are the same either way.
    """

    def __init__(self, rng: np.random.Generator, block: int = 65_536) -> None:
        self.rng = rng
        self.block = block
        self.buffer = np.empty(0)
        self.pos = 0
        self._store = np.empty(0)

    def reserve(self, count: int) -> None:
        """Have at least ``count`` unread numbers."""
        left = self.buffer.size - self.pos
        if left < count:
            need = left + max(count - left, self.block)
            store = self._store
            if store.size < need:
                store = np.empty(max(need, 2 * self.block))
            store[:left] = self.buffer[self.pos :]  # NumPy copes with the overlap
            self.rng.random(out=store[left:need])
            self._store = store
            self.buffer = store[:need]
            self.pos = 0


@njit(**_JIT)
def draw_crises(
    uniform: np.ndarray,
    pos: int,
    pair_i: np.ndarray,
    pair_j: np.ndarray,
    rate: np.ndarray,
    rate_allied: np.ndarray,
    allied: np.ndarray,
    strength: np.ndarray,
    resolve: np.ndarray,
    bluff: np.ndarray,
    beliefs: np.ndarray,
    public: np.ndarray,
    ally_weight: float,
) -> tuple:
    """Draw the period's crises on the relevant dyads and what each challenger sees.

    Random numbers are read from ``uniform`` (floats in [0, 1)) starting at ``pos``; at most
    ``7 * pair_i.size`` are read. Each relevant dyad ``(pair_i[k], pair_j[k])`` has a crisis with
    ``rate_allied[k]`` if its states are allied, else ``rate[k]`` (one uniform per dyad, in dyad
    order). Then six uniforms per crisis, in crisis order: which side challenges (``pair_j`` if
    below 0.5), the defender's type (hard below its ``resolve``), a soft defender's bluff (below
    its ``bluff``), and three kept for later: war escalation, the war's winner and the sampled
    play.

    Returns
    -------
    tuple
        ``crisis`` (dyad index), ``ch``, ``df``, ``hard``, ``threat``, ``p_win`` (the
        challenger's strength over both sides' plus the defender's allies' counted strength),
        ``ally_share`` (the allies' share of the defense), ``belief`` (the challenger's
        belief that the defender is hard after seeing whether it threatened:
        :func:`~detente.sim.reputation.posterior_after_threat` of its Beta means ``r`` about
        the defender's resolve and ``b`` about its bluffing, ``r / (r + (1 - r) b)`` after a
        threat, else 0), ``allied_now``, ``uniforms`` (3, m): war, win, play, and the
        position after the last uniform read.
    """
    n = strength.size
    crisis = np.empty(pair_i.size, np.int64)
    m = 0
    for k in range(pair_i.size):
        r = rate_allied[k] if allied[pair_i[k], pair_j[k]] else rate[k]
        if uniform[pos] < r:
            crisis[m] = k
            m += 1
        pos += 1
    crisis = crisis[:m].copy()
    ch = np.empty(m, np.int64)
    df = np.empty(m, np.int64)
    hard = np.empty(m, np.bool_)
    threat = np.empty(m, np.bool_)
    allied_now = np.empty(m, np.bool_)
    p_win = np.empty(m)
    ally_share = np.empty(m)
    belief = np.empty(m)
    uniforms = np.empty((3, m))
    # each defender's allies' strength, summed once a period (a busy defender has several
    # crises): bit-identical to summing per crisis, since the order of the additions is kept
    summed = np.zeros(n, np.bool_)
    allies_strength = np.empty(n)
    for x in range(m):
        k = crisis[x]
        if uniform[pos] < 0.5:
            c, d = pair_j[k], pair_i[k]
        else:
            c, d = pair_i[k], pair_j[k]
        h = uniform[pos + 1] < resolve[d]
        talks = uniform[pos + 2] < bluff[d]
        for row in range(3):
            uniforms[row, x] = uniform[pos + 3 + row]
        pos += 6
        ch[x], df[x], hard[x], threat[x] = c, d, h, h or talks
        allied_now[x] = allied[c, d]
        if allied[c, d]:  # the challenger is among the defender's allies: leave it out
            support = 0.0
            for a in range(n):
                if allied[d, a] and a != c:
                    support += strength[a]
        else:  # the same sum, in the same order, as for every crisis of this defender
            if not summed[d]:
                total = 0.0
                for a in range(n):
                    if allied[d, a]:
                        total += strength[a]
                allies_strength[d] = total
                summed[d] = True
            support = allies_strength[d]
        support *= ally_weight
        p_win[x] = strength[c] / (strength[c] + strength[d] + support)
        ally_share[x] = support / (strength[d] + support)
        if threat[x]:  # the operations of posterior_after_threat, in its order
            firm = beliefs[FIRM, c, d] + public[FIRM, d]
            r = firm / (firm + beliefs[BACK, c, d] + public[BACK, d])
            bluffed = beliefs[BLUFFED, c, d] + public[BLUFFED, d]
            b = bluffed / (bluffed + beliefs[HONEST, c, d] + public[HONEST, d])
            belief[x] = r / (r + (1.0 - r) * b)
        else:
            belief[x] = 0.0
    return (
        crisis,
        ch,
        df,
        hard,
        threat,
        p_win,
        ally_share,
        belief,
        allied_now,
        uniforms,
        pos,
    )


@njit(**_JIT)
def apply_disputes(
    uniform: np.ndarray,
    pos: int,
    normal: np.ndarray,
    ch: np.ndarray,
    df: np.ndarray,
    role: np.ndarray,
    threat: np.ndarray,
    p_win: np.ndarray,
    u_war: np.ndarray,
    u_win: np.ndarray,
    beliefs: np.ndarray,
    public: np.ndarray,
    capability: np.ndarray,
    allied: np.ndarray,
    hostility: np.ndarray,
    hostile: np.ndarray,
    rules: np.ndarray,
) -> tuple:
    """Apply the consequences of the period's disputes (crises where the challenger demanded).

    In order:

    1. **Reputations** (Bayes' rule on Beta counts): standing firm is a success of the resolve
       belief, backing down a failure; after a threat, a kept threat is a success of the
       honesty belief, a called bluff a failure. Every state observes with the audience
       weight (``public``), the challenger with the rest (its own counts in ``beliefs``).
    2. **Capabilities**, from the start-of-period values: a firm stand is a conflict in which
       both sides lose ``war_loss`` of their capability (twice in a war) and the winner
       (the challenger with ``p_win``) takes the loser's loss once more; backing down
       concedes ``concession_transfer`` of the defender's capability. Floors at 1e-9, then
       log-normal growth of every state.
    3. **Alliances**: each ally of a defender that stood firm honours its pledge with
       ``alliance_reliability`` (else the pledge ends); every pledge still in force lapses
       with ``alliance_decay``; two states challenged by the same state, and not disputing
       each other, ally with ``alliance_formation``.
    4. **Hostility** decays by ``hostility_decay`` and each dispute adds 1 in both directions.

    Random numbers: ``normal`` (n,) standard normals for growth; uniforms read from
    ``uniform`` starting at ``pos``, one per ally of a firm defender, per pledge in force and
    per pair of states facing a common challenger. If fewer than that many could be needed
    (``firm disputes * (n - 1) + pledges + disputes * (disputes - 1) / 2``), nothing is
    changed and the number needed is returned in place of the position, with ``-1``
    alliances: reserve it and call again. ``rules`` holds, in order: audience_weight,
    war_escalation, war_loss, concession_transfer, growth_mean, growth_sd,
    alliance_reliability, alliance_decay, alliance_formation, hostility_decay. ``hostile``
    is an all-false (n * n,) scratch array
    (left all false).

    Returns
    -------
    tuple
        ``war`` (m,) bool, ``disputes`` (indices of the disputes among the crises) and the
        number of alliances (pledged pairs) at the end of the period, and the position after
        the last uniform read.
    """
    w, escalation, war_loss, transfer = rules[0], rules[1], rules[2], rules[3]
    growth_mean, growth_sd, reliability, decay = rules[4], rules[5], rules[6], rules[7]
    formation, memory = rules[8], rules[9]
    m, n = ch.size, capability.size
    # enough uniforms left? (before anything changes, so the caller can reserve and retry)
    k = 0
    k_firm = 0
    for x in range(m):
        k += role[x] != STATUS_QUO
        k_firm += role[x] == STAND_FIRM
    # pledges on each state's row, and above the diagonal (one per pair): the scans below
    # stop after a row's last pledge instead of reading the whole row
    degree = np.empty(n, np.int64)
    upper = np.empty(n, np.int64)
    pledges = 0
    for i in range(n):
        below = 0
        for j in range(i + 1):
            below += allied[i, j]
        above = 0
        for j in range(i + 1, n):
            above += allied[i, j]
        degree[i] = below + above
        upper[i] = above
        pledges += above
    need = k_firm * (n - 1) + pledges + k * (k - 1) // 2
    if pos + need > uniform.size:
        return np.zeros(0, np.bool_), np.zeros(0, np.int64), -1, need
    war = np.zeros(m, np.bool_)
    disputes = np.empty(m, np.int64)
    k = 0
    start = capability.copy()
    for x in range(m):
        if role[x] == STATUS_QUO:
            continue
        disputes[k] = x
        k += 1
        c, d = ch[x], df[x]
        firm = role[x] == STAND_FIRM
        resolve_row = FIRM if firm else BACK
        honesty_row = HONEST if firm else BLUFFED
        if w > 0:
            public[resolve_row, d] += w
            if threat[x]:
                public[honesty_row, d] += w
        if w < 1:
            beliefs[resolve_row, c, d] += 1.0 - w
            if threat[x]:
                beliefs[honesty_row, c, d] += 1.0 - w
        if firm:
            war[x] = u_war[x] < escalation
            fought = war_loss * (2.0 if war[x] else 1.0)
            if u_win[x] < p_win[x]:
                winner, loser = c, d
            else:
                winner, loser = d, c
            prize = fought * start[loser]
            capability[c] -= fought * start[c]
            capability[d] -= fought * start[d]
            capability[winner] += prize
            capability[loser] -= prize
        else:
            conceded = transfer * start[d]
            capability[c] += conceded
            capability[d] -= conceded
    disputes = disputes[:k].copy()
    for i in range(n):
        capability[i] = max(capability[i], 1e-9)
        capability[i] *= np.exp(growth_mean + growth_sd * normal[i])

    # alliances: abandonment by allies of defenders that stood firm (the defender's row, in
    # order, up to its last pledge; the counts follow every pledge that ends)
    for x in disputes:
        if role[x] != STAND_FIRM:
            continue
        c, d = ch[x], df[x]
        left = degree[d]
        a = 0
        while left > 0:
            if allied[d, a]:
                left -= 1
                if a != c:
                    if uniform[pos] >= reliability:
                        allied[d, a] = False
                        degree[d] -= 1
                        if d < a:
                            upper[d] -= 1
                        if allied[a, d]:
                            allied[a, d] = False
                            degree[a] -= 1
                            if a < d:
                                upper[a] -= 1
                    pos += 1
            a += 1
    # lapse of every pledge still in force (above the diagonal, row by row), counting the
    # survivors
    n_allied = 0
    for i in range(n):
        left = upper[i]
        j = i + 1
        while left > 0:
            if allied[i, j]:
                left -= 1
                if uniform[pos] < decay:
                    allied[i, j] = False
                    allied[j, i] = False
                else:
                    n_allied += 1
                pos += 1
            j += 1
    # formation: disputes in (challenger, defender) order; each pairs with the later
    # disputes of its challenger. A dyad has at most one crisis a period, so the keys are
    # distinct and a counting sort by challenger, then by defender within each challenger's
    # (short) run, gives the one sorted order.
    start_of = np.zeros(n + 1, np.int64)
    for x in disputes:
        start_of[ch[x] + 1] += 1
    for i in range(n):
        start_of[i + 1] += start_of[i]
    order = np.empty(k, np.int64)
    fill = start_of[:n].copy()
    for x in disputes:
        c = ch[x]
        q = fill[c]
        while q > start_of[c] and df[order[q - 1]] > df[x]:  # insertion by defender
            order[q] = order[q - 1]
            q -= 1
        order[q] = x
        fill[c] += 1
    for x in disputes:
        hostile[ch[x] * n + df[x]] = True
    for p in range(k):
        x = order[p]
        for q in range(p + 1, k):
            y = order[q]
            if ch[y] != ch[x]:
                break
            a, b = df[x], df[y]
            if hostile[a * n + b] or hostile[b * n + a]:
                continue
            u = uniform[pos]
            pos += 1
            if u < formation:
                if not allied[a, b]:
                    n_allied += 1
                allied[a, b] = True
                allied[b, a] = True
    for x in disputes:
        hostile[ch[x] * n + df[x]] = False

    # hostility memory
    flat = hostility.reshape(n * n)
    for i in range(n * n):
        flat[i] *= memory
    for x in disputes:
        hostility[ch[x], df[x]] += 1.0
        hostility[df[x], ch[x]] += 1.0
    return war, disputes, n_allied, pos


# the sums of a mean may be reassociated (vectorized), as NumPy's pairwise sums are
@njit(**_JIT, fastmath={"reassoc"})
def mean_beta_beliefs(beliefs: np.ndarray, public: np.ndarray) -> tuple:
    """Mean over observers ``i != j`` and targets ``j`` of ``i``'s Beta means about ``j``.

    One pass over every observer-target pair: the resolve belief ``(firm) / (firm + back)``
    and the honesty belief ``(honest) / (honest + bluffed)``, each count the observer's own
    plus the shared one. The same numbers as ``np.mean`` of
    :meth:`~detente.sim.system_state.SystemState.reputation_for_resolve` and
    ``reputation_for_honesty`` (up to the order of the floating-point sums).
    """
    n = public.shape[1]
    resolve = 0.0
    honesty = 0.0
    for i in range(n):
        row_r = 0.0
        row_h = 0.0
        for j in range(n):
            firm = beliefs[FIRM, i, j] + public[FIRM, j]
            row_r += firm / (firm + beliefs[BACK, i, j] + public[BACK, j])
            honest = beliefs[HONEST, i, j] + public[HONEST, j]
            row_h += honest / (honest + beliefs[BLUFFED, i, j] + public[BLUFFED, j])
        firm = beliefs[FIRM, i, i] + public[FIRM, i]
        row_r -= firm / (firm + beliefs[BACK, i, i] + public[BACK, i])
        honest = beliefs[HONEST, i, i] + public[HONEST, i]
        row_h -= honest / (honest + beliefs[BLUFFED, i, i] + public[BLUFFED, i])
        resolve += row_r
        honesty += row_h
    pairs = max(n * (n - 1), 1)
    return resolve / pairs, honesty / pairs


@njit(**_JIT)
def dyad_counts(
    capability: np.ndarray,
    log_cuts: np.ndarray,
    contiguous: np.ndarray,
    allied: np.ndarray,
    ch: np.ndarray,
    df: np.ndarray,
) -> tuple:
    """Dyads with a capability ratio at or above each cut, and disputes by dyad type.

    The dyad counts come from the sorted log capabilities (a two-pointer sweep, no pairs
    formed): ``above[c]`` counts pairs whose log-capability gap is at least ``log_cuts[c]``.
    The disputing dyads ``(ch, df)`` are counted by contiguity, alliance and ratio bin
    (bin ``b`` holds gaps with exactly ``b`` cuts at or below them).

    Returns
    -------
    tuple
        ``above`` (n_cuts,), ``contiguous`` and ``allied`` dispute counts, ``by_ratio``
        (n_cuts + 1,), and the concentration (sum of squared capability shares).
    """
    n = capability.size
    log_cap = np.log(capability)
    x = np.sort(log_cap)
    above = np.zeros(log_cuts.size, np.int64)
    for c in range(log_cuts.size):
        j = 0
        for i in range(n):
            target = x[i] + log_cuts[c]
            while j < n and x[j] < target:
                j += 1
            above[c] += n - j
    n_contiguous = 0
    n_allied = 0
    by_ratio = np.zeros(log_cuts.size + 1, np.int64)
    for k in range(ch.size):
        a, b = ch[k], df[k]
        n_contiguous += contiguous[a, b]
        n_allied += allied[a, b]
        gap = abs(log_cap[a] - log_cap[b])
        bin_ = 0
        while bin_ < log_cuts.size and log_cuts[bin_] <= gap:
            bin_ += 1
        by_ratio[bin_] += 1
    total = 0.0
    squares = 0.0
    for i in range(n):
        total += capability[i]
        squares += capability[i] * capability[i]
    return above, n_contiguous, n_allied, by_ratio, squares / (total * total)


@njit(**_JIT)
def sample_paths(
    strategy: np.ndarray,
    choice: np.ndarray,
    action_infoset: np.ndarray,
    action_local: np.ndarray,
    chance: np.ndarray,
    paths: np.ndarray,
    uniforms: np.ndarray,
) -> np.ndarray:
    """Terminal reached at each point by inverting the cumulative reach probabilities.

    ``paths[t]`` lists the columns of terminal ``t``'s edges in ``[actions | chance | 1]``
    (decision edges index the global actions, chance edges ``chance`` (n_chance, m) after the
    actions, padding the column past both, probability 1). A decision edge's probability is
    ``strategy[x, col]`` (behaviour probabilities, (m, n_actions)), or, when ``strategy`` has
    no rows, 1.0 if ``choice[x, action_infoset[col]] == action_local[col]`` else 0.0 (SPE's
    chosen actions, (m, n_infosets): the same factors as the one-hot strategy without building
    it). A terminal's reach is the product along its path; the point's terminal is the first
    whose cumulative reach exceeds ``uniforms[x]`` times the total (the last terminal if
    rounding leaves none).
    """
    m = uniforms.size
    pure = strategy.shape[0] == 0
    n_actions = action_infoset.size
    n_terminals, depth = paths.shape
    n_chance = chance.shape[0]
    out = np.empty(m, np.int64)
    reach = np.empty(n_terminals)
    for x in range(m):
        total = 0.0
        for t in range(n_terminals):
            r = 1.0
            for k in range(depth):
                col = paths[t, k]
                if col < n_actions:
                    if pure:
                        r *= 1.0 if choice[x, action_infoset[col]] == action_local[col] else 0.0
                    else:
                        r *= strategy[x, col]
                elif col < n_actions + n_chance:
                    r *= chance[col - n_actions, x]
            total += r
            reach[t] = total
        u = uniforms[x] * total
        t = 0
        while t < n_terminals - 1 and reach[t] <= u:
            t += 1
        out[x] = t
    return out


_WARM = False


def warm_up() -> None:
    """Load (or compile) every kernel for the argument types the simulation passes, once.

    The first call of a Numba kernel in a process loads its machine code from the on-disk
    cache (about 0.3 s for the first kernel, mostly Numba's own start-up; a few ms for each
    further one), or compiles it if there is no cache yet (a few seconds). Calling this when
    a system is built keeps that one-time cost out of the first period.
    """
    global _WARM
    if _WARM:
        return
    n, i64 = 2, np.int64
    beliefs, public = np.ones((4, n, n)), np.ones((4, n))
    allied, none = np.zeros((n, n), np.bool_), np.zeros(0, i64)
    pair = np.zeros(1, i64)
    draw_crises(
        np.ones(8), 0, pair, pair + 1, np.zeros(1), np.zeros(1), allied, np.ones(n),
        np.ones(n), np.ones(n), beliefs, public, 0.5,
    )  # fmt: skip
    uniforms = np.ones((3, 0))
    apply_disputes(
        np.ones(1), 0, np.zeros(n), none, none, np.zeros(0, np.int8), np.zeros(0, np.bool_),
        np.zeros(0), uniforms[0], uniforms[1], beliefs, public, np.ones(n), allied,
        np.zeros((n, n)), np.zeros(n * n, np.bool_), np.zeros(10),
    )  # fmt: skip
    mean_beta_beliefs(beliefs, public)
    dyad_counts(np.ones(n), np.log(np.array([3.0, 10.0])), allied, allied, none, none)
    infoset, local = np.zeros(2, i64), np.arange(2, dtype=i64)
    chance, paths = np.ones((1, 1)), np.zeros((1, 1), i64)
    for strategy, choice in (
        (np.ones((1, 2)), np.zeros((0, 0), np.int8)),  # behaviour strategies
        (np.zeros((0, 0)), np.zeros((1, 1), np.int8)),  # SPE's chosen actions
    ):
        sample_paths(strategy, choice, infoset, local, chance, paths, np.ones(1))
    _WARM = True
