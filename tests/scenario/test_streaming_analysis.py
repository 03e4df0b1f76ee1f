"""The Monte Carlo pass in chunks (issue 17): same draws, exact sums and sketches, identical
results whatever the chunk size or the Dask cluster, and the pieces checked against NumPy."""

from __future__ import annotations

import itertools
import json
import math
import zlib

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from detente.errors import ParameterError
from detente.scenario import analyze_scenario, load_scenario
from detente.scenario.exact_sums import fixed_point_sums, mean, sample_variance
from detente.scenario.monte_carlo import stream
from detente.scenario.percentile_sketch import (
    MANTISSA_BITS,
    PercentileSketch,
    bin_edges,
    bin_index,
    chunk_sketch,
)


def _record(analysis) -> str:
    data = analysis.to_json()
    data.pop("elapsed_seconds")
    return json.dumps(data, sort_keys=True)


@pytest.fixture(scope="module")
def cuba():
    return load_scenario("cuban_missile_crisis")


def test_chunk_sizes_1000_and_100000_give_identical_json(cuba):
    """Issue 17's criterion: same seed, chunk sizes 1,000 and 100,000, identical reports."""
    draws = 120_000  # two chunks of the larger size, 120 of the smaller
    small = analyze_scenario(cuba, draws=draws, seed=3, chunk_size=1_000)
    large = analyze_scenario(cuba, draws=draws, seed=3, chunk_size=100_000)
    assert _record(small) == _record(large)
    assert small.drivers and small.sensitivity and len(small.interventions) > 1


def test_an_odd_chunk_size_and_extra_interventions_change_nothing():
    s = load_scenario("nato_baltic")
    kwargs = {"draws": 9_001, "seed": 11, "interventions": ["hotline:0.5", "alliance"]}
    one = analyze_scenario(s, chunk_size=9_001, **kwargs)
    odd = analyze_scenario(s, chunk_size=777, **kwargs)
    assert _record(one) == _record(odd)


def test_streamed_means_are_the_means_of_every_draw(cuba):
    """The streamed outcome table is the plain NumPy summary of all per-draw probabilities
    (evaluated at once, the pre-streaming way): means to 1e-12, percentiles within the
    sketch's resolution."""
    from detente.scenario import load_calibration
    from detente.scenario.monte_carlo import evaluate, uncertain_paths

    n = 30_000
    streamed = analyze_scenario(cuba, draws=n, seed=5, sensitivity=False, chunk_size=7_000)
    u = {p: stream(5, p, n) for p in uncertain_paths(cuba)}
    whole = evaluate(cuba, u, n, load_calibration(), secondary=False)
    for label, row in streamed.outcomes.items():
        x = whole.probs[row["class"]]
        se = x.std(ddof=1) / math.sqrt(n)
        assert row["p"] == pytest.approx(x.mean(), abs=1e-12)
        assert row["hi"] - row["p"] == pytest.approx(min(1.96 * se, 1 - row["p"]), rel=1e-3)
        for key, level in (("q05", 0.05), ("q95", 0.95)):
            exact = np.quantile(x, level)
            width = 2.0**-MANTISSA_BITS * min(exact, 1 - exact) + 1e-12
            assert abs(row[key] - exact) <= 2 * width, (label, key)


def test_the_dask_cluster_gives_the_local_result(cuba):
    """``--scheduler``: the chunks run on a LocalCluster of two worker processes (the plan is
    pickled to them) and the report equals the one computed here."""
    import distributed

    kwargs = {"draws": 40_000, "seed": 2, "chunk_size": 10_000}
    local = analyze_scenario(cuba, **kwargs)
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        remote = analyze_scenario(cuba, scheduler=cluster.scheduler_address, **kwargs)
    assert _record(remote) == _record(local)


def test_an_unreachable_scheduler_is_one_clear_error(cuba, short_dask_connect_timeout):
    from detente.errors import InputError

    with pytest.raises(InputError, match="cannot reach the Dask scheduler"):
        analyze_scenario(cuba, draws=100, scheduler="tcp://127.0.0.1:1", sensitivity=False)


def test_draws_up_to_ten_million_and_no_more(cuba):
    with pytest.raises(ParameterError, match="10,000,001 is more than 10,000,000"):
        analyze_scenario(cuba, draws=10_000_001)
    with pytest.raises(ParameterError, match="chunk_size"):
        analyze_scenario(cuba, draws=100, chunk_size=0, sensitivity=False)


@settings(max_examples=60, deadline=None)
@given(
    entropy=st.integers(0, 2**63 - 2),
    start=st.integers(0, 3_000),
    length=st.integers(0, 500),
    key=st.text(min_size=1, max_size=20),
)
def test_a_chunk_of_a_stream_is_that_slice_of_the_whole_stream(entropy, start, length, key):
    """Draw i is the same whatever chunk holds it: the stream advanced to ``start``; and the
    stream is the one runs used before chunking (``default_rng([seed, crc32(key)])``)."""
    whole = np.random.default_rng([entropy, zlib.crc32(key.encode())]).random(start + length)
    np.testing.assert_array_equal(stream(entropy, key, start + length), whole)
    np.testing.assert_array_equal(stream(entropy, key, length, start), whole[start:])


@settings(max_examples=80, deadline=None)
@given(
    values=st.lists(st.floats(-1, 1, allow_nan=False), min_size=2, max_size=300),
    cuts=st.lists(st.integers(0, 300), max_size=6),
)
def test_fixed_point_sums_are_the_same_for_any_partition(values, cuts):
    """Sums over any chunking are identical integers; the mean and variance agree with
    exact arithmetic to the 2**-41 rounding of each value."""
    x = np.asarray(values)
    edges = sorted({0, len(x), *(c for c in cuts if c <= len(x))})
    parts = [x[a:b] for a, b in itertools.pairwise(edges)]
    whole = fixed_point_sums(np.vstack([x, x * x]))
    pieces = [fixed_point_sums(np.vstack([p, p * p])) for p in parts]
    assert whole == [sum(col) for col in zip(*pieces, strict=True)]
    n = len(x)
    assert mean(whole[0], n) == pytest.approx(math.fsum(values) / n, abs=2.0**-40)
    assert sample_variance(whole[0], whole[1], n) == pytest.approx(
        float(np.var(x, ddof=1)), abs=2.0**-37
    )


def test_a_nan_is_refused_not_summed():
    with pytest.raises(ParameterError, match="not in \\[-1, 1\\]"):
        fixed_point_sums(np.array([[0.5, np.nan]]))


@settings(max_examples=60, deadline=None)
@given(x=st.floats(0, 1, allow_nan=False))
def test_every_value_lies_in_its_bin_and_bins_ascend(x):
    i = int(bin_index(np.array([x]))[0])
    lo, hi = bin_edges(np.array([i]))
    assert lo[0] <= x <= hi[0]
    assert hi[0] - lo[0] <= 2.0**-MANTISSA_BITS * min(x, 1 - x) + 2.0**-39
    y = np.nextafter(x, 2.0)
    if y <= 1:
        assert int(bin_index(np.array([y]))[0]) >= i


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    n=st.integers(1, 2_000),
    shape=st.sampled_from([(0.3, 30.0), (2.0, 5.0), (40.0, 0.4), (1.0, 1.0)]),
    split=st.integers(0, 2_000),
)
def test_sketch_percentiles_are_within_a_bin_of_numpy_and_merge_exactly(seed, n, shape, split):
    """Against ``np.quantile`` (linear rule) on beta samples, rare and common: within one bin
    width of each order statistic; the sketch of two chunks is the sketch of the whole."""
    x = np.random.default_rng(seed).beta(*shape, size=n)
    whole = PercentileSketch(1)
    whole.add(x[None, :])
    merged = PercentileSketch(1)
    cut = min(split, n)
    merged.merge(chunk_sketch(x[None, cut:]))
    merged.merge(chunk_sketch(x[None, :cut]))
    np.testing.assert_array_equal(whole.counts, merged.counts)
    levels = (0.05, 0.5, 0.95)
    est = whole.quantiles(levels)[0]
    np.testing.assert_array_equal(est, merged.quantiles(levels)[0])
    s = np.sort(x)
    for level, e in zip(levels, est, strict=True):
        h = (n - 1) * level
        j = int(np.floor(h))
        near = s[[j, min(j + 1, n - 1)]]
        width = 2.0**-MANTISSA_BITS * np.minimum(near, 1 - near).max() + 2.0**-39
        assert abs(e - np.quantile(x, level)) <= width + 1e-15


def test_a_constant_has_exact_percentiles():
    sketch = PercentileSketch(2)
    sketch.add(np.array([[0.3] * 50, [0.0] * 50]))
    np.testing.assert_array_equal(sketch.quantiles((0.05, 0.95)), [[0.3, 0.3], [0.0, 0.0]])
