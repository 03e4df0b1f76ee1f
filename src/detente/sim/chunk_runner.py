"""Run the pending chunks of a job on a local process pool or a Dask cluster, resumably.

A *chunk function* ``fn(chunk, spec) -> {table: DataFrame}`` is a module-level function (so
it pickles) whose result depends only on ``chunk`` and ``spec``; seeds are derived from the
spec's seed and the chunk or replication index (``numpy.random.SeedSequence`` spawn keys), so
results do not depend on the number of workers or on the order chunks finish.

The client marks a chunk done in the manifest only after its files are in place; after a
crash or Ctrl-C, the same call skips the chunks already done.

References
----------
Rocklin, M. (2015). Dask: Parallel computation with blocked algorithms and task scheduling.
Proceedings of the 14th Python in Science Conference, 130-136.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from detente.errors import InputError
from detente.sim.chunk_store import ChunkStore, write_chunk_tables

__all__ = ["ChunkFunction", "ChunkRun", "ChunkRunInterrupted", "run_chunks", "run_on_dask"]

ChunkFunction = Callable[[int, dict[str, Any]], dict[str, pd.DataFrame]]


@dataclass
class ChunkRun:
    """What a call to :func:`run_chunks` did."""

    out_dir: Path
    n_chunks: int
    ran: int
    skipped: int
    database: Path | None


class ChunkRunInterrupted(KeyboardInterrupt):
    """Ctrl-C (or SIGINT) during :func:`run_chunks`; the chunks already done are kept.

    A :class:`KeyboardInterrupt`, so code that stops on Ctrl-C still does; it adds where the
    run stood, for the message that tells the user to rerun.
    """

    def __init__(self, out_dir: Path, done: int, n_chunks: int) -> None:
        self.out_dir, self.done, self.n_chunks = out_dir, done, n_chunks
        super().__init__(
            f"{done} of {n_chunks} chunk(s) done and kept in {out_dir}; rerun the same "
            "command to resume (done chunks are skipped, none is written twice)"
        )


def require_parquet() -> None:
    """Fail up front, with the command that fixes it, if results cannot be written."""
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        raise InputError(
            "results are written as Parquet, which needs pyarrow; install the simulation "
            "extra: pip install 'detente[sim]'"
        ) from None


def compute_and_write(fn: ChunkFunction, chunk: int, spec: dict, out_dir: str) -> dict:
    """Worker side: compute one chunk and write its tables (returns rows per table)."""
    return write_chunk_tables(out_dir, chunk, fn(chunk, spec))


def run_chunks(
    fn: ChunkFunction,
    spec: dict[str, Any],
    n_chunks: int,
    out_dir: str | Path,
    *,
    kind: str,
    scheduler: Any = None,
    workers: int | None = None,
    progress: bool = True,
    description: str = "chunks",
    after_chunk: Callable[[int, int], None] | None = None,
) -> ChunkRun:
    """Compute every pending chunk and write it into ``out_dir``.

    Parameters
    ----------
    fn
        Chunk function (module level).
    spec
        JSON-serialisable job description, passed to ``fn`` and recorded in the manifest.
    n_chunks
        Number of chunks.
    out_dir
        Results folder (see :class:`~detente.sim.chunk_store.ChunkStore`).
    kind
        ``"sweep"`` or ``"simulate"``.
    scheduler
        ``None``: local process pool (``workers`` processes; 1 = in this process). A string:
        the address of a Dask distributed scheduler (``tcp://host:8786``); a
        ``distributed.Client`` is used as is. Dask workers must see ``out_dir``.
    workers
        Local processes (default: CPU count).
    progress
        Show a rich progress bar.
    after_chunk
        Called as ``after_chunk(chunk, n_done)`` after each chunk is recorded (hooks, tests).

    Returns
    -------
    ChunkRun

    Raises
    ------
    InputError
        If pyarrow (the Parquet writer, ``detente[sim]``) is not installed, before any work.
    """
    require_parquet()
    n_workers = workers if workers is not None else (os.cpu_count() or 1)
    if n_workers < 1:
        raise InputError(f"--workers must be at least 1, got {n_workers}")
    store = ChunkStore(out_dir, kind, spec, n_chunks)
    pending = store.pending()
    skipped = n_chunks - len(pending)
    out = str(store.out_dir)
    bar = _Progress(progress, description, n_chunks, skipped)
    done = skipped

    def record(chunk: int, rows: dict) -> None:
        nonlocal done
        store.mark_done(chunk, rows)
        done += 1
        bar.advance()
        if after_chunk is not None:
            after_chunk(chunk, done)

    try:
        with bar:
            if scheduler is not None:
                _run_dask(fn, spec, pending, out, scheduler, record)
            elif n_workers == 1 or len(pending) <= 1:
                for chunk in pending:
                    record(chunk, compute_and_write(fn, chunk, spec, out))
            else:
                _run_pool(fn, spec, pending, out, n_workers, record)
    except KeyboardInterrupt as exc:
        if type(exc) is not KeyboardInterrupt:  # ours already, or a caller's own subclass
            raise
        raise ChunkRunInterrupted(store.out_dir, done, n_chunks) from exc
    database = store.write_views() if store.done else None
    return ChunkRun(store.out_dir, n_chunks, len(pending), skipped, database)


def _run_pool(
    fn: ChunkFunction,
    spec: dict,
    pending: list[int],
    out: str,
    n_workers: int,
    record: Callable[[int, dict], None],
) -> None:
    """Local process pool, at most ``2 * n_workers`` chunks in flight."""
    queue = list(reversed(pending))
    with ProcessPoolExecutor(max_workers=n_workers) as pool:
        running: dict[Future, int] = {}
        try:
            while queue or running:
                while queue and len(running) < 2 * n_workers:
                    chunk = queue.pop()
                    running[pool.submit(compute_and_write, fn, chunk, spec, out)] = chunk
                finished, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in finished:
                    record(running.pop(future), future.result())
        except BaseException:
            for future in running:
                future.cancel()
            raise


def _run_dask(
    fn: ChunkFunction,
    spec: dict,
    pending: list[int],
    out: str,
    scheduler: Any,
    record: Callable[[int, dict], None],
) -> None:
    """Dask distributed: connect, submit every pending chunk, record as they complete."""
    tasks = [(fn, chunk, spec, out) for chunk in pending]
    run_on_dask(compute_and_write, tasks, scheduler, lambda i, rows: record(pending[i], rows))


def run_on_dask(
    fn: Callable[..., Any],
    tasks: list[tuple],
    scheduler: Any,
    on_result: Callable[[int, Any], None],
) -> None:
    """Run ``fn(*task)`` for every task on a Dask cluster; ``on_result(i, result)`` for task
    ``i`` as each completes (in any order). On an error or Ctrl-C the tasks still pending are
    cancelled and the error is raised.

    ``scheduler`` is the address of a Dask distributed scheduler (``tcp://host:8786``), or a
    ``distributed.Client`` used as is. The sweeps, the simulations and ``detente analyze
    --scheduler`` all run their chunks through here.

    Raises
    ------
    InputError
        Dask distributed is not installed, or the scheduler cannot be reached.
    """
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise InputError("--scheduler needs Dask distributed: pip install 'detente[sim]'") from None
    own = not isinstance(scheduler, Client)
    try:
        client = Client(scheduler) if own else scheduler
    except (OSError, TimeoutError, ValueError) as exc:
        raise InputError(
            f"cannot reach the Dask scheduler at {scheduler!r} ({exc}); give its address, e.g. "
            "tcp://127.0.0.1:8786, or leave out --scheduler to run on this machine"
        ) from None
    try:
        futures = {client.submit(fn, *task, pure=False): i for i, task in enumerate(tasks)}
        try:
            for future in as_completed(futures):
                on_result(futures[future], future.result())
        except BaseException:
            client.cancel(list(futures))
            raise
    finally:
        if own:
            client.close()


class _Progress:
    """A rich progress bar, or nothing."""

    def __init__(self, enabled: bool, description: str, total: int, completed: int) -> None:
        self.enabled = enabled
        if enabled:
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeElapsedColumn,
                TimeRemainingColumn,
            )

            self.progress = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                TimeRemainingColumn(),
                transient=False,
            )
            self.task = self.progress.add_task(description, total=total, completed=completed)

    def __enter__(self) -> _Progress:
        if self.enabled:
            self.progress.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.enabled:
            self.progress.__exit__(*exc)

    def advance(self) -> None:
        if self.enabled:
            self.progress.advance(self.task)
