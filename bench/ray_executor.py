"""The Ray Serve executor on tiny models: throughput with 1 and 2 replicas, and per-job overhead
against the local executor.

Prints:
  * throughput (jobs/s) of a server with ``executor = "ray"`` and 1, then 2 replicas of 1 torch
    thread each: bursts of jobs over three model ids (one tiny SD 1.x pipeline), completed jobs per
    second between the first and the last completion of a burst; and the ratio 2 : 1 (target ≥ 1.7
    on a machine with two free cores per two replicas);
  * per-job overhead = client-observed submit → done (``Prefer: wait``) minus the pipeline time the
    job reports, one job at a time, p50 / p99, for the Ray path (1 replica) and the local executor.

    .venv/bin/python -m bench.ray_executor [--jobs 24] [--steps 8] [--size 128] [--overhead-jobs 30]

Everything runs on loopback: a Ray head this script starts (``ray start --head``, free ports, its
own temp folder) and imagegate servers it starts; the head and servers are stopped at the end.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import httpx
from tests.support.ray_cluster import RAY_ENV, RayHead
from tests.support.server import ServerProcess
from tests.support.tiny_models import build_sd1

from bench.core import percentile

MODELS = ("tiny-a", "tiny-b", "tiny-c")


def catalog(path: Path, sd1: Path) -> Path:
    entries = [f'[[models]]\nid = "{m}"\nsource = "{sd1}"\nprice = {{ per_megapixel_step = 0.001 }}\n' for m in MODELS]
    path.write_text("\n".join(entries))
    return path


def server_env(head: RayHead | None, replicas: int) -> dict[str, str]:
    env = {"IMAGEGATE_SAFETY_ENABLED": "false", "IMAGEGATE_PRELOAD": "false", "IMAGEGATE_CACHE_ENABLED": "false"}
    if head is None:
        return env
    return (
        env
        | RAY_ENV
        | {
            "IMAGEGATE_EXECUTOR": "ray",
            "IMAGEGATE_RAY_ADDRESS": head.address,
            "IMAGEGATE_RAY_NUM_CPUS": "1",
            "IMAGEGATE_RAY_MIN_REPLICAS": str(replicas),
            "IMAGEGATE_RAY_MAX_REPLICAS": str(replicas),
            "IMAGEGATE_RAY_MODELS_PER_REPLICA": "3",
            "IMAGEGATE_RAY_TORCH_THREADS": "1",
        }
    )


def delete_app(head: RayHead) -> None:
    """Remove the deployment a previous server made (the next server deploys its own size)."""
    script = f"import ray\nfrom ray import serve\nray.init(address={head.address!r})\nserve.delete('imagegate')\n"
    subprocess.run([sys.executable, "-c", script], env=head.env, capture_output=True, timeout=180, check=True)


def body(size: int, steps: int, model: str, seed: int) -> dict[str, object]:
    return {
        "prompt": "a red circle",
        "model": model,
        "width": size,
        "height": size,
        "num_inference_steps": steps,
        "seed": seed,
    }


def warm(client: httpx.Client, size: int, steps: int, rounds: int) -> None:
    """Every model loaded on every replica (multiplexing routes later jobs to them)."""
    with ThreadPoolExecutor(6) as pool:
        list(
            pool.map(
                lambda i: client.post(
                    "/v1/jobs", json=body(size, steps, MODELS[i % 3], i), headers={"Prefer": "wait=300"}
                ),
                range(rounds * len(MODELS)),
            )
        )


def burst(client: httpx.Client, jobs: int, size: int, steps: int) -> float:
    """Jobs per second between the first and the last completion of a burst submitted at once."""
    ids = [client.post("/v1/jobs", json=body(size, steps, MODELS[i % 3], i)).json()["id"] for i in range(jobs)]
    ends: list[float] = []
    pending = set(ids)
    while pending:
        for job_id in list(pending):
            job = client.get(f"/v1/jobs/{job_id}").json()
            if job["status"] in ("succeeded", "failed", "canceled"):
                assert job["status"] == "succeeded", job
                ends.append(datetime.fromisoformat(job["finished_at"]).timestamp())
                pending.discard(job_id)
        time.sleep(0.1)
    ends.sort()
    return (len(ends) - 1) / (ends[-1] - ends[0])


def overheads(client: httpx.Client, count: int, size: int, steps: int) -> list[float]:
    found = []
    for i in range(count):
        started = time.perf_counter()
        response = client.post("/v1/jobs", json=body(size, steps, MODELS[0], i), headers={"Prefer": "wait=120"})
        latency = time.perf_counter() - started
        job = response.json()
        assert job["status"] == "succeeded", job
        found.append(latency - job["timings"]["compute_s"])
    return found


def client_of(server: ServerProcess) -> httpx.Client:
    return httpx.Client(base_url=server.url, headers={"Authorization": f"Bearer {server.admin_key}"}, timeout=300)


def run_server(root: Path, cat: Path, head: RayHead | None, replicas: int) -> ServerProcess:
    name = f"ray{replicas}" if head else "local"
    return ServerProcess(root / name, cat, env=server_env(head, replicas)).start(timeout=300)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jobs", type=int, default=24)
    parser.add_argument("--steps", type=int, default=8)
    parser.add_argument("--size", type=int, default=128)
    parser.add_argument("--overhead-jobs", type=int, default=30)
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="bench-ray-"))
    cat = catalog(root / "catalog.toml", build_sd1(root / "sd1"))
    load = [os.getloadavg()[0]]
    head = RayHead(num_cpus=2).start()
    throughput: dict[int, float] = {}
    over: dict[str, list[float]] = {}
    try:
        for replicas in (1, 2):
            server = run_server(root, cat, head, replicas)
            try:
                with client_of(server) as client:
                    warm(client, args.size, args.steps, rounds=replicas)
                    throughput[replicas] = statistics.median(
                        burst(client, args.jobs, args.size, args.steps) for _ in range(2)
                    )
                    if replicas == 1:
                        over["ray"] = overheads(client, args.overhead_jobs, args.size, args.steps)
                    load.append(os.getloadavg()[0])
            finally:
                server.stop()
                delete_app(head)
    finally:
        head.stop()
    server = run_server(root, cat, None, 1)
    try:
        with client_of(server) as client:
            overheads(client, 3, args.size, args.steps)  # warm
            over["local"] = overheads(client, args.overhead_jobs, args.size, args.steps)
            load.append(os.getloadavg()[0])
    finally:
        server.stop()
    print(f"# {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {platform.node()}, {os.cpu_count()} CPUs, load {load}")
    print(f"# {args.jobs} jobs per burst over 3 model ids, {args.size} px, {args.steps} steps, 1 torch thread/replica")
    for replicas, rate in throughput.items():
        print(f"ray, {replicas} replica(s): {rate:.2f} jobs/s")
    print(f"ratio 2 : 1 replicas: {throughput[2] / throughput[1]:.2f} (target >= 1.7)")
    for name, values in over.items():
        ms = [v * 1000 for v in values]
        print(f"overhead per job, {name}: p50 {percentile(ms, 50):.1f} ms, p99 {percentile(ms, 99):.1f} ms")


if __name__ == "__main__":
    main()
