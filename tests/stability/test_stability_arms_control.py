"""Arms control: New START limits and compliance."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from detente.errors import ParameterError
from detente.stability.arms_control import NEW_START, check_compliance, get_treaty
from detente.stability.posture import load_posture


def test_new_start_central_limits():
    """New START Article II: 1,550 warheads, 700 deployed launchers, 800 total launchers."""
    limits = {lim.quantity: lim.maximum for lim in NEW_START.limits}
    assert limits == {
        "deployed_warheads": 1550,
        "deployed_launchers": 700,
        "total_launchers": 800,
    }
    assert get_treaty("New START") is NEW_START


def test_bombers_count_as_one_warhead_under_new_start():
    """New START Article III: each deployed heavy bomber counts as one warhead."""
    us = load_posture("us")
    report = check_compliance(us, "new-start")
    wh = next(c for c in report.checks if c.quantity == "deployed_warheads")
    ballistic = sum(lc.deployed_warheads for lc in us.launchers if lc.type.value != "bomber")
    bombers = sum(lc.deployed for lc in us.launchers if lc.type.value == "bomber")
    assert wh.value == pytest.approx(ballistic + bombers)
    assert report.compliant


def test_unknown_treaty_lists_presets():
    with pytest.raises(ParameterError, match="new-start"):
        get_treaty("salt-iv")


def _scaled(posture, f_deployed, f_wh):
    out = []
    for lc in posture.launchers:
        out.append(
            lc.model_copy(
                update={
                    "deployed": int(lc.deployed * f_deployed),
                    "non_deployed": int(lc.non_deployed * f_deployed),
                    "warheads_per_launcher": lc.warheads_per_launcher * f_wh,
                }
            )
        )
    return posture.with_launchers(out)


@settings(max_examples=50, deadline=None)
@given(
    name=st.sampled_from(["us", "russia", "china"]),
    f1=st.floats(0, 3),
    f2=st.floats(0, 3),
)
def test_a_treaty_compliant_posture_passes_its_limits(name, f1, f2):
    p = _scaled(load_posture(name), f1, f2)
    report = check_compliance(p, NEW_START)
    for chk in report.checks:
        assert chk.passed == (chk.value <= chk.maximum)
    # shrinking a compliant posture keeps it compliant
    if report.compliant:
        assert check_compliance(_scaled(p, 0.5, 1.0), NEW_START).compliant
