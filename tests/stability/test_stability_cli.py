"""``detente stability ...`` commands: tables, JSON, and one-line errors with exit code 2."""

from __future__ import annotations

import json
import sys

import pytest

from detente.cli.main import run


def _run(monkeypatch, capsys, *args):
    monkeypatch.setattr(sys, "argv", ["detente", "stability", *args])
    code = 0
    try:
        run()
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    out = capsys.readouterr()
    return code, out.out, out.err


def test_exchange_table_and_json(monkeypatch, capsys):
    code, out, _ = _run(monkeypatch, capsys, "exchange", "us", "russia")
    assert code == 0 and "crisis-stability index" in out
    code, out, _ = _run(monkeypatch, capsys, "exchange", "us", "china", "--json", "--points", "3")
    data = json.loads(out)
    assert code == 0 and len(data["a_strikes_b"]["attack_sizes"]) == 3
    assert 0 < data["stability"]["crisis_stability"] <= 1.5


def test_exchange_accepts_toml_files(monkeypatch, capsys, repo_root):
    path = repo_root / "src" / "detente" / "stability" / "postures" / "china.toml"
    code, out, _ = _run(monkeypatch, capsys, "exchange", str(path), "us", "--json")
    assert code == 0 and json.loads(out)["a"] == "China"


@pytest.mark.parametrize(
    "args",
    [
        ("defense", "--warheads", "10,100", "--interceptors", "50", "--json"),
        ("inspection", "--detection", "0.8", "--false-alarm", "0.1", "--json"),
        ("lanchester", "1000", "500", "--json"),
        ("compliance", "us", "--json"),
    ],
)
def test_json_commands(monkeypatch, capsys, args):
    code, out, _ = _run(monkeypatch, capsys, *args)
    assert code == 0
    assert isinstance(json.loads(out), dict)


def test_tables(monkeypatch, capsys):
    for args in (("defense",), ("inspection",), ("lanchester", "10", "20"), ("compliance", "us")):
        code, out, _ = _run(monkeypatch, capsys, *args)
        assert code == 0 and out.strip()


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("exchange", "nowhere.toml", "us"), "not found"),
        (("exchange", "us", "russia", "--level", "red"), "day-to-day"),
        (("defense", "--doctrine", "pray"), "shoot-look-shoot"),
        (("defense", "--pk", "1.5"), "pk"),
        (("inspection", "--a", "2"), "a < c"),
        (("lanchester", "10", "20", "--law", "cubic"), "square"),
        (("compliance", "us", "--treaty", "salt-9"), "new-start"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(monkeypatch, capsys, args, needle):
    code, _out, err = _run(monkeypatch, capsys, *args)
    assert code == 2
    assert needle in err and len(err.strip().splitlines()) == 1
    assert "Traceback" not in err


def test_sspk_table_json_and_errors(monkeypatch, capsys):
    """Issue 19 item 7: `detente stability sspk` prints lethal radius and SSPK; bad input is
    one line naming the option, exit 2."""
    code, out, _ = _run(monkeypatch, capsys, "sspk")
    assert code == 0 and "single-shot kill probability" in out
    code, out, _ = _run(
        monkeypatch, capsys, "sspk", "--yield-kt", "1000", "--hardness-psi", "1000", "--json"
    )
    data = json.loads(out)
    assert code == 0 and data["lethal_radius_m"] == pytest.approx(0.262 * 1852.0, rel=1e-3)
    for args, needle in ((("--cep-m", "0"), "cep_m"), (("--reliability", "2"), "reliability")):
        code, _, err = _run(monkeypatch, capsys, "sspk", *args)
        assert code == 2 and needle in err and err.count("\n") == 1
