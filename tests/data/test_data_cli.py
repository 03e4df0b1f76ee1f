"""``detente data list | get | dyadyears``."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
import requests
from typer.testing import CliRunner

from detente.cli.main import app
from detente.data import DATASETS
from detente.data.storage import DATA_DIR_ENV

runner = CliRunner()


def test_list_json_is_the_registry() -> None:
    result = runner.invoke(app, ["data", "list", "--json"])
    assert result.exit_code == 0
    records = json.loads(result.stdout)
    assert [r["name"] for r in records] == list(DATASETS)
    assert all(r["citation"] and r["columns"] for r in records)


def test_list_table() -> None:
    result = runner.invoke(app, ["data", "list"])
    assert result.exit_code == 0 and "cow_states" in result.stdout


def test_get_reports_the_local_copy(shared_data: Path, empty_cache: Path) -> None:
    result = runner.invoke(app, ["data", "get", "cow_states", "--data-dir", str(shared_data)])
    assert result.exit_code == 0
    assert result.stdout.strip() == str(shared_data / "cow" / "cow_states.csv")


def test_get_offline_is_one_line_and_exit_code_2(
    empty_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def offline(*args: object, **kwargs: object) -> str:
        raise requests.exceptions.ConnectionError("no route to host")

    monkeypatch.setattr("pooch.retrieve", offline)
    result = runner.invoke(app, ["data", "get", "cow_majors"])
    assert result.exit_code == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1
    assert "cow_majors" in lines[0] and DATA_DIR_ENV in lines[0]


def test_get_unknown_dataset(empty_cache: Path) -> None:
    result = runner.invoke(app, ["data", "get", "nope"])
    assert result.exit_code == 2 and "unknown dataset 'nope'" in result.stderr


@pytest.mark.parametrize("suffix", [".parquet", ".csv"])
def test_dyadyears_writes_the_file(shared_data: Path, tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"dyads{suffix}"
    args = ["data", "dyadyears", "--start", "1816", "--end", "1820", "--directed"]
    result = runner.invoke(app, [*args, "--out", str(out), "--data-dir", str(shared_data)])
    assert result.exit_code == 0, result.stderr
    frame = pd.read_parquet(out) if suffix == ".parquet" else pd.read_csv(out)
    assert list(frame.columns) == ["ccode1", "ccode2", "year"]
    assert (frame["ccode1"] > frame["ccode2"]).any()
    assert f"{len(frame):,} directed" in result.stdout
    assert [p.name for p in tmp_path.iterdir()] == [out.name]  # no temporary left behind


def test_dyadyears_errors_are_one_line(
    shared_data: Path, tmp_path: Path, empty_cache: Path
) -> None:
    base = ["data", "dyadyears", "--start", "1816", "--end", "1820"]
    bad_suffix = runner.invoke(
        app, [*base, "--out", str(tmp_path / "x.xlsx"), "--data-dir", str(shared_data)]
    )
    assert bad_suffix.exit_code == 2 and ".parquet or .csv" in bad_suffix.stderr
    no_data = runner.invoke(app, [*base, "--out", str(tmp_path / "x.csv")])
    assert no_data.exit_code == 2
    assert "detente data get cow_states" in no_data.stderr
    assert len(no_data.stderr.strip().splitlines()) == 1
