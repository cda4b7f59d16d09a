"""What a dialect costs on top of the native API: the same tiny generation (64 px, 2 steps, one
image, fixed seed) through each API of one real server, sequentially, timed from the client.

    HF_HUB_OFFLINE=1 .venv/bin/python -m bench.dialects [--requests 30]

Prints per path: median and 95th-percentile latency, and the median of (latency − the job's own
compute time as the server recorded it), which is the translation + admission + waiting overhead.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import openai
from tests.support.catalog import write_catalog
from tests.support.server import ServerProcess
from tests.support.tiny_models import build_all

PROMPT = "a red circle on a blue background"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        catalog = write_catalog(root / "catalog.toml", build_all(root / "models"))
        aliases = json.dumps({"dall-e-3": "tiny-sd1", "midjourney": "tiny-sd1"})
        server = ServerProcess(
            root / "server", catalog, env={"IMAGEGATE_DEFAULT_MODEL": "tiny-sd1", "IMAGEGATE_MODEL_ALIASES": aliases}
        ).start()
        try:
            run(server, args.requests)
        finally:
            server.stop()


def run(server: ServerProcess, count: int) -> None:
    key = server.new_key("bench")
    native = server.client(key)
    oai = openai.OpenAI(base_url=f"{server.url}/v1", api_key=key, max_retries=0)
    plain = httpx.Client(base_url=server.url, timeout=60)
    sd = httpx.Client(base_url=server.url, timeout=60, auth=("bench", key))

    def via_native() -> str:
        body = {"prompt": PROMPT, "seed": 1, "response_format": "b64_json"}
        job = native.post("/v1/jobs", json=body, headers={"Prefer": "wait=60"}).json()
        base64.b64decode(job["images"][0]["b64_json"])
        return str(job["id"])

    def via_openai() -> str:
        raw = oai.images.with_raw_response.generate(
            prompt=PROMPT, model="dall-e-3", size="64x64", response_format="b64_json"
        )
        base64.b64decode(raw.parse().data[0].b64_json or "")
        return str(raw.headers["x-imagegate-job-id"])

    def via_modelslab() -> str:
        body = {"key": key, "model_id": "midjourney", "prompt": PROMPT, "width": "64", "height": "64"}
        body |= {"samples": "1", "seed": "1", "base64": "yes", "safety_checker": "no"}
        result = plain.post("/api/v6/images/text2img", json=body).json()
        base64.b64decode(result["output"][0])
        return str(result["job_id"])

    def via_a1111() -> str:
        body = {"prompt": PROMPT, "seed": 1, "width": 64, "height": 64}
        result = sd.post("/sdapi/v1/txt2img", json=body).json()
        base64.b64decode(result["images"][0])
        return str(json.loads(result["info"])["job_id"])

    paths: dict[str, Callable[[], str]] = {
        "native POST /v1/jobs (Prefer: wait)": via_native,
        "OpenAI images.generate (b64_json)": via_openai,
        "ModelsLab text2img (base64)": via_modelslab,
        "A1111 txt2img": via_a1111,
    }
    for fn in paths.values():  # load the model, warm every code path
        fn()
    latencies: dict[str, list[float]] = {name: [] for name in paths}
    computes: dict[str, list[float]] = {name: [] for name in paths}
    for _ in range(count):  # round robin, so load from elsewhere on the machine hits every path alike
        for name, fn in paths.items():
            started = time.perf_counter()
            job_id = fn()
            latencies[name].append((time.perf_counter() - started) * 1000)
            computes[name].append((native.get(f"/v1/jobs/{job_id}").json()["timings"]["compute_s"] or 0.0) * 1000)
    print(f"{count} requests per path (round robin), tiny-sd1 64x64 2 steps; torch threads 1; cpus {os.cpu_count()}")
    print(f"{'path':40} {'p50 ms':>8} {'p95 ms':>8} {'compute p50':>12} {'overhead p50':>13}")
    for name in paths:
        overhead = [t - c for t, c in zip(latencies[name], computes[name], strict=True)]
        p50, p95 = statistics.median(latencies[name]), percentile(latencies[name], 0.95)
        compute = statistics.median(computes[name])
        print(f"{name:40} {p50:8.1f} {p95:8.1f} {compute:12.1f} {statistics.median(overhead):13.1f}")


if __name__ == "__main__":
    main()
