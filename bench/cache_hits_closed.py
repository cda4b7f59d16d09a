"""Cache-hit throughput in a closed loop: C clients each send the same seeded request back to back
(a new one only when the last was answered). Shows capacity; ``bench.cache_hits`` shows latency
at a fixed rate.

    HF_HUB_OFFLINE=1 .venv/bin/python -m bench.cache_hits_closed --concurrency 1 4 16 --requests 400
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import tempfile
import time
from pathlib import Path

import httpx
from tests.support.catalog import write_catalog
from tests.support.server import ServerProcess
from tests.support.tiny_models import build_all

BODY = {"prompt": "a cached red circle", "seed": 4242}


async def closed_loop(url: str, key: str, concurrency: int, requests: int) -> dict:
    latencies: list[float] = []
    async with httpx.AsyncClient(base_url=url, headers={"Authorization": f"Bearer {key}"}, timeout=60) as client:

        async def worker() -> None:
            for _ in range(requests // concurrency):
                started = time.perf_counter()
                response = await client.post("/v1/jobs", json=BODY)
                latencies.append(time.perf_counter() - started)
                assert response.status_code == 200 and response.json()["cached"], response.text

        began = time.perf_counter()
        await asyncio.gather(*[worker() for _ in range(concurrency)])
        elapsed = time.perf_counter() - began
    latencies.sort()
    return {
        "concurrency": concurrency,
        "requests": len(latencies),
        "req_per_s": round(len(latencies) / elapsed, 1),
        "p50_ms": round(latencies[len(latencies) // 2] * 1000, 1),
        "p99_ms": round(latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 4, 16])
    parser.add_argument("--requests", type=int, default=400)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        catalog = write_catalog(root / "catalog.toml", build_all(root / "models"))
        env = {"IMAGEGATE_DEFAULT_MODEL": "tiny-sd1", "IMAGEGATE_LOG_LEVEL": "warning"}
        server = ServerProcess(root / "server", catalog, env=env).start()
        try:
            with server.client() as admin:  # the admin key is on the unlimited plan
                assert admin.post("/v1/jobs", json=BODY, headers={"Prefer": "wait=60"}).json()["status"] == "succeeded"
            rows = [asyncio.run(closed_loop(server.url, server.admin_key, c, args.requests)) for c in args.concurrency]
        finally:
            server.stop()
    print(json.dumps({"runs": rows, "cpus": os.cpu_count(), "loadavg_1m": round(os.getloadavg()[0], 2)}, indent=2))


if __name__ == "__main__":
    main()
