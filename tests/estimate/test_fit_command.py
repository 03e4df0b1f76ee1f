"""``detente fit``: JSON keys, the rich table, and one-line errors with exit code 2."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from detente.cli.main import run

WAR = "esc + war ~ s_wt_re1 + revis1 | 0 | regime1 | balanc + regime2"


def _run(monkeypatch, capsys, *args: str) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "argv", ["detente", *args])
    code = 0
    try:
        run()
    except SystemExit as exc:
        code = int(exc.code or 0)
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture()
def war_csv(shared_data) -> Path:
    return shared_data / "games" / "war1800.csv"


def test_fit_json_has_exactly_the_documented_keys(monkeypatch, capsys, war_csv):
    code, out, err = _run(
        monkeypatch, capsys, "fit", "egame12", "--data", str(war_csv), "--formula", WAR, "--json"
    )
    assert code == 0
    payload = json.loads(out)
    assert set(payload) == {"loglik", "n", "coefficients", "std_errors"}
    assert payload["n"] == 282
    assert set(payload["coefficients"]) == set(payload["std_errors"])
    assert "u24:regime2dem" in payload["coefficients"]
    assert "dropped 31 of 313 rows" in err


def test_fit_prints_a_table_by_default(monkeypatch, capsys, war_csv):
    code, out, _ = _run(
        monkeypatch,
        capsys,
        "fit",
        "egame12",
        "--data",
        str(war_csv),
        "--formula",
        WAR,
        "--link",
        "logit",
    )
    assert code == 0
    assert "u14:regime1dem" in out and "log-likelihood" in out


def test_leblang_with_levels_and_private_errors(monkeypatch, capsys, shared_data):
    """Kenkel and Signorino (2014), Table 1 through the CLI (log-likelihood -482.0155)."""
    formula = (
        "outcome ~ capcont + lreserves + overval + creditgrow + USinterest + service"
        " + contagion + prioratt - 1 | 1 | 1 | unifgov + lexports + preelec + postelec"
        " + rightgov + realinterest + capcont + lreserves"
    )
    code, out, _ = _run(
        monkeypatch,
        capsys,
        "fit",
        "egame12",
        "--data",
        str(shared_data / "games" / "leblang2003.csv"),
        "--formula",
        formula,
        "--errors",
        "private",
        "--levels",
        "no attack,devaluation,defense",
        "--json",
    )
    assert code == 0
    payload = json.loads(out)
    assert payload["loglik"] == pytest.approx(-482.0155, abs=1e-3)
    assert payload["coefficients"]["u2(defense):preelec"] == pytest.approx(1.6632, abs=1e-3)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["fit", "egame99", "--formula", WAR], "unknown model 'egame99'"),
        (["fit", "egame12", "--formula", WAR.replace("balanc", "nope")], "'nope'"),
        (["fit", "egame12", "--formula", "esc + war ~ revis1 | 1 | 1 | balanc"], "identification"),
        (["fit", "ultimatum", "--formula", "offer ~ x | z"], "--max-offer"),
        (["fit", "egame12", "--formula", WAR, "--link", "cauchit"], "link must be"),
    ],
)
def test_bad_input_is_one_line_and_exit_code_2(monkeypatch, capsys, war_csv, args, message):
    code, _, err = _run(monkeypatch, capsys, *args[:2], "--data", str(war_csv), *args[2:])
    assert code == 2
    lines = [line for line in err.splitlines() if line.startswith("error:")]
    assert len(lines) == 1 and message in lines[0]
    assert "Traceback" not in err


def test_missing_data_file_is_exit_code_2(monkeypatch, capsys, tmp_path):
    code, _, err = _run(
        monkeypatch,
        capsys,
        "fit",
        "egame12",
        "--data",
        str(tmp_path / "no.csv"),
        "--formula",
        WAR,
    )
    assert code == 2 and "not found" in err
