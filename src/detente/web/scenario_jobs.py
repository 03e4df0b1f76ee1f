"""Scenario analyses running in the background, so a page can show their progress.

A job is one call of :func:`detente.scenario.analyze_scenario` on a worker thread; the page
polls its state (progress, then the report or the error message). At most
``MAX_RUNNING_JOBS`` run at once and the last ``MAX_KEPT_JOBS`` stay in memory; the run store
keeps every finished run for good.
"""

from __future__ import annotations

import secrets
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from detente.errors import DetenteError
from detente.web.request_limits import MAX_KEPT_JOBS, MAX_RUNNING_JOBS

if TYPE_CHECKING:
    from detente.scenario import Scenario


class TooBusy(Exception):
    """All analysis slots are taken; the client should retry later (HTTP 429)."""


@dataclass
class ScenarioJob:
    """The state of one analysis, as the page sees it."""

    id: str
    scenario: str
    draws: int
    seed: int
    status: str = "queued"  # queued, running, done, failed
    progress: float = 0.0
    stage: str = ""
    error: str | None = None
    run_id: str | None = None
    analysis: Any = None
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def state(self) -> dict[str, Any]:
        """JSON view: id, status, progress in [0, 1], stage, error, run id, links."""
        with self.lock:
            out: dict[str, Any] = {
                "id": self.id,
                "scenario": self.scenario,
                "draws": self.draws,
                "seed": self.seed,
                "status": self.status,
                "progress": self.progress,
                "stage": self.stage,
                "error": self.error,
                "run_id": self.run_id,
            }
        if out["status"] == "done":
            out["report_url"] = f"/api/scenarios/jobs/{self.id}/report"
            out["result_url"] = f"/api/scenarios/jobs/{self.id}/result"
        return out

    def report(self, fraction: float) -> None:
        """Progress callback of :func:`~detente.scenario.analyze_scenario` (fraction done)."""
        with self.lock:
            self.progress = min(max(float(fraction), 0.0), 1.0)
            self.stage = f"{100 * self.progress:.0f}% done"


class ScenarioJobs:
    """The jobs of one server: start, look up, and the bounded history."""

    def __init__(self, store: Path | None = None) -> None:
        self.store = store
        self._jobs: OrderedDict[str, ScenarioJob] = OrderedDict()
        self._lock = threading.Lock()
        self._slots = threading.BoundedSemaphore(MAX_RUNNING_JOBS)
        #: One thread at a time in the run store (an embedded database file).
        self.store_lock = threading.Lock()

    def start(
        self,
        scenario: Scenario,
        *,
        draws: int,
        seed: int,
        interventions: list[str] | None = None,
    ) -> ScenarioJob:
        """Start analysing ``scenario`` on a worker thread.

        Raises
        ------
        TooBusy
            When ``MAX_RUNNING_JOBS`` analyses are already running.
        """
        if not self._slots.acquire(blocking=False):
            raise TooBusy(
                f"{MAX_RUNNING_JOBS} analyses are already running; wait for one to finish"
            )
        job = ScenarioJob(
            id=secrets.token_hex(8),
            scenario=scenario.name,
            draws=draws,
            seed=seed,
        )
        with self._lock:
            self._jobs[job.id] = job
            while len(self._jobs) > MAX_KEPT_JOBS:
                self._jobs.popitem(last=False)
        threading.Thread(
            target=self._run,
            args=(job, scenario, interventions or []),
            name=f"scenario-{job.id}",
            daemon=True,
        ).start()
        return job

    def get(self, job_id: str) -> ScenarioJob | None:
        """The job with this id, if it is still kept."""
        with self._lock:
            return self._jobs.get(job_id)

    def _run(self, job: ScenarioJob, scenario: Scenario, interventions: list[str]) -> None:
        from detente.scenario import analyze_scenario
        from detente.scenario.run_store import record_run

        try:
            with job.lock:
                job.status = "running"
            analysis = analyze_scenario(
                scenario,
                draws=job.draws,
                seed=job.seed,
                interventions=interventions,
                progress=job.report,
            )
            with self.store_lock:
                run_id = record_run(analysis, store=self.store)
            with job.lock:
                job.analysis, job.run_id = analysis, run_id
                job.progress, job.status = 1.0, "done"
        except DetenteError as exc:
            with job.lock:
                job.status, job.error = "failed", str(exc)
        except Exception as exc:  # a bug in the library: tell the page, keep the server up
            with job.lock:
                job.status = "failed"
                job.error = f"internal error while analysing the scenario: {type(exc).__name__}"
        finally:
            self._slots.release()
