"""``detente fit``: JSON keys, the rich table, and one-line errors with exit code 2."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from detente.cli.main import run
from detente.errors import InputError
from detente.estimate import egame12, ultimatum

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


def test_label_decision_columns_are_refused_naming_file_column_and_values(
    tmp_path, war_csv, run_detente, assert_refused
):
    """Issue 18, item 5: decision columns of labels (yes/no) were a ValueError traceback. As
    the R games package (makeResponse12: "dummy responses must be dummy variables"), detente
    does not guess which label means 1: one line naming the file, the column, the labels found
    and the 0/1 expected, exit code 2 (real CLI in a subprocess)."""
    frame = pd.read_csv(war_csv)
    for col in ("esc", "war"):
        frame[col] = frame[col].map({0: "no", 1: "yes"})
    path = tmp_path / "war_yes_no.csv"
    frame.to_csv(path, index=False)
    result = run_detente("fit", "egame12", "--data", str(path), "--formula", WAR)
    assert_refused(result, "war_yes_no.csv", "'esc'", "'no', 'yes'", "0/1")


@pytest.mark.filterwarnings("ignore:dropped 31 of 313 rows")
def test_true_false_decision_columns_fit_as_one_zero(war_csv):
    """Booleans are 0/1 (R's %in% c(0L, 1L) accepts logicals too): the fit is the one on 0/1."""
    frame = pd.read_csv(war_csv)
    numeric = egame12(WAR, frame)
    frame[["esc", "war"]] = frame[["esc", "war"]].astype("boolean")
    as_bool = egame12(WAR, frame)
    assert as_bool.loglik == pytest.approx(numeric.loglik, rel=1e-12)
    assert as_bool.n == numeric.n == 282


def test_label_acceptance_column_is_refused():
    """The ultimatum model's acceptance column obeys the same 0/1 rule."""
    rng = np.random.default_rng(3)
    frame = pd.DataFrame({"offer": rng.uniform(0, 1, 50), "x": rng.normal(size=50)})
    frame["acc"] = np.where(rng.uniform(size=50) < 0.5, "yes", "no")
    with pytest.raises(InputError, match=r"acceptance column 'acc' holds labels.*0/1"):
        ultimatum("offer + acc ~ x | 1", frame, max_offer=1.0)
