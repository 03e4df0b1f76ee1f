"""fetch(): local copies first, pooch downloads into the cache, honest about checksums."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
import requests

from detente.data import UnverifiedDownloadWarning, fetch
from detente.data.storage import DATA_DIR_ENV
from detente.errors import DataError


def test_local_copy_is_returned_without_download(shared_data: Path, empty_cache: Path) -> None:
    assert fetch("cow_states", data_dir=shared_data) == shared_data / "cow" / "cow_states.csv"


def test_offline_download_is_one_clear_data_error(
    empty_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def offline(*args: object, **kwargs: object) -> str:
        raise requests.exceptions.ConnectionError("Max retries exceeded\n(name resolution)")

    monkeypatch.setattr("pooch.retrieve", offline)
    with pytest.raises(DataError) as info:
        fetch("cow_states")
    message = str(info.value)
    assert "\n" not in message
    assert "states2016.csv" in message and DATA_DIR_ENV in message


def test_dataset_without_url_explains_how_to_get_it(empty_cache: Path) -> None:
    with pytest.raises(DataError, match=r"no direct download.*peacesciencer::atop_alliance"):
        fetch("atop_alliance")


def test_unverified_download_warns_with_its_checksum(
    empty_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: dict[str, object] = {}

    def fake_retrieve(url: str, known_hash: str | None, fname: str, path: Path, **kw: object):
        calls.update(url=url, known_hash=known_hash)
        target = Path(path) / fname
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text("stateabb,ccode\nUSA,2\n")
        return str(target)

    monkeypatch.setattr("pooch.retrieve", fake_retrieve)
    with pytest.warns(UnverifiedDownloadWarning, match=r"UNVERIFIED.*sha256 of the file"):
        path = fetch("cow_states")
    assert calls["known_hash"] is None
    assert path == empty_cache / "cow_states.csv"


def test_nested_archive_member_is_extracted(
    empty_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as z:
        z.writestr("NMC-70-wsupplementary.csv", "ccode,year\n2,1816\n")
    outer = io.BytesIO()
    with zipfile.ZipFile(outer, "w") as z:
        z.writestr("NMCv7/NMC-v7-supplemental.zip", inner.getvalue())

    def fake_retrieve(url: str, known_hash: str | None, fname: str, path: Path, **kw: object):
        target = Path(path) / fname
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(outer.getvalue())
        return str(target)

    monkeypatch.setattr("pooch.retrieve", fake_retrieve)
    with pytest.warns(UnverifiedDownloadWarning):
        path = fetch("cow_nmc_v7")
    assert path == empty_cache / "cow_nmc.csv"
    assert path.read_text() == "ccode,year\n2,1816\n"


def test_checksum_mismatch_is_a_data_error(
    empty_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def mismatch(*args: object, **kwargs: object) -> str:
        raise ValueError("SHA256 hash of downloaded file (abc) does not match the known hash")

    monkeypatch.setattr("pooch.retrieve", mismatch)
    with pytest.raises(DataError, match=r"does not match the registered SHA-256"):
        fetch("cow_majors")
