"""The compiled period kernels against plain-Python statements of the same rules.

Each reference below is the rule as written in the kernel's docstring (and in
``InternationalSystem``'s module docstring), one crisis or dispute at a time with Python
scalars and lists, reading the same uniform numbers in the same order. Hypothesis generates
the systems: sizes, alliances, beliefs, outcomes and rule values.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from detente.sim.period_kernels import (
    BACK,
    BLUFFED,
    FIRM,
    HONEST,
    STAND_FIRM,
    STATUS_QUO,
    UniformStream,
    apply_disputes,
    draw_crises,
    dyad_counts,
    mean_beta_beliefs,
)
from detente.sim.reputation import posterior_after_threat


def _system(seed: int, n: int, density: float) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    allied = np.triu(rng.random((n, n)) < density, 1)
    allied |= allied.T
    contiguous = np.triu(rng.random((n, n)) < 0.3, 1)
    contiguous |= contiguous.T
    return {
        "allied": allied,
        "contiguous": contiguous,
        "strength": rng.uniform(0.1, 5.0, n),
        "resolve": rng.random(n),
        "bluff": rng.random(n),
        "beliefs": rng.uniform(0.5, 3.0, (4, n, n)),
        "public": rng.uniform(0.0, 2.0, (4, n)),
        "hostility": rng.uniform(0.0, 2.0, (n, n)),
    }


@settings(max_examples=60, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    n=st.integers(2, 12),
    density=st.floats(0.0, 0.6),
    ally_weight=st.floats(0.0, 1.0),
)
def test_draw_crises_is_the_rule_one_crisis_at_a_time(
    seed: int, n: int, density: float, ally_weight: float
) -> None:
    """Crisis draws, sides, types, talk, p_win and the challenger's Beta means, crisis by
    crisis (rules in ``draw_crises``'s docstring; p_win as in ``crisis_mapping``: ``K_c / (K_c +
    K_d + w A_d)``)."""
    s = _system(seed, n, density)
    rng = np.random.default_rng(seed + 1)
    pair_i, pair_j = np.triu_indices(n, 1)
    rate = rng.random(pair_i.size)
    rate_allied = rng.random(pair_i.size)
    uniform = rng.random(7 * pair_i.size + 3)
    out = draw_crises(
        uniform,
        3,
        pair_i,
        pair_j,
        rate,
        rate_allied,
        s["allied"],
        s["strength"],
        s["resolve"],
        s["bluff"],
        s["beliefs"],
        s["public"],
        ally_weight,
    )
    crisis, ch, df, hard, threat, p_win, share, belief, allied_now, u, end = out
    u_list = uniform.tolist()
    pos = 3
    expected = []
    for k in range(pair_i.size):
        a, b = int(pair_i[k]), int(pair_j[k])
        rate_k = rate_allied[k] if s["allied"][a, b] else rate[k]
        if u_list[pos] < rate_k:
            expected.append(k)
        pos += 1
    assert crisis.tolist() == expected
    B, P, K = s["beliefs"], s["public"], s["strength"]
    for x, k in enumerate(expected):
        flip, u_hard, u_bluff, u_war, u_win, u_play = u_list[pos : pos + 6]
        pos += 6
        c, d = (int(pair_j[k]), int(pair_i[k])) if flip < 0.5 else (int(pair_i[k]), int(pair_j[k]))
        assert (ch[x], df[x]) == (c, d)
        assert hard[x] == (u_hard < s["resolve"][d])
        assert threat[x] == (hard[x] or u_bluff < s["bluff"][d])
        assert allied_now[x] == s["allied"][c, d]
        support = ally_weight * sum(K[a] for a in range(n) if s["allied"][d, a] and a != c)
        assert p_win[x] == pytest.approx(K[c] / (K[c] + K[d] + support), rel=1e-12)
        assert share[x] == pytest.approx(support / (K[d] + support), rel=1e-12, abs=1e-15)
        # Beta means (observer's own counts plus the shared ones, summed left to right) ...
        firm, bluffed = B[FIRM, c, d] + P[FIRM, d], B[BLUFFED, c, d] + P[BLUFFED, d]
        r = firm / (firm + B[BACK, c, d] + P[BACK, d])
        b = bluffed / (bluffed + B[HONEST, c, d] + P[HONEST, d])
        # ... then Bayes' rule after the threat (only soft types stay silent), bit for bit
        # as NumPy's posterior_after_threat
        expected_belief = posterior_after_threat(np.array([r]), np.array([b]), threat[x : x + 1])
        assert belief[x] == expected_belief[0]
        assert belief[x] == (pytest.approx(r / (r + (1 - r) * b), rel=1e-12) if threat[x] else 0)
        assert list(u[:, x]) == [u_war, u_win, u_play]
    assert end == pos


def _reference_consequences(
    s: dict,
    uniform: list[float],
    pos: int,
    normal,
    ch,
    df,
    role,
    threat,
    p_win,
    u_war,
    u_win,
    rules,
):
    """One dispute at a time, as the rules are written in ``apply_disputes``'s docstring."""
    w, escalation, war_loss, transfer, g_mean, g_sd, reliability, decay, formation, memory = (
        rules.tolist()
    )
    n = len(s["strength"])
    beliefs, public = s["beliefs"].copy(), s["public"].copy()
    allied = s["allied"].copy()
    start = s["strength"].tolist()
    cap = list(start)
    war = [False] * len(ch)
    disputes = [x for x in range(len(ch)) if role[x] != STATUS_QUO]
    for x in disputes:
        c, d = int(ch[x]), int(df[x])
        firm = role[x] == STAND_FIRM
        for row, seen in ((FIRM if firm else BACK, True), (HONEST if firm else BLUFFED, threat[x])):
            if seen:
                public[row, d] += w
                beliefs[row, c, d] += 1.0 - w
        if firm:
            war[x] = bool(u_war[x] < escalation)
            fought = war_loss * (2.0 if war[x] else 1.0)
            winner, loser = (c, d) if u_win[x] < p_win[x] else (d, c)
            cap[c] -= fought * start[c]
            cap[d] -= fought * start[d]
            cap[winner] += fought * start[loser]
            cap[loser] -= fought * start[loser]
        else:
            cap[c] += transfer * start[d]
            cap[d] -= transfer * start[d]
    cap = [max(v, 1e-9) * math.exp(g_mean + g_sd * z) for v, z in zip(cap, normal, strict=True)]
    for x in disputes:  # abandonment
        c, d = int(ch[x]), int(df[x])
        if role[x] != STAND_FIRM:
            continue
        for a in range(n):
            if allied[d, a] and a != c:
                if uniform[pos] >= reliability:
                    allied[d, a] = allied[a, d] = False
                pos += 1
    for i in range(n):  # lapse
        for j in range(i + 1, n):
            if allied[i, j]:
                if uniform[pos] < decay:
                    allied[i, j] = allied[j, i] = False
                pos += 1
    hostile = {(int(ch[x]), int(df[x])) for x in disputes}
    ordered = sorted(disputes, key=lambda x: (int(ch[x]), int(df[x])))
    for p, x in enumerate(ordered):  # formation under a common threat
        for y in ordered[p + 1 :]:
            if ch[y] != ch[x]:
                break
            a, b = int(df[x]), int(df[y])
            if (a, b) in hostile or (b, a) in hostile:
                continue
            if uniform[pos] < formation:
                allied[a, b] = allied[b, a] = True
            pos += 1
    hostility = s["hostility"] * memory
    for x in disputes:
        hostility[ch[x], df[x]] += 1.0
        hostility[df[x], ch[x]] += 1.0
    return beliefs, public, np.array(cap), allied, hostility, war, disputes, pos


@settings(max_examples=80, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    n=st.integers(2, 10),
    density=st.floats(0.0, 0.8),
    audience_weight=st.sampled_from([0.0, 0.25, 1.0]),
    probabilities=st.lists(st.floats(0.0, 1.0), min_size=4, max_size=4),
)
def test_apply_disputes_is_the_rule_one_dispute_at_a_time(
    seed: int, n: int, density: float, audience_weight: float, probabilities: list[float]
) -> None:
    """Reputations, capabilities, alliances and hostility after a period's disputes equal the
    plain-Python statement of the rules, reading the same uniforms in the same order."""
    s = _system(seed, n, density)
    rng = np.random.default_rng(seed + 2)
    pairs = [(i, j) for i in range(n) for j in range(i + 1, n)]
    picked = rng.permutation(len(pairs))[: rng.integers(0, len(pairs) + 1)]
    flip = (rng.random(picked.size) < 0.5).astype(int)
    ch = np.array([pairs[k][f] for k, f in zip(picked, flip, strict=True)], dtype=np.int64)
    df = np.array([pairs[k][1 - f] for k, f in zip(picked, flip, strict=True)], dtype=np.int64)
    m = ch.size
    role = rng.integers(0, 3, m).astype(np.int8)
    threat = rng.random(m) < 0.6
    p_win, u_war, u_win = rng.random((3, m))
    escalation, reliability, decay, formation = probabilities
    rules = np.array(
        [audience_weight, escalation, 0.05, 0.01, 0.01, 0.03, reliability, decay, formation, 0.8]
    )
    normal = rng.standard_normal(n)
    uniform = rng.random(m * n + n * n + m * m + 1)
    expected = _reference_consequences(
        s, uniform.tolist(), 1, normal, ch, df, role, threat, p_win, u_war, u_win, rules
    )
    beliefs, public, cap = s["beliefs"].copy(), s["public"].copy(), s["strength"].copy()
    allied, hostility = s["allied"].copy(), s["hostility"].copy()
    hostile = np.zeros(n * n, dtype=bool)
    war, disputes, n_allied, end = apply_disputes(
        uniform, 1, normal, ch, df, role, threat, p_win, u_war, u_win,
        beliefs, public, cap, allied, hostility, hostile, rules,
    )  # fmt: skip
    e_beliefs, e_public, e_cap, e_allied, e_hostility, e_war, e_disputes, e_end = expected
    np.testing.assert_allclose(beliefs, e_beliefs, rtol=1e-13)
    np.testing.assert_allclose(public, e_public, rtol=1e-13)
    np.testing.assert_allclose(cap, e_cap, rtol=1e-12)
    np.testing.assert_array_equal(allied, e_allied)
    assert n_allied == np.count_nonzero(np.triu(e_allied))
    np.testing.assert_allclose(hostility, e_hostility, rtol=1e-13)
    assert war.tolist() == e_war
    assert disputes.tolist() == e_disputes
    assert end == e_end
    assert not hostile.any()


def test_apply_disputes_asks_for_more_uniforms_and_changes_nothing() -> None:
    """With too few uniforms left the kernel returns what it needs (and -1 alliances) and
    leaves every array as it was, so the caller can reserve and call again."""
    s = _system(4, 6, 0.7)
    ch, df = np.array([0, 0], dtype=np.int64), np.array([1, 2], dtype=np.int64)
    role = np.array([STAND_FIRM, STAND_FIRM], dtype=np.int8)
    arrays = [s["beliefs"].copy(), s["public"].copy(), s["strength"].copy()]
    arrays += [s["allied"].copy(), s["hostility"].copy()]
    before = [a.copy() for a in arrays]
    _, _, n_allied, need = apply_disputes(
        np.zeros(3), 0, np.zeros(6), ch, df, role, np.ones(2, bool), np.full(2, 0.5),
        np.ones(2), np.ones(2), *arrays, np.zeros(36, bool), np.full(10, 0.5),
    )  # fmt: skip
    pledges = np.count_nonzero(np.triu(s["allied"]))
    assert n_allied == -1
    assert need == 2 * 5 + pledges + 1
    for a, b in zip(arrays, before, strict=True):
        np.testing.assert_array_equal(a, b)


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(1, 40))
def test_mean_beta_beliefs_is_the_mean_over_observer_target_pairs(seed: int, n: int) -> None:
    """The summary's reputation means are the off-diagonal means of the Beta means (the
    definitions of ``SystemState.reputation_for_resolve`` / ``reputation_for_honesty``)."""
    s = _system(seed, n, 0.0)
    B, P = s["beliefs"], s["public"]
    resolve = (B[FIRM] + P[FIRM]) / (B[FIRM] + P[FIRM] + B[BACK] + P[BACK])
    honesty = (B[HONEST] + P[HONEST]) / (B[HONEST] + P[HONEST] + B[BLUFFED] + P[BLUFFED])
    off = ~np.eye(n, dtype=bool)
    got = mean_beta_beliefs(B, P)
    expected = (resolve[off].mean(), honesty[off].mean()) if n > 1 else (0.0, 0.0)
    np.testing.assert_allclose(got, expected, rtol=1e-12)


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(1, 30))
def test_dyad_counts_match_every_pair_counted(seed: int, n: int) -> None:
    """Capability-ratio dyad counts from the sorted-log sweep equal counting every pair; the
    disputes' contiguity, alliance and ratio bins equal a direct count (Bremer 1992 types)."""
    s = _system(seed, n, 0.3)
    rng = np.random.default_rng(seed)
    cap = np.exp(rng.normal(0.0, 1.5, n))
    cap[rng.random(n) < 0.2] = cap[0]  # ties: ratios exactly 1
    cuts = np.log([3.0, 10.0])
    ch = rng.integers(0, n, 7).astype(np.int64)
    df = rng.integers(0, n, 7).astype(np.int64)
    above, contiguous, allied, by_ratio, concentration = dyad_counts(
        cap, cuts, s["contiguous"], s["allied"], ch, df
    )
    gaps = [abs(math.log(cap[i]) - math.log(cap[j])) for i in range(n) for j in range(i + 1, n)]
    assert above.tolist() == [sum(g >= c for g in gaps) for c in cuts]
    assert contiguous == sum(s["contiguous"][c, d] for c, d in zip(ch, df, strict=True))
    assert allied == sum(s["allied"][c, d] for c, d in zip(ch, df, strict=True))
    bins = [
        int(np.searchsorted(cuts, abs(math.log(cap[c]) - math.log(cap[d])), side="right"))
        for c, d in zip(ch, df, strict=True)
    ]
    assert by_ratio.tolist() == [bins.count(b) for b in range(3)]
    assert concentration == pytest.approx(float(np.sum((cap / cap.sum()) ** 2)), rel=1e-12)


@given(seed=st.integers(0, 2**32 - 1), sizes=st.lists(st.integers(0, 300), max_size=12))
def test_uniform_stream_reads_the_generator_stream_in_order(seed: int, sizes: list[int]) -> None:
    """Whatever is reserved and read, the numbers read are the generator's ``random()``
    sequence in order (so a seed fixes the run)."""
    stream = UniformStream(np.random.default_rng(seed), block=64)
    read = []
    for size in sizes:
        stream.reserve(size)
        assert stream.buffer.size - stream.pos >= size
        read.extend(stream.buffer[stream.pos : stream.pos + size])
        stream.pos += size
    expected = np.random.default_rng(seed).random(len(read))
    np.testing.assert_array_equal(read, expected)


@given(seed=st.integers(0, 2**32 - 1), sizes=st.lists(st.integers(0, 300), max_size=12))
def test_uniform_stream_draws_whole_blocks_of_the_documented_size(
    seed: int, sizes: list[int]
) -> None:
    """A reserve short of numbers draws ``max(count - left, block)`` of them, in one block, so
    the generator's state for the run's other draws (growth shocks) does not depend on how
    the buffer is stored."""
    stream = UniformStream(np.random.default_rng(seed), block=64)
    reference = np.random.default_rng(seed)
    left = 0
    for size in sizes:
        stream.reserve(size)
        if left < size:
            drawn = max(size - left, 64)
            reference.random(drawn)
            left += drawn
        stream.pos += size
        left -= size
        assert stream.buffer.size - stream.pos == left
        assert stream.rng.bit_generator.state == reference.bit_generator.state
