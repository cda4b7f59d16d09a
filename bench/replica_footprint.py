"""What an API replica costs next to an all-in-one server: time until /readyz, resident memory once
ready and after its first admitted jobs, and the latency of those first POSTs.

    .venv/bin/python -m bench.replica_footprint [--runs 3]

Each run starts `imagegate serve --role api` and `imagegate serve` in turn on one PostgreSQL (a
throwaway cluster started by the bench), over the bundled catalog, preloading nothing. An API
replica never runs a job, so it should not pay for torch and the engines.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import tempfile
import time
from datetime import datetime
from pathlib import Path

import httpx
import psutil
from tests.support.postgres_server import PostgresServer
from tests.support.server import ServerProcess

REPO = Path(__file__).resolve().parents[1]
ROLES = {"api replica (serve --role api)": ("serve", "--role", "api"), "all-in-one (serve)": ("serve",)}


def one_run(database: str, args: tuple[str, ...]) -> dict[str, float]:
    folder = Path(tempfile.mkdtemp(prefix="bench-replica-"))
    catalogs = sorted((REPO / "models").glob("*.toml"))
    env = {"IMAGEGATE_DATABASE_URL": database, "IMAGEGATE_PRELOAD": "false"}
    server = ServerProcess(folder, catalogs, env=env, args=args)
    started = time.monotonic()
    server.start()
    ready_s = time.monotonic() - started
    assert server.proc is not None
    process = psutil.Process(server.proc.pid)
    rss_ready = process.memory_info().rss / 2**20
    key = server.new_key()
    posts = []
    for seed in range(3):
        t = time.monotonic()
        response = httpx.post(
            f"{server.url}/v1/jobs",
            json={"prompt": "a red circle", "seed": seed},
            headers={"Authorization": f"Bearer {key}"},
        )
        posts.append(time.monotonic() - t)
        assert response.status_code == 202, response.text
    rss_after = process.memory_info().rss / 2**20
    server.stop()
    return {"ready_s": ready_s, "rss_ready": rss_ready, "rss_after": rss_after, "first_post_ms": posts[0] * 1000}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    load = os.getloadavg()[0]
    print(f"{datetime.now().astimezone():%Y-%m-%d %H:%M %Z}, {platform.node()}, {os.cpu_count()} CPUs, load {load:.1f}")
    pg = PostgresServer()
    try:
        results: dict[str, list[dict[str, float]]] = {name: [] for name in ROLES}
        for _ in range(runs):
            for name, args in ROLES.items():
                results[name].append(one_run(pg.url, args))
    finally:
        pg.stop()
    print(f"{'':34} {'ready s':>8} {'RSS ready MiB':>14} {'RSS after MiB':>14} {'1st POST ms':>12}")
    for name, rows in results.items():
        med = {k: statistics.median(r[k] for r in rows) for k in rows[0]}
        columns = f"{med['ready_s']:8.2f} {med['rss_ready']:14.0f} {med['rss_after']:14.0f}"
        print(f"{name:34} {columns} {med['first_post_ms']:12.0f}")
    api, full = (results[name] for name in ROLES)
    ratio = statistics.median(r["rss_after"] for r in full) / statistics.median(r["rss_after"] for r in api)
    print(f"memory ratio all-in-one / api replica: {ratio:.1f}x (medians of {runs} runs, after 3 admitted jobs)")


if __name__ == "__main__":
    main()
