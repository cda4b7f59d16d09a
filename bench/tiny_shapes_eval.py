"""The bundled model's full held-out evaluation, through a real server — the numbers of issue 3.

Starts a server on 127.0.0.1 with the repository's own catalog (``models/catalog.toml``, where
``tiny-shapes`` is the default model), sends the 120 held-out prompts of
``training.tiny_shapes.evaluate.heldout_prompts()`` one at a time with their fixed seeds and no
other parameters (so the catalog's defaults apply), downloads every PNG through its signed URL and
scores it with the plain image-analysis scorer. Prints:

  * the score table (background, shape colour, shape type, all three, size, position),
  * compute time per image — the pipeline time the server recorded for the job (``timings.compute_s``),
  * end-to-end latency per image — client-observed, from submitting the job to holding the PNG,
  * the 1-minute load average sampled every second during the run (this box is shared).

    .venv/bin/python -m bench.tiny_shapes_eval [--threads 1] [--limit N] [--seed-offset K] [--grid out.png]

The result cache is off (every prompt is generated). Three warm-up jobs with other prompts run
first and are not counted. Traffic goes only to the server this script starts; it is stopped at the end.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import statistics
import tempfile
import threading
import time
from dataclasses import replace
from pathlib import Path

import httpx
from PIL import Image
from tests.support.server import ServerProcess
from training.tiny_shapes.evaluate import format_table, heldout_prompts, score

REPO = Path(__file__).resolve().parents[1]
WARM_UP = ["a red circle on a blue background", "green square, white background", "a black triangle on yellow"]


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(q / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


class LoadSampler(threading.Thread):
    """The 1-minute load average, once a second, while the benchmark runs."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.samples: list[float] = []
        self._halt = threading.Event()

    def run(self) -> None:
        while not self._halt.is_set():
            self.samples.append(os.getloadavg()[0])
            self._halt.wait(1.0)

    def stop(self) -> list[float]:
        self._halt.set()
        self.join()
        return self.samples


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f", {mem_kb / 2**20:.0f} GiB"
    except OSError:
        mem = ""
    return f"{cpu}, {os.cpu_count()} cpus{mem}"


def run_one(client: httpx.Client, prompt: str, seed: int) -> tuple[dict, bytes, float, float]:
    """Submit, wait, download. Returns the job, the PNG, submit→job done (s) and submit→PNG (s)."""
    started = time.perf_counter()
    response = client.post("/v1/jobs", json={"prompt": prompt, "seed": seed}, headers={"Prefer": "wait=60"})
    response.raise_for_status()
    job = response.json()
    while job["status"] not in ("succeeded", "failed", "canceled"):  # only if it outlasted the wait
        time.sleep(0.05)
        job = client.get(f"/v1/jobs/{job['id']}").json()
    done = time.perf_counter()
    if job["status"] != "succeeded" or job.get("cached"):
        raise RuntimeError(f"unexpected job: {job}")
    png = client.get(job["images"][0]["url"])
    png.raise_for_status()
    return job, png.content, done - started, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--threads", type=int, default=1, help="IMAGEGATE_TORCH_THREADS of the server")
    parser.add_argument("--limit", type=int, help="only the first N held-out prompts")
    parser.add_argument("--seed-offset", type=int, default=0, help="add to every seed (another sample)")
    parser.add_argument("--grid", type=Path, help="also save the images as one PNG sheet here")
    args = parser.parse_args()
    specs = [replace(s, seed=s.seed + args.seed_offset) for s in heldout_prompts()[: args.limit]]

    with tempfile.TemporaryDirectory() as tmp:
        server = ServerProcess(
            Path(tmp) / "server",
            REPO / "models" / "catalog.toml",
            env={"IMAGEGATE_TORCH_THREADS": str(args.threads), "IMAGEGATE_CACHE_ENABLED": "false"},
        ).start()
        try:
            with server.client() as client:  # the admin key: no free-plan rate limit in the way
                for i, prompt in enumerate(WARM_UP):
                    run_one(client, prompt, i)
                sampler = LoadSampler()
                sampler.start()
                try:
                    results = [run_one(client, spec.prompt, spec.seed) for spec in specs]
                finally:
                    loads = sampler.stop()
        finally:
            server.stop()

    jobs = [r[0] for r in results]
    models = {job["model"] for job in jobs}
    params = jobs[0]["params"]
    with Image.open(io.BytesIO(results[0][1])) as first:
        scheduler = json.loads(first.info["imagegate"])["scheduler_used"]
    images = [Image.open(io.BytesIO(r[1])).convert("RGB") for r in results]
    compute = [float(job["timings"]["compute_s"]) for job in jobs]
    to_done = [r[2] for r in results]
    to_png = [r[3] for r in results]
    result = score(list(zip(specs, images, strict=True)))

    print(f"machine: {machine()}; server torch threads {args.threads}")
    print(
        f"model {', '.join(sorted(models))}: {params['width']}x{params['height']}, "
        f"{params['num_inference_steps']} steps, guidance {params['guidance_scale']}, {scheduler} (catalog defaults); "
        f"{len(specs)} held-out prompts, seeds {specs[0].seed}-{specs[-1].seed}, one at a time"
    )
    print()
    print(format_table(result, f"server, {len(specs)} held-out prompts"))
    print()
    for label, values in (
        ("compute (server pipeline time)", compute),
        ("submit -> job done (Prefer: wait)", to_done),
        ("submit -> PNG downloaded", to_png),
    ):
        print(
            f"{label:36s} median {statistics.median(values) * 1000:7.1f} ms   "
            f"p95 {percentile(values, 95) * 1000:7.1f} ms   max {max(values) * 1000:7.1f} ms"
        )
    if loads:
        print(
            f"load average (1 min) during the run: min {min(loads):.2f}, median {statistics.median(loads):.2f}, "
            f"max {max(loads):.2f} ({len(loads)} samples)"
        )
    if args.grid:
        sheet = Image.new("RGB", (64 * 20, 64 * ((len(images) + 19) // 20)), "gray")
        for i, img in enumerate(images):
            sheet.paste(img, ((i % 20) * 64, (i // 20) * 64))
        sheet.save(args.grid)
        print(f"images: {args.grid}")


if __name__ == "__main__":
    main()
