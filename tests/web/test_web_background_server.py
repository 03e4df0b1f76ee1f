"""``serve_in_background``: the explorer in a thread, for notebooks and scripts."""

from __future__ import annotations

import socket
import urllib.request
from pathlib import Path

import pytest

from detente.errors import InputError
from detente.web import serve_in_background


def test_serves_the_gallery_and_stops_on_exit(tmp_path: Path) -> None:
    with (
        serve_in_background(tmp_path / "runs.duckdb") as url,
        urllib.request.urlopen(url + "/", timeout=30) as response,
    ):
        assert response.status == 200
        assert "unilateral_deterrence" in response.read().decode()
    with pytest.raises(OSError):
        urllib.request.urlopen(url + "/", timeout=5)


def test_a_taken_port_is_a_clear_error(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with (
            pytest.raises(InputError, match=f"127.0.0.1:{port}"),
            serve_in_background(tmp_path / "runs.duckdb", port=port, timeout=10),
        ):
            pass
