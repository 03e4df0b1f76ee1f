"""Download registered datasets into the cache with ``pooch``.

:func:`fetch` returns the path of a local copy, downloading it only when no copy is found (see
:mod:`detente.data.storage` for where it looks). Every download goes through
:func:`pooch.retrieve`; when the registry records a SHA-256 the download is verified against it,
otherwise detente warns (:class:`~detente.data.data_warnings.UnverifiedDownloadWarning`) and
reports the checksum of what it received so it can be pinned.
"""

from __future__ import annotations

import io
import logging
import os
import tempfile
import warnings
import zipfile
from pathlib import Path

from detente.data.data_warnings import UnverifiedDownloadWarning
from detente.data.registry import Dataset, get_dataset
from detente.data.storage import DATA_DIR_ENV, cache_dir, find_local
from detente.errors import DataError

__all__ = ["fetch"]

logger = logging.getLogger(__name__)


def fetch(name: str, data_dir: str | os.PathLike[str] | None = None) -> Path:
    """Return a local copy of dataset ``name``, downloading it into the cache if needed.

    Parameters
    ----------
    name
        Registry name (see ``detente data list``).
    data_dir
        Folder with local copies, searched before ``$DETENTE_DATA_DIR`` and the cache.

    Returns
    -------
    pathlib.Path
        The file, named as in the registry.

    Raises
    ------
    DataError
        If the dataset is unknown, has no direct download and no local copy, the download
        fails (e.g. offline), the checksum does not match, or the archive lacks the file.
    """
    dataset = get_dataset(name)
    local, searched = find_local(dataset, data_dir)
    if local is not None:
        return local
    looked = ", ".join(str(p) for p in searched)
    if dataset.url is None:
        raise DataError(
            f"dataset {dataset.name!r} ({dataset.filename}) has no direct download and no "
            f"local copy (looked in: {looked}); to get it, {dataset.obtain}, then put "
            f"{dataset.filename} in a folder named by {DATA_DIR_ENV} or pass --data-dir"
        )
    return _download(dataset)


def _download(dataset: Dataset) -> Path:
    try:
        import pooch
    except ImportError:
        raise DataError(
            f"downloading {dataset.name!r} needs pooch, which is not installed: "
            "pip install 'detente[data]'"
        ) from None

    assert dataset.url is not None
    folder = cache_dir()
    archive_name = dataset.url.rsplit("/", 1)[-1] or dataset.filename
    known_hash = f"sha256:{dataset.sha256}" if dataset.sha256 else None
    pooch_logger = pooch.get_logger()
    level = pooch_logger.level
    pooch_logger.setLevel(logging.WARNING)  # keep failures to one line (no progress chatter)
    try:
        downloaded = Path(
            pooch.retrieve(
                dataset.url,
                known_hash=known_hash,
                fname=archive_name if dataset.members else dataset.filename,
                path=folder,
                progressbar=False,
            )
        )
    except ValueError as exc:  # pooch: hash mismatch
        raise DataError(
            f"dataset {dataset.name!r}: the file at {dataset.url} does not match the "
            f"registered SHA-256 ({_short(exc)}); the source may have changed: report it, or "
            f"place a verified copy of {dataset.filename} in {DATA_DIR_ENV}"
        ) from None
    except OSError as exc:  # network errors (requests' exceptions are OSErrors) and disk
        raise DataError(
            f"dataset {dataset.name!r}: could not download {dataset.url} ({_short(exc)}); if "
            f"offline, put {dataset.filename} in a folder and set {DATA_DIR_ENV} or pass "
            "--data-dir"
        ) from None
    finally:
        pooch_logger.setLevel(level)
    if dataset.sha256 is None:
        digest = pooch.file_hash(str(downloaded), alg="sha256")
        message = (
            f"dataset {dataset.name!r}: downloaded {dataset.url} UNVERIFIED (no published "
            f"SHA-256 is recorded in detente's registry); sha256 of the file received: {digest}"
        )
        logger.warning(message)
        warnings.warn(UnverifiedDownloadWarning(message), stacklevel=3)
    if not dataset.members:
        return downloaded
    return _extract(dataset, downloaded, folder / dataset.filename)


def _short(exc: BaseException) -> str:
    """A short, single-line reason for ``exc``."""
    name = type(exc).__name__
    if name == "ConnectionError":
        return "ConnectionError: host unreachable (no network?)"
    text = " ".join(str(exc).split())
    return f"{name}: {text[:120]}{'...' if len(text) > 120 else ''}"


def _extract(dataset: Dataset, archive: Path, target: Path) -> Path:
    """Pull the (possibly nested) member out of ``archive`` into ``target`` atomically."""
    payload = archive.read_bytes()
    for member in dataset.members:
        try:
            with zipfile.ZipFile(io.BytesIO(payload)) as zipped:
                names = zipped.namelist()
                match = next(
                    (n for n in names if n == member or n.rsplit("/", 1)[-1] == member), None
                )
                if match is None:
                    raise DataError(
                        f"dataset {dataset.name!r}: archive {archive.name} has no member "
                        f"{member!r} (it holds {len(names)} files); the source layout changed:"
                        f" place {dataset.filename} in {DATA_DIR_ENV} by hand"
                    )
                payload = zipped.read(match)
        except zipfile.BadZipFile:
            raise DataError(
                f"dataset {dataset.name!r}: {archive} is not a valid zip archive; delete it "
                f"and run `detente data get {dataset.name}` again"
            ) from None
    write_bytes_atomically(target, payload)
    return target


def write_bytes_atomically(target: Path, payload: bytes) -> None:
    """Write ``payload`` to a temporary file beside ``target``, then rename it into place."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(payload)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
