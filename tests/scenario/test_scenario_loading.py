"""Scenario files: validation, error messages (file, line, field, fix), presets, bundled files."""

from __future__ import annotations

import json
import tomllib

import numpy as np
import pytest

from detente.errors import DetenteError, FileFormatError, InputError
from detente.scenario import (
    bundled_scenarios,
    load_scenario,
    parse_uncertain,
    scenario_json_schema,
)
from detente.scenario.scenario_template import TEMPLATE

VALID = """\
[scenario]
title = "test"

[actors.a]
capability = 0.5
stakes = 0.6
cost_of_war = 0.4

[actors.b]
capability = 0.5
stakes = 0.5
cost_of_war = 0.3
resolve = 0.7

[crisis]
challenger = "a"
defender = "b"
"""


def _error(text: str, tmp_path) -> str:
    path = tmp_path / "bad.toml"
    path.write_text(text)
    with pytest.raises(InputError) as info:
        load_scenario(path)
    message = str(info.value)
    assert "\n" not in message and str(path) in message
    return message


def test_valid_minimal_scenario_loads_from_text_and_file(tmp_path):
    s = load_scenario(VALID, name="mini")
    assert s.name == "mini" and s.actors["b"].resolve.args == (0.7,)
    path = tmp_path / "mini.toml"
    path.write_text(VALID)
    assert load_scenario(path).name == "mini"


def test_unknown_actor_in_alliance_names_field_and_actors(tmp_path):
    msg = _error(
        VALID + '\n[[alliances]]\npatron = "b"\nprotege = "c"\ncommitment = 0.5\n', tmp_path
    )
    assert "alliances[0].protege" in msg and "unknown actor 'c'" in msg and "a, b" in msg


def test_probability_above_one_names_line_field_and_range(tmp_path):
    msg = _error(VALID.replace("resolve = 0.7", "resolve = 1.3"), tmp_path)
    assert "line 13" in msg and "actors.b.resolve" in msg and "[0, 1]" in msg


def test_distribution_with_lo_above_hi_says_swap(tmp_path):
    text = VALID.replace("resolve = 0.7", 'resolve = {dist = "uniform", lo = 0.8, hi = 0.2}')
    msg = _error(text, tmp_path)
    assert "actors.b.resolve" in msg and "swap" in msg and "line 13" in msg


def test_missing_required_field_says_add_it(tmp_path):
    msg = _error(VALID.replace("stakes = 0.6\n", ""), tmp_path)
    assert "actors.a.stakes" in msg and "required" in msg and "scenario new" in msg


def test_unknown_field_names_it(tmp_path):
    msg = _error(VALID.replace("stakes = 0.6", "stakez = 0.6"), tmp_path)
    assert "actors.a.stakez" in msg and "unknown field" in msg and "line 6" in msg


def test_toml_syntax_error_names_file_and_line(tmp_path):
    path = tmp_path / "syntax.toml"
    path.write_text(VALID.replace("stakes = 0.6", "stakes = = 0.6"))
    with pytest.raises(FileFormatError, match=r"syntax\.toml: TOML syntax error.*line 6"):
        load_scenario(path)


def test_missing_file_lists_bundled_scenarios(tmp_path):
    with pytest.raises(InputError, match=r"not found.*cuban_missile_crisis"):
        load_scenario(tmp_path / "nope.toml")


@pytest.mark.parametrize(
    ("raw", "lo", "hi"),
    [
        (0.3, 0.3, 0.3),
        ("likely", 0.55, 0.80),
        ({"dist": "uniform", "lo": 0.2, "hi": 0.4}, 0.2, 0.4),
        ({"dist": "normal", "mean": 0.5, "sd": 0.3}, 0.0, 1.0),
        ({"dist": "beta", "a": 2, "b": 5}, 0.0, 1.0),
        ({"dist": "triangular", "lo": 0.1, "mode": 0.2, "hi": 0.6}, 0.1, 0.6),
        ({"dist": "discrete", "values": [0.2, 0.9], "weights": [1, 3]}, 0.2, 0.9),
    ],
)
def test_every_distribution_draws_within_its_support_and_the_field_range(raw, lo, hi):
    d = parse_uncertain(raw, 0.0, 1.0)
    x = d.ppf(np.random.default_rng(0).random(10_000))
    assert x.min() >= lo - 1e-12 and x.max() <= hi + 1e-12


def test_discrete_weights_and_triangular_mode_are_respected():
    d = parse_uncertain({"dist": "discrete", "values": [0.2, 0.9], "weights": [1, 3]}, 0, 1)
    x = d.ppf(np.random.default_rng(1).random(40_000))
    assert np.mean(x == 0.9) == pytest.approx(0.75, abs=0.01)
    t = parse_uncertain({"dist": "triangular", "lo": 0.0, "mode": 0.0, "hi": 1.0}, 0, 1)
    assert t.ppf(np.random.default_rng(2).random(40_000)).mean() == pytest.approx(1 / 3, abs=0.01)


def test_magnitude_words_scale_to_the_field_range():
    d = parse_uncertain("high", 0.0, 2.0)
    assert d.args == pytest.approx((1.2, 1.7)) and d.preset == "high"


def test_bundled_scenarios_all_load_and_the_default_exists():
    names = bundled_scenarios()
    assert "cuban_missile_crisis" in names and len(names) >= 6
    for path in names.values():
        s = load_scenario(path)
        assert s.scenario.sources and s.scenario.expected


def test_bundled_copies_in_scenarios_folder_do_not_drift(repo_root):
    """``src/detente/scenario/bundled/`` is the source; ``scenarios/`` must be identical."""
    shipped = bundled_scenarios()
    copies = {p.stem: p for p in (repo_root / "scenarios").glob("*.toml")}
    assert set(copies) == set(shipped)
    for name, path in shipped.items():
        assert copies[name].read_bytes() == path.read_bytes(), name


def test_template_validates_and_is_commented():
    s = load_scenario(TEMPLATE)
    assert s.crisis.challenger == "challenger" and TEMPLATE.count("#") > 20


def test_committed_json_schema_is_current(repo_root):
    """``docs/scenario.schema.json`` is generated by ``detente scenario schema``."""
    committed = json.loads((repo_root / "docs" / "scenario.schema.json").read_text())
    assert committed == json.loads(json.dumps(scenario_json_schema()))


def test_json_schema_is_strict_json_with_defaults_as_users_write_them():
    """JSON has no infinities (RFC 8259), and a default reads as it would be written in a
    scenario file: ``resolve`` defaults to 0.5, not to the internal distribution record."""
    schema = scenario_json_schema()
    json.dumps(schema, allow_nan=False)  # raises on inf/NaN anywhere
    assert schema["$defs"]["Actor"]["properties"]["resolve"]["default"] == 0.5


def test_scenario_json_round_trips_through_validation():
    s = load_scenario("cuban_missile_crisis")
    again = load_scenario(_to_toml(s.to_json()))
    assert again.to_json() == s.to_json()


def _to_toml(data: dict) -> str:
    """The JSON form as TOML, written by tomlkit (None values left out: TOML has no null)."""
    import tomlkit

    def without_none(v):
        if isinstance(v, dict):
            return {k: without_none(x) for k, x in v.items() if x is not None}
        if isinstance(v, list):
            return [without_none(x) for x in v]
        return v

    text = tomlkit.dumps(without_none(data))
    tomllib.loads(text)
    return text


def test_errors_are_detente_errors():
    with pytest.raises(DetenteError):
        load_scenario("[scenario\n")
