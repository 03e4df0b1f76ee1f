"""The dataset registry, the loader and the generated documentation."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from detente.data import DATASETS, get_dataset, load, read_dataset_file, registry_markdown
from detente.data.storage import DATA_DIR_ENV
from detente.errors import DataError

#: The datasets the issue requires, by registry name.
REQUIRED = {
    "cow_states",
    "cow_nmc_v6",
    "cow_nmc_v7",
    "cow_mid_disps",
    "cow_mid_dirdisps",
    "cow_mid_ddydisps",
    "atop_alliance",
    "cow_contdir",
    "cow_majors",
    "cow_capitals",
    "cow_war_inter",
    "td_rivalries",
    "tss_rivalries",
    "icb_crises",
    "icb_actors",
    "cw_democracy",
    "gml_mid_disps",
    "gml_mid_ddydisps",
    "cow_ddy",
}


def test_registry_holds_every_required_dataset() -> None:
    assert set(DATASETS) >= REQUIRED


@pytest.mark.parametrize("name", list(DATASETS))
def test_every_record_is_complete(name: str) -> None:
    d = DATASETS[name]
    assert d.name == name
    assert d.title and d.version and d.licence and d.citation and d.unit
    assert d.source.startswith("http")
    assert d.columns and len(set(d.column_names)) == len(d.column_names)
    assert d.url is not None or d.obtain, "a record without url must say how to obtain it"
    assert d.sha256 is None or len(d.sha256) == 64
    assert "detente data get" in d.how_to_get or d.how_to_get == d.obtain


def test_file_names_are_unique() -> None:
    names = [d.filename for d in DATASETS.values()]
    assert len(names) == len(set(names))


def test_alias_and_unknown_name() -> None:
    assert get_dataset("cow_nmc") is DATASETS["cow_nmc_v7"]
    with pytest.raises(DataError, match=r"unknown dataset 'nmc'.*cow_states"):
        get_dataset("nmc")


def test_docs_embed_the_generated_registry_table(repo_root: Path) -> None:
    """docs/data.md must contain registry_markdown() verbatim, so the docs never drift."""
    text = (repo_root / "docs" / "data.md").read_text(encoding="utf-8")
    assert registry_markdown() in text


def _local_names(shared_data: Path) -> list[str]:
    return [name for name, d in DATASETS.items() if any(shared_data.glob(f"*/{d.filename}"))]


def test_local_copies_exist_for_most_datasets(shared_data: Path) -> None:
    present = set(_local_names(shared_data))
    assert present >= REQUIRED - {"cow_nmc_v6"}


@pytest.mark.parametrize("name", sorted(REQUIRED - {"cow_nmc_v6", "cow_ddy"}))
def test_each_local_copy_loads_with_its_documented_columns(shared_data: Path, name: str) -> None:
    frame = load(name, data_dir=shared_data)  # found one folder down (cow/, icb/)
    assert set(DATASETS[name].column_names) <= set(frame.columns)
    assert len(frame) > 0


def test_load_reads_data_dir_from_the_environment(
    shared_data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(DATA_DIR_ENV, str(shared_data / "icb"))
    crises = load("icb_crises")
    assert len(crises) == 487  # ICB v14 codebook: 487 crises, 1918-2017
    assert crises["yrtrig"].dropna().between(1918, 2017).all()


def test_missing_file_error_names_dataset_places_and_fix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(DATA_DIR_ENV, raising=False)
    monkeypatch.setattr("detente.data.storage.cache_dir", lambda: tmp_path / "cache")
    with pytest.raises(DataError) as info:
        load("cow_majors", data_dir=tmp_path)
    message = str(info.value)
    assert "'cow_majors'" in message and "cow_majors.csv" in message
    assert str(tmp_path) in message
    assert "detente data get cow_majors" in message and DATA_DIR_ENV in message


def test_missing_columns_and_missing_codes(tmp_path: Path) -> None:
    path = tmp_path / "cow_nmc.csv"
    pd.DataFrame(
        {
            "CCODE": [2],
            "year": [1816],
            "milex": [-9],
            "milper": [1],
            "irst": [2],
            "pec": [3],
            "tpop": [4],
            "upop": [-9],
            "cinc": [0.1],
        }
    ).to_csv(path, index=False)
    frame = read_dataset_file("cow_nmc_v7", path)
    assert np.isnan(frame.loc[0, "milex"]) and np.isnan(frame.loc[0, "upop"])
    assert frame.loc[0, "milper"] == 1
    pd.DataFrame({"ccode": [2], "year": [1816]}).to_csv(path, index=False)
    with pytest.raises(DataError, match=r"lacks the documented column.*milex"):
        read_dataset_file("cow_nmc_v7", path)
