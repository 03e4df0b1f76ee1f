"""Load test of the web explorer on loopback: 200 concurrent solve requests.

Starts ``uvicorn detente.web:create_app`` in a subprocess on a free 127.0.0.1 port, fires N
concurrent ``POST /api/models/unilateral_deterrence/solve`` requests from one httpx
AsyncClient (each at a different credibility ``p_def``), checks that every one succeeds and
returns the library's own answer, and prints p50/p95/max latency and throughput. The peer is
the same solve called in-process (``model.solve(params).point()``), so the ratio is the cost
of HTTP, JSON and queueing per request: an internal figure, not a peer ratio. The server is
stopped at the end; the whole run is bounded by ``--timeout`` seconds. One case (``--case
solve``); ``--quick`` sends 50 requests.

Run: ``python benchmarks/bench_web.py [--quick] [--requests 200] [--timeout 120] [--json FILE]``
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import subprocess
import sys
import tempfile
import time

import httpx
import numpy as np
from benchmark_record import Recorder, Row, add_common_options

import detente.models as dm

MODEL = "unilateral_deterrence"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int, store: str) -> subprocess.Popen:
    cmd = [
        sys.executable,
        "-m",
        "uvicorn",
        "--factory",
        "detente.web:create_app",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--log-level",
        "warning",
    ]
    env = {**os.environ, "DETENTE_STORE": store}
    return subprocess.Popen(cmd, env=env)


async def wait_ready(url: str, deadline: float) -> None:
    async with httpx.AsyncClient() as client:
        while time.monotonic() < deadline:
            try:
                if (await client.get(url + "/api/models")).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.1)
    raise SystemExit("server did not start in time")


async def load(url: str, values: np.ndarray) -> tuple[np.ndarray, list[str], float]:
    limits = httpx.Limits(max_connections=len(values), max_keepalive_connections=len(values))
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=60) as client:

        async def one(p: float) -> tuple[float, str]:
            t0 = time.perf_counter()
            r = await client.post(f"/api/models/{MODEL}/solve", json={"params": {"p_def": p}})
            elapsed = time.perf_counter() - t0
            if r.status_code != 200:
                return elapsed, f"HTTP {r.status_code}: {r.text[:200]}"
            return elapsed, r.json()["outcome"]

        t0 = time.perf_counter()
        done = await asyncio.gather(*(one(float(p)) for p in values))
        wall = time.perf_counter() - t0
    return np.array([d[0] for d in done]), [d[1] for d in done], wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_common_options(parser, ["solve"])
    parser.add_argument("--requests", type=int, default=None, help="200 (quick: 50)")
    parser.add_argument("--timeout", type=float, default=120.0)
    args = parser.parse_args()
    args.requests = args.requests or (50 if args.quick else 200)
    rec = Recorder("web", args.json)
    deadline = time.monotonic() + args.timeout

    model = dm.get(MODEL)
    values = np.round(np.linspace(0.0, 1.0, args.requests), 6)
    expected = [model.solve({"p_def": float(p)}).point()["outcome"] for p in values]
    direct = []
    for p in values[:50]:
        t0 = time.perf_counter()
        model.solve({"p_def": float(p)}).point()
        direct.append(time.perf_counter() - t0)
    direct_s = float(np.median(direct))

    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as tmp:
        server = start_server(port, os.path.join(tmp, "runs.duckdb"))
        try:
            asyncio.run(asyncio.wait_for(wait_ready(url, deadline), args.timeout))
            asyncio.run(load(url, values[:5]))  # warm up imports and the threadpool
            remaining = max(deadline - time.monotonic(), 1.0)
            latency, outcomes, wall = asyncio.run(asyncio.wait_for(load(url, values), remaining))
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()

    errors = [o for o in outcomes if o.startswith("HTTP")]
    wrong = sum(o != e for o, e in zip(outcomes, expected, strict=True) if not o.startswith("HTTP"))
    p50, p95 = np.percentile(latency, [50, 95])
    print(f"detente web explorer: {args.requests} concurrent POST /api/models/{MODEL}/solve")
    print(f"  errors: {len(errors)}   answers differing from the library: {wrong}")
    print(
        f"  latency p50 {1e3 * p50:.1f} ms   p95 {1e3 * p95:.1f} ms   max "
        f"{1e3 * latency.max():.1f} ms   wall {wall:.2f} s   "
        f"throughput {args.requests / wall:.0f} requests/s"
    )
    print(f"  peer: the same solve in-process, median {1e3 * direct_s:.2f} ms per call")
    print(
        f"  ratio: per-request wall time over the in-process solve "
        f"{wall / args.requests / direct_s:.1f}x"
    )
    rec.add(
        Row(
            "web", f"{args.requests} concurrent solves", "internal",
            f"POST /api/models/{MODEL}/solve on uvicorn (loopback), {args.requests} at once",
            "the same solve called in-process (detente itself: the cost of HTTP and JSON)",
            "requests/s", args.requests / wall, 1 / direct_s, None,
            None, None,
            f"one burst; latency p50 {1e3 * p50:.1f} ms, p95 {1e3 * p95:.1f} ms; in-process "
            "median of 50",
            f"per-request wall time is {wall / args.requests / direct_s:.1f}x the in-process "
            f"solve; errors {len(errors)}, wrong answers {wrong}",
        )
    )  # fmt: skip
    if errors or wrong:
        for e in errors[:5]:
            print("  ", e)
        raise SystemExit(1)


if __name__ == "__main__":
    main()
