"""The scenario form: judgements read as ranges and written back as TOML that loads, with the
rest of the file (comments, order, layout) untouched."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from detente.errors import DetenteError, InputError
from detente.scenario import bundled_scenarios, load_scenario
from detente.scenario.distributions import MAGNITUDE_WORDS, PROBABILITY_WORDS
from detente.scenario.scenario_form import GROUPS, judgement_fields, set_judgements

BUNDLED = {name: path.read_text(encoding="utf-8") for name, path in bundled_scenarios().items()}

SMALL = """\
# a small crisis, written by hand
[scenario]
title = "small"   # the title

[actors.a]
name = "Alpha"
capability = 0.5
stakes = 0.6                          # a plain number
cost_of_war = {dist = "uniform", lo = 0.2, hi = 0.4}  # a range
resolve = "likely"                    # an expert-range word

[actors.b]
capability = 0.5
stakes = "moderate"
cost_of_war = {dist = "normal", mean = 1.0, sd = 0.1}
nuclear_war_cost = {dist = "beta", a = 2, b = 2, lo = 0.5, hi = 1.5}

[crisis]
challenger = "b"
defender = "a"

# the only channel
[[channels]]
between = ["a", "b"]
quality = {dist = "triangular", lo = 0.2, mode = 0.5, hi = 0.6}
"""


def by_path(text: str) -> dict[str, dict]:
    return {f["path"]: f for f in judgement_fields(text)}


def test_fields_read_each_kind_of_value_as_its_range():
    """A number is a point, a uniform range its ends, a word its ICD 203 / magnitude range
    (magnitudes as shares of the field's range), another distribution its 5th-95th
    percentiles (normal: mean -/+ 1.6449 sd, the standard normal's 95th percentile)."""
    f = by_path(SMALL)
    assert (f["actors.a.stakes"]["lo"], f["actors.a.stakes"]["hi"]) == (0.6, 0.6)
    assert (f["actors.a.cost_of_war"]["lo"], f["actors.a.cost_of_war"]["hi"]) == (0.2, 0.4)
    assert (f["actors.a.resolve"]["lo"], f["actors.a.resolve"]["hi"]) == PROBABILITY_WORDS["likely"]
    assert "likely" in f["actors.a.resolve"]["source"]
    share = MAGNITUDE_WORDS["moderate"]
    assert f["actors.b.stakes"]["lo"] == pytest.approx(share[0])  # stakes range [0, 1]
    assert f["actors.b.stakes"]["hi"] == pytest.approx(share[1])
    normal = f["actors.b.cost_of_war"]
    assert normal["lo"] == pytest.approx(1.0 - 1.6448536 * 0.1, abs=1e-6)
    assert normal["hi"] == pytest.approx(1.0 + 1.6448536 * 0.1, abs=1e-6)
    assert "percentiles" in normal["source"]
    beta = f["actors.b.nuclear_war_cost"]  # symmetric beta: percentiles symmetric about 1.0
    assert beta["lo"] + beta["hi"] == pytest.approx(2.0)
    tri = f["channels[0].quality"]  # triangular 5th percentile: lo + sqrt(.05 (hi-lo)(mode-lo))
    assert tri["lo"] == pytest.approx(0.2 + np.sqrt(0.05 * 0.4 * 0.3))
    assert f["channels[0].quality"]["toml"].startswith('{dist = "triangular"')


def test_fields_carry_schema_ranges_labels_groups_and_defaults():
    f = by_path(SMALL)
    assert (f["actors.a.cost_of_war"]["min"], f["actors.a.cost_of_war"]["max"]) == (0.0, 2.0)
    assert (f["actors.a.resolve"]["min"], f["actors.a.resolve"]["max"]) == (0.0, 1.0)
    assert f["actors.a.stakes"]["label"] == "Alpha: stakes"  # the actor's name, not its key
    assert f["actors.b.stakes"]["label"] == "b: stakes"
    assert {x["group"] for x in f.values()} <= set(GROUPS)
    # not written: the schema's default, and perceived_resolve falls back to the truth
    assert f["crisis.escalation_risk"]["toml"] is None
    assert (f["crisis.escalation_risk"]["lo"], f["crisis.escalation_risk"]["hi"]) == (0.0, 0.0)
    assert "not written" in f["crisis.escalation_risk"]["source"]
    pr = f["crisis.perceived_resolve"]
    assert (pr["lo"], pr["hi"]) == PROBABILITY_WORDS["likely"] and pr["toml"] is None


def test_set_writes_numbers_and_uniform_ranges_and_reads_them_back():
    out = set_judgements(
        SMALL,
        {"actors.a.stakes": [0.3, 0.7], "channels[0].quality": [0.9, 0.9]},
    )
    assert 'stakes = {dist = "uniform", lo = 0.3, hi = 0.7}' in out
    assert "quality = 0.9" in out
    f = by_path(out)
    assert (f["actors.a.stakes"]["lo"], f["actors.a.stakes"]["hi"]) == (0.3, 0.7)
    assert (f["channels[0].quality"]["lo"], f["channels[0].quality"]["hi"]) == (0.9, 0.9)
    scenario = load_scenario(out)
    assert scenario.channels[0].quality.args == (0.9,)


def test_set_keeps_comments_and_the_rest_of_the_file():
    out = set_judgements(SMALL, {"actors.a.stakes": [0.3, 0.7], "actors.a.resolve": [0.2, 0.2]})
    old, new = SMALL.splitlines(), out.splitlines()
    assert len(old) == len(new)
    changed = [(a, b) for a, b in zip(old, new, strict=True) if a != b]
    assert [a.split("=")[0] for a, _ in changed] == ["stakes ", "resolve "]
    for a, b in changed:  # the trailing comment is kept, at its column when there is room
        assert a[a.index("#") :] == b[b.index("#") :]
    i = next(i for i, line in enumerate(old) if line.startswith("resolve"))
    assert new[i].startswith("resolve = 0.2 ") and new[i].index("#") == old[i].index("#")
    for line in ("# a small crisis, written by hand", 'title = "small"   # the title'):
        assert line in new


def test_set_adds_a_field_the_file_does_not_write():
    out = set_judgements(SMALL, {"crisis.escalation_risk": [0.1, 0.3]})
    f = by_path(out)
    assert f["crisis.escalation_risk"]["toml"] == '{dist = "uniform", lo = 0.1, hi = 0.3}'
    assert load_scenario(out).crisis.escalation_risk.args == (0.1, 0.3)
    assert out.startswith(SMALL.split("[crisis]")[0])  # the text above [crisis] is unchanged


def test_set_edits_dotted_keys_inline_tables_and_inline_arrays():
    text = (
        "actors.a.capability = 0.5\n"
        "actors.a.stakes = 0.6   # kept\n"
        "actors.a.cost_of_war = 0.5\n"
        "actors.b = {capability = 0.5, stakes = 0.3, cost_of_war = 0.4}\n"
        'crisis = {challenger = "b", defender = "a"}\n'
        'channels = [{between = ["a", "b"], quality = 0.7}]\n'
        '[scenario]\ntitle = "dotted"\n'
    )
    values = {
        "actors.a.stakes": [0.1, 0.2],
        "actors.b.resolve": [0.3, 0.3],
        "crisis.escalation_risk": [0.2, 0.4],
        "channels[0].quality": [0.1, 0.9],
    }
    out = set_judgements(text, values)
    assert "# kept" in out
    got = by_path(out)
    assert {p: [got[p]["lo"], got[p]["hi"]] for p in values} == values
    load_scenario(out)


@pytest.mark.parametrize("name", sorted(BUNDLED))
def test_every_bundled_scenario_round_trips_its_own_values(name):
    """Set every judgement to the range read from it: the file loads and reads back the same
    ranges; numbers and uniform ranges are written exactly as they were (no change)."""
    text = BUNDLED[name]
    fields = judgement_fields(text)
    assert {f["group"] for f in fields} >= {"resolve", "stakes", "costs", "escalation risk"}
    out = set_judgements(text, {f["path"]: [f["lo"], f["hi"]] for f in fields})
    load_scenario(out)
    again = judgement_fields(out)
    assert [(f["path"], f["lo"], f["hi"]) for f in again] == [
        (f["path"], f["lo"], f["hi"]) for f in fields
    ]
    as_written = {
        f["path"]: [f["lo"], f["hi"]] for f in fields if f["source"] in ("number", "uniform range")
    }
    assert set_judgements(text, as_written) == text


@pytest.mark.parametrize(
    ("values", "fragment"),
    [
        ({"actors.a.nope": [0.1, 0.2]}, "is not a judgement of this scenario"),
        ({"actors.a.resolve": [0.8, 0.2]}, "lo = 0.8 > hi = 0.2"),
        ({"actors.a.resolve": [0.2, 1.5]}, "outside the allowed range [0, 1]"),
        ({"actors.a.cost_of_war": [-0.1, 1.0]}, "outside the allowed range [0, 2]"),
        ({"actors.a.resolve": [0.2]}, "expected a range [lo, hi]"),
        ({"actors.a.resolve": ["0.1", 0.2]}, "expected a range [lo, hi]"),
        ({"actors.a.resolve": [float("nan"), 0.2]}, "finite"),
        ({"actors.a.resolve": [True, 0.2]}, "expected a range [lo, hi]"),
    ],
)
def test_bad_values_raise_input_error_naming_the_field_and_range(values, fragment):
    with pytest.raises(InputError) as err:
        set_judgements(SMALL, values)
    message = str(err.value)
    assert fragment in message
    assert next(iter(values)) in message


def test_invalid_text_raises_the_loaders_error():
    with pytest.raises(DetenteError, match="line 3"):
        judgement_fields("[scenario]\n\ntitle = 3\n")
    with pytest.raises(DetenteError, match="TOML syntax error"):
        set_judgements("[scenario\n", {})


def _ranges(draw, fields):
    picked = draw(st.lists(st.sampled_from(fields), unique_by=lambda f: f["path"], max_size=6))
    out = {}
    for f in picked:
        a = draw(st.floats(f["min"], f["max"], allow_nan=False))
        b = draw(st.floats(f["min"], f["max"], allow_nan=False))
        out[f["path"]] = sorted([a, b])
    return out


FIELDS = {name: judgement_fields(text) for name, text in BUNDLED.items()}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), name=st.sampled_from(sorted(BUNDLED)))
def test_any_in_range_values_give_toml_that_loads_and_reads_back_the_same(data, name):
    values = _ranges(data.draw, FIELDS[name])
    out = set_judgements(BUNDLED[name], values)
    load_scenario(out)
    got = by_path(out)
    for path, (lo, hi) in values.items():
        assert (got[path]["lo"], got[path]["hi"]) == (lo, hi)
    # (an unwritten perceived_resolve follows the defender's resolve: not untouched)
    untouched = [f for f in FIELDS[name] if f["path"] not in values and f["toml"] is not None]
    for f in untouched:
        assert (got[f["path"]]["lo"], got[f["path"]]["hi"]) == (f["lo"], f["hi"])
