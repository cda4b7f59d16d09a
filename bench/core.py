"""Core overhead benchmark: the server against the bare diffusers pipeline, same model and parameters.

Prints, for a tiny SD 1.x pipeline at 256 px:
  * raw pipeline throughput (images/s, sequential calls in this process),
  * server throughput at saturation (bursts of jobs submitted at once; completed jobs per second
    between the first and the last completion of each burst, i.e. the steady state),
  * their ratio (target ≥ 0.97); raw and server blocks alternate (``--rounds``) so that a change in
    the machine's background load falls on both sides alike,
  * per-job overhead = client-observed submit → done (``Prefer: wait``) minus the pipeline time the
    server measured for that job, p50 / p99 (target p50 ≤ 10 ms), one job at a time; measured with
    the NSFW safety check on (the server's default) and, in alternation, with it off for the job
    (``safety_checker: false``, which the bench server's policy allows), so both see the same load.

    .venv/bin/python -m bench.core [--jobs 40] [--rounds 4] [--steps 8] [--threads 1] [--server-env NAME=VALUE ...]

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

import httpx
from tests.support.server import ServerProcess
from tests.support.tiny_models import build_sd1


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


class RawPipeline:
    """The bare diffusers pipeline in this process, with the parameters the server gets."""

    def __init__(self, folder: Path, *, size: int, steps: int, threads: int):
        import torch
        from diffusers import StableDiffusionPipeline

        torch.set_num_threads(threads)
        self.torch = torch
        self.pipe = StableDiffusionPipeline.from_pretrained(folder, safety_checker=None, requires_safety_checker=False)
        self.pipe.set_progress_bar_config(disable=True)
        self.kwargs = {
            "prompt": "a red circle",
            "width": size,
            "height": size,
            "num_inference_steps": steps,
            "guidance_scale": 5.0,
        }
        self.run(3, seed0=0)  # warm-up

    def run(self, count: int, *, seed0: int) -> list[float]:
        """Seconds per image, ``count`` images one after another."""
        times = []
        for seed in range(seed0, seed0 + count):
            t = time.perf_counter()
            with self.torch.inference_mode():
                self.pipe(**self.kwargs, generator=self.torch.Generator().manual_seed(seed))
            times.append(time.perf_counter() - t)
        return times


def job_body(size: int, steps: int) -> dict[str, object]:
    return {
        "model": "bench",
        "prompt": "a red circle",
        "width": size,
        "height": size,
        "num_inference_steps": steps,
        "guidance_scale": 5.0,
    }


def saturated_block(
    client: httpx.Client, body: dict[str, object], count: int, seed0: int
) -> tuple[int, float, float, list[float]]:
    """Submit ``count`` jobs at once; returns (completions after the first, seconds from the first
    completion to the last, seconds from the first start to the last completion, pipeline seconds
    of each job)."""

    def submit(seed: int) -> str:
        response = client.post("/v1/jobs", json={**body, "seed": seed})
        response.raise_for_status()
        return str(response.json()["id"])

    with ThreadPoolExecutor(8) as pool:
        ids = list(pool.map(submit, range(seed0, seed0 + count - 1)))
    # The last job (jobs of one key run in order) is held open with Prefer: wait instead of polling:
    # polls would compete with the pipeline for the CPU. Times come from the server's clocks.
    held = client.post("/v1/jobs", json={**body, "seed": seed0 + count - 1}, headers={"Prefer": "wait=60"})
    ids.append(str(held.json()["id"]))
    jobs = [client.get(f"/v1/jobs/{job_id}").json() for job_id in ids]
    while any(j["status"] in ("queued", "running") for j in jobs):
        time.sleep(0.2)
        jobs = [client.get(f"/v1/jobs/{job_id}").json() for job_id in ids]
    assert all(j["status"] == "succeeded" for j in jobs), [j["status"] for j in jobs]
    jobs.sort(key=lambda j: datetime.fromisoformat(j["finished_at"]))
    first, last = datetime.fromisoformat(jobs[0]["finished_at"]), datetime.fromisoformat(jobs[-1]["finished_at"])
    # The whole burst, from the first job's start (the device was idle before) to the last one's end.
    burst = last - min(datetime.fromisoformat(j["started_at"]) for j in jobs)
    compute = [j["timings"]["compute_s"] for j in jobs]
    return count - 1, (last - first).total_seconds(), burst.total_seconds(), compute


def overheads(client: httpx.Client, body: dict[str, object], count: int) -> dict[str, list[float]]:
    """One job at a time, held open with Prefer: wait: latency minus the server's pipeline time, with
    the safety check on and off in turn."""
    found: dict[str, list[float]] = {"on": [], "off": [], "compute": []}
    for seed in range(2 * count):
        safety = seed % 2 == 0
        payload = {**body, "seed": 5000 + seed, **({} if safety else {"safety_checker": False})}
        t = time.perf_counter()
        response = client.post("/v1/jobs", json=payload, headers={"Prefer": "wait=60"})
        latency = time.perf_counter() - t
        job = response.json()
        assert job["status"] == "succeeded", job
        found["on" if safety else "off"].append(latency - job["timings"]["compute_s"])
        found["compute"].append(job["timings"]["compute_s"])
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--jobs", type=int, default=40, help="images per side for the ratio; jobs per overhead series")
    parser.add_argument("--rounds", type=int, default=4, help="alternations of raw and server blocks")
    parser.add_argument("--steps", type=int, default=8)
    parser.add_argument("--size", type=int, default=256)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument(
        "--server-env", action="append", default=[], metavar="NAME=VALUE", help="an extra IMAGEGATE_* setting"
    )
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    load_before = os.getloadavg()
    per_round = max(2, args.jobs // args.rounds)
    raw_times: list[float] = []
    intervals, span, bursts = 0, 0.0, 0.0
    compute: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        folder = build_sd1(root / "sd1")
        catalog = root / "catalog.toml"
        catalog.write_text(f'[[models]]\nid = "bench"\nsource = "{folder}"\n')
        raw = RawPipeline(folder, size=args.size, steps=args.steps, threads=args.threads)
        env = {
            "IMAGEGATE_TORCH_THREADS": str(args.threads),
            "IMAGEGATE_SAFETY": '{"allow_disable": true}',  # lets the bench turn the check off per job
            **dict(item.split("=", 1) for item in args.server_env),
        }
        server = ServerProcess(root / "server", catalog, env=env).start()
        body = job_body(args.size, args.steps)
        try:
            with server.client(server.admin_key) as client:  # the unlimited plan: bursts are the point
                for seed in range(3):  # warm-up: model load, first-call costs
                    client.post("/v1/jobs", json={**body, "seed": seed}, headers={"Prefer": "wait=60"})
                for r in range(args.rounds):
                    raw_times += raw.run(per_round, seed0=100 + r * per_round)
                    n, seconds, burst, times = saturated_block(client, body, per_round + 1, seed0=1000 + r * 100)
                    intervals, span, bursts, compute = intervals + n, span + seconds, bursts + burst, compute + times
                seq = overheads(client, body, args.jobs)
        finally:
            server.stop()
    raw_rate = len(raw_times) / sum(raw_times)
    saturated = intervals / span
    load_after = os.getloadavg()
    ms = 1000
    print(
        f"machine: {platform.node()} {platform.processor() or platform.machine()}, {os.cpu_count()} cpus; "
        f"torch threads {args.threads}; tiny SD1 at {args.size}px, {args.steps} steps; "
        f"{len(raw_times)} raw images and {intervals} server completions in {args.rounds} alternating rounds, "
        f"{args.jobs} + {args.jobs} sequential jobs; load average {load_before[0]:.2f} -> {load_after[0]:.2f}"
        + (f"; server env {' '.join(args.server_env)}" if args.server_env else "")
    )
    print(f"raw pipeline:       {raw_rate:8.3f} images/s  (median {statistics.median(raw_times) * ms:.1f} ms/image)")
    print(
        f"server, saturated:  {saturated:8.3f} images/s  (median pipeline time in server "
        f"{statistics.median(compute) * ms:.1f} ms; {statistics.median(seq['compute']) * ms:.1f} ms one job at a time)"
    )
    print(f"ratio server/raw:   {saturated / raw_rate:8.3f}   (target >= 0.97)")
    # Independent of how fast this process's and the server's copies of the pipeline happen to be
    # (they differ by up to ±10 % between processes here): how much of the time the device computed.
    busy = sum(compute) / bursts
    print(f"device busy:        {busy:8.3f}   (pipeline time in server / first start to last end of each burst)")
    for name, label in (("on", "NSFW safety check on, the default; target p50 <= 10 ms"), ("off", "safety check off")):
        p50, p99 = percentile(seq[name], 50) * ms, percentile(seq[name], 99) * ms
        print(f"per-job overhead:   p50 {p50:5.1f} ms, p99 {p99:5.1f} ms   ({label})")


if __name__ == "__main__":
    main()
