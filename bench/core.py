"""Core overhead benchmark: the server against the bare diffusers pipeline, same model and parameters.

Prints, for a tiny SD 1.x pipeline at 256 px:
  * raw pipeline throughput (images/s, sequential calls in this process),
  * server throughput at saturation (a burst of jobs submitted at once, first submit → last done),
  * their ratio (target ≥ 0.97),
  * per-job overhead = client-observed submit → done (``Prefer: wait``) minus the pipeline time the
    server measured for that job, p50 / p99 (target p50 ≤ 10 ms), one job at a time.

    .venv/bin/python -m bench.core [--jobs 40] [--steps 8] [--threads 1]

Traffic goes only to a server this script starts on 127.0.0.1; counts and durations are bounded.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path

from tests.support.server import ServerProcess
from tests.support.tiny_models import build_sd1


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def raw_throughput(folder: Path, *, size: int, steps: int, count: int, threads: int) -> tuple[float, float]:
    import torch
    from diffusers import StableDiffusionPipeline

    torch.set_num_threads(threads)
    pipe = StableDiffusionPipeline.from_pretrained(folder)
    pipe.set_progress_bar_config(disable=True)
    kwargs = {
        "prompt": "a red circle",
        "width": size,
        "height": size,
        "num_inference_steps": steps,
        "guidance_scale": 5.0,
    }
    for seed in range(3):  # warm-up
        pipe(**kwargs, generator=torch.Generator().manual_seed(seed))
    times = []
    started = time.perf_counter()
    for seed in range(count):
        t = time.perf_counter()
        with torch.inference_mode():
            pipe(**kwargs, generator=torch.Generator().manual_seed(seed))
        times.append(time.perf_counter() - t)
    return count / (time.perf_counter() - started), statistics.median(times)


def server_numbers(server: ServerProcess, *, size: int, steps: int, count: int) -> dict[str, float]:
    key = server.admin_key  # the unlimited plan: a burst of jobs is the point, not the free plan's limits
    body = {
        "model": "bench",
        "prompt": "a red circle",
        "width": size,
        "height": size,
        "num_inference_steps": steps,
        "guidance_scale": 5.0,
    }
    with server.client(key) as client:
        for seed in range(3):  # warm-up: model load, first-call costs
            client.post("/v1/jobs", json={**body, "seed": seed}, headers={"Prefer": "wait=60"}).raise_for_status()

        # Saturation: every job submitted at once, the device never waits for the next one.
        def submit(seed: int) -> str:
            return str(client.post("/v1/jobs", json={**body, "seed": 1000 + seed}).json()["id"])

        with ThreadPoolExecutor(8) as pool:
            ids = list(pool.map(submit, range(count)))
        # Poll rarely (requests compete with the pipeline for the CPU); time with the server's clocks.
        while client.get(f"/v1/jobs/{ids[-1]}").json()["status"] not in ("succeeded", "failed", "canceled"):
            time.sleep(0.2)
        jobs = [client.get(f"/v1/jobs/{job_id}").json() for job_id in ids]
        while any(j["status"] in ("queued", "running") for j in jobs):
            time.sleep(0.2)
            jobs = [client.get(f"/v1/jobs/{job_id}").json() for job_id in ids]
        assert all(j["status"] == "succeeded" for j in jobs), [j["status"] for j in jobs]
        first = min(datetime.fromisoformat(j["created_at"]) for j in jobs)
        last = max(datetime.fromisoformat(j["finished_at"]) for j in jobs)
        saturated = count / (last - first).total_seconds()
        compute = [j["timings"]["compute_s"] for j in jobs]

        # Overhead: one job at a time, held open with Prefer: wait.
        overheads = []
        for seed in range(count):
            t = time.perf_counter()
            response = client.post("/v1/jobs", json={**body, "seed": 5000 + seed}, headers={"Prefer": "wait=60"})
            latency = time.perf_counter() - t
            job = response.json()
            assert job["status"] == "succeeded", job
            overheads.append(latency - job["timings"]["compute_s"])
    return {
        "saturated": saturated,
        "server_compute_median": statistics.median(compute),
        "overhead_p50": percentile(overheads, 50),
        "overhead_p99": percentile(overheads, 99),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--jobs", type=int, default=40)
    parser.add_argument("--steps", type=int, default=8)
    parser.add_argument("--size", type=int, default=256)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        folder = build_sd1(root / "sd1")
        catalog = root / "catalog.toml"
        catalog.write_text(f'[[models]]\nid = "bench"\nsource = "{folder}"\n')
        rate, median = raw_throughput(folder, size=args.size, steps=args.steps, count=args.jobs, threads=args.threads)
        server = ServerProcess(root / "server", catalog, env={"IMAGEGATE_TORCH_THREADS": str(args.threads)}).start()
        try:
            numbers = server_numbers(server, size=args.size, steps=args.steps, count=args.jobs)
        finally:
            server.stop()
    print(
        f"machine: {platform.node()} {platform.processor() or platform.machine()}, {os.cpu_count()} cpus; "
        f"torch threads {args.threads}; tiny SD1 at {args.size}px, {args.steps} steps, {args.jobs} jobs"
    )
    print(f"raw pipeline:       {rate:8.3f} images/s  (median {median * 1000:.1f} ms/image)")
    print(
        f"server, saturated:  {numbers['saturated']:8.3f} images/s  "
        f"(median pipeline time in server {numbers['server_compute_median'] * 1000:.1f} ms)"
    )
    print(f"ratio server/raw:   {numbers['saturated'] / rate:8.3f}   (target >= 0.97)")
    print(
        f"per-job overhead:   p50 {numbers['overhead_p50'] * 1000:.1f} ms, p99 {numbers['overhead_p99'] * 1000:.1f} ms"
        "   (target p50 <= 10 ms)"
    )


if __name__ == "__main__":
    main()
