"""Dynamic batching and two devices through a real server process: four compatible jobs posted
together run as one pipeline call on one of two CPU "devices", each job keeps its own prompt, seed,
images and cost, and a job of another size runs apart."""

from __future__ import annotations

import io
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import numpy as np
import pytest
from PIL import Image

from tests.support.catalog import THREE_MODELS, write_three_models
from tests.support.server import ServerProcess

FAST = {"width": 64, "height": 64, "num_inference_steps": 3, "guidance_scale": 5.0}


@pytest.fixture(scope="module")
def batching_server(tiny_models: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    root = tmp_path_factory.mktemp("batching")
    catalog = write_three_models(root / "three.toml", tiny_models["sd1"])
    env = {
        "IMAGEGATE_DEFAULT_MODEL": THREE_MODELS[0],
        "IMAGEGATE_MAX_BATCH_SIZE": "4",
        "IMAGEGATE_BATCH_WINDOW_MS": "1500",  # long enough for four HTTP posts on a busy 2-core box
        "IMAGEGATE_DEVICES": '["cpu", "cpu"]',
        "IMAGEGATE_SAFETY_ENABLED": "false",
        "IMAGEGATE_CACHE_ENABLED": "false",  # the solo re-run must run, not come from the result cache
    }
    proc = ServerProcess(root / "data", catalog, env=env).start()
    yield proc
    proc.stop()


def _wait(client: httpx.Client, job_id: str) -> dict[str, Any]:
    for _ in range(240):
        job = client.get(f"/v1/jobs/{job_id}", headers={"Prefer": "wait=5"}).json()
        if job["status"] in ("succeeded", "failed", "canceled"):
            return job  # type: ignore[no-any-return]
    raise AssertionError(f"job {job_id} did not finish")


def _pixels(client: httpx.Client, job: dict[str, Any]) -> np.ndarray:
    png = client.get(job["images"][0]["url"]).content
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=np.float64)


def test_four_posted_together_run_as_one_call_and_match_solo(batching_server: ServerProcess) -> None:
    key = batching_server.new_key("batching")
    with batching_server.client(key) as client:
        bodies = [{"prompt": f"shape number {i}", "seed": 100 + i, **FAST} for i in range(4)]
        bodies.append({"prompt": "a larger one", "seed": 7, **FAST, "width": 128})  # another size: apart
        with ThreadPoolExecutor(5) as pool:
            ids = list(pool.map(lambda b: client.post("/v1/jobs", json=b).json()["id"], bodies))
        jobs = [_wait(client, job_id) for job_id in ids]
        assert all(j["status"] == "succeeded" for j in jobs), [j.get("error") for j in jobs]
        assert [j["info"].get("batch") for j in jobs[:4]] == [{"jobs": 4, "images": 4}] * 4
        assert "batch" not in jobs[4]["info"]
        assert [j["images"][0]["seed"] for j in jobs[:4]] == [100, 101, 102, 103]
        assert len({j["info"]["device_index"] for j in jobs[:4]}) == 1  # one call, one device

        # Job 2 again, alone: the same picture (batching changes no job's image).
        alone = _wait(client, client.post("/v1/jobs", json=bodies[2]).json()["id"])
        assert "batch" not in alone["info"]
        diff = np.abs(_pixels(client, alone) - _pixels(client, jobs[2]))
        assert diff.max() <= 2, diff.max()
    # Operators see how full the calls are: four jobs made in calls of 4, two alone.
    metrics = httpx.get(f"{batching_server.url}/metrics").text
    assert 'imagegate_batch_images_bucket{le="2.0",model="tiny-a"} 2.0' in metrics, metrics[-3000:]
    assert 'imagegate_batch_images_bucket{le="4.0",model="tiny-a"} 6.0' in metrics
    # Per device: both listed with the default 8 GiB budget, nothing placed now, and the one that ran
    # the batch holding the model's weights (CPUs report no allocator memory).
    values = {line.rsplit(" ", 1)[0]: float(line.rsplit(" ", 1)[1]) for line in metrics.splitlines() if line[:1] != "#"}
    for index in ("0", "1"):
        labels = f'{{device="cpu",index="{index}"}}'
        assert values[f"imagegate_device_budget_bytes{labels}"] == 8 << 30
        assert values[f"imagegate_device_jobs{labels}"] == 0
    loaded = [values[f'imagegate_device_model_bytes{{device="cpu",index="{i}"}}'] for i in ("0", "1")]
    assert max(loaded) > 1e6 and not any(name.startswith("imagegate_device_memory_bytes{") for name in values)
