"""Dynamic batching on the CPU: the bundled tiny-shapes model through a real server, with batching
off (max_batch_size 1) and on (8), under the same load.

Throughput: ``--rounds`` rounds of 8 concurrent jobs (same model and parameters, each its own
prompt and seed; result cache off); images/s over each round's wall time, median of rounds, and the
ratio batched / unbatched (target ≥ 1.3). Added latency: ``--solo`` jobs one at a time on an idle
server, whose time grows by up to the gathering window (``--window-ms``) when batching is on: p50 of
each and the difference.

    .venv/bin/python -m bench.batching [--rounds 5] [--solo 10] [--steps 20] [--window-ms 20]

Traffic goes only to servers this script starts on 127.0.0.1; counts and durations are bounded.
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

REPO = Path(__file__).resolve().parents[1]
PROMPTS = [f"a {size} {colour} {shape}" for size in ("small", "large") for colour in ("red", "blue")
           for shape in ("circle", "square")]  # fmt: skip


def _run_job(client: httpx.Client, body: dict[str, object]) -> dict[str, object]:
    job = client.post("/v1/jobs", json=body).json()
    while job["status"] not in ("succeeded", "failed", "canceled"):
        job = client.get(f"/v1/jobs/{job['id']}", headers={"Prefer": "wait=10"}).json()
    if job["status"] != "succeeded":
        raise SystemExit(f"job failed: {job.get('error')}")
    return job  # type: ignore[no-any-return]


def measure(batch: int, args: argparse.Namespace) -> dict[str, float]:
    server = ServerProcess(Path(tempfile.mkdtemp(prefix="bench-batching-")), sorted((REPO / "models").glob("*.toml")))
    server.env.update(
        {
            "IMAGEGATE_CACHE_ENABLED": "false",
            "IMAGEGATE_SAFETY_ENABLED": "false",  # the NSFW check would share the one CPU thread
            "IMAGEGATE_MAX_BATCH_SIZE": str(batch),
            "IMAGEGATE_BATCH_WINDOW_MS": str(args.window_ms),
            "IMAGEGATE_TORCH_THREADS": str(args.threads),
        }
    )
    server.start(timeout=180)
    try:
        key = server.new_key("bench")
        params = {"num_inference_steps": args.steps, "width": 64, "height": 64}
        with server.client(key) as client, ThreadPoolExecutor(8) as pool:
            for i in range(2):  # warm-up: model loaded, first calls done
                _run_job(client, {"prompt": PROMPTS[i], "seed": i, **params})
            rates, batches = [], []
            for r in range(args.rounds):
                bodies = [{"prompt": PROMPTS[i], "seed": 1000 * r + i, **params} for i in range(8)]
                started = time.perf_counter()
                jobs = list(pool.map(lambda b: _run_job(client, b), bodies))
                rates.append(8 / (time.perf_counter() - started))
                batches.append(statistics.mean(j["info"].get("batch", {"images": 1})["images"] for j in jobs))
            solo = []
            for i in range(args.solo):
                started = time.perf_counter()
                _run_job(client, {"prompt": PROMPTS[i % 8], "seed": 5000 + i, **params})
                solo.append(time.perf_counter() - started)
    finally:
        server.stop()
    return {
        "images_per_s": statistics.median(rates),
        "mean_batch": statistics.mean(batches),
        "solo_p50_s": statistics.median(solo),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--solo", type=int, default=10)
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--window-ms", type=float, default=20)
    parser.add_argument("--threads", type=int, default=1, help="torch threads of the compute thread")
    args = parser.parse_args()
    off, on = measure(1, args), measure(8, args)
    print(f"# {datetime.now().isoformat(timespec='minutes')}  {platform.node()}  {os.cpu_count()} CPUs  "
          f"torch threads {args.threads}  tiny-shapes 64x64, {args.steps} steps, 8 concurrent jobs")  # fmt: skip
    print(f"{'':>12} {'images/s':>9} {'mean batch':>11} {'solo p50 s':>11}")
    for name, row in (("unbatched", off), ("batched", on)):
        print(f"{name:>12} {row['images_per_s']:9.2f} {row['mean_batch']:11.1f} {row['solo_p50_s']:11.3f}")
    print(f"batched / unbatched throughput: {on['images_per_s'] / off['images_per_s']:.2f}x (target >= 1.3)")
    added = (on["solo_p50_s"] - off["solo_p50_s"]) * 1000
    print(f"added latency of a lone job (window {args.window_ms:g} ms): {added:+.0f} ms at p50")


if __name__ == "__main__":
    main()
