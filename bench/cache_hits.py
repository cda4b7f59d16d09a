"""Cache-hit latency under open-loop load: a real server on loopback, one seeded request primed,
then the same request at a fixed rate for a bounded time. Latency counts from each request's
scheduled start (so a stalled server cannot hide queueing: no coordinated omission).

    HF_HUB_OFFLINE=1 .venv/bin/python -m bench.cache_hits --rate 200 --seconds 10
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import tempfile
from pathlib import Path

import psutil
from tests.support.catalog import write_catalog
from tests.support.server import ServerProcess
from tests.support.tiny_models import build_all

from bench.loadgen import Outcome, open_loop, request_bytes

BODY = {"prompt": "a cached red circle", "seed": 4242, "num_images": 1}


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered) + 0.5) - 1))]


def summarise(outcome: Outcome, *, rate: float, seconds: float) -> dict:
    ms = [v * 1000 for v in outcome.latencies_s]
    return {
        "requests": len(ms),
        "target_rate": rate,
        "duration_s": seconds,
        "statuses": outcome.statuses,
        "sampled_bodies": outcome.bodies_checked,
        "sampled_bodies_wrong": outcome.body_failures,
        "p50_ms": round(percentile(ms, 0.50), 2),
        "p95_ms": round(percentile(ms, 0.95), 2),
        "p99_ms": round(percentile(ms, 0.99), 2),
        "max_ms": round(max(ms), 2),
        "mean_ms": round(statistics.fmean(ms), 2),
    }


def is_cache_hit(status: int, body: bytes) -> bool:
    if status != 200:
        return False
    job = json.loads(body)
    return bool(job["cached"]) and job["cost"] == 0 and len(job["images"]) == 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rate", type=float, default=200.0, help="requests per second")
    parser.add_argument("--seconds", type=float, default=10.0, help="duration of the load (bounded)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        models = build_all(root / "models")
        catalog = write_catalog(root / "catalog.toml", models)
        server = ServerProcess(
            root / "server", catalog, env={"IMAGEGATE_DEFAULT_MODEL": "tiny-sd1", "IMAGEGATE_LOG_LEVEL": "warning"}
        ).start()
        try:
            with server.client() as admin:
                created = admin.post("/v1/keys", json={"name": "bench"}).json()
                admin.patch(f"/v1/keys/{created['id']}/policy", json={"plan": "unlimited"}).raise_for_status()
            with server.client(created["key"]) as client:
                primed = client.post("/v1/jobs", json=BODY, headers={"Prefer": "wait=60"}).json()
                assert primed["status"] == "succeeded", primed
                assert client.post("/v1/jobs", json=BODY).json()["cached"]
            assert server.proc is not None
            proc = psutil.Process(server.proc.pid)
            load_before = os.getloadavg()[0]
            cpu = proc.cpu_times()
            host = f"127.0.0.1:{server.port}"
            auth = {"Authorization": f"Bearer {created['key']}"}
            post = request_bytes("POST", "/v1/jobs", host, auth, BODY)
            run = open_loop("127.0.0.1", server.port, post, rate=args.rate, seconds=args.seconds, check=is_cache_hit)
            hits = summarise(asyncio.run(run), rate=args.rate, seconds=args.seconds)
            spent = sum(proc.cpu_times()[:2]) - sum(cpu[:2])
            hits["server_cpu_ms_per_request"] = round(spent / hits["requests"] * 1000, 2)
            # The same open loop against the cheapest endpoint: what this box allows at all right now.
            health = request_bytes("GET", "/healthz", host, {}, None)
            run = open_loop("127.0.0.1", server.port, health, rate=args.rate, seconds=args.seconds)
            baseline = summarise(asyncio.run(run), rate=args.rate, seconds=args.seconds)
        finally:
            server.stop()
    report = {
        "cache_hits": hits,
        "baseline_healthz": baseline,
        "cpus": os.cpu_count(),
        "loadavg_1m_before": round(load_before, 2),
        "loadavg_1m_after": round(os.getloadavg()[0], 2),
        "server_torch_threads": 1,
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
