"""Hosted-provider jobs through a real imagegate server, against loopback fakes of the providers.

Prints (1) the latency imagegate adds around a provider that answers at once — one job at a time,
``Prefer: wait``, p50/p95 over N jobs — for OpenAI (one synchronous call, a 1024² PNG in base64)
and fal (submit, status polls at 20 ms, result, download); and (2) the wall time of M jobs against
a provider that takes HOLD seconds per HTTP call, which shows remote jobs overlapping
(``remote_concurrency``) instead of queueing behind one another.

    python -m bench.remote [--jobs 40] [--burst 32] [--hold 0.5]
"""

from __future__ import annotations

import argparse
import os
import secrets
import statistics
import tempfile
import time
from pathlib import Path

import httpx
from tests.support.fakes import FakeBFL, FakeFal, FakeOpenAI
from tests.support.provider_catalog import entry, provider
from tests.support.server import ServerProcess


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--jobs", type=int, default=40)
    parser.add_argument("--burst", type=int, default=32)
    parser.add_argument("--hold", type=float, default=0.5)
    args = parser.parse_args()
    key = "sk-bench-" + secrets.token_hex(8)
    fakes = {"openai": FakeOpenAI(key), "fal": FakeFal(key, polls_to_finish=2), "bfl": FakeBFL(key, pending_polls=0)}
    for fake in fakes.values():
        fake.start()
    with tempfile.TemporaryDirectory() as tmp:
        catalog = Path(tmp) / "catalog.toml"
        catalog.write_text(
            entry("gpt-image", "openai", source="gpt-image-1", defaults={"width": 1024, "height": 1024},
                  provider=provider("BENCH_KEY", fakes["openai"].url + "/v1"))
            + entry("flux-fal", "fal", source="fal-ai/flux/dev", defaults={"width": 1024, "height": 768},
                    provider=provider("BENCH_KEY", fakes["fal"].url))
            + entry("flux-bfl", "bfl", source="flux-pro-1.1", defaults={"width": 512, "height": 512},
                    provider=provider("BENCH_KEY", fakes["bfl"].url))
        )  # fmt: skip
        server = ServerProcess(Path(tmp) / "server", catalog, env={"BENCH_KEY": key}).start()
        try:
            with httpx.Client(
                base_url=server.url, headers={"Authorization": f"Bearer {server.admin_key}"}, timeout=120
            ) as c:
                print(f"machine: {os.cpu_count()} CPUs; server torch threads 1; fakes in this process")
                for model in ("gpt-image", "flux-fal"):
                    c.post("/v1/jobs", json={"model": model, "prompt": "warm-up"}, headers={"Prefer": "wait=60"})
                    took = []
                    for i in range(args.jobs):
                        started = time.perf_counter()
                        job = c.post(
                            "/v1/jobs", json={"model": model, "prompt": f"p{i}"}, headers={"Prefer": "wait=60"}
                        )
                        took.append(time.perf_counter() - started)
                        assert job.json()["status"] == "succeeded", job.text
                    print(
                        f"{model}: {args.jobs} sequential jobs, latency p50 {statistics.median(took) * 1000:.0f} ms, "
                        f"p95 {percentile(took, 0.95) * 1000:.0f} ms"
                    )
                fakes["bfl"].hold_s = args.hold
                started = time.perf_counter()
                ids = [
                    c.post("/v1/jobs", json={"model": "flux-bfl", "prompt": f"b{i}"}).json()["id"]
                    for i in range(args.burst)
                ]
                pending = set(ids)
                while pending:
                    for job_id in list(pending):
                        status = c.get(f"/v1/jobs/{job_id}").json()["status"]
                        assert status in ("queued", "running", "succeeded"), status
                        if status == "succeeded":
                            pending.discard(job_id)
                    time.sleep(0.05)
                wall = time.perf_counter() - started
                per_job = 2 * args.hold  # submit + one poll, each held
                print(
                    f"flux-bfl: {args.burst} jobs submitted at once, provider {args.hold:g} s per call "
                    f"(≥ {per_job:g} s per job): all done in {wall:.2f} s "
                    f"(one at a time would take ≥ {args.burst * per_job:.0f} s)"
                )
        finally:
            server.stop()
            for fake in fakes.values():
                fake.stop()


if __name__ == "__main__":
    main()
