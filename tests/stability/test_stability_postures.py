"""Force postures: bundled data with sources, TOML loading and error messages."""

from __future__ import annotations

import pytest

from detente.errors import FileFormatError, InputError
from detente.stability.posture import LauncherClass, load_posture

NUMERIC_FIELDS = [
    "deployed",
    "non_deployed",
    "warheads_per_launcher",
    "yield_kt",
    "cep_m",
    "reliability",
    "hardness_psi",
    "launchers_per_platform",
    "day_to_day",
    "generated",
]


@pytest.mark.parametrize("name", ["us", "russia", "china"])
def test_bundled_posture_has_a_source_and_year_for_every_figure(name):
    p = load_posture(name)
    assert p.year == 2025 and p.source
    for lc in p.launchers:
        for field in NUMERIC_FIELDS:
            src = lc.sources.get(field, "")
            assert src, f"{name}/{lc.name}: no source for {field}"
            assert any(str(y) in src for y in range(1973, 2026)), (name, lc.name, field, src)


def test_bundled_figures_match_the_nuclear_notebook_totals():
    """US 2024/2025: 400 ICBM, ~970 SLBM, ~300 bomber warheads; Russia 2025: ~870 ICBM,
    ~640 SLBM, ~200 bomber warheads (Kristensen et al., Bulletin of the Atomic Scientists)."""
    us = {lc.type.value: lc.deployed_warheads for lc in load_posture("us").launchers}
    assert us["icbm_silo"] == 400
    assert us["slbm"] == pytest.approx(970, abs=5)
    assert us["bomber"] == pytest.approx(300, abs=5)
    ru: dict[str, float] = {}
    for lc in load_posture("russia").launchers:
        ru[lc.type.value] = ru.get(lc.type.value, 0.0) + lc.deployed_warheads
    assert ru["icbm_silo"] + ru["icbm_mobile"] == pytest.approx(870, abs=10)
    assert ru["slbm"] == pytest.approx(640, abs=5)
    assert ru["bomber"] == pytest.approx(200, abs=5)


GOOD = """
[posture]
name = "Testland"
year = 2025

[[launchers]]
name = "silo"
type = "icbm_silo"
deployed = 10
warheads_per_launcher = 1
yield_kt = 300
cep_m = 150
reliability = 0.8
hardness_psi = 1000
day_to_day = { alert_rate = 0.9, survivable_fraction = 0.0 }
generated = { alert_rate = 0.9, survivable_fraction = 0.0 }
"""


def test_load_posture_from_file(tmp_path):
    f = tmp_path / "t.toml"
    f.write_text(GOOD)
    p = load_posture(f)
    assert p.name == "Testland" and p.deployed_warheads == 10


def test_bad_launcher_type_names_file_field_and_allowed_values(tmp_path):
    f = tmp_path / "bad.toml"
    f.write_text(GOOD.replace('type = "icbm_silo"', 'type = "catapult"'))
    with pytest.raises(InputError) as exc:
        load_posture(f)
    msg = str(exc.value)
    assert "bad.toml" in msg and "launchers.0.type" in msg
    assert "icbm_silo" in msg and "icbm_mobile" in msg and "slbm" in msg and "bomber" in msg


def test_out_of_range_reliability_is_reported(tmp_path):
    f = tmp_path / "rel.toml"
    f.write_text(GOOD.replace("reliability = 0.8", "reliability = 1.8"))
    with pytest.raises(InputError, match=r"launchers\.0\.reliability"):
        load_posture(f)


def test_toml_syntax_error_names_file_and_line(tmp_path):
    f = tmp_path / "syntax.toml"
    f.write_text(GOOD.replace("deployed = 10", "deployed = = 10"))
    with pytest.raises(FileFormatError) as exc:
        load_posture(f)
    assert "syntax.toml" in str(exc.value) and "line" in str(exc.value)


def test_missing_file_lists_bundled_names():
    with pytest.raises(InputError, match="russia"):
        load_posture("no_such_posture.toml")


def test_silos_cannot_be_declared_survivable():
    with pytest.raises(ValueError, match="hardness"):
        LauncherClass(
            name="s",
            type="icbm_silo",
            deployed=1,
            warheads_per_launcher=1,
            yield_kt=1,
            cep_m=1,
            reliability=1,
            hardness_psi=1,
            day_to_day={"alert_rate": 1, "survivable_fraction": 0.5},
            generated={"alert_rate": 1, "survivable_fraction": 0.5},
        )
