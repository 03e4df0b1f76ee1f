"""Serve the web explorer from a background thread (a notebook, a script, a test).

``with serve_in_background() as url:`` starts uvicorn on a free loopback port, waits until it
accepts requests, yields its URL and shuts the server down on exit. ``detente serve`` is the
command-line way to run the explorer in the foreground.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from detente.errors import InputError


def free_loopback_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serve_in_background(
    run_store: str | Path | None = None, *, port: int | None = None, timeout: float = 30.0
) -> Iterator[str]:
    """Run the explorer in a daemon thread while the ``with`` block lasts; yield its URL.

    Parameters
    ----------
    run_store : path, optional
        DuckDB file of saved scenario runs (default as in :func:`create_app`).
    port : int, optional
        Loopback port (default: a free one).
    timeout : float
        Seconds to wait for the server to start.

    Raises
    ------
    InputError
        If the server does not start within ``timeout`` seconds (e.g. the port is taken).
    """
    import uvicorn

    from detente.web.app import create_app

    app = create_app(run_store=run_store)
    port = free_loopback_port() if port is None else port
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    )

    def run() -> None:
        # uvicorn exits when it cannot bind; that is reported below as an error
        with contextlib.suppress(SystemExit):
            server.run()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    deadline = time.monotonic() + timeout
    try:
        while not server.started:
            if time.monotonic() > deadline or not thread.is_alive():
                raise InputError(
                    f"the explorer did not start on 127.0.0.1:{port} within {timeout:g} s "
                    "(is the port taken?)"
                )
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
